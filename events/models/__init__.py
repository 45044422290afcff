from .event import Event, Venue
from .organisation import Organisation
from .payment import (
    PAID_STATES,
    CheckIn,
    Payment,
    PaymentProvider,
    PaymentState,
    Refund,
    StripeEvent,
    Ticket,
    TravelSupportDecision,
    TravelSupportOutcome,
    VisaLetter,
)
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
    "PAID_STATES",
    "SENSITIVE_FIELDS",
    "CheckIn",
    "Delegation",
    "Event",
    "Invitation",
    "Organisation",
    "Payment",
    "PaymentProvider",
    "PaymentState",
    "Refund",
    "Registration",
    "RegistrationCategory",
    "RegistrationTransition",
    "StripeEvent",
    "Team",
    "Ticket",
    "TravelSupportDecision",
    "TravelSupportOutcome",
    "Venue",
    "VisaLetter",
    "token_hash",
    "token_new",
]
