from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from events.models import Affiliation, Event, Team


def team_list_for_event(*, event: Event) -> QuerySet[Team]:
    """The event's teams with their members (two queries however many teams)."""
    members = (
        get_user_model()
        .objects.order_by("username")
        .only("pk", "username", "email", "first_name", "last_name", "is_active", "password")
    )
    return Team.objects.filter(event=event).prefetch_related(Prefetch("members", queryset=members))


def affiliations_by_member(*, event: Event) -> dict[int, list[Affiliation]]:
    """{user id: their affiliations at ``event``, by organisation name}: one query."""
    rows = (
        Affiliation.objects.filter(event=event)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    by_member: dict[int, list[Affiliation]] = {}
    for affiliation in rows:
        by_member.setdefault(affiliation.user_id, []).append(affiliation)
    return by_member
