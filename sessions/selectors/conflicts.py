"""Conflict checks on the working programme: warnings, never refusals.

Everything is computed in memory from two queries (sessions with rooms and tracks; roles
with speakers), whatever the programme's size. Overlaps are found with a sweep over
sessions sorted by start, per room and per speaker: O(n log n + pairs), not O(n²).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event
from sessions.enums import ConflictKind, SessionKind, SessionState, SpeakerState
from sessions.models import Session, SessionRole, Speaker

KIND_ORDER = {kind: i for i, kind in enumerate(ConflictKind.values)}


@dataclass(frozen=True)
class Conflict:
    kind: str
    message: str
    sessions: tuple[Session, ...]
    speaker: Speaker | None = None
    room_id: int | None = field(default=None, compare=False)

    @property
    def session_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.sessions)

    @property
    def kind_label(self) -> str:
        return ConflictKind(self.kind).label


def sessions_for_conflicts(*, event: Event) -> list[Session]:
    """The working sessions (not cancelled) with rooms, tracks, roles and speakers: 2 queries."""
    roles = SessionRole.objects.select_related("speaker").order_by("order", "pk")
    return list(
        Session.objects.filter(event=event)
        .exclude(state=SessionState.CANCELLED)
        .select_related("room", "track")
        .prefetch_related(Prefetch("roles", queryset=roles))
        .order_by("start", "code")
    )


def _overlaps(sessions: Iterable[Session]) -> list[tuple[Session, Session]]:
    """Pairs of sessions whose [start, end) intervals overlap, by a sweep over starts."""
    pairs = []
    active: list[Session] = []
    for session in sorted(sessions, key=lambda s: (s.start, s.end, s.code)):
        active = [a for a in active if a.end > session.start]
        pairs.extend((a, session) for a in active)
        active.append(session)
    return pairs


def _when(session: Session, event: Event) -> str:
    start = timezone.localtime(session.start, event.tzinfo)
    return start.strftime("%Y-%m-%d %H:%M")


def conflicts_compute(*, event: Event, sessions: list[Session]) -> list[Conflict]:
    """All warnings for ``sessions`` (as loaded by :func:`sessions_for_conflicts`)."""
    found: list[Conflict] = []
    by_room: dict[int, list[Session]] = defaultdict(list)
    by_speaker: dict[int, list[Session]] = defaultdict(list)
    speakers: dict[int, Speaker] = {}
    tz = event.tzinfo

    for session in sessions:
        scheduled = session.is_scheduled
        if not scheduled:
            found.append(
                Conflict(
                    ConflictKind.NO_TIME,
                    _("“%(title)s” has no time yet.") % {"title": session.title},
                    (session,),
                )
            )
        if session.room_id is None and session.kind != SessionKind.FIELD_VISIT:
            found.append(
                Conflict(
                    ConflictKind.NO_ROOM,
                    _("“%(title)s” has no room yet.") % {"title": session.title},
                    (session,),
                )
            )
        if scheduled:
            first = timezone.localtime(session.start, tz).date()
            # A session ending at midnight belongs to the day before.
            last = timezone.localtime(session.end - timedelta(microseconds=1), tz).date()
            if first < event.start_date or last > event.end_date:
                found.append(
                    Conflict(
                        ConflictKind.OUTSIDE_EVENT_DATES,
                        _("“%(title)s” is outside the event's dates (%(zone)s time).")
                        % {"title": session.title, "zone": event.timezone},
                        (session,),
                    )
                )
        room = session.room
        if room is not None:
            if scheduled:
                by_room[room.pk].append(session)
            if session.expected_attendance and session.expected_attendance > room.capacity:
                found.append(
                    Conflict(
                        ConflictKind.OVER_CAPACITY,
                        _("“%(title)s” expects %(expected)s people; %(room)s seats %(capacity)s.")
                        % {
                            "title": session.title,
                            "expected": session.expected_attendance,
                            "room": room.name,
                            "capacity": room.capacity,
                        },
                        (session,),
                        room_id=room.pk,
                    )
                )
            if session.interpretation_languages and not room.has_booths:
                found.append(
                    Conflict(
                        ConflictKind.NO_BOOTHS,
                        _("“%(title)s” needs interpretation but %(room)s has no booths.")
                        % {"title": session.title, "room": room.name},
                        (session,),
                        room_id=room.pk,
                    )
                )
        seen: set[int] = set()
        for role in session.roles.all():
            speaker = role.speaker
            if speaker.pk in seen:  # one person, two roles in one session: fine
                continue
            seen.add(speaker.pk)
            speakers[speaker.pk] = speaker
            if scheduled:
                by_speaker[speaker.pk].append(session)
            if speaker.state == SpeakerState.DECLINED:
                found.append(
                    Conflict(
                        ConflictKind.SPEAKER_DECLINED,
                        _("%(speaker)s declined but is still in “%(title)s”.")
                        % {"speaker": speaker.display_name, "title": session.title},
                        (session,),
                        speaker,
                    )
                )
            elif speaker.state == SpeakerState.INVITED:
                found.append(
                    Conflict(
                        ConflictKind.SPEAKER_UNCONFIRMED,
                        _("%(speaker)s has not yet confirmed “%(title)s”.")
                        % {"speaker": speaker.display_name, "title": session.title},
                        (session,),
                        speaker,
                    )
                )

    for room_sessions in by_room.values():
        for a, b in _overlaps(room_sessions):
            found.append(
                Conflict(
                    ConflictKind.ROOM_DOUBLE_BOOKED,
                    _("“%(first)s” and “%(second)s” are both in %(room)s at %(when)s.")
                    % {
                        "first": a.title,
                        "second": b.title,
                        "room": a.room.name,
                        "when": _when(b, event),
                    },
                    (a, b),
                    room_id=a.room_id,
                )
            )
    for speaker_id, speaker_sessions in by_speaker.items():
        speaker = speakers[speaker_id]
        for a, b in _overlaps(speaker_sessions):
            found.append(
                Conflict(
                    ConflictKind.SPEAKER_DOUBLE_BOOKED,
                    _("%(speaker)s is in “%(first)s” and “%(second)s” at %(when)s.")
                    % {
                        "speaker": speaker.display_name,
                        "first": a.title,
                        "second": b.title,
                        "when": _when(b, event),
                    },
                    (a, b),
                    speaker,
                )
            )
    found.sort(
        key=lambda c: (
            KIND_ORDER[c.kind],
            c.session_codes,
            c.speaker.code if c.speaker else "",
        )
    )
    return found


def conflict_list(*, event: Event) -> list[Conflict]:
    """Every warning about the event's working programme, in a fixed two queries."""
    return conflicts_compute(event=event, sessions=sessions_for_conflicts(event=event))
