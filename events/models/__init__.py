from .event import Event, Venue
from .organisation import Organisation
from .team import Team

__all__ = [
    "Event",
    "Organisation",
    "Team",
    "Venue",
]
