"""Demo payments, travel support and check-ins, through the real services.

Observers pay a fee: two paid by bank transfer (one partly refunded), one had it waived by a
travel grant; a few participants are checked in, so the organiser pages show realistic data.
Runs once: with payments already recorded for the event, it leaves them as they are.
"""

from events.models import Event
from registrations.enums import Participation, RegistrationState
from registrations.models import Payment, Registration
from registrations.services.checkin import ticket_check_in, ticket_secret
from registrations.services.fees import registration_fee
from registrations.services.payments import payment_record_bank_transfer, payment_refund
from registrations.services.registrations import registration_update
from registrations.services.travel_support import travel_support_decide


def seed_payments(*, event: Event, organiser) -> int:
    """Returns the number of payments recorded (0 when the demo already has them)."""
    if Payment.objects.filter(registration__event=event).exists():
        return 0
    awaiting = list(
        Registration.objects.filter(event=event, state=RegistrationState.AWAITING_PAYMENT)
        .select_related("category", "event")
        .order_by("reference")
    )
    if len(awaiting) < 4:  # keep some awaiting payment for the demo to show
        return 0
    paid_by_transfer = []
    for registration in awaiting[:2]:
        amount, _currency = registration_fee(registration)
        paid_by_transfer.append(
            payment_record_bank_transfer(
                registration=registration,
                amount=amount,
                user=organiser,
                note=f"Virement reçu — réf. {registration.reference}",
            )
        )
    payment_refund(
        payment=paid_by_transfer[1],
        amount=paid_by_transfer[1].amount // 3,
        reason="Attends the first day only",
        user=organiser,
    )
    funded = registration_update(
        registration=awaiting[2],
        changes={
            "travel_support_requested": True,
            "travel_support_reason": "Small municipality without an international travel budget.",
        },
    )
    travel_support_decide(
        registration=funded,
        outcome="granted",
        user=organiser,
        covers_fee=True,
        covers_flight=True,
        covers_accommodation=True,
        notes="Economy flight Bamako–Dakar; 3 nights at the partner hotel.",
    )
    # The first arrivals at the accreditation desk (online participants have no badge).
    confirmed = Registration.objects.filter(
        event=event, state=RegistrationState.CONFIRMED, participation=Participation.IN_PERSON
    ).order_by("reference")[:12]
    for registration in confirmed:
        ticket_check_in(
            event=event, secret=ticket_secret(registration=registration), user=organiser
        )
    return Payment.objects.filter(registration__event=event).count()
