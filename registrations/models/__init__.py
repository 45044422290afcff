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

__all__ = [
    "SENSITIVE_FIELDS",
    "CheckIn",
    "Delegation",
    "Invitation",
    "Payment",
    "Refund",
    "Registration",
    "RegistrationCategory",
    "RegistrationTransition",
    "StripeEvent",
    "Ticket",
    "TravelSupportDecision",
    "VisaLetter",
]
