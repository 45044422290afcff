"""A registration's history in the audit log: state changes, self-service edits, payments and
refunds (by an organiser or Stripe), the copy of older history, and the page showing it."""

import importlib
from decimal import Decimal

import pytest
import stripe
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from events.models import AuditAction, AuditEntry
from registrations.enums import PaymentProvider, PaymentState
from registrations.models import Payment, Registration, RegistrationTransition
from registrations.services.payments import payment_record_bank_transfer, payment_refund
from registrations.services.registrations import (
    registration_approve,
    registration_cancel,
    registration_update,
)
from registrations.services.stripe_card import _refunds_sync_stripe, payment_sync_stripe
from tests.factories import CategoryFactory, register
from tests.registrations.workspace.conftest import url

pytestmark = pytest.mark.django_db

migration = importlib.import_module("registrations.migrations.0002_transitions_to_audit_log")


def log(registration):
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration),
            object_id=str(registration.pk),
        )
        .order_by("at", "pk")
        .values_list("action", "actor_label", "actor__username", "changes", "note")
    )


@pytest.fixture
def fee_category(open_event):
    return CategoryFactory(
        event=open_event, name="Observer", requires_approval=True, fee=Decimal("150.00")
    )


def test_every_history_entry_is_in_the_audit_log_once(open_event, manager, fee_category):
    registration, _ = register(fee_category)
    registration_approve(registration=registration, user=manager, message="Welcome")
    registration_cancel(registration=registration, actor_label="registrant", reason="")

    assert log(registration) == [
        (AuditAction.STATE_CHANGED, "registrant", None, {"state": ["", "pending_approval"]}, ""),
        (
            AuditAction.STATE_CHANGED,
            "organiser",
            "manager",
            {"state": ["pending_approval", "awaiting_payment"]},
            "Welcome",
        ),
        (
            AuditAction.STATE_CHANGED,
            "registrant",
            None,
            {"state": ["awaiting_payment", "cancelled"]},
            "",
        ),
    ]
    assert RegistrationTransition.objects.filter(registration=registration).count() == 3


def test_self_service_edit_is_changed_with_personal_values_masked(delegates):
    registration, _ = register(delegates, position="Deputy Mayor")

    registration_update(
        registration=registration, changes={"position": "Mayor", "dietary_needs": "Vegan"}
    )
    registration_update(registration=registration, changes={"position": "Mayor"})  # no change

    assert log(registration)[1:] == [
        (
            AuditAction.CHANGED,
            "registrant",
            None,
            {"dietary_needs": [None, None], "position": ["Deputy Mayor", "Mayor"]},
            "",
        )
    ]


def test_bank_transfer_and_refund_are_recorded_by_the_organiser(manager, fee_category):
    registration, _ = register(fee_category)
    registration = registration_approve(registration=registration, user=manager)

    payment = payment_record_bank_transfer(
        registration=registration, amount=15000, user=manager, note="Statement 42"
    )
    payment_refund(payment=payment, amount=5000, reason="Half refunded", user=manager)

    assert [entry for entry in log(registration) if entry[0] != AuditAction.STATE_CHANGED] == [
        (AuditAction.PAYMENT_RECORDED, "organiser", "manager", {}, "150.00 EUR (bank_transfer)"),
        (AuditAction.REFUNDED, "organiser", "manager", {}, "50.00 EUR (Half refunded)"),
    ]


def test_stripe_payment_and_refund_are_recorded_by_stripe(manager, fee_category):
    registration, _ = register(fee_category)
    registration_approve(registration=registration, user=manager)
    Payment.objects.create(
        registration=registration,
        provider=PaymentProvider.STRIPE,
        stripe_intent_id="pi_forum_1",
        amount=15000,
        currency="EUR",
        state=PaymentState.PENDING,
    )
    intent = stripe.PaymentIntent.construct_from(
        {
            "id": "pi_forum_1",
            "object": "payment_intent",
            "status": "succeeded",
            "amount": 15000,
            "currency": "eur",
        },
        "sk_test_forum",
    )
    refund = stripe.Refund.construct_from(
        {"id": "re_1", "object": "refund", "status": "succeeded", "amount": 15000, "metadata": {}},
        "sk_test_forum",
    )

    payment_sync_stripe(intent_id="pi_forum_1", intent=intent)
    payment_sync_stripe(intent_id="pi_forum_1", intent=intent)  # a repeated report
    _refunds_sync_stripe(intent_id="pi_forum_1", refunds=[refund])
    _refunds_sync_stripe(intent_id="pi_forum_1", refunds=[refund])

    assert [entry for entry in log(registration) if entry[0] != AuditAction.STATE_CHANGED] == [
        (AuditAction.PAYMENT_RECORDED, "stripe", None, {}, "150.00 EUR (stripe)"),
        (AuditAction.REFUNDED, "stripe", None, {}, "150.00 EUR (Refunded in Stripe)"),
    ]
    assert log(registration)[-2][3] == {"state": ["awaiting_payment", "confirmed"]}


def test_migration_copies_transitions_once_and_reverses_only_its_copies(manager, fee_category):
    older, _ = register(fee_category)
    registration_approve(registration=older, user=manager, message="Welcome")
    AuditEntry.objects.all().delete()  # history from before the audit log
    newer, _ = register(fee_category)  # recorded live

    migration.copy_transitions(apps, None)
    migration.copy_transitions(apps, None)

    transitions = {
        (t.at, t.actor_label, t.from_state, t.to_state, t.reason)
        for t in RegistrationTransition.objects.filter(registration=older)
    }
    copied = AuditEntry.objects.filter(object_id=str(older.pk))
    assert {(e.at, e.actor_label, *e.changes["state"], e.note) for e in copied} == transitions
    assert [e.actor for e in copied.order_by("at")] == [None, manager]
    assert copied.first().object_repr == str(older)
    assert len(log(newer)) == 1  # the live entry, not copied again

    migration.delete_copies(apps, None)

    assert (len(log(older)), len(log(newer))) == (0, 1)


def test_detail_page_shows_the_history_from_the_audit_log(client, manager, delegates):
    registration, _ = register(delegates, given_name="Ana", family_name="Pérez")
    registration_update(registration=registration, changes={"dietary_needs": "Vegan"})
    registration_cancel(
        registration=registration, actor_label="organiser", user=manager, reason="Duplicate"
    )

    response = client.get(
        url("registration_detail", delegates.event, reference=registration.reference)
    )

    lines = response.context["history"]
    assert [(line.action, line.actor, line.note) for line in lines] == [
        ("changed state", "registrant", ""),
        ("changed", "registrant", ""),
        ("changed state", "organiser (manager)", "Duplicate"),
    ]
    assert [(c.field, c.old, c.new, c.personal) for c in lines[0].changes] == [
        ("state", "—", "Confirmed", False)
    ]
    assert [(c.field, c.personal) for c in lines[1].changes] == [("dietary needs", True)]
    html = response.content.decode()
    assert 'id="history"' in html
    assert "changed (not shown)" in html and "Vegan" not in html
