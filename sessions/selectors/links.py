"""Reads of the sessions' links: the speakers' meeting link, the webcast per language and the
recording. One home for who may see which is in the callers' hands: the meeting link is for
the session's speakers and the organisers, the streams for the event's registered
participants, the recording for its ``recording_audience``. Nothing here is ever public by
itself: these rows are not in the published snapshot.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.utils.functional import Promise

from events.models import Event
from forum.content import Language
from sessions.enums import FLOOR, RecordingAudience
from sessions.models import Session, SessionStream
from sessions.models.programme import stream_language_choices


def stream_languages(*, spoken_language: str, interpretation_languages: Iterable[str]) -> list[str]:
    """The stream languages that make sense for a session, in the order they are listed: the
    floor (the room's own sound), the spoken language, then each interpretation language."""
    languages = [FLOOR]
    for code in (spoken_language, *interpretation_languages):
        if code in Language.values and code not in languages:
            languages.append(code)
    return languages


def session_stream_languages(session: Session) -> list[str]:
    """The languages a stream of ``session`` may be given in (floor first)."""
    return stream_languages(
        spoken_language=session.spoken_language,
        interpretation_languages=session.interpretation_languages or (),
    )


def session_stream_urls(*, session: Session) -> dict[str, str]:
    """{language: url} of the session's streams, for its organisers' form."""
    return dict(SessionStream.objects.filter(session=session).values_list("language", "url"))


def stream_language_label(language: str) -> str | Promise:
    """ "Floor (original sound)", "French", …: a stream language's name."""
    return dict(stream_language_choices()).get(language, language)


@dataclass(frozen=True)
class StreamLink:
    language: str  # FLOOR or a Language code
    url: str

    @property
    def is_floor(self) -> bool:
        return self.language == FLOOR

    @property
    def label(self) -> str | Promise:
        return stream_language_label(self.language)


@dataclass(frozen=True)
class SessionLinks:
    """A session's links. ``streams`` list the floor first, then the session's spoken and
    interpretation languages, then any other language a stream was left in. Read for
    participants (``participant_links``), ``meeting_url`` is always empty."""

    code: str
    meeting_url: str
    streams: tuple[StreamLink, ...]
    recording_url: str
    recording_audience: str

    @property
    def recording_is_public(self) -> bool:
        return bool(self.recording_url) and self.recording_audience == RecordingAudience.PUBLIC

    def stream(self, language: str) -> StreamLink | None:
        return next((s for s in self.streams if s.language == language), None)

    @property
    def stream_languages(self) -> list[str]:
        return [s.language for s in self.streams]


def _stream_order(spoken_language: str, interpretation_languages) -> dict[str, int]:
    wanted = stream_languages(
        spoken_language=spoken_language, interpretation_languages=interpretation_languages or ()
    )
    rest = [code for code in Language.values if code not in wanted]
    return {code: i for i, code in enumerate([*wanted, *rest])}


def session_links(*, event, codes: Iterable[str] | None = None) -> dict[str, SessionLinks]:
    """The links of ``event``'s sessions (only ``codes`` when given), by session code: one
    query (the sessions joined to their streams), whatever the number of sessions. Sessions
    without any link are left out, and so is nothing else: cancelled sessions keep theirs,
    callers choose what to show. ``event``: an Event or an event head (its ``id``)."""
    sessions = Session.objects.filter(event_id=event.id)
    if codes is not None:
        sessions = sessions.filter(code__in=list(codes))
    rows = sessions.values_list(
        "code",
        "spoken_language",
        "interpretation_languages",
        "meeting_url",
        "recording_url",
        "recording_audience",
        "streams__language",
        "streams__url",
    ).order_by("code", "streams__id")
    found: dict[str, tuple[tuple, list[StreamLink]]] = {}
    for code, spoken, interpretation, meeting, recording, audience, language, url in rows:
        _row, streams = found.setdefault(
            code, ((spoken, interpretation, meeting, recording, audience), [])
        )
        if language is not None:
            streams.append(StreamLink(language=language, url=url))
    links = {}
    for code, ((spoken, interpretation, meeting, recording, audience), streams) in found.items():
        if not (meeting or recording or streams):
            continue
        order = _stream_order(spoken, interpretation)
        links[code] = SessionLinks(
            code=code,
            meeting_url=meeting,
            streams=tuple(sorted(streams, key=lambda s: order.get(s.language, len(order)))),
            recording_url=recording,
            recording_audience=audience,
        )
    return links


def participant_links(*, event, codes: Iterable[str] | None = None) -> dict[str, SessionLinks]:
    """What the event's registered participants (and partner keys granted the scope) may
    open: the sessions that have a stream or a recording, by code, never the speakers'
    meeting link (emptied). One query."""
    return {
        code: replace(links, meeting_url="")
        for code, links in session_links(event=event, codes=codes).items()
        if links.streams or links.recording_url
    }


def public_recording_url(*, event: Event, code: str) -> str:
    """The recording of a session when its organisers opened it to everyone, else "" (one
    query)."""
    return (
        Session.objects.filter(event=event, code=code, recording_audience=RecordingAudience.PUBLIC)
        .exclude(recording_url="")
        .values_list("recording_url", flat=True)
        .first()
        or ""
    )
