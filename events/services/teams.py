"""Organiser teams of an event: create, set flags, invite, remove.

Every change locks the event row first, so two organisers changing the teams of one event
queue; that is what keeps the rule "someone can always manage the teams" true under races.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, Event, Team
from events.rules import TEAM_PERMISSIONS
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.errors import ServiceError
from forum.locking import lock_one
from forum.mail import mail_send_later

User = get_user_model()
MANAGE_FLAG = "can_change_teams"


class TeamError(ServiceError):
    """A refused change to the teams; ``code`` names the field or the rule."""


LAST_MANAGER = _(
    "This would leave nobody who can manage the teams of this event. "
    "Give another organiser that permission first."
)


@transaction.atomic
def team_add_member(*, event: Event, team_name: str, user: User, **flags: bool) -> Team:
    """Put ``user`` in the event's team ``team_name`` (created with ``flags`` if new).

    Set-up for fixtures and the demo; organisers use the services below. Membership also
    makes the user staff (the administration still edits organisations and venues).
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


def _team_of(event: Event, team: Team) -> Team:
    if team.event_id != event.pk:
        raise TeamError(_("This team belongs to another event."), code="team")
    return team


def _managers(event: Event, *, without: tuple[int, int] | None = None) -> set[int]:
    """Ids of active users who can manage this event's teams, ignoring the membership
    ``without`` = (team id, user id) or, with user id 0, the whole team's flag."""
    rows = Team.members.through.objects.filter(
        team__event=event, team__can_change_teams=True, user__is_active=True
    ).values_list("team_id", "user_id")
    return {
        user_id
        for team_id, user_id in rows
        if without is None or not (team_id == without[0] and without[1] in (0, user_id))
    }


@transaction.atomic
def team_create(*, event: Event, user: User, name: str, flags: dict[str, bool]) -> Team:
    """A new, empty team of the event with ``flags`` (the others off)."""
    unknown = set(flags) - set(TEAM_PERMISSIONS)
    if unknown:
        raise ValueError(f"unknown team permissions: {sorted(unknown)}")
    name = name.strip()
    if not name:
        raise TeamError(_("The team needs a name."), code="name")
    lock_one(Event, event.pk)
    if Team.objects.filter(event=event, name__iexact=name).exists():
        raise TeamError(_("This event already has a team of that name."), code="name")
    try:
        with transaction.atomic():
            team = Team.objects.create(event=event, name=name, **flags)
    except IntegrityError as exc:
        raise TeamError(_("This event already has a team of that name."), code="name") from exc
    audit_record(
        event=event,
        obj=team,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(team)),
    )
    return team


@transaction.atomic
def team_set_flags(*, event: Event, team: Team, user: User, flags: dict[str, bool]) -> Team:
    """Set the team's per-event permissions; refused when nobody could manage teams after."""
    unknown = set(flags) - set(TEAM_PERMISSIONS)
    if unknown:
        raise ValueError(f"unknown team permissions: {sorted(unknown)}")
    _team_of(event, team)
    lock_one(Event, event.pk)
    locked = lock_one(Team, team.pk)
    if (
        locked.can_change_teams
        and not flags.get(MANAGE_FLAG, True)
        and not _managers(event, without=(locked.pk, 0))
    ):
        raise TeamError(LAST_MANAGER, code="last_manager")
    before = audit_snapshot(locked)
    for flag, value in flags.items():
        setattr(locked, flag, value)
    locked.save(update_fields=list(flags))
    audit_record(
        event=event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked)),
    )
    for flag, value in flags.items():
        setattr(team, flag, value)
    return locked


def _set_password_link(person: User) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return path


@transaction.atomic
def team_invite(
    *, event: Event, team: Team, user: User, email: str, language: str
) -> tuple[User, bool]:
    """Add the person with ``email`` to ``team``; returns (person, whether they are new).

    A new person gets an account without a usable password and, by email, a link to set
    one (Django's password reset token: valid once, for PASSWORD_RESET_TIMEOUT). Someone
    who already has an account is told they were added and signs in as usual.
    """
    _team_of(event, team)
    email = User.objects.normalize_email(email.strip())
    if not email or "@" not in email:
        raise TeamError(_("Enter an email address."), code="email")
    lock_one(Event, event.pk)
    person = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = person is None
    if created:
        if User.objects.filter(username__iexact=email).exists():
            raise TeamError(_("An account already uses this address as its name."), code="email")
        person = User(username=email[:150], email=email, is_staff=True)
        person.set_unusable_password()
        person.save()
    elif team.members.filter(pk=person.pk).exists():
        raise TeamError(_("This person is already in this team."), code="email")
    elif not person.is_staff:
        person.is_staff = True
        person.save(update_fields=["is_staff"])
    team.members.add(person)
    audit_record(
        event=event,
        obj=team,
        action=AuditAction.INVITED,
        actor=user,
        changes={"members": [None, email]},
        note=str(_("new account")) if created else "",
    )
    context = {
        "event_name": event.name,
        "team_name": team.name,
        "inviter": user.get_full_name() or user.get_username(),
        "username": person.get_username(),
        "login_path": reverse("login"),
        "set_password_path": _set_password_link(person) if created else "",
    }
    mail_send_later(to=[email], template="team_invitation", language=language, context=context)
    return person, created


@transaction.atomic
def team_remove_member(*, event: Event, team: Team, user: User, member: User) -> Team:
    """Take ``member`` out of ``team``; refused when nobody could manage the teams after."""
    _team_of(event, team)
    lock_one(Event, event.pk)
    if not team.members.filter(pk=member.pk).exists():
        raise TeamError(_("This person is not in this team."), code="member")
    if Team.objects.filter(pk=team.pk, can_change_teams=True).exists() and not _managers(
        event, without=(team.pk, member.pk)
    ):
        raise TeamError(LAST_MANAGER, code="last_manager")
    team.members.remove(member)
    audit_record(
        event=event,
        obj=team,
        action=AuditAction.REMOVED,
        actor=user,
        changes={"members": [member.email or member.get_username(), None]},
    )
    return team
