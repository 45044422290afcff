"""The organiser's timetable: a day × room grid of the working programme, with its conflicts."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from events.models import Event
from sessions.models import Room, ScheduleVersion, Session
from sessions.selectors.conflicts import Conflict, conflicts_compute, sessions_for_conflicts

SLOT = timedelta(minutes=30)
DAY_START, DAY_END = time(8), time(19)
MAX_SPAN = 16


@dataclass(frozen=True)
class Card:
    session: Session
    start: datetime | None  # local
    end: datetime | None
    span: int  # grid slots covered, for the card's height class
    conflicted: bool


@dataclass(frozen=True)
class Cell:
    room: Room
    time: time
    cards: list[Card]


@dataclass(frozen=True)
class Row:
    time: time
    cells: list[Cell]


@dataclass(frozen=True)
class Day:
    date: date
    rows: list[Row]


@dataclass(frozen=True)
class Timetable:
    event: Event
    rooms: list[Room]
    days: list[Day]
    off_grid: list[Card]  # no room, no time, or outside the event's days
    cards: list[Card]  # every session, for the form fallback
    conflicts: list[Conflict]
    latest_version: int | None


def _slot_floor(value: time) -> time:
    return time(value.hour, 0 if value.minute < 30 else 30)


def timetable_build(*, event: Event) -> Timetable:
    """Everything the timetable page shows, in four queries whatever the programme's size."""
    tz = event.tzinfo
    rooms = list(Room.objects.filter(event=event).order_by("order", "name_en"))
    sessions = sessions_for_conflicts(event=event)
    conflicts = conflicts_compute(event=event, sessions=sessions)
    conflicted = {s.pk for c in conflicts for s in c.sessions}
    latest = (
        ScheduleVersion.objects.filter(event=event)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )

    days = [event.start_date + timedelta(days=i) for i in range(event.duration_days)]
    cards, placed = [], {}
    earliest, latest_end = DAY_START, DAY_END
    for session in sessions:
        start = timezone.localtime(session.start, tz) if session.start else None
        end = timezone.localtime(session.end, tz) if session.end else None
        span = 1
        if start and end:
            span = max(1, min(MAX_SPAN, -(-(end - start) // SLOT)))
        card = Card(session, start, end, span, session.pk in conflicted)
        cards.append(card)
        if start and session.room_id and start.date() in days:
            placed.setdefault(
                (start.date(), session.room_id, _slot_floor(start.time())), []
            ).append(card)
            earliest = min(earliest, _slot_floor(start.time()))
            if end.date() == start.date():
                latest_end = max(latest_end, end.time())
    off_grid = [c for c in cards if not (c.start and c.session.room_id and c.start.date() in days)]

    slots = []
    cursor = datetime.combine(days[0], earliest)
    stop = datetime.combine(days[0], latest_end)
    while cursor < stop:
        slots.append(cursor.time())
        cursor += SLOT
    grid = [
        Day(
            day,
            [
                Row(
                    slot, [Cell(room, slot, placed.get((day, room.pk, slot), [])) for room in rooms]
                )
                for slot in slots
            ],
        )
        for day in days
    ]
    return Timetable(event, rooms, grid, off_grid, cards, conflicts, latest)
