"""Following a session online: when its "Join" button shows, and the links participants get.

The join window is pure arithmetic on aware datetimes, done in UTC: a session starting at
03:00 in Berlin on the night the clocks spring forward opens 15 minutes earlier in absolute
time (01:45 CET), never at a wall-clock 02:45 that does not exist. Local times are only for
display, in the event's zone.

The links come from ``sessions.selectors.links.participant_links``, read live from the working
rows (streams and recordings are not part of the frozen snapshot, so a public output can never
carry them), without the speakers' meeting link.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings

from forum.content import content_code
from registrations.models import Registration
from sessions.enums import FLOOR, SessionKind, SessionState
from sessions.models import ScheduleVersion
from sessions.selectors.links import SessionLinks, StreamLink, participant_links
from sessions.selectors.public import PublicProgramme, PublicSession

JoinState = Literal["upcoming", "open", "ended"]
UPCOMING: JoinState = "upcoming"
OPEN: JoinState = "open"
ENDED: JoinState = "ended"


def join_opens_before() -> timedelta:
    """How long before its start a session's streams are offered (FORUM_JOIN_OPENS_BEFORE)."""
    return timedelta(minutes=settings.FORUM_JOIN_OPENS_BEFORE)


@dataclass(frozen=True)
class JoinWindow:
    """A session's join window: instants in UTC, and the same instants in the event's zone."""

    state: JoinState
    opens_at: datetime  # UTC
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    opens_local: datetime
    starts_local: datetime
    ends_local: datetime
    zone: str  # the event's IANA zone, e.g. "Europe/Berlin"

    @property
    def zone_abbreviation(self) -> str:
        """The zone's name at the opening time ("CET", "CEST", "NZDT", "-05")."""
        return self.opens_local.tzname() or self.zone


def join_state(*, opens_at: datetime, ends_at: datetime, now: datetime) -> JoinState:
    """Open from ``opens_at`` included, ended from ``ends_at`` included."""
    if now >= ends_at:
        return ENDED
    if now >= opens_at:
        return OPEN
    return UPCOMING


def join_window(
    *,
    start: datetime,
    end: datetime,
    zone: str,
    now: datetime,
    opens_before: timedelta | None = None,
) -> JoinWindow:
    """The window of a session from ``start`` to ``end`` (aware) in an event held in ``zone``.

    ``opens_before`` defaults to FORUM_JOIN_OPENS_BEFORE. Raises ValueError on a naive time.
    """
    if start.tzinfo is None or end.tzinfo is None or now.tzinfo is None:
        raise ValueError("join_window needs aware datetimes")
    tz = ZoneInfo(zone)
    # Subtraction on a zoned datetime is wall-clock arithmetic in Python; in UTC it is exact.
    starts_at, ends_at = start.astimezone(UTC), end.astimezone(UTC)
    opens_at = starts_at - (join_opens_before() if opens_before is None else opens_before)
    return JoinWindow(
        state=join_state(opens_at=opens_at, ends_at=ends_at, now=now.astimezone(UTC)),
        opens_at=opens_at,
        starts_at=starts_at,
        ends_at=ends_at,
        opens_local=opens_at.astimezone(tz),
        starts_local=starts_at.astimezone(tz),
        ends_local=ends_at.astimezone(tz),
        zone=zone,
    )


# --- Following online ------------------------------------------------------------------------


def preferred_stream_language(*, registration: Registration, links: SessionLinks) -> str:
    """The registrant's language when a stream speaks it, else the floor (else the first
    stream)."""
    languages = links.stream_languages
    own = content_code(registration.language)
    if own in languages:
        return own
    if FLOOR in languages or not languages:
        return FLOOR
    return languages[0]


@dataclass(frozen=True)
class OnlineSession:
    """One session of a registrant's "Follow online" list: its window and links."""

    session: PublicSession
    window: JoinWindow
    links: SessionLinks
    language: str  # the stream offered first

    @property
    def stream(self) -> StreamLink | None:
        return self.links.stream(self.language)


def online_sessions_for_registrant(
    *,
    registration: Registration,
    programme: PublicProgramme,
    bookmarks: set[str],
    now: datetime,
) -> list[OnlineSession]:
    """The registrant's bookmarked sessions, then the plenaries, that have a stream or a
    recording, each with its join window (none for a registration not yet approved, or no
    longer active).

    Recordings shown here are the participants' ones and the public ones alike.
    """
    if not registration.is_participant:
        return []
    chosen = [s for s in programme.sessions if s.code in bookmarks]
    chosen += [
        s for s in programme.sessions if s.kind == SessionKind.PLENARY and s.code not in bookmarks
    ]
    chosen = [s for s in chosen if not s.is_cancelled and s.start and s.end]
    if not chosen:
        return []
    event = registration.event
    links = participant_links(event=event, codes=[s.code for s in chosen])
    entries = []
    for session in chosen:
        entry = links.get(session.code)
        if entry is None:
            continue
        entries.append(
            OnlineSession(
                session=session,
                window=join_window(
                    start=session.start, end=session.end, zone=event.timezone, now=now
                ),
                links=entry,
                language=preferred_stream_language(registration=registration, links=entry),
            )
        )
    return entries


def published_session_codes(
    *, event_id: int, number: int | None = None, cancelled: bool = False
) -> list[str]:
    """Codes of the sessions of published version ``number`` (the latest when None), in its
    order, cancelled ones only when ``cancelled`` (one query: the snapshot)."""
    versions = ScheduleVersion.objects.filter(event_id=event_id)
    if number is not None:
        versions = versions.filter(number=number)
    snapshot = versions.order_by("-number").values_list("snapshot", flat=True).first()
    return [
        s["code"]
        for s in (snapshot or {}).get("sessions", [])
        if cancelled or s.get("state") != SessionState.CANCELLED
    ]
