"""Reads of the sessions' links: the speakers' meeting link, the webcast per language and the
recording. One home for who may see which is in the callers' hands: the meeting link is for
the session's speakers and the organisers, the streams for the event's registered
participants, the recording for its ``recording_audience``. Nothing here is ever public by
itself: these rows are not in the published snapshot.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

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
    interpretation languages, then any other language a stream was left in."""

    code: str
    meeting_url: str
    streams: tuple[StreamLink, ...]
    recording_url: str
    recording_audience: str

    @property
    def recording_is_public(self) -> bool:
        return bool(self.recording_url) and self.recording_audience == RecordingAudience.PUBLIC


def _stream_order(session: dict) -> dict[str, int]:
    wanted = stream_languages(
        spoken_language=session["spoken_language"],
        interpretation_languages=session["interpretation_languages"] or (),
    )
    rest = [code for code in Language.values if code not in wanted]
    return {code: i for i, code in enumerate([*wanted, *rest])}


def session_links(*, event: Event, codes: Iterable[str] | None = None) -> dict[str, SessionLinks]:
    """The links of ``event``'s sessions (only ``codes`` when given), by session code: two
    queries whatever the number of sessions. Sessions without any link are left out, and so
    is nothing else: cancelled sessions keep theirs, callers choose what to show."""
    sessions = Session.objects.filter(event=event)
    if codes is not None:
        sessions = sessions.filter(code__in=list(codes))
    rows = {
        row["pk"]: row
        for row in sessions.values(
            "pk",
            "code",
            "spoken_language",
            "interpretation_languages",
            "meeting_url",
            "recording_url",
            "recording_audience",
        )
    }
    streams: dict[int, list[StreamLink]] = defaultdict(list)
    stream_rows = SessionStream.objects.filter(session__event=event)
    if codes is not None:
        stream_rows = stream_rows.filter(session_id__in=list(rows))
    for session_id, language, url in stream_rows.values_list("session_id", "language", "url"):
        streams[session_id].append(StreamLink(language=language, url=url))
    found = {}
    for pk, row in rows.items():
        if not (row["meeting_url"] or row["recording_url"] or streams[pk]):
            continue
        order = _stream_order(row)
        found[row["code"]] = SessionLinks(
            code=row["code"],
            meeting_url=row["meeting_url"],
            streams=tuple(sorted(streams[pk], key=lambda s: order.get(s.language, len(order)))),
            recording_url=row["recording_url"],
            recording_audience=row["recording_audience"],
        )
    return found
