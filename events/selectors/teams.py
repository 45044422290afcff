from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from events.models import Event, Team


def team_list_for_event(*, event: Event) -> QuerySet[Team]:
    """The event's teams with their members (two queries however many teams)."""
    members = (
        get_user_model()
        .objects.order_by("username")
        .only("pk", "username", "email", "first_name", "last_name", "is_active", "password")
    )
    return Team.objects.filter(event=event).prefetch_related(Prefetch("members", queryset=members))
