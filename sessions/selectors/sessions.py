"""Reads of the organisers' sessions workspace: the list and one session with its speakers."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from events.models import Event
from forum.content import content_code, pick, texts_of
from sessions.models import Room, Session, SessionRole, Speaker, Track


def _roles() -> QuerySet[SessionRole]:
    return SessionRole.objects.select_related("speaker").order_by("order", "pk")


def session_list_for_organiser(*, event: Event) -> QuerySet[Session]:
    """Every session of ``event``, cancelled ones too, with track, room and speakers, and
    how many documents each has (``documents_count``)."""
    return (
        Session.objects.filter(event=event)
        .annotate(documents_count=Count("documents"))
        .select_related("track", "room")
        .prefetch_related(Prefetch("roles", queryset=_roles()))
        .order_by("start", "code")
    )


def session_get_for_organiser(*, event: Event, code: str) -> Session:
    """One session of ``event`` by its code, with its speakers, the proposal it came from (if
    any) and how many documents it has (``documents_count``); a 404 for any other event's."""
    return get_object_or_404(
        Session.objects.filter(event=event)
        .annotate(documents_count=Count("documents"))
        .select_related("event", "track", "room", "proposal")
        .prefetch_related(Prefetch("roles", queryset=_roles())),
        code=code,
    )


def rooms_for_event(*, event: Event) -> QuerySet[Room]:
    return Room.objects.filter(event=event).order_by("order", "name_en")


def tracks_for_event(*, event: Event) -> QuerySet[Track]:
    return Track.objects.filter(event=event).order_by("order", "name_en")


def speakers_for_event(*, event: Event) -> list[Speaker]:
    """The event's speakers for the role pickers, loaded once per page."""
    return list(
        Speaker.objects.filter(event=event).select_related("organisation").order_by("name", "pk")
    )


def session_mail_names(*, event: Event, session: Session, language: str) -> dict[str, str]:
    """The event's name and the session's title for an email to a reader of ``language``
    (``event_name``, ``session_title``)."""
    requested = content_code(language)
    return {
        "event_name": str(
            pick(texts_of(event, "name"), requested=requested, languages=event.languages)
        ),
        "session_title": str(
            pick(texts_of(session, "title"), requested=requested, languages=event.languages)
        ),
    }
