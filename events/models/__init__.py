from .audit import AuditAction, AuditEntry
from .event import Event, Venue
from .organisation import Organisation
from .team import Team

__all__ = [
    "AuditAction",
    "AuditEntry",
    "Event",
    "Organisation",
    "Team",
    "Venue",
]
