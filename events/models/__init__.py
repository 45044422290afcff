from .event import Event, Venue
from .organisation import Organisation
from .registration import (
    SENSITIVE_FIELDS,
    Delegation,
    Invitation,
    Registration,
    RegistrationCategory,
    RegistrationTransition,
    token_hash,
    token_new,
)
from .team import Team

__all__ = [
    "SENSITIVE_FIELDS",
    "Delegation",
    "Event",
    "Invitation",
    "Organisation",
    "Registration",
    "RegistrationCategory",
    "RegistrationTransition",
    "Team",
    "Venue",
    "token_hash",
    "token_new",
]
