from .programme import Room, Session, SessionRole, Speaker, Track
from .schedule import ScheduleVersion

__all__ = ["Room", "ScheduleVersion", "Session", "SessionRole", "Speaker", "Track"]
