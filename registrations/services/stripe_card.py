"""Card payments through Stripe: PaymentIntents, their webhook, refunds and cancellations.

Stripe is trusted only through its API: a webhook's signature is checked, its event id is
recorded once, and the PaymentIntent is fetched again from Stripe before anything changes.
Payment states only move forward (see PAYMENT_STATE_RANK), so retries and out-of-order
deliveries cannot undo a payment. What a settled payment does to its registration is the
payment services' (``registrations.services.payments``); they reach Stripe only through
``StripeCard``, the payment method registered here.
"""

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from forum.locking import lock, lock_timeout_set
from registrations.enums import PAID_STATES, PaymentProvider, PaymentState, RegistrationState
from registrations.models import Payment, Refund, Registration, StripeEvent
from registrations.services.fees import pay_url, registration_fee
from registrations.services.payment_methods import PaymentMethod, payment_method_register
from registrations.services.payments import (
    PaymentError,
    payment_advance,
    payment_settle,
    refund_apply,
)

if TYPE_CHECKING:
    import stripe

logger = logging.getLogger(__name__)

REUSABLE_INTENT_STATES = ("requires_payment_method", "requires_confirmation", "requires_action")
REFUND_EVENTS = ("charge.refunded", "charge.refund.updated", "refund.created", "refund.updated")
INTENT_EVENTS = (
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "payment_intent.processing",
)


class WebhookRejected(Exception):
    """The request is not a genuine Stripe event: answer 400, change nothing."""


def stripe_sdk():
    """Stripe's SDK, imported on first use: it weighs about 30 MB, which a web or worker
    process that never takes a card payment does not carry."""
    import stripe

    return stripe


def stripe_client() -> "stripe.StripeClient":
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe_sdk().StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


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
        except stripe_sdk().StripeError:
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

    def refund(self, *, payment: Payment, amount: int, reason: str) -> str | None:
        # The payment row is locked by the caller, so the refund's number is this one's; the
        # idempotency key makes a retried call refund once.
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
        except stripe_sdk().StripeError as exc:
            raise PaymentError(
                _("Stripe refused the refund: %(error)s") % {"error": exc.user_message or exc}
            ) from exc
        return result.id

    def cancel_open(self, registration: Registration) -> bool:
        # Each pending PaymentIntent is cancelled in Stripe, then applied as Stripe reports it:
        # one confirmed meanwhile (or cancelled too late) counts as paid. Raises StripeError
        # when Stripe cannot be reached; running it again does no harm.
        pending = Payment.objects.filter(
            registration=registration, provider=self.code, state=PaymentState.PENDING
        )
        for payment in pending:
            client = stripe_client()
            intent = client.v1.payment_intents.retrieve(payment.stripe_intent_id)
            if intent.status in (*REUSABLE_INTENT_STATES, "requires_capture"):
                try:
                    intent = client.v1.payment_intents.cancel(payment.stripe_intent_id)
                except stripe_sdk().InvalidRequestError:
                    intent = client.v1.payment_intents.retrieve(payment.stripe_intent_id)
            payment_sync_stripe(intent_id=intent.id, intent=intent)
            if intent.status in ("succeeded", "processing"):
                return False
        return True


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
        if payment_advance(payment, PaymentState.SUCCEEDED):
            payment_settle(payment, reason=f"Stripe {intent.id}", actor_label="stripe")
    elif (
        intent.status == "canceled"
        or (intent.status == "requires_payment_method" and _field(intent, "last_payment_error"))
    ) and payment_advance(payment, PaymentState.FAILED):
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
        refund_apply(payment, refund, actor_label="stripe")
    return payment


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
        event = stripe_sdk().Webhook.construct_event(
            payload.decode("utf-8"),
            signature,
            secret,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
    except (ValueError, stripe_sdk().SignatureVerificationError) as exc:
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
