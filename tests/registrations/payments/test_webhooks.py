"""The Stripe webhook under Stripe's delivery faults: repeats, concurrency, disorder, forgery."""

import time
from collections import Counter

import pytest
import stripe
from django.core import mail
from django.db import OperationalError
from django.test import Client

from forum.errors import Busy
from registrations.enums import PaymentState
from registrations.enums import RegistrationState as S
from registrations.models import Payment, Refund, Registration, StripeEvent
from registrations.services import stripe_card
from registrations.services.registrations import registration_approve
from registrations.services.stripe_card import payment_start_stripe, payment_sync_stripe
from tests.concurrency import race
from tests.factories import register
from tests.registrations.payments.conftest import deliver, pay_server_side, sign, stripe_event

# Real commits: receipts leave through transaction.on_commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def _approved(category):
    registration, _token = register(category, given_name="Ana", family_name="Quispe")
    return registration_approve(registration=registration, user=None)


@pytest.fixture
def paid(fee_category, stripe_on):
    """A registration whose PaymentIntent succeeded in Stripe; no webhook has arrived yet."""
    registration = _approved(fee_category)
    start = payment_start_stripe(registration=registration)
    intent = pay_server_side(stripe_on, start.payment.stripe_intent_id, "pm_card_visa")
    assert intent.status == "succeeded"
    return registration, start.payment


def intent_event(event_type, payment, **extra):
    return stripe_event(
        event_type,
        {"id": payment.stripe_intent_id, "object": "payment_intent", **extra},
        event_id=extra.pop("event_id", None),
    )


def state_of(registration, payment):
    registration.refresh_from_db()
    payment.refresh_from_db()
    return registration.state, payment.state


def test_one_event_delivered_20_times_at_once_makes_one_payment(paid):
    registration, payment = paid
    body = intent_event("payment_intent.succeeded", payment, status="succeeded")
    signature = sign(body)
    statuses = race(20, lambda i: deliver(Client(), body, signature).status_code)

    assert statuses == Counter({200: 20})
    assert state_of(registration, payment) == (S.CONFIRMED, PaymentState.SUCCEEDED)
    assert Payment.objects.filter(registration=registration).count() == 1
    assert StripeEvent.objects.count() == 1
    assert registration.transitions.filter(to_state=S.CONFIRMED).count() == 1
    assert len([m for m in mail.outbox if m.subject.startswith("Receipt")]) == 1


def test_replayed_event_is_processed_once(client, paid):
    registration, payment = paid
    body = intent_event("payment_intent.succeeded", payment)

    first = deliver(client, body)
    second = deliver(client, body)

    assert (first.json(), second.json()) == ({"status": "processed"}, {"status": "duplicate"})
    assert registration.transitions.filter(to_state=S.CONFIRMED).count() == 1


def test_late_payment_failed_never_undoes_succeeded(client, paid):
    registration, payment = paid
    deliver(client, intent_event("payment_intent.succeeded", payment))

    late = deliver(client, intent_event("payment_intent.payment_failed", payment))

    assert late.json() == {"status": "processed"}
    assert state_of(registration, payment) == (S.CONFIRMED, PaymentState.SUCCEEDED)
    assert StripeEvent.objects.count() == 2


def test_forward_only_even_if_stripe_said_failed(paid):
    # The state moves only forward even when the intent fetched says otherwise (a stale read).
    registration, payment = paid
    payment_sync_stripe(intent_id=payment.stripe_intent_id)
    stale = stripe.PaymentIntent.construct_from(
        {
            "id": payment.stripe_intent_id,
            "object": "payment_intent",
            "status": "requires_payment_method",
            "amount": 15000,
            "currency": "eur",
            "last_payment_error": {"code": "card_declined"},
        },
        "sk_test_forum",
    )

    payment_sync_stripe(intent_id=payment.stripe_intent_id, intent=stale)

    assert state_of(registration, payment) == (S.CONFIRMED, PaymentState.SUCCEEDED)


def test_failed_then_succeeded_out_of_order_moves_forward(client, fee_category, stripe_on):
    registration = _approved(fee_category)
    start = payment_start_stripe(registration=registration)
    payment = start.payment
    pay_server_side(stripe_on, payment.stripe_intent_id, "pm_card_chargeCustomerFail")
    deliver(client, intent_event("payment_intent.payment_failed", payment))
    assert state_of(registration, payment) == (S.AWAITING_PAYMENT, PaymentState.FAILED)

    # Stripe delivers an older "processing" event late: nothing moves back to pending.
    deliver(client, intent_event("payment_intent.processing", payment))

    assert state_of(registration, payment) == (S.AWAITING_PAYMENT, PaymentState.FAILED)


