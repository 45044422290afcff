"""The payment method registry: configured order, availability, unknown codes refused."""

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from registrations.services import payment_methods
from registrations.services.payment_methods import (
    BankTransfer,
    PaymentMethod,
    payment_method_for,
    payment_method_get,
    payment_method_register,
    payment_methods_configured,
)
from registrations.services.registrations import registration_approve
from registrations.services.stripe_card import StripeCard
from tests.factories import EventFactory, register

pytestmark = pytest.mark.django_db(transaction=True)


def test_default_is_card_when_stripe_has_a_key_else_bank_transfer(settings):
    event = EventFactory()
    assert settings.FORUM_PAYMENT_METHODS == ["stripe", "bank_transfer"]

    settings.STRIPE_SECRET_KEY = "sk_test_forum"
    with_key = payment_method_for(event)
    settings.STRIPE_SECRET_KEY = ""
    without_key = payment_method_for(event)

    assert (type(with_key), type(without_key)) == (StripeCard, BankTransfer)


def test_configured_order_wins_over_availability_of_later_methods(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_forum"
    settings.FORUM_PAYMENT_METHODS = ["bank_transfer", "stripe"]

    assert [m.code for m in payment_methods_configured()] == ["bank_transfer", "stripe"]
    assert type(payment_method_for(EventFactory())) is BankTransfer


def test_no_available_method_falls_back_to_bank_transfer(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.FORUM_PAYMENT_METHODS = ["stripe"]

    assert type(payment_method_for(EventFactory())) is BankTransfer


def test_unknown_code_stops_the_app_at_startup(settings):
    settings.FORUM_PAYMENT_METHODS = ["stripe", "paypal"]

    with pytest.raises(ImproperlyConfigured) as excinfo:
        apps.get_app_config("registrations").ready()

    assert str(excinfo.value) == (
        "FORUM_PAYMENT_METHODS names unknown payment methods ['paypal']; "
        "registered: ['bank_transfer', 'stripe', 'waived']."
    )


def test_a_method_registrants_cannot_choose_is_refused(settings):
    settings.FORUM_PAYMENT_METHODS = ["waived"]

    with pytest.raises(ImproperlyConfigured) as excinfo:
        payment_methods_configured()

    assert str(excinfo.value) == (
        "FORUM_PAYMENT_METHODS names ['waived'], which registrants cannot choose."
    )


def test_receipt_labels_come_from_the_methods():
    assert [str(payment_method_get(code).label) for code in ("stripe", "bank_transfer")] == [
        "card (Stripe)",
        "bank transfer",
    ]


def test_a_second_card_provider_is_one_registered_class(settings, monkeypatch, fee_category):
    monkeypatch.setattr(payment_methods, "_REGISTRY", dict(payment_methods._REGISTRY))

    @payment_method_register
    class OtherCard(PaymentMethod):
        code = "othercard"
        label = "card (Other)"

        def instructions(self, registration):
            return {"pay_url": f"https://pay.example/{registration.reference}"}

    settings.FORUM_PAYMENT_METHODS = ["othercard", "bank_transfer"]
    registration, _ = register(fee_category)
    mail.outbox.clear()

    registration_approve(registration=registration, user=None)

    assert type(payment_method_for(fee_category.event)) is OtherCard
    [email] = mail.outbox
    assert f"Pay by card here:\nhttps://pay.example/{registration.reference}\n" in email.body
