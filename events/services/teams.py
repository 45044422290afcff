from django.contrib.auth import get_user_model
from django.db import transaction

from events.models import Event, Team
from events.rules import TEAM_PERMISSIONS

User = get_user_model()


@transaction.atomic
def team_add_member(*, event: Event, team_name: str, user: User, **flags: bool) -> Team:
    """Put ``user`` in the event's team ``team_name`` (created with ``flags`` if new).

    Organisers work in the Django admin, so membership also makes the user staff.
    """
    unknown = set(flags) - set(TEAM_PERMISSIONS)
    if unknown:
        raise ValueError(f"unknown team permissions: {sorted(unknown)}")
    team, created = Team.objects.get_or_create(event=event, name=team_name, defaults=flags)
    if not created and flags:
        for flag, value in flags.items():
            setattr(team, flag, value)
        team.save(update_fields=list(flags))
    team.members.add(user)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return team
