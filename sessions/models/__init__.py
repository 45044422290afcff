from .agenda import AgendaFeed, Bookmark
from .programme import Room, Session, SessionRole, SessionStream, Speaker, Track
from .schedule import ScheduleVersion

__all__ = [
    "AgendaFeed",
    "Bookmark",
    "Room",
    "ScheduleVersion",
    "Session",
    "SessionRole",
    "SessionStream",
    "Speaker",
    "Track",
]
