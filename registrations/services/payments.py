"""Payments whatever the provider: settling, bank transfers, refunds, receipts, unpaid expiry.

Payment states only move forward (see PAYMENT_STATE_RANK), so retries and out-of-order reports
cannot undo a payment. A settled payment confirms its registration; a registration that stops
awaiting payment without being paid has its open payments cancelled. Providers are reached
only through their ``PaymentMethod`` (``payment_methods.py``); Stripe's own code is in
``stripe_card.py``, which builds on this module. Amounts are integers in the currency's minor
unit.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction
from events.services.audit import audit_record
from forum.locking import lock_one
from forum.mail import mail_send_later
from forum.tasks import enqueue
from registrations.enums import (
    ACTIVE_STATES,
    PAYMENT_STATE_RANK,
    PaymentProvider,
    PaymentState,
    RegistrationState,
)
from registrations.models import Payment, Refund, Registration, RegistrationTransition
from registrations.services.fees import format_amount, registration_fee
from registrations.services.payment_methods import payment_method_get
from registrations.services.registrations import (
    InvalidTransition,
    RegistrationError,
    registration_cancel,
    registration_confirm_payment,
    registration_expire_unpaid,
)

logger = logging.getLogger(__name__)

# Leaving awaiting payment for one of these, a registration was not paid: its open payments go.
UNPAID_ENDS = (RegistrationState.CANCELLED, RegistrationState.REJECTED)


class PaymentError(RegistrationError):
    code = "payment"


# --- emails --------------------------------------------------------------------------------------


def _mail(registration: Registration, template: str, **extra) -> None:
    mail_send_later(
        to=[registration.email],
        template=template,
        language=registration.language,
        context={
            "name": registration.full_name,
            "event": registration.event.name,
            "reference": registration.reference,
            **extra,
        },
    )


def _mail_receipt(payment: Payment, *, confirmed: bool) -> None:
    """The receipt; when the payment confirmed the registration it says so (the only email
    of that state change)."""
    with translation.override(payment.registration.language):
        paid_by = str(payment_method_get(payment.provider).label)
    _mail(
        payment.registration,
        "payment_received",
        amount=format_amount(payment.amount, payment.currency),
        provider=payment.provider,
        paid_by=paid_by,
        confirmed=confirmed,
        paid_at=payment.succeeded_at.isoformat() if payment.succeeded_at else "",
    )


def _mail_refund(refund: Refund, payment: Payment) -> None:
    _mail(
        payment.registration,
        "payment_refunded",
        amount=format_amount(refund.amount, payment.currency),
        total=format_amount(payment.amount, payment.currency),
        provider=payment.provider,
        reason=refund.reason,
    )


# --- settling -----------------------------------------------------------------------------------


def payment_advance(payment: Payment, state: str) -> bool:
    """Move ``payment`` to ``state`` if that is forward; return whether it moved."""
    if PAYMENT_STATE_RANK[state] <= PAYMENT_STATE_RANK[payment.state]:
        return False
    payment.state = state
    return True


def payment_settle(
    payment: Payment,
    *,
    user=None,
    reason: str = "",
    strict=False,
    actor_label: str = "organiser",
) -> None:
    """Record a payment's success, whatever its provider, and send its receipt; confirm the
    registration if it awaits payment (``strict``: it must). The registration's audit log
    records the payment, by ``actor_label`` (``stripe`` when Stripe reported it).

    Locks follow the registration services' order: payment, then event and category, then
    registration, so no two of these transactions wait on each other in a cycle.
    """
    payment.succeeded_at = payment.succeeded_at or timezone.now()
    payment.save()
    registration = payment.registration
    audit_record(
        event=registration.event,
        obj=registration,
        action=AuditAction.PAYMENT_RECORDED,
        actor=user,
        actor_label=actor_label,
        note=f"{format_amount(payment.amount, payment.currency)} ({payment.provider})",
    )
    confirmed = False
    try:
        with transaction.atomic():
            registration_confirm_payment(registration=registration, user=user, reason=reason)
        confirmed = True
    except InvalidTransition:
        if strict:
            raise PaymentError(
                _("This registration is not awaiting payment."), "not_payable"
            ) from None
        # Paid after expiry or cancellation: the payments page flags it for a refund.
        logger.warning(
            "payment %s succeeded for registration %s, which no longer awaits payment",
            payment.pk,
            registration.reference,
        )
    _mail_receipt(payment, confirmed=confirmed)


def refund_apply(
    payment: Payment, refund: Refund, *, user=None, actor_label: str = "organiser"
) -> None:
    """Count a recorded refund on its payment, record it in the registration's audit log (by
    ``actor_label``: ``stripe`` for a refund made in Stripe's dashboard) and tell the payer."""
    payment.amount_refunded = min(payment.amount, payment.amount_refunded + refund.amount)
    full = payment.amount_refunded >= payment.amount
    payment_advance(payment, PaymentState.REFUNDED if full else PaymentState.PARTIALLY_REFUNDED)
    payment.save(update_fields=["amount_refunded", "state", "updated_at"])
    audit_record(
        event=payment.registration.event,
        obj=payment.registration,
        action=AuditAction.REFUNDED,
        actor=user,
        actor_label=actor_label,
        note=f"{format_amount(refund.amount, payment.currency)} ({refund.reason})",
    )
    _mail_refund(refund, payment)


