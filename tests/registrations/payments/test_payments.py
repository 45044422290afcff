"""Money rules, bank transfers, refunds, travel support, unpaid expiry and the organiser pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from events.services.teams import team_add_member
from registrations.enums import PaymentProvider, PaymentState
from registrations.enums import RegistrationState as S
from registrations.models import (
    Payment,
    Refund,
    Registration,
    RegistrationTransition,
    TravelSupportDecision,
)
from registrations.services.fees import amount_to_minor, format_amount, minor_to_amount, pay_token
from registrations.services.payments import (
    PaymentError,
    payment_record_bank_transfer,
    payment_refund,
    registrations_expire_unpaid,
)
from registrations.services.registrations import registration_approve
from registrations.services.stripe_card import payment_start_stripe, payment_sync_stripe
from registrations.services.travel_support import travel_support_decide
from registrations.tasks import registrations_expire_unpaid_task
from tests.factories import CategoryFactory, UserFactory, register
from tests.registrations.payments.conftest import pay_server_side

# Real commits: receipts and refund emails leave through transaction.on_commit.
pytestmark = pytest.mark.django_db(transaction=True)


def approved(category, **person):
    registration, token = register(category, **person)
    return registration_approve(registration=registration, user=None), token


def subjects(prefix):
    return [m.subject for m in mail.outbox if m.subject.startswith(prefix)]


# --- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "minor", "shown"),
    [
        ("150.00", "EUR", 15000, "150.00 EUR"),
        ("0.5", "usd", 50, "0.50 USD"),
        ("25000", "XOF", 25000, "25,000 XOF"),
        ("1500", "JPY", 1500, "1,500 JPY"),
        ("12.345", "KWD", 12350, "12.350 KWD"),
        ("19.999", "EUR", 2000, "20.00 EUR"),
    ],
)
def test_minor_units(amount, currency, minor, shown):
    assert amount_to_minor(Decimal(amount), currency) == minor
    assert format_amount(minor, currency) == shown
    assert minor_to_amount(minor, currency) == Decimal(shown.split()[0].replace(",", ""))


# --- bank transfer (no Stripe key) -----------------------------------------------------------


def test_without_stripe_the_pay_page_shows_bank_details_and_reference(
    client, fee_category, stripe_off
):
    registration, token = approved(fee_category)

    page = client.get(f"/en/r/{token}/pay/")

    body = page.content.decode()
    assert "IBAN SN08 SN01 0015 2000 0000 0000 01" in body
    assert f"Payment reference: <strong>{registration.reference}</strong>" in body
    assert "js.stripe.com" not in body
    assert Payment.objects.count() == 0
    [request] = [
        m
        for m in mail.outbox
        if m.subject == "Registration approved, payment due: 150.00 EUR for Mayoral Forum Dakar"
    ]
    assert (
        "IBAN SN08" in request.body
        and f"Payment reference: {registration.reference}" in request.body
    )


def test_organiser_marks_a_transfer_received(client, fee_category, stripe_off, treasurer):
    registration, _ = approved(fee_category, language="es")
    client.force_login(treasurer)

    response = client.post(
        "/en/manage/dakar/payments/",
        {
            "action": "bank_transfer",
            "registration": registration.pk,
            "amount": "150",
            "note": "BNP 12/03",
        },
        follow=True,
    )

    registration.refresh_from_db()
    payment = Payment.objects.get()
    assert registration.state == S.CONFIRMED
    assert (payment.provider, payment.state, payment.amount, payment.recorded_by) == (
        PaymentProvider.BANK_TRANSFER,
        PaymentState.SUCCEEDED,
        15000,
        treasurer,
    )
    assert registration.transitions.last().actor == treasurer
    assert "is confirmed" in response.content.decode()
    receipt = next(m for m in mail.outbox if "150.00 EUR" in m.subject)
    assert receipt.to == [registration.email]


def test_transfer_below_the_fee_or_twice_is_refused(fee_category, stripe_off, treasurer):
    registration, _ = approved(fee_category)

    with pytest.raises(PaymentError) as short:
        payment_record_bank_transfer(registration=registration, amount=14999, user=treasurer)
    payment_record_bank_transfer(registration=registration, amount=15000, user=treasurer)
    with pytest.raises(PaymentError) as twice:
        payment_record_bank_transfer(
            registration=Registration.objects.get(pk=registration.pk), amount=15000, user=treasurer
        )

    assert (
        short.value.message == "The fee is 150.00 EUR; record the transfer once it is paid in full."
    )
    assert twice.value.message == "This registration is not awaiting payment."
    assert Payment.objects.count() == 1


# --- refunds -----------------------------------------------------------------------------------


@pytest.fixture
def card_payment(fee_category, stripe_on):
    registration, _ = approved(fee_category, given_name="Ana", family_name="Quispe")
    start = payment_start_stripe(registration=registration)
    pay_server_side(stripe_on, start.payment.stripe_intent_id, "pm_card_visa")
    return payment_sync_stripe(intent_id=start.payment.stripe_intent_id)


def test_partial_then_full_refund_through_stripe(client, card_payment, treasurer):
    client.force_login(treasurer)
    url = "/en/manage/dakar/payments/"

    client.post(
        url,
        {
            "action": "refund",
            "payment": card_payment.pk,
            "amount": "50",
            "reason": "Arrives a day late",
        },
    )
    too_much = client.post(
        url,
        {"action": "refund", "payment": card_payment.pk, "amount": "100.01", "reason": "x"},
        follow=True,
    )
    client.post(
        url,
        {
            "action": "refund",
            "payment": card_payment.pk,
            "amount": "100",
            "reason": "Cannot travel",
            "cancel_registration": "on",
        },
    )

    card_payment.refresh_from_db()
    refunds = list(Refund.objects.order_by("pk").values_list("amount", "reason", "created_by"))
    assert refunds == [
        (5000, "Arrives a day late", treasurer.pk),
        (10000, "Cannot travel", treasurer.pk),
    ]
    assert all(r.stripe_refund_id.startswith("re_") for r in Refund.objects.all())
    assert (card_payment.state, card_payment.amount_refunded) == (PaymentState.REFUNDED, 15000)
    assert "You can refund at most 100.00 EUR." in too_much.content.decode()
    assert (
        card_payment.registration.__class__.objects.get(pk=card_payment.registration_id).state
        == S.CANCELLED
    )
    assert subjects("Refund") == [
        "Refund: 50.00 EUR for Mayoral Forum Dakar",
        "Refund: 100.00 EUR for Mayoral Forum Dakar",
    ]


def test_waived_and_unpaid_payments_cannot_be_refunded(fee_category, stripe_off, treasurer):
    registration, _ = approved(fee_category, travel_support_requested=True)
    travel_support_decide(
        registration=registration, outcome="granted", covers_fee=True, user=treasurer
    )
    waiver = Payment.objects.get()

    with pytest.raises(PaymentError) as refused:
        payment_refund(payment=waiver, amount=100, reason="x", user=treasurer)

    assert refused.value.message == "You can refund at most 0.00 EUR."


# --- travel support ------------------------------------------------------------------------------


def test_grant_waives_the_fee_and_confirms(fee_category, stripe_off, treasurer):
    registration, _ = approved(
        fee_category,
        travel_support_requested=True,
        travel_support_reason="Small municipality, no travel budget",
    )

    decision = travel_support_decide(
        registration=registration,
        outcome="granted",
        user=treasurer,
        covers_fee=True,
        covers_flight=True,
        covers_per_diem=True,
        notes="Economy class",
    )

    registration.refresh_from_db()
    waiver = Payment.objects.get()
    assert registration.state == S.CONFIRMED
    assert (waiver.provider, waiver.state, waiver.amount, waiver.note) == (
        PaymentProvider.WAIVED,
        PaymentState.SUCCEEDED,
        15000,
        "Travel support",
    )
    assert decision.covers == ["fee waived", "flight", "per diem"]
    assert (
        "has been waived as part of your travel support"
        in next(m for m in mail.outbox if m.subject.startswith("Receipt")).body
    )


def test_denial_covers_nothing_and_changes_nothing(fee_category, stripe_off, treasurer):
    registration, _ = approved(fee_category, travel_support_requested=True)

    decision = travel_support_decide(
        registration=registration, outcome="denied", user=treasurer, covers_fee=True
    )

    assert (decision.outcome, decision.covers) == ("denied", [])
    assert Registration.objects.get(pk=registration.pk).state == S.AWAITING_PAYMENT
    assert Payment.objects.count() == 0
    with pytest.raises(IntegrityError):
        TravelSupportDecision.objects.filter(pk=decision.pk).update(covers_flight=True)


def test_travel_support_waits_for_approval(fee_category, stripe_off, treasurer):
    registration, _ = register(fee_category, travel_support_requested=True)

    with pytest.raises(PaymentError) as refused:
        travel_support_decide(registration=registration, outcome="granted", user=treasurer)

    assert refused.value.code == "not_approved"


def test_travel_support_page(client, fee_category, stripe_off, treasurer):
    registration, _ = approved(
        fee_category,
        travel_support_requested=True,
        travel_support_reason="No budget",
        family_name="Ndiaye",
    )
    client.force_login(treasurer)

    client.post(
        "/en/manage/dakar/payments/travel-support/",
        {
            "registration": registration.pk,
            "outcome": "granted",
            "covers_fee": "on",
            "covers_accommodation": "on",
            "notes": "Hotel Terrou-Bi",
        },
    )
    page = client.get("/en/manage/dakar/payments/travel-support/")

    body = page.content.decode()
    assert "Granted</strong>: fee waived, accommodation — Hotel Terrou-Bi" in body
    assert "No budget" not in body  # the reason is personal data; this team lacks the flag
    assert Registration.objects.get(pk=registration.pk).state == S.CONFIRMED


# --- unpaid expiry -------------------------------------------------------------------------------


def test_unpaid_registrations_expire_and_promote_the_waitlist(settings, stripe_off):
    settings.FORUM_PAYMENT_EXPIRY_HOURS = 48
    category = CategoryFactory(fee=Decimal("80"), capacity=1, currency="USD")
    late, _ = register(category, email="late@example.org")
    waiting, _ = register(category, email="next@example.org")
    RegistrationTransition.objects.filter(registration=late).update(
        at=timezone.now() - timedelta(hours=49)
    )

    call_command("expire_unpaid", stdout=(out := __import__("io").StringIO()))

    late.refresh_from_db()
    waiting.refresh_from_db()
    assert (late.state, waiting.state) == (S.CANCELLED, S.AWAITING_PAYMENT)
    assert late.transitions.last().reason == "Payment not received within 48 hours"
    assert out.getvalue() == f"1 unpaid registration(s) expired after 48 hours: {late.reference}\n"
    assert registrations_expire_unpaid() == []  # the promoted one has its own 48 hours


def test_the_beat_task_expires_what_the_service_expires(settings, stripe_off):
    settings.FORUM_PAYMENT_EXPIRY_HOURS = 24
    category = CategoryFactory(fee=Decimal("80"), capacity=5, currency="USD")
    late, _ = register(category, email="late@example.org")
    on_time, _ = register(category, email="on-time@example.org")
    RegistrationTransition.objects.filter(registration=late).update(
        at=timezone.now() - timedelta(hours=25)
    )

    assert registrations_expire_unpaid_task() == [late.reference]
    assert Registration.objects.get(pk=on_time.pk).state == S.AWAITING_PAYMENT


def test_expiry_cancels_the_open_payment_intent(settings, fee_category, stripe_on):
    settings.FORUM_PAYMENT_EXPIRY_HOURS = 1
    registration, _ = approved(fee_category)
    start = payment_start_stripe(registration=registration)
    later = timezone.now() + timedelta(hours=2)

    expired = registrations_expire_unpaid(now=later)

    start.payment.refresh_from_db()
    assert expired == [registration.reference]
    assert start.payment.state == PaymentState.FAILED


def test_expiry_spares_a_registration_paid_meanwhile(settings, fee_category, stripe_on):
    settings.FORUM_PAYMENT_EXPIRY_HOURS = 1
    registration, _ = approved(fee_category)
    start = payment_start_stripe(registration=registration)
    pay_server_side(stripe_on, start.payment.stripe_intent_id, "pm_card_visa")  # no webhook yet

    expired = registrations_expire_unpaid(now=timezone.now() + timedelta(hours=2))

    assert expired == []
    assert Registration.objects.get(pk=registration.pk).state == S.CONFIRMED


# --- pages -------------------------------------------------------------------------------------


def test_pay_page_loads_stripe_only_there(client, fee_category, stripe_on):
    registration, token = approved(fee_category)

    pay = client.get(f"/en/pay/{pay_token(registration)}/")
    manage = client.get(f"/en/r/{token}/")

    assert "https://js.stripe.com" in pay["Content-Security-Policy"]
    assert "frame-src" in pay["Content-Security-Policy"]
    assert "stripe" not in manage["Content-Security-Policy"]
    assert f'href="/en/r/{token}/pay/"' in manage.content.decode()


def test_forged_pay_link_is_refused(client, fee_category, stripe_on):
    registration, _ = approved(fee_category)

    response = client.get(f"/en/pay/{registration.reference}:forged/")

    assert response.status_code == 404


def test_payments_page_permissions(client, fee_category, stripe_off, treasurer):
    event = fee_category.event
    programme = UserFactory(username="programme")
    team_add_member(event=event, team_name="Programme", user=programme, can_manage_programme=True)

    anonymous = client.get("/en/manage/dakar/payments/")
    client.force_login(programme)
    forbidden = client.get("/en/manage/dakar/payments/")
    forbidden_post = client.post("/en/manage/dakar/payments/", {"action": "refund"})
    client.force_login(treasurer)
    allowed = client.get("/en/manage/dakar/payments/")

    assert anonymous.status_code == 302
    assert (forbidden.status_code, forbidden_post.status_code) == (404, 404)
    assert allowed.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_payments_page_query_count(
    client, fee_category, stripe_off, treasurer, django_assert_num_queries, count
):
    for _ in range(count):
        paid, _ = approved(fee_category)
        payment = payment_record_bank_transfer(registration=paid, amount=15000, user=treasurer)
        payment_refund(payment=payment, amount=1000, reason="Partial", user=treasurer)
        approved(fee_category)  # awaiting payment
    client.force_login(treasurer)

    # session, user, event, team flags, payments, refunds, awaiting, badge counts by
    # participation (one aggregate), categories
    with django_assert_num_queries(9):
        response = client.get("/en/manage/dakar/payments/")

    assert (len(response.context["payments"]), len(response.context["awaiting"])) == (count, count)
    assert response.content.decode().count("Partial") == count


def test_travel_support_decisions_are_in_the_audit_log_without_notes(
    fee_category, stripe_off, treasurer
):
    from events.models import AuditEntry

    registration, _ = approved(fee_category, travel_support_requested=True)
    decision = travel_support_decide(
        registration=registration, outcome="denied", user=treasurer, notes="Budget spent"
    )
    travel_support_decide(
        registration=registration,
        outcome="granted",
        user=treasurer,
        covers_flight=True,
        notes="Reserve budget",
    )

    entries = AuditEntry.objects.filter(object_id=str(decision.pk)).order_by("at", "pk")
    assert [(e.action, e.actor, e.changes) for e in entries] == [
        (
            "created",
            treasurer,
            {
                "outcome": [None, "denied"],
                "covers_fee": [None, False],
                "covers_flight": [None, False],
                "covers_accommodation": [None, False],
                "covers_per_diem": [None, False],
            },
        ),
        ("changed", treasurer, {"outcome": ["denied", "granted"], "covers_flight": [False, True]}),
    ]
    assert "budget" not in str(list(entries.values_list("changes", "note"))).lower()
