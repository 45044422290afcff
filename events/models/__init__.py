from .audit import AuditAction, AuditEntry
from .event import Event, Venue
from .organisation import Organisation
from .team import Affiliation, Team

__all__ = [
    "Affiliation",
    "AuditAction",
    "AuditEntry",
    "Event",
    "Organisation",
    "Team",
    "Venue",
]