# --- bank transfers, waivers and refunds -------------------------------------------------------


@transaction.atomic
def payment_record_bank_transfer(
    *, registration: Registration, amount: int, user, note: str = ""
) -> Payment:
    """An organiser saw the transfer arrive: record it and confirm the registration."""
    if registration.state != RegistrationState.AWAITING_PAYMENT:
        raise PaymentError(_("This registration is not awaiting payment."), "not_payable")
    due, currency = registration_fee(registration)
    if amount < due:
        raise PaymentError(
            _("The fee is %(fee)s; record the transfer once it is paid in full.")
            % {"fee": format_amount(due, currency)},
            "amount",
        )
    payment = Payment(
        registration=registration,
        provider=PaymentProvider.BANK_TRANSFER,
        amount=amount,
        currency=currency,
        state=PaymentState.SUCCEEDED,
        recorded_by=user,
        note=note[:300],
    )
    payment_settle(payment, user=user, reason=note or "Bank transfer received", strict=True)
    return payment


@transaction.atomic
def payment_refund(
    *,
    payment: Payment,
    amount: int,
    reason: str,
    user,
    cancel_registration: bool = False,
) -> Refund:
    """Give back ``amount`` (minor units) of a payment, through its provider when it has one
    (Stripe for card payments).

    The payment row stays locked during the provider's call so two organisers cannot refund
    the same money twice.
    """
    payment = lock_one(
        Payment.objects.select_related("registration__event", "registration__category"),
        payment.pk,
    )
    if amount <= 0 or amount > payment.refundable:
        raise PaymentError(
            _("You can refund at most %(amount)s.")
            % {"amount": format_amount(payment.refundable, payment.currency)},
            "amount",
        )
    stripe_refund_id = payment_method_get(payment.provider).refund(
        payment=payment, amount=amount, reason=reason
    )
    refund = Refund.objects.create(
        payment=payment,
        amount=amount,
        reason=reason[:500],
        stripe_refund_id=stripe_refund_id,
        created_by=user,
    )
    refund_apply(payment, refund, user=user)
    registration = payment.registration
    if cancel_registration and registration.state in ACTIVE_STATES:
        registration_cancel(
            registration=registration, actor_label="organiser", user=user, reason=reason
        )
    return refund


# --- expiry ------------------------------------------------------------------------------------


def registrations_expire_unpaid(*, now: datetime | None = None) -> list[str]:
    """Cancel registrations that have awaited payment longer than FORUM_PAYMENT_EXPIRY_HOURS;
    each freed seat goes to the waiting list. Returns the expired references.

    Each registration in its own transaction. Its open payments are cancelled with their
    provider first; if one turns out to have been paid meanwhile, the payment wins.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.FORUM_PAYMENT_EXPIRY_HOURS)
    entered = (
        RegistrationTransition.objects.filter(
            registration=OuterRef("pk"), to_state=RegistrationState.AWAITING_PAYMENT
        )
        .order_by("-at")
        .values("at")[:1]
    )
    due = (
        Registration.objects.filter(state=RegistrationState.AWAITING_PAYMENT)
        .annotate(payable_since=Subquery(entered))
        .filter(payable_since__lt=cutoff)
        .select_related("event", "category")
        .order_by("payable_since", "pk")
    )
    reason = f"Payment not received within {settings.FORUM_PAYMENT_EXPIRY_HOURS} hours"
    expired = []
    for registration in due:
        if not payments_cancel_open(registration=registration):
            continue
        try:
            registration_expire_unpaid(registration=registration, reason=reason)
        except RegistrationError:  # paid or cancelled meanwhile
            continue
        expired.append(registration.reference)
    return expired


# --- open payments of a registration that was not paid -----------------------------------------


def payments_cancel_open(*, registration: Registration) -> bool:
    """Make the registration's pending payments unpayable, each through its method; False if
    one was paid after all. Idempotent; a provider that cannot be reached raises."""
    providers = set(
        Payment.objects.filter(registration=registration, state=PaymentState.PENDING).values_list(
            "provider", flat=True
        )
    )
    return all(payment_method_get(code).cancel_open(registration) for code in sorted(providers))


def payments_cancel_open_job(*, registration_id: int) -> None:
    """Outbox job: cancel the open payments of a registration that stopped awaiting payment.

    Raises while the provider is unreachable, so the outbox runs it again later.
    """
    registration = (
        Registration.objects.select_related("event", "category").filter(pk=registration_id).first()
    )
    if registration is None or registration.state == RegistrationState.AWAITING_PAYMENT:
        return
    payments_cancel_open(registration=registration)


def registration_changed_receive(
    sender, *, registration: Registration, from_state: str, to_state: str, **kwargs
) -> None:
    """``registration_changed``: a registration cancelled or rejected while awaiting payment
    has its open payments cancelled after the commit (a provider outage never fails the
    cancellation itself). Unpaid expiry has cancelled them already, so nothing is queued."""
    if from_state != RegistrationState.AWAITING_PAYMENT or to_state not in UNPAID_ENDS:
        return
    if Payment.objects.filter(registration=registration, state=PaymentState.PENDING).exists():
        enqueue(payments_cancel_open_job, registration_id=registration.pk)
