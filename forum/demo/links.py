"""The demo's hybrid programme: webcasts of the plenaries in the floor and the three working
languages, meeting links for speakers, two speakers who join online (one of them in a room
without streaming equipment, so the timetable shows the warning) and the recording of the
previous edition's closing plenary.

Idempotent: links are set through ``session_links_set``, which changes (and announces)
nothing when they are already there; rows are found again by their names and codes.
"""

from datetime import datetime, time

from django.db import transaction

from events.models import Event
from sessions.enums import RecordingAudience, RoleKind, SessionKind, SessionState
from sessions.models import Room, ScheduleVersion, Session, SessionRole
from sessions.selectors.links import session_stream_languages
from sessions.services.links import session_links_set
from sessions.services.rooms import room_create
from sessions.services.schedule import schedule_publish
from sessions.services.sessions import SessionDetails, session_create

WEBCAST = "https://webcast.example.org"
MEETING = "https://meet.example.org"
# The room of the current edition with cameras and a link-up (forum/demo/programme.py ROOMS).
STREAMING_ROOM = "Plenary Hall Léopold Sédar Senghor"
# The parallel room of the session whose remote speaker has no streaming equipment.
BARE_ROOM = "Salle Gorée"

PAST_HALL = {"en": "Main Hall", "fr": "Grande salle", "es": "Salón principal"}
PAST_CLOSING = {
    "en": "Closing plenary: adoption of the Quezon City Mayors Declaration",
    "fr": "Plénière de clôture : adoption de la Déclaration des maires de Quezon City",
    "es": "Plenaria de clausura: adopción de la Declaración de Alcaldes de Quezon City",
}
PAST_ABSTRACT = {
    "en": (
        "Mayors and city leaders adopt the declaration negotiated during the forum and hand "
        "it over to the Global Forum on Migration and Development."
    ),
    "fr": (
        "Les maires et responsables de villes adoptent la déclaration négociée pendant le "
        "forum et la remettent au Forum mondial sur la migration et le développement."
    ),
}


def _tag(event: Event) -> str:
    """The webcast's folder of an edition: "mf2027"."""
    return f"mf{event.start_date.year}"


def _set(session: Session, **links) -> None:
    current = {
        "meeting_url": session.meeting_url,
        "streams": {stream.language: stream.url for stream in session.streams.all()},
        "recording_url": session.recording_url,
        "recording_audience": session.recording_audience,
    }
    session_links_set(session=session, **{**current, **links}, user=None)


def _plenaries(event: Event) -> list[Session]:
    return list(
        Session.objects.filter(event=event, kind=SessionKind.PLENARY)
        .exclude(state=SessionState.CANCELLED)
        .prefetch_related("streams")
        .order_by("start", "code")
    )


def _remote_roles(event: Event) -> list[SessionRole]:
    """The two speakers who join online: a speaker of the opening plenary (in the streaming
    hall) and the first speaker of the earliest session in the Salle Gorée (no streaming)."""
    opening = _plenaries(event)[0]
    in_hall = (
        SessionRole.objects.filter(session=opening, role=RoleKind.SPEAKER)
        .order_by("order", "pk")
        .first()
    )
    in_bare_room = (
        SessionRole.objects.filter(
            session__event=event,
            session__room__name_en=BARE_ROOM,
            session__state=SessionState.CONFIRMED,
        )
        .order_by("session__start", "session__code", "order", "pk")
        .first()
    )
    return [role for role in (in_hall, in_bare_room) if role is not None]


def _past_closing(past: Event) -> Session:
    """The previous edition's closing plenary (its programme holds only this session),
    created and published once."""
    session = Session.objects.filter(event=past, title_en=PAST_CLOSING["en"]).first()
    if session is not None:
        return session
    room = Room.objects.filter(event=past, name_en=PAST_HALL["en"]).first() or room_create(
        event=past, name=PAST_HALL, capacity=1200, has_booths=True, has_streaming=True, actor=None
    )
    day = past.end_date
    session = session_create(
        event=past,
        details=SessionDetails(
            title=PAST_CLOSING,
            abstract=PAST_ABSTRACT,
            kind=SessionKind.PLENARY,
            room=room,
            start=datetime.combine(day, time(16), tzinfo=past.tzinfo),
            end=datetime.combine(day, time(17, 30), tzinfo=past.tzinfo),
            spoken_language="en",
            interpretation_languages=("es", "fr"),
            expected_attendance=900,
            confirmed=True,
        ),
        user=None,
    )
    if not ScheduleVersion.objects.filter(event=past).exists():
        schedule_publish(event=past, comment="Closing plenary.", user=None, notify=False)
    return session


@transaction.atomic
def seed_links(*, event: Event, past_event: Event) -> dict:
    """Set the demo's links and remote speakers; returns what it holds (for the tests)."""
    Room.objects.filter(event=event, name_en=STREAMING_ROOM).update(has_streaming=True)
    tag = _tag(event)
    plenaries = _plenaries(event)
    for number, plenary in enumerate(plenaries, start=1):
        _set(
            plenary,
            streams={
                language: f"{WEBCAST}/{tag}/plenary-{number}/{language}"
                for language in session_stream_languages(plenary)
            },
            meeting_url=f"{MEETING}/{tag}/plenary-{number}",
        )
    remote = _remote_roles(event)
    SessionRole.objects.filter(pk__in=[role.pk for role in remote]).update(remote=True)
    for role in remote:
        session = Session.objects.prefetch_related("streams").get(pk=role.session_id)
        if session.kind != SessionKind.PLENARY:
            _set(session, meeting_url=f"{MEETING}/{tag}/{session.code.lower()}")

    closing = Session.objects.prefetch_related("streams").get(pk=_past_closing(past_event).pk)
    _set(
        closing,
        recording_url=f"{WEBCAST}/{_tag(past_event)}/closing-plenary/recording",
        recording_audience=RecordingAudience.PUBLIC,
    )
    return {
        "plenaries": len(plenaries),
        "remote": sorted((role.session.code, role.speaker.code) for role in remote),
        "recording": closing.code,
    }
