"""One email per state change: approval, registration and promotion into awaiting payment
carry the payment request; a payment that confirms the registration sends only its receipt."""

from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from registrations.enums import RegistrationState as S
from registrations.models import Registration
from registrations.services.fees import pay_url, payment_deadline
from registrations.services.payments import payment_record_bank_transfer
from registrations.services.registrations import registration_approve, registration_cancel
from registrations.services.stripe_card import payment_start_stripe
from registrations.services.travel_support import travel_support_decide
from tests.factories import CategoryFactory, register
from tests.registrations.payments.conftest import deliver, pay_server_side, stripe_event

# Real commits: emails leave through transaction.on_commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

RECEIPT_CONFIRMED = "Your registration is confirmed."


@pytest.fixture
def card(settings):
    """Card payments configured (no call reaches Stripe in these tests)."""
    settings.STRIPE_SECRET_KEY = "sk_test_forum"
    return settings


def _deadline(registration):
    deadline = payment_deadline(Registration.objects.get(pk=registration.pk))
    return deadline.astimezone(ZoneInfo(registration.event.timezone)).strftime("%Y-%m-%d %H:%M")


def test_approving_a_paid_registration_sends_one_email_with_amount_pay_link_and_deadline(
    fee_category, card
):
    registration, _token = register(fee_category, given_name="Aminata")
    mail.outbox.clear()

    approved = registration_approve(registration=registration, user=None, message="")

    assert approved.state == S.AWAITING_PAYMENT
    [email] = mail.outbox
    assert email.to == [registration.email]
    assert email.subject == (
        "Registration approved, payment due: 150.00 EUR for Mayoral Forum Dakar"
    )
    assert (
        f"Your registration for Mayoral Forum Dakar (reference {registration.reference}) "
        "has been approved. Your seat is held until the fee is paid." in email.body
    )
    assert (
        f"The fee is 150.00 EUR. Please pay it by {_deadline(registration)} "
        f"({fee_category.event.timezone}) (within 72 hours)" in email.body
    )
    assert f"Pay by card here:\n{pay_url(registration)}\n" in email.body
    assert "IBAN" not in email.body


def test_approving_with_bank_transfer_sends_one_email_with_bank_details(fee_category, stripe_off):
    registration, _token = register(fee_category)
    mail.outbox.clear()

    registration_approve(registration=registration, user=None)

    [email] = mail.outbox
    assert email.subject == (
        "Registration approved, payment due: 150.00 EUR for Mayoral Forum Dakar"
    )
    assert (
        "Please pay by bank transfer to:\nBanque de Dakar\nIBAN SN08 SN01 0015 2000 0000 0000 01\n"
        f"Payment reference: {registration.reference}\n" in email.body
    )
    assert "/pay/" not in email.body


def test_registering_in_a_paid_category_without_approval_sends_one_email(fee_category, card):
    category = CategoryFactory(
        event=fee_category.event, requires_approval=False, fee=Decimal("40"), currency="USD"
    )

    registration, token = register(category)

    assert registration.state == S.AWAITING_PAYMENT
    [email] = mail.outbox
    assert email.subject == "Registration received, payment due: 40.00 USD for Mayoral Forum Dakar"
    assert "Your seat is held until the fee is paid.\nThe fee is 40.00 USD." in email.body
    assert f"Pay by card here:\n{pay_url(registration)}\n" in email.body
    assert f"/en/r/{token}/" in email.body


def test_promotion_into_awaiting_payment_sends_one_email_withpay_url(fee_category, card):
    category = CategoryFactory(
        event=fee_category.event, capacity=1, fee=Decimal("150"), currency="EUR"
    )
    seated, _ = register(category, email="seated@example.org")
    waiting, _ = register(category, email="waiting@example.org")
    assert (seated.state, waiting.state) == (S.AWAITING_PAYMENT, S.WAITLISTED)
    mail.outbox.clear()

    registration_cancel(registration=seated, actor_label="registrant", reason="")

    waiting.refresh_from_db()
    assert waiting.state == S.AWAITING_PAYMENT
    assert [m.to for m in mail.outbox] == [["seated@example.org"], ["waiting@example.org"]]
    email = mail.outbox[1]
    assert email.subject == "A seat is yours, payment due: 150.00 EUR for Mayoral Forum Dakar"
    assert f"Pay by card here:\n{pay_url(waiting)}\n" in email.body
    assert _deadline(waiting) in email.body


def test_a_stripe_payment_sends_one_email_the_receipt_saying_confirmed(
    client, fee_category, stripe_on
):
    registration, _ = register(fee_category)
    registration = registration_approve(registration=registration, user=None)
    start = payment_start_stripe(registration=registration)
    pay_server_side(stripe_on, start.payment.stripe_intent_id, "pm_card_visa")
    mail.outbox.clear()

    response = deliver(
        client,
        stripe_event(
            "payment_intent.succeeded",
            {"id": start.payment.stripe_intent_id, "object": "payment_intent"},
        ),
    )

    assert response.status_code == 200
    assert Registration.objects.get(pk=registration.pk).state == S.CONFIRMED
    [email] = mail.outbox
    assert email.subject == "Receipt: 150.00 EUR for Mayoral Forum Dakar"
    assert (
        "We have received your payment of 150.00 EUR for Mayoral Forum Dakar "
        f"(reference {registration.reference}). Thank you." in email.body
    )
    assert "Paid by: card (Stripe)" in email.body
    assert RECEIPT_CONFIRMED in email.body


def test_a_bank_transfer_marked_paid_sends_one_email(fee_category, stripe_off, treasurer):
    registration, _ = register(fee_category, language="es")
    registration = registration_approve(registration=registration, user=None)
    mail.outbox.clear()

    payment_record_bank_transfer(registration=registration, amount=15000, user=treasurer)

    [email] = mail.outbox
    assert email.subject == "Recibo: 150.00 EUR para Mayoral Forum Dakar"
    assert "Forma de pago: transferencia bancaria" in email.body
    assert "Su inscripción está confirmada." in email.body


def test_a_fee_waiver_that_confirms_sends_one_email(fee_category, stripe_off, treasurer):
    registration, _ = register(fee_category, travel_support_requested=True)
    registration = registration_approve(registration=registration, user=None)
    mail.outbox.clear()

    travel_support_decide(
        registration=registration, outcome="granted", user=treasurer, covers_fee=True
    )

    [email] = mail.outbox
    assert email.subject == "Receipt: 150.00 EUR for Mayoral Forum Dakar"
    assert "has been waived as part of your travel support." in email.body
    assert RECEIPT_CONFIRMED in email.body
