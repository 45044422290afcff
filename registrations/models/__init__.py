from .nominations import FocalPoint, NominationLetter, OrganisationQuota
from .payment import (
    CheckIn,
    Payment,
    Refund,
    StripeEvent,
    Ticket,
    TravelSupportDecision,
    VisaLetter,
)
from .questions import Answer, Question, QuestionOption
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
    "Answer",
    "CheckIn",
    "Delegation",
    "FocalPoint",
    "Invitation",
    "NominationLetter",
    "OrganisationQuota",
    "Payment",
    "Question",
    "QuestionOption",
    "Refund",
    "Registration",
    "RegistrationCategory",
    "RegistrationTransition",
    "StripeEvent",
    "Ticket",
    "TravelSupportDecision",
    "VisaLetter",
]
