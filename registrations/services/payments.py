"""Payments: Stripe PaymentIntents, bank transfers, fee waivers, refunds, unpaid expiry.

Stripe is trusted only through its API: a webhook's signature is checked, its event id is
recorded once, and the PaymentIntent is fetched again from Stripe before anything changes.
Payment states only move forward (see PAYMENT_STATE_RANK), so retries and out-of-order
deliveries cannot undo a payment. Amounts are integers in the currency's minor unit.
"""

import logging
import time
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from forum.locking import lock, lock_one, lock_timeout_set
from forum.mail import mail_send_later
from registrations.enums import (
    ACTIVE_STATES,
    PAID_STATES,
    PAYMENT_STATE_RANK,
    PaymentProvider,
    PaymentState,
    RegistrationState,
    TravelSupportOutcome,
)
from registrations.models import (
    Payment,
    Refund,
    Registration,
    RegistrationTransition,
    StripeEvent,
    TravelSupportDecision,
)
from registrations.services.payment_methods import (
    PaymentMethod,
    payment_method_for,
    payment_method_get,
    payment_method_register,
)
from registrations.services.registrations import (
    InvalidTransition,
    RegistrationError,
    registration_cancel,
    registration_confirm_payment,
    registration_expire_unpaid,
)

logger = logging.getLogger(__name__)

# Stripe counts these currencies in whole units (https://docs.stripe.com/currencies).
ZERO_DECIMAL_CURRENCIES = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
# Three decimals; Stripe wants the last digit 0 (amounts rounded to tens of minor units).
THREE_DECIMAL_CURRENCIES = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
PAY_TOKEN_SALT = "forum.payments.pay-link"  # noqa: S105 - a signing salt, not a secret
REUSABLE_INTENT_STATES = ("requires_payment_method", "requires_confirmation", "requires_action")
REFUND_EVENTS = ("charge.refunded", "charge.refund.updated", "refund.created", "refund.updated")
INTENT_EVENTS = (
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "payment_intent.processing",
)


class PaymentError(RegistrationError):
    code = "payment"


class WebhookRejected(Exception):
    """The request is not a genuine Stripe event: answer 400, change nothing."""


# --- money -------------------------------------------------------------------------------------


def currency_exponent(currency: str) -> int:
    code = currency.upper()
    if code in ZERO_DECIMAL_CURRENCIES:
        return 0
    if code in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2