@pytest.mark.parametrize(
    "case",
    [
        "wrong_secret",
        "tampered_body",
        "too_old",
        "from_the_future",
        "missing_header",
        "garbage_header",
    ],
)
def test_forged_or_stale_deliveries_are_refused(client, paid, case):
    registration, payment = paid
    body = intent_event("payment_intent.succeeded", payment)
    signature = {
        "wrong_secret": sign(body, secret="whsec_someone_else"),
        "tampered_body": sign(body),
        "too_old": sign(body, timestamp=int(time.time()) - 301),
        "from_the_future": sign(body, timestamp=int(time.time()) + 1000),
        "missing_header": "",
        "garbage_header": "t=abc,v1=zz",
    }[case]
    if case == "tampered_body":
        body = body.replace(b'"livemode": false', b'"livemode": true')

    response = deliver(client, body, signature)

    assert (response.status_code, response.content) == (400, b"invalid signature")
    assert state_of(registration, payment) == (S.AWAITING_PAYMENT, PaymentState.PENDING)
    assert StripeEvent.objects.count() == 0


def test_timestamp_within_tolerance_is_accepted(client, paid):
    registration, payment = paid
    body = intent_event("payment_intent.succeeded", payment)

    response = deliver(client, body, sign(body, timestamp=int(time.time()) - 290))

    assert response.json() == {"status": "processed"}
    assert state_of(registration, payment) == (S.CONFIRMED, PaymentState.SUCCEEDED)


def test_clock_skew_within_tolerance_in_the_future_is_accepted(client, paid):
    registration, payment = paid
    body = intent_event("payment_intent.succeeded", payment)

    response = deliver(client, body, sign(body, timestamp=int(time.time()) + 200))

    assert response.json() == {"status": "processed"}
    assert state_of(registration, payment) == (S.CONFIRMED, PaymentState.SUCCEEDED)


@pytest.mark.parametrize(
    "refusal", [OperationalError("canceling statement due to lock timeout"), Busy()]
)
def test_busy_database_answers_503_so_stripe_retries(client, paid, monkeypatch, refusal):
    registration, payment = paid
    body = intent_event("payment_intent.succeeded", payment)

    def busy(using="default"):
        raise refusal

    # The lock-timeout statement stands in for the database refusing to wait any longer.
    monkeypatch.setattr(stripe_card, "lock_timeout_set", busy)
    response = deliver(client, body)
    monkeypatch.undo()
    retried = deliver(client, body)

    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert retried.json() == {"status": "processed"}
    assert state_of(registration, payment) == (S.CONFIRMED, PaymentState.SUCCEEDED)


def test_unknown_intent_and_other_event_types_are_acknowledged(client, paid):
    registration, payment = paid
    other = stripe_event("customer.created", {"id": "cus_123", "object": "customer"})

    response = deliver(client, other)

    assert response.json() == {"status": "ignored"}
    assert StripeEvent.objects.get().type == "customer.created"
    assert state_of(registration, payment) == (S.AWAITING_PAYMENT, PaymentState.PENDING)


def test_refund_made_in_stripe_dashboard_is_recorded_once(client, paid, stripe_on):
    registration, payment = paid
    deliver(client, intent_event("payment_intent.succeeded", payment))
    refund = stripe.StripeClient(
        "sk_test_forum", base_addresses={"api": stripe_on}
    ).v1.refunds.create(params={"payment_intent": payment.stripe_intent_id, "amount": 5000})
    body = stripe_event(
        "charge.refunded",
        {"id": "ch_x", "object": "charge", "payment_intent": payment.stripe_intent_id},
    )

    deliver(client, body)
    deliver(client, body)
    deliver(
        client,
        stripe_event(
            "refund.created",
            {"id": refund.id, "object": "refund", "payment_intent": payment.stripe_intent_id},
        ),
    )

    payment.refresh_from_db()
    assert (payment.state, payment.amount_refunded) == (PaymentState.PARTIALLY_REFUNDED, 5000)
    assert list(Refund.objects.values_list("stripe_refund_id", "amount", "reason")) == [
        (refund.id, 5000, "Refunded in Stripe")
    ]
    assert Registration.objects.get(pk=registration.pk).state == S.CONFIRMED
    assert [m.subject for m in mail.outbox if m.subject.startswith("Refund")] == [
        "Refund: 50.00 EUR for Mayoral Forum Dakar"
    ]


def test_webhook_accepts_post_only(client):
    assert client.get("/payments/stripe/webhook/").status_code == 405
