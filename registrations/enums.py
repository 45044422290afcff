from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationState(models.TextChoices):
    CREDENTIALS_PENDING = "credentials_pending", _("Credentials pending")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    WAITLISTED = "waitlisted", _("On the waiting list")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# States that hold a seat: capacity counts these.
SEAT_HOLDING_STATES = (
    RegistrationState.CREDENTIALS_PENDING,
    RegistrationState.PENDING_APPROVAL,
    RegistrationState.AWAITING_PAYMENT,
    RegistrationState.CONFIRMED,
)
# Approved participants (confirmed, or approved and paying): they read the participants'
# documents and follow the sessions' streams and recordings.
PARTICIPANT_STATES = (RegistrationState.CONFIRMED, RegistrationState.AWAITING_PAYMENT)
# States a registrant may still cancel from.
ACTIVE_STATES = (*SEAT_HOLDING_STATES, RegistrationState.WAITLISTED)

# The states each organiser decision starts from. The transition services refuse any other,
# and the organiser pages offer a decision only where its service would accept it.
APPROVE_FROM = (RegistrationState.PENDING_APPROVAL,)
REJECT_FROM = (
    RegistrationState.CREDENTIALS_PENDING,
    RegistrationState.PENDING_APPROVAL,
    RegistrationState.WAITLISTED,
    RegistrationState.AWAITING_PAYMENT,
)
CANCEL_FROM = ACTIVE_STATES
ORGANISER_ACTIONS_FROM = {"approve": APPROVE_FROM, "reject": REJECT_FROM, "cancel": CANCEL_FROM}


class Participation(models.TextChoices):
    """How a registrant takes part. Each mode has its own places in a category: in-person
    seats (the category's and the event's capacity) and online places (``online_capacity``)."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class InvitationKind(models.TextChoices):
    CODE = "code", _("Code to share")
    PERSONAL = "personal", _("Personal invitation")


class HeadOfDelegationClaim(models.TextChoices):
    """A registrant's claim to lead their organisation's delegation.

    Ticking the box only asks: the registrant heads the delegation (adds members, endorses for
    the organisation in one step) once an organiser confirms, or when registering with a
    personal invitation that grants it.
    """

    NONE = "", _("(none)")
    PENDING = "pending", _("Head of delegation, pending confirmation")
    CONFIRMED = "confirmed", _("Confirmed head of delegation")
    REFUSED = "refused", _("Head of delegation refused")


class Honorific(models.TextChoices):
    NONE = "", _("(none)")
    HE = "H.E.", _("H.E.")
    MAYOR = "Mayor", _("Mayor")
    HON = "Hon.", _("Hon.")
    DR = "Dr", _("Dr")
    PROF = "Prof.", _("Prof.")
    MS = "Ms", _("Ms")
    MR = "Mr", _("Mr")
    MX = "Mx", _("Mx")


class InterpretationNeed(models.TextChoices):
    NONE = "", _("No interpretation needed")
    EN = "en", _("Interpretation into English")
    FR = "fr", _("Interpretation into French")
    ES = "es", _("Interpretation into Spanish")


class PaymentProvider(models.TextChoices):
    STRIPE = "stripe", _("Card (Stripe)")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    WAIVED = "waived", _("Fee waived")


class PaymentState(models.TextChoices):
    PENDING = "pending", _("Pending")
    FAILED = "failed", _("Failed")
    SUCCEEDED = "succeeded", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")


# States only move forward along this order (a late "failed" never undoes "succeeded"). A
# failed attempt may still succeed: Stripe lets the payer retry the same PaymentIntent.
PAYMENT_STATE_RANK = {
    PaymentState.PENDING: 0,
    PaymentState.FAILED: 1,
    PaymentState.SUCCEEDED: 2,
    PaymentState.PARTIALLY_REFUNDED: 3,
    PaymentState.REFUNDED: 4,
}
PAID_STATES = (PaymentState.SUCCEEDED, PaymentState.PARTIALLY_REFUNDED, PaymentState.REFUNDED)


class TravelSupportOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    DENIED = "denied", _("Denied")


class LetterState(models.TextChoices):
    PENDING = "pending", _("To be checked")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    BOOLEAN = "boolean", _("Yes or no")
    FILE = "file", _("File")


class QuestionTarget(models.TextChoices):
    """Which form asks a question: the registration form, or the call for side events."""

    REGISTRATION = "registration", _("Registration form")
    PROPOSAL = "proposal", _("Side-event proposal form")


class CreatedBy(models.TextChoices):
    """Who filled in a registration: the person, or someone on their behalf."""

    REGISTRANT = "registrant", _("The registrant")
    FOCAL_POINT = "focal point", _("A focal point of their organisation")
    HEAD_OF_DELEGATION = "head of delegation", _("Their head of delegation")
    ORGANISER = "organiser", _("An organiser")