def amount_to_minor(amount: Decimal, currency: str) -> int:
    """150.00 EUR -> 15000; 25000 XOF -> 25000; 12.345 KWD -> 12350 (Stripe's tens rule)."""
    exponent = currency_exponent(currency)
    minor = int((Decimal(amount) * 10**exponent).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if exponent == 3:
        minor = int((Decimal(minor) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 10
    return minor


def minor_to_amount(minor: int, currency: str) -> Decimal:
    exponent = currency_exponent(currency)
    return (Decimal(minor) / 10**exponent).quantize(Decimal(1).scaleb(-exponent))


def format_amount(minor: int, currency: str) -> str:
    """``150.00 EUR``, ``25,000 XOF``: digits as Stripe and banks write them, code after."""
    amount = minor_to_amount(minor, currency)
    return f"{amount:,} {currency.upper()}"


def registration_fee(registration: Registration) -> tuple[int, str]:
    category = registration.category
    return amount_to_minor(category.fee, category.currency), category.currency.upper()


# --- links and emails --------------------------------------------------------------------------


def stripe_client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


def pay_token(registration: Registration) -> str:
    """A link secret that opens only the pay page: the manage link's secret is not stored,
    so emails sent later (approval, promotion) carry this signed reference instead."""
    return signing.Signer(salt=PAY_TOKEN_SALT).sign(registration.reference)


def registration_get_by_pay_token(*, token: str) -> Registration | None:
    try:
        reference = signing.Signer(salt=PAY_TOKEN_SALT).unsign(token[:100])
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("event", "category").filter(reference=reference).first()
    )


def pay_url(registration: Registration) -> str:
    return f"{settings.SITE_URL}/{registration.language}/pay/{pay_token(registration)}/"


def payment_deadline(registration: Registration) -> datetime | None:
    entered = (
        registration.transitions.filter(to_state=RegistrationState.AWAITING_PAYMENT)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return entered + timedelta(hours=settings.FORUM_PAYMENT_EXPIRY_HOURS) if entered else None


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


def payment_due_context(*, registration: Registration) -> dict:
    """The payment part of the email sent on entering awaiting payment (at registration,
    approval or promotion): the amount, the deadline and the method's instructions."""
    amount, currency = registration_fee(registration)
    deadline = payment_deadline(registration)
    zone = zoneinfo.ZoneInfo(registration.event.timezone or "UTC")
    return {
        "payment_due": True,
        "amount": format_amount(amount, currency),
        "hours": settings.FORUM_PAYMENT_EXPIRY_HOURS,
        "deadline": (
            f"{timezone.localtime(deadline, zone):%Y-%m-%d %H:%M} ({zone.key})" if deadline else ""
        ),
        **payment_method_for(registration.event).instructions(registration),
    }


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


# --- Stripe ------------------------------------------------------------------------------------


def _field(obj, name: str, default=None):
    """A field of a Stripe object that Stripe may leave out (they are not dicts in stripe 16)."""
    if obj is None:
        return default
    try:
        return obj[name]
    except (KeyError, TypeError):
        return default


@dataclass(frozen=True)
class PaymentStart:
    payment: Payment
    client_secret: str


def payment_start_stripe(*, registration: Registration) -> PaymentStart:
    """The PaymentIntent the pay page confirms: the open attempt, or a new one.

    Each attempt has its own idempotency key, so two tabs opening the page at once (or a
    retried request) get the same PaymentIntent from Stripe rather than two.
    """
    if not StripeCard().available(registration.event):
        raise PaymentError(_("Card payments are not available."))
    if registration.state != RegistrationState.AWAITING_PAYMENT:
        raise PaymentError(_("This registration is not awaiting payment."), "not_payable")
    amount, currency = registration_fee(registration)
    client = stripe_client()
    stripe_payments = Payment.objects.filter(
        registration=registration, provider=PaymentProvider.STRIPE
    )
    open_payment = (
        stripe_payments.filter(state=PaymentState.PENDING, amount=amount, currency=currency)
        .order_by("-attempt")
        .first()
    )
    if open_payment is not None:
        intent = client.v1.payment_intents.retrieve(open_payment.stripe_intent_id)
        if intent.status in REUSABLE_INTENT_STATES and not _field(intent, "last_payment_error"):
            return PaymentStart(open_payment, intent.client_secret)
        payment_sync_stripe(intent_id=intent.id, intent=intent)
        if intent.status in ("succeeded", "processing"):
            raise PaymentError(_("Your payment has been received and is being processed."), "paid")
    attempt = (stripe_payments.aggregate(n=Max("attempt"))["n"] or 0) + 1
    intent = client.v1.payment_intents.create(
        params={
            "amount": amount,
            "currency": currency.lower(),
            "metadata": {
                "registration_id": str(registration.pk),
                "reference": registration.reference,
                "event": registration.event.slug,
                "attempt": str(attempt),
            },
        },
        options={"idempotency_key": f"forum-{registration.reference}-attempt-{attempt}"},
    )
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                registration=registration,
                provider=PaymentProvider.STRIPE,
                stripe_intent_id=intent.id,
                amount=amount,
                currency=currency,
                attempt=attempt,
            )
    except IntegrityError:
        # A concurrent request started this attempt first; Stripe gave it the same intent.
        payment = Payment.objects.get(
            registration=registration, provider=PaymentProvider.STRIPE, attempt=attempt
        )
        if payment.stripe_intent_id != intent.id:
            intent = client.v1.payment_intents.retrieve(payment.stripe_intent_id)
    return PaymentStart(payment, intent.client_secret)


@payment_method_register
class StripeCard(PaymentMethod):
    """Card payments through Stripe's Payment Element on the pay page; on when
    STRIPE_SECRET_KEY is set."""

    code = PaymentProvider.STRIPE
    label = _("card (Stripe)")

    def available(self, event) -> bool:
        return bool(settings.STRIPE_SECRET_KEY)

    def instructions(self, registration: Registration) -> dict:
        return {"pay_url": pay_url(registration)}

    def start(self, *, registration: Registration, request: HttpRequest) -> dict:
        try:
            start = payment_start_stripe(registration=registration)
        except stripe.StripeError:
            raise PaymentError(
                _("Card payments are unavailable at the moment. Please try again in a few minutes.")
            ) from None
        return {
            "stripe": True,
            "client_secret": start.client_secret,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "return_url": request.build_absolute_uri(request.path),
            "stripe_locale": get_language()[:2],
        }

    def returned(self, *, registration: Registration, request: HttpRequest) -> bool:
        # Back from a redirecting payment method: apply what Stripe says now (the webhook
        # would too, a little later). Only this registration's own intents count.
        intent_id = request.GET.get("payment_intent", "")
        if not intent_id:
            return False
        if Payment.objects.filter(registration=registration, stripe_intent_id=intent_id).exists():
            payment_sync_stripe(intent_id=intent_id)
        return True


def _advance(payment: Payment, state: str) -> bool:
    """Move ``payment`` to ``state`` if that is forward; return whether it moved."""
    if PAYMENT_STATE_RANK[state] <= PAYMENT_STATE_RANK[payment.state]:
        return False
    payment.state = state
    return True


def _payment_succeeded(payment: Payment, *, user=None, reason: str = "", strict=False) -> None:
    """Record the success; confirm the registration if it awaits payment (``strict``: it must).

    Locks follow the registration services' order: payment, then event and category, then
    registration, so no two of these transactions wait on each other in a cycle.
    """
    payment.succeeded_at = payment.succeeded_at or timezone.now()
    payment.save()
    registration = payment.registration
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


@transaction.atomic
def payment_sync_stripe(*, intent_id: str, intent=None) -> Payment | None:
    """Bring our Payment up to the PaymentIntent's state as Stripe reports it now.

    Idempotent and forward-only; used by the webhook, the return from Stripe's page and the
    pay page. Unknown intents (another system's, on a shared account) are ignored.
    """
    if intent is None:
        intent = stripe_client().v1.payment_intents.retrieve(intent_id)
    payments = lock(
        Payment.objects.select_related("registration__event", "registration__category").filter(
            stripe_intent_id=intent.id, provider=PaymentProvider.STRIPE
        )
    )
    payment = payments[0] if payments else None
    if payment is None:
        logger.info("Stripe PaymentIntent %s is not ours; ignored", intent.id)
        return None
    if intent.status == "succeeded":
        if intent.amount != payment.amount or intent.currency.upper() != payment.currency:
            logger.error("PaymentIntent %s amount differs from payment %s", intent.id, payment.pk)
            return payment
        if _advance(payment, PaymentState.SUCCEEDED):
            _payment_succeeded(payment, reason=f"Stripe {intent.id}")
    elif (
        intent.status == "canceled"
        or (intent.status == "requires_payment_method" and _field(intent, "last_payment_error"))
    ) and _advance(payment, PaymentState.FAILED):
        payment.save(update_fields=["state", "updated_at"])
    return payment


def _refunds_sync_stripe(*, intent_id: str, refunds: list) -> Payment | None:
    """Record refunds made in Stripe's dashboard (ours are recorded when made)."""
    payments = lock(
        Payment.objects.select_related("registration__event").filter(stripe_intent_id=intent_id)
    )
    payment = payments[0] if payments else None
    if payment is None or payment.state not in PAID_STATES:
        return payment
    known = set(payment.refunds.values_list("stripe_refund_id", flat=True))
    for item in refunds:
        if item.id in known or item.status not in ("succeeded", "pending"):
            continue
        refund = Refund.objects.create(
            payment=payment,
            amount=item.amount,
            reason=str(_field(_field(item, "metadata"), "reason") or "") or "Refunded in Stripe",
            stripe_refund_id=item.id,
        )
        _apply_refund(payment, refund)
    return payment


def _apply_refund(payment: Payment, refund: Refund) -> None:
    payment.amount_refunded = min(payment.amount, payment.amount_refunded + refund.amount)
    full = payment.amount_refunded >= payment.amount
    _advance(payment, PaymentState.REFUNDED if full else PaymentState.PARTIALLY_REFUNDED)
    payment.save(update_fields=["amount_refunded", "state", "updated_at"])
    _mail_refund(refund, payment)


def _signature_timestamp(header: str) -> int:
    """The ``t=`` value of a Stripe-Signature header already verified by Stripe's library."""
    for item in header.split(","):
        key, _sep, value = item.strip().partition("=")
        if key == "t":
            return int(value)
    raise WebhookRejected("no timestamp")


def stripe_webhook_handle(*, payload: bytes, signature: str) -> str:
    """Verify, de-duplicate and apply one Stripe event; return what happened.

    Raises WebhookRejected (answer 400) for anything not signed with our secret within the
    tolerance; lets Busy and OperationalError through (answer 503, Stripe retries).
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret or not signature:
        raise WebhookRejected("missing signature or secret")
    try:
        event = stripe.Webhook.construct_event(
            payload.decode("utf-8"),
            signature,
            secret,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise WebhookRejected(str(exc)) from exc
    # Stripe's library only refuses timestamps too far in the past; one from the future is
    # as suspect (a signature prepared ahead of time), so the tolerance holds both ways.
    if _signature_timestamp(signature) > time.time() + settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS:
        raise WebhookRejected("timestamp in the future")
    if StripeEvent.objects.filter(stripe_id=event.id, processed_at__isnull=False).exists():
        return "duplicate"

    # Re-fetch from Stripe before the transaction: no network call while holding locks.
    obj = event.data.object
    intent = refunds = None
    if event.type in INTENT_EVENTS:
        intent = stripe_client().v1.payment_intents.retrieve(obj.id)
    elif event.type in REFUND_EVENTS and _field(obj, "payment_intent"):
        intent_id = obj.payment_intent
        refunds = list(
            stripe_client().v1.refunds.list(params={"payment_intent": intent_id, "limit": 100})
        )

    with transaction.atomic():
        lock_timeout_set()  # a concurrent delivery of this event holds its row until it ends
        # The unique id makes concurrent deliveries wait for the first and then see it.
        record, created = StripeEvent.objects.get_or_create(
            stripe_id=event.id, defaults={"type": event.type[:100]}
        )
        if not created and record.processed_at is not None:
            return "duplicate"
        if intent is not None:
            payment_sync_stripe(intent_id=intent.id, intent=intent)
        elif refunds is not None:
            _refunds_sync_stripe(intent_id=obj.payment_intent, refunds=refunds)
        record.processed_at = timezone.now()
        record.save(update_fields=["processed_at"])
    return "processed" if intent is not None or refunds is not None else "ignored"


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
    _payment_succeeded(payment, user=user, reason=note or "Bank transfer received", strict=True)
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
    """Give back ``amount`` (minor units) of a payment, through Stripe for card payments.

    The payment row stays locked during the Stripe call so two organisers cannot refund the
    same money twice; the idempotency key makes a retried call refund once.
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
    stripe_refund_id = None
    if payment.provider == PaymentProvider.STRIPE:
        number = payment.refunds.count() + 1
        try:
            result = stripe_client().v1.refunds.create(
                params={
                    "payment_intent": payment.stripe_intent_id,
                    "amount": amount,
                    "metadata": {"reason": reason[:500], "refund": str(number)},
                },
                options={"idempotency_key": f"forum-refund-{payment.pk}-{number}"},
            )
        except stripe.StripeError as exc:
            raise PaymentError(
                _("Stripe refused the refund: %(error)s") % {"error": exc.user_message or exc}
            ) from exc
        stripe_refund_id = result.id
    refund = Refund.objects.create(
        payment=payment,
        amount=amount,
        reason=reason[:500],
        stripe_refund_id=stripe_refund_id,
        created_by=user,
    )
    _apply_refund(payment, refund)
    registration = payment.registration
    if cancel_registration and registration.state in ACTIVE_STATES:
        registration_cancel(
            registration=registration, actor_label="organiser", user=user, reason=reason
        )
    return refund


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
    decision, _created = TravelSupportDecision.objects.update_or_create(
        registration=registration,
        defaults={"outcome": outcome, "notes": notes, "decided_by": user, **covers},
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
        _payment_succeeded(payment, user=user, reason="Fee waived (travel support)")
    return decision


# --- expiry ------------------------------------------------------------------------------------


def registrations_expire_unpaid(*, now: datetime | None = None) -> list[str]:
    """Cancel registrations that have awaited payment longer than FORUM_PAYMENT_EXPIRY_HOURS;
    each freed seat goes to the waiting list. Returns the expired references.

    Each registration in its own transaction. An open PaymentIntent is cancelled in Stripe
    first; if it turns out to have been paid meanwhile, the payment wins.
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
        if not _cancel_open_intents(registration):
            continue
        try:
            registration_expire_unpaid(registration=registration, reason=reason)
        except RegistrationError:  # paid or cancelled meanwhile
            continue
        expired.append(registration.reference)
    return expired


def _cancel_open_intents(registration: Registration) -> bool:
    """Cancel the registration's pending PaymentIntents; False if one was paid after all."""
    pending = Payment.objects.filter(
        registration=registration, provider=PaymentProvider.STRIPE, state=PaymentState.PENDING
    )
    for payment in pending:
        client = stripe_client()
        intent = client.v1.payment_intents.retrieve(payment.stripe_intent_id)
        if intent.status in (*REUSABLE_INTENT_STATES, "requires_capture"):
            try:
                intent = client.v1.payment_intents.cancel(payment.stripe_intent_id)
            except stripe.InvalidRequestError:
                intent = client.v1.payment_intents.retrieve(payment.stripe_intent_id)
        payment_sync_stripe(intent_id=intent.id, intent=intent)
        if intent.status in ("succeeded", "processing"):
            return False
    return True
