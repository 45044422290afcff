# The tokens behind secret links (forum.tokens), where registration code has long found them.

from .event import Event, Venue
from .organisation import Organisation
from .payment import (
    CheckIn,
    Payment,
    Refund,
    StripeEvent,
    Ticket,
    TravelSupportDecision,
    VisaLetter,
)
from .registration import (
    SENSITIVE_FIELDS,
    Delegation,
    Invitation,
    Registration,
    RegistrationCategory,
    RegistrationTransition,
)
from .team import Team

__all__ = [
    "SENSITIVE_FIELDS",
    "CheckIn",
    "Delegation",
    "Event",
    "Invitation",
    "Organisation",
    "Payment",
    "Refund",
    "Registration",
    "RegistrationCategory",
    "RegistrationTransition",
    "StripeEvent",
    "Team",
    "Ticket",
    "TravelSupportDecision",
    "Venue",
    "VisaLetter",
]
