"""Conflict checks on the working programme: warnings, never refusals.

A room holds the session's expected attendance plus its speakers who are there in person;
speakers who join online (``SessionRole.remote``) take no seat but need a room with streaming
equipment.

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


def _over_capacity_message(session: Session, room, *, speakers: int) -> str:
    values = {
        "title": session.title,
        "expected": session.expected_attendance,
        "speakers": speakers,
        "room": room.name,
        "capacity": room.capacity,
    }
    if not speakers:
        return _("“%(title)s” expects %(expected)s people; %(room)s seats %(capacity)s.") % values
    return (
        _(
            "“%(title)s” expects %(expected)s people and %(speakers)s speakers in the room; "
            "%(room)s seats %(capacity)s."
        )
        % values
    )


def _no_streaming(session: Session, room, speaker: Speaker) -> Conflict:
    values = {"speaker": speaker.display_name, "title": session.title}
    if room is None:
        message = _("%(speaker)s joins “%(title)s” online but it has no room yet.") % values
    else:
        message = _(
            "%(speaker)s joins “%(title)s” online but %(room)s has no streaming equipment."
        ) % {**values, "room": room.name}
    return Conflict(
        ConflictKind.NO_STREAMING,
        message,
        (session,),
        speaker,
        room_id=room.pk if room is not None else None,
    )


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
        roles = list(session.roles.all())
        # People in the room: the audience the organisers expect plus the speakers who are
        # there in person (a speaker with one role on site counts as there).
        in_room = {role.speaker_id for role in roles if not role.remote}
        remote = {
            role.speaker_id: role.speaker
            for role in roles
            if role.remote and role.speaker_id not in in_room
        }
        room = session.room
        if room is not None:
            if scheduled:
                by_room[room.pk].append(session)
            people = (session.expected_attendance or 0) + len(in_room)
            if session.expected_attendance and people > room.capacity:
                found.append(
                    Conflict(
                        ConflictKind.OVER_CAPACITY,
                        _over_capacity_message(session, room, speakers=len(in_room)),
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
        for speaker in remote.values():
            if room is None or not room.has_streaming:
                found.append(_no_streaming(session, room, speaker))
        seen: set[int] = set()
        for role in roles:
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
