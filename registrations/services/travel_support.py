"""Travel support: organisers grant or deny funded participation; a grant may waive the fee."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction
from events.services.audit import audit_diff, audit_record, audit_snapshot
from registrations.enums import (
    PAID_STATES,
    PaymentProvider,
    PaymentState,
    RegistrationState,
    TravelSupportOutcome,
)
from registrations.models import Payment, Registration, TravelSupportDecision
from registrations.services.fees import registration_fee
from registrations.services.payments import PaymentError, payment_settle

# What the audit log records of a decision (its notes may be personal: never copied).
DECISION_FIELDS = (
    "outcome",
    "covers_fee",
    "covers_flight",
    "covers_accommodation",
    "covers_per_diem",
)


@transaction.atomic
def travel_support_decide(
    *,
    registration: Registration,
    outcome: str,
    user,
    covers_fee: bool = False,
    covers_flight: bool = False,
    covers_accommodation: bool = False,
    covers_per_diem: bool = False,
    notes: str = "",
) -> TravelSupportDecision:
    """Grant or deny funded participation. A grant covering the fee records a ``waived``
    payment and confirms a registration that was awaiting payment."""
    registration = Registration.objects.select_related("event", "category").get(pk=registration.pk)
    if not registration.travel_support_requested:
        raise PaymentError(_("This registration did not ask for travel support."))
    if registration.state not in (RegistrationState.AWAITING_PAYMENT, RegistrationState.CONFIRMED):
        raise PaymentError(
            _("Decide on travel support once the registration is approved."), "not_approved"
        )
    granted = outcome == TravelSupportOutcome.GRANTED
    covers = {
        "covers_fee": granted and covers_fee,
        "covers_flight": granted and covers_flight,
        "covers_accommodation": granted and covers_accommodation,
        "covers_per_diem": granted and covers_per_diem,
    }
    payments = Payment.objects.filter(registration=registration)
    waived = payments.filter(provider=PaymentProvider.WAIVED).exists()
    if waived and not covers["covers_fee"]:
        raise PaymentError(_("The fee has already been waived for this registration."))
    previous = TravelSupportDecision.objects.filter(registration=registration).first()
    before = audit_snapshot(previous, DECISION_FIELDS) if previous else {}
    decision, created = TravelSupportDecision.objects.update_or_create(
        registration=registration,
        defaults={"outcome": outcome, "notes": notes, "decided_by": user, **covers},
    )
    audit_record(
        event=registration.event,
        obj=decision,
        action=AuditAction.CREATED if created else AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(decision, DECISION_FIELDS)),
    )
    already_paid = payments.filter(state__in=PAID_STATES).exists()
    if covers["covers_fee"] and registration.category.has_fee and not already_paid:
        amount, currency = registration_fee(registration)
        payment = Payment(
            registration=registration,
            provider=PaymentProvider.WAIVED,
            amount=amount,
            currency=currency,
            state=PaymentState.SUCCEEDED,
            recorded_by=user,
            note="Travel support",
        )
        payment_settle(payment, user=user, reason="Fee waived (travel support)")
    return decision
