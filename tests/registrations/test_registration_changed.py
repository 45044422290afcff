"""The ``registration_changed`` domain event: once per state change, with its exact states."""

from decimal import Decimal

import pytest
from django.db import transaction

from forum.signals import registration_changed
from registrations.enums import RegistrationState as S
from registrations.services.registrations import (
    InvalidTransition,
    registration_approve,
    registration_cancel,
    registration_confirm_payment,
    registration_create,
    registration_head_confirm,
    registration_reject,
)
from tests.factories import CategoryFactory, OrganisationFactory, person, register

# Real commits: the signal is sent inside the service's transaction, which then commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent():
    """The ``registration_changed`` sendings, as (email, from, to, actor label, in a transaction)."""
    received = []

    def record(sender, *, registration, from_state, to_state, actor_label, **kwargs):
        in_transaction = transaction.get_connection().in_atomic_block
        received.append((registration.email, from_state, to_state, actor_label, in_transaction))

    registration_changed.connect(record, dispatch_uid="test-registration-changed")
    yield received
    registration_changed.disconnect(dispatch_uid="test-registration-changed")


def test_creation_approval_and_payment_are_sent_once_each(sent):
    category = CategoryFactory(requires_approval=True, fee=Decimal("150.00"))
    registration, _ = register(category, email="ana@example.org")

    approved = registration_approve(registration=registration, user=None)
    registration_confirm_payment(registration=approved)

    assert sent == [
        ("ana@example.org", "", S.PENDING_APPROVAL, "registrant", True),
        ("ana@example.org", S.PENDING_APPROVAL, S.AWAITING_PAYMENT, "organiser", True),
        ("ana@example.org", S.AWAITING_PAYMENT, S.CONFIRMED, "system", True),
    ]


def test_cancel_sends_the_cancellation_then_the_promotion_from_the_waitlist(sent):
    category = CategoryFactory(capacity=1)
    mine, _ = register(category, email="ana@example.org")
    register(category, email="luis@example.org")
    sent.clear()

    registration_cancel(registration=mine, actor_label="registrant", reason="Flight cancelled")

    assert sent == [
        ("ana@example.org", S.CONFIRMED, S.CANCELLED, "registrant", True),
        ("luis@example.org", S.WAITLISTED, S.CONFIRMED, "system", True),
    ]


def test_reject_is_sent_with_the_state_it_left(sent):
    category = CategoryFactory(requires_approval=True)
    registration, _ = register(category, email="ana@example.org")
    sent.clear()

    registration_reject(registration=registration, user=None, message="Full programme")

    assert sent == [("ana@example.org", S.PENDING_APPROVAL, S.REJECTED, "organiser", True)]


def test_refused_transitions_and_history_entries_without_a_state_change_send_nothing(sent):
    category = CategoryFactory()
    head, _ = registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(email="ana@example.org", organisation=OrganisationFactory()),
        head_of_delegation=True,
    )
    sent.clear()

    registration_head_confirm(registration=head, user=None)
    with pytest.raises(InvalidTransition):
        registration_approve(registration=head, user=None)

    assert head.transitions.count() == 3  # created, head requested, head confirmed
    assert sent == []
