"""End to end against localstripe: approval, the pay page's PaymentIntent, a test card, the
webhook localstripe signs and sends to the live server, and the registration confirmed."""

import time

import pytest
from django.core import mail

from registrations.enums import PaymentState
from registrations.enums import RegistrationState as S
from registrations.models import Payment, Registration, StripeEvent
from registrations.services.fees import pay_token
from registrations.services.registrations import registration_approve
from tests.factories import register
from tests.registrations.payments.conftest import (
    pay_server_side,
    register_webhook,
    unregister_webhook,
)

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def approved(fee_category, stripe_on, live_server):
    register_webhook(stripe_on, f"{live_server.url}/payments/stripe/webhook/")
    registration, token = register(fee_category, given_name="Aminata", family_name="Diallo")
    registration = registration_approve(registration=registration, user=None)
    yield registration, token
    unregister_webhook(stripe_on)


def test_approve_pay_webhook_confirms(client, approved, stripe_on):
    registration, _token = approved
    assert registration.state == S.AWAITING_PAYMENT
    [request_mail] = [
        m
        for m in mail.outbox
        if m.subject == "Registration approved, payment due: 150.00 EUR for Mayoral Forum Dakar"
    ]
    assert f"/en/pay/{pay_token(registration)}/" in request_mail.body
    assert "150.00 EUR" in request_mail.body

    page = client.get(f"/en/pay/{pay_token(registration)}/")
    payment = Payment.objects.get(registration=registration)
    intent = pay_server_side(stripe_on, payment.stripe_intent_id, "pm_card_visa")

    assert intent.status == "succeeded"
    assert page.status_code == 200
    assert page.context["client_secret"].startswith(payment.stripe_intent_id)
    assert 'src="https://js.stripe.com/v3/"' in page.content.decode()
    wait_for(lambda: Registration.objects.get(pk=registration.pk).state == S.CONFIRMED)
    payment.refresh_from_db()
    assert (payment.state, payment.amount, payment.currency, payment.attempt) == (
        PaymentState.SUCCEEDED,
        15000,
        "EUR",
        1,
    )
    # localstripe may still be sending an earlier test's events to this live server, so this
    # payment's is known by its outcome: processed, and one receipt.
    assert StripeEvent.objects.filter(
        type="payment_intent.succeeded", processed_at__isnull=False
    ).exists()
    receipts = [m for m in mail.outbox if m.subject.startswith("Receipt")]
    assert [m.subject for m in receipts] == ["Receipt: 150.00 EUR for Mayoral Forum Dakar"]


def test_declined_card_leaves_the_registration_payable(client, approved, stripe_on):
    registration, token = approved
    client.get(f"/en/r/{token}/pay/")
    first = Payment.objects.get(registration=registration)

    declined = pay_server_side(stripe_on, first.stripe_intent_id, "pm_card_chargeCustomerFail")

    assert declined.code == "card_declined"
    wait_for(lambda: StripeEvent.objects.filter(type="payment_intent.payment_failed").exists())
    first.refresh_from_db()
    registration.refresh_from_db()
    assert (first.state, registration.state) == (PaymentState.FAILED, S.AWAITING_PAYMENT)

    # Payable again: the pay page starts a second attempt, which a good card pays.
    again = client.get(f"/en/r/{token}/pay/")
    second = Payment.objects.exclude(pk=first.pk).get(registration=registration)
    assert again.status_code == 200
    assert again.context["client_secret"].startswith(second.stripe_intent_id)
    assert second.attempt == 2
    pay_server_side(stripe_on, second.stripe_intent_id, "pm_card_visa")
    wait_for(lambda: Registration.objects.get(pk=registration.pk).state == S.CONFIRMED)
    assert dict(Payment.objects.values_list("attempt", "state")) == {
        1: PaymentState.FAILED,
        2: PaymentState.SUCCEEDED,
    }


def test_pay_page_reuses_the_open_attempt(client, approved):
    registration, token = approved

    first = client.get(f"/en/r/{token}/pay/")
    second = client.get(f"/en/pay/{pay_token(registration)}/")

    assert Payment.objects.filter(registration=registration).count() == 1
    assert first.context["client_secret"] == second.context["client_secret"]


def test_return_from_stripe_confirms_without_waiting_for_the_webhook(
    client, fee_category, stripe_on
):
    # No webhook registered: the return URL alone syncs the intent from Stripe.
    registration, token = register(fee_category)
    registration_approve(registration=registration, user=None)
    client.get(f"/en/r/{token}/pay/")
    payment = Payment.objects.get(registration=registration)
    pay_server_side(stripe_on, payment.stripe_intent_id, "pm_card_visa")

    response = client.get(
        f"/en/r/{token}/pay/?payment_intent={payment.stripe_intent_id}&redirect_status=succeeded"
    )
    page = client.get(f"/en/r/{token}/pay/")

    assert response.status_code == 302
    assert response["Location"] == f"/en/r/{token}/pay/"
    assert Registration.objects.get(pk=registration.pk).state == S.CONFIRMED
    assert "Thank you: your registration is confirmed." in page.content.decode()
