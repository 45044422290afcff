from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from events.enums import EventStatus
from events.models import Event
from events.rules import organised_event_ids


def event_list_public() -> QuerySet[Event]:
    """Events anyone may see, with what their cards show."""
    return Event.objects.filter(
        status__in=[EventStatus.PUBLISHED, EventStatus.ARCHIVED]
    ).select_related("venue")


@dataclass(frozen=True)
class HomeEvents:
    upcoming: list[Event]
    past: list[Event]


def event_home_lists(*, today: date | None = None) -> HomeEvents:
    """Upcoming (soonest first) and past (latest first) public events, in one query.

    An event counts as upcoming through its last day (UTC date), unless it is archived.
    """
    today = today or timezone.now().date()
    events = list(event_list_public().order_by("start_date", "pk"))

    def is_upcoming(event: Event) -> bool:
        return event.end_date >= today and event.status != EventStatus.ARCHIVED

    upcoming = [e for e in events if is_upcoming(e)]
    past = [e for e in reversed(events) if not is_upcoming(e)]
    return HomeEvents(upcoming=upcoming, past=past)


def event_get_for_viewer(*, slug: str, user) -> Event:
    """A public event, or a draft for its own organisers (shown as a preview); else 404."""
    try:
        event = Event.objects.select_related("venue").get(slug=slug)
    except Event.DoesNotExist as exc:
        raise Http404 from exc
    if event.is_public or user.is_superuser or event.pk in organised_event_ids(user):
        return event
    raise Http404


def event_list_for_organiser(*, user) -> QuerySet[Event]:
    events = Event.objects.select_related("venue").order_by("-start_date")
    if user.is_superuser:
        return events
    return events.filter(pk__in=organised_event_ids(user))
