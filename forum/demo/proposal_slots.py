"""Where the demo's accepted side events go: free rooms at free times of the working programme,
so that they add no conflict to the timetable.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from events.models import Event
from forum.content import texts_of
from sessions.enums import SessionKind
from sessions.models import Room, Session
from sessions.services.sessions import (
    RoleInput,
    SessionDetails,
    session_schedule,
    session_update,
)

from .programme import PLENARY

# By day (0 = the first) and event time, in order of preference: the free room of a parallel
# slot, then lunchtime, the evening, breakfast. The opening day keeps the programme it was
# first published with (the demo registrant's agenda points into it).
SLOTS = {
    1: [
        (time(11), time(12, 30)),
        (time(14), time(15, 30)),
        (time(16), time(17, 30)),
        (time(12, 45), time(13, 45)),
        (time(17, 45), time(19)),
        (time(8), time(8, 50)),
    ],
    2: [
        (time(9), time(10, 30)),
        (time(11), time(12, 30)),
        (time(14), time(15, 30)),
        (time(12, 45), time(13, 45)),
        (time(8), time(8, 50)),
    ],
}
# Field visits leave the venue: a morning or an afternoon, no room.
FIELD_VISIT_SLOTS = {2: (time(9), time(12, 30)), 1: (time(14), time(17, 30))}
# At most this many side events side by side, so that each finds its audience.
MAX_PER_SLOT = 2


def _at(event: Event, day: int, moment: time) -> datetime:
    return datetime.combine(event.start_date + timedelta(days=day), moment, tzinfo=event.tzinfo)


class SlotGrid:
    """The rooms' booked times (every scheduled session, cancelled ones too: the public
    programme still shows them in their slot) and how many side events each slot holds."""

    def __init__(self, event: Event, *, exclude: set[int]):
        self.event = event
        self.rooms = list(
            Room.objects.filter(event=event).exclude(name_en=PLENARY).order_by("capacity", "order")
        )
        self.booked = defaultdict(list)
        rows = (
            Session.objects.filter(event=event, start__isnull=False, room__isnull=False)
            .exclude(pk__in=exclude)
            .values_list("room_id", "start", "end")
        )
        for room_id, start, end in rows:
            self.booked[room_id].append((start, end))
        self.per_slot = defaultdict(int)

    def place(self, session: Session, days: tuple[int, ...]) -> tuple[datetime, datetime, Room]:
        """The first free (start, end, room) for ``session`` on its preferred days, then the
        others: the smallest room that seats its audience and its speakers, with booths if it
        needs interpretation."""
        order = [d for d in days if d in SLOTS] + [d for d in SLOTS if d not in days]
        if session.kind == SessionKind.FIELD_VISIT:
            day = next(d for d in order if d in FIELD_VISIT_SLOTS)
            start, end = FIELD_VISIT_SLOTS[day]
            return _at(self.event, day, start), _at(self.event, day, end), None
        people = (session.expected_attendance or 0) + sum(
            1 for role in session.roles.all() if not role.remote
        )
        rooms = [
            r
            for r in self.rooms
            if r.capacity >= people and (r.has_booths or not session.interpretation_languages)
        ]
        for day in order:
            for start_time, end_time in SLOTS[day]:
                if self.per_slot[(day, start_time)] >= MAX_PER_SLOT:
                    continue
                start, end = _at(self.event, day, start_time), _at(self.event, day, end_time)
                for room in rooms:
                    if all(e <= start or s >= end for s, e in self.booked[room.pk]):
                        self.booked[room.pk].append((start, end))
                        self.per_slot[(day, start_time)] += 1
                        return start, end, room
        raise RuntimeError(f"no free room for the demo's side event {session.code}")


def schedule_side_events(
    sessions: list[tuple[Session, tuple[int, ...]]], *, event: Event, user
) -> list[Session]:
    """Place each (session, preferred days) in a free slot, as an organiser drags it onto the
    timetable, then confirm it for the next published version."""
    grid = SlotGrid(event, exclude={session.pk for session, _days in sessions})
    placed = []
    for session, days in sessions:
        start, end, room = grid.place(session, days)
        session = session_schedule(session=session, start=start, end=end, room=room, user=user)
        roles = list(session.roles.select_related("speaker").order_by("order", "pk"))
        placed.append(
            session_update(
                session=session,
                details=SessionDetails(
                    title=texts_of(session, "title"),
                    abstract=texts_of(session, "abstract"),
                    kind=session.kind,
                    track=session.track,
                    room=room,
                    start=start,
                    end=end,
                    spoken_language=session.spoken_language,
                    interpretation_languages=tuple(session.interpretation_languages),
                    expected_attendance=session.expected_attendance,
                    confirmed=True,
                ),
                roles=[
                    RoleInput(speaker=r.speaker, role=r.role, order=r.order, remote=r.remote)
                    for r in roles
                ],
                user=user,
            )
        )
    return placed
