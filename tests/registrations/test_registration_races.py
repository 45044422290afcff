"""Concurrency: real threads, real transactions, real locks.

``slow_count`` makes the service sleep right after it counts the taken seats, before it
inserts, so a missing lock shows up as overbooking every time rather than by luck (the
negative control, which reads the rows without locking them, proves it).
"""

from collections import Counter

import pytest
from django.db import connection

from registrations.enums import RegistrationState as S
from registrations.models import Registration
from registrations.services import registrations as service
from tests.concurrency import race
from tests.factories import CategoryFactory, register

pytestmark = pytest.mark.django_db(transaction=True)
on_postgres = connection.vendor == "postgresql"


@pytest.fixture
def last_five_seats():
    category = CategoryFactory(capacity=10)
    for _ in range(5):
        register(category)
    return category


def register_state(category):
    def work(i):
        registration, _ = register(category, email=f"racer{i}@example.org")
        return registration.state

    return work


def overbooked(category) -> int:
    held = Registration.objects.filter(
        category=category, state__in=[S.CONFIRMED, S.PENDING_APPROVAL, S.AWAITING_PAYMENT]
    ).count()
    return max(0, held - category.capacity)


def test_race_40_registrations_for_the_last_5_seats(last_five_seats, slow_count):
    outcomes = race(40, register_state(last_five_seats))

    assert outcomes == Counter({S.CONFIRMED: 5, S.WAITLISTED: 35})
    assert overbooked(last_five_seats) == 0
    waiting = Registration.objects.filter(category=last_five_seats, state=S.WAITLISTED)
    positions = sorted(service.waitlist_position(registration=r) for r in waiting)
    assert positions == list(range(1, 36))


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_without_the_lock_overbooks(last_five_seats, slow_count, without_row_locks):
    """Negative control: the same race with the service's row locks taken away."""
    outcomes = race(40, register_state(last_five_seats))

    assert sum(outcomes.values()) == 40
    assert overbooked(last_five_seats) > 0
    assert outcomes[S.CONFIRMED] > 5


def test_race_two_cancellations_promote_exactly_two(slow_count):
    category = CategoryFactory(capacity=2)
    seated = [register(category)[0] for _ in range(2)]
    waiting = [register(category)[0] for _ in range(4)]

    outcomes = race(
        2,
        lambda i: (
            service.registration_cancel(registration=seated[i], actor_label="registrant").state
        ),
    )

    assert outcomes == Counter({S.CANCELLED: 2})
    assert [Registration.objects.get(pk=r.pk).state for r in waiting] == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITLISTED,
        S.WAITLISTED,
    ]
    promotions = [
        list(r.transitions.filter(reason="promoted").values_list("to_state", flat=True))
        for r in Registration.objects.filter(pk__in=[w.pk for w in waiting]).order_by("pk")
    ]
    assert promotions == [["confirmed"], ["confirmed"], [], []]


def test_race_same_invitation_code_is_used_at_most_max_uses_times():
    from registrations.models import Invitation
    from registrations.services.registrations import RegistrationError, registration_create
    from tests.factories import person

    category = CategoryFactory(invitation_only=True, is_public=False)
    Invitation.objects.create(
        event=category.event, category=category, kind="code", code="CITY", max_uses=3
    )

    def work(i):
        try:
            registration_create(
                event=category.event,
                category_id=category.pk,
                person=person(),
                invitation_code="CITY",
            )
        except RegistrationError as exc:
            return exc.code
        return "registered"

    outcomes = race(12, work)

    assert outcomes == Counter({"registered": 3, "invitation_used": 9})
    assert Invitation.objects.get(code="CITY").uses == 3


def test_race_confirming_eight_claims_to_lead_one_delegation_makes_one_head():
    """Organisers confirming different claimants of one city at once: one head, never two."""
    from registrations.enums import HeadOfDelegationClaim
    from registrations.models import Delegation
    from tests.factories import OrganisationFactory, person

    category = CategoryFactory()
    city = OrganisationFactory()
    claimants = [
        service.registration_create(
            event=category.event,
            category_id=category.pk,
            person=person(organisation=city),
            head_of_delegation=True,
        )[0]
        for _ in range(8)
    ]

    outcomes = race(
        8,
        lambda i: (
            service.registration_head_confirm(
                registration=claimants[i], user=None
            ).head_of_delegation
        ),
        refusals=(service.RegistrationError,),
    )

    assert outcomes == Counter({HeadOfDelegationClaim.CONFIRMED: 1, "head_taken": 7})
    delegation = Delegation.objects.get()
    assert delegation.head.head_of_delegation == HeadOfDelegationClaim.CONFIRMED
    assert Registration.objects.filter(head_of_delegation="confirmed").count() == 1


def test_race_raising_event_capacity_while_seats_free_promotes_each_seat_once():
    from events.services.events import event_set_capacity
    from tests.factories import EventFactory

    event = EventFactory(registration_open=True, capacity=2)
    category = CategoryFactory(event=event)
    seated = [register(category)[0] for _ in range(2)]
    waiting = [register(category)[0] for _ in range(4)]

    def work(i):
        if i == 0:
            return event_set_capacity(event=event, capacity=3).capacity
        return service.registration_cancel(
            registration=seated[i - 1], actor_label="registrant"
        ).state

    outcomes = race(3, work)

    assert outcomes == Counter({3: 1, S.CANCELLED: 2})
    assert [Registration.objects.get(pk=r.pk).state for r in waiting] == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITLISTED,
    ]
    promotions = [
        list(r.transitions.filter(reason="promoted").values_list("to_state", flat=True))
        for r in Registration.objects.filter(pk__in=[w.pk for w in waiting]).order_by("pk")
    ]
    assert promotions == [["confirmed"], ["confirmed"], ["confirmed"], []]


def test_race_two_cancellations_under_the_event_capacity_promote_across_categories_once(
    slow_count,
):
    from tests.factories import EventFactory

    event = EventFactory(registration_open=True, capacity=2)
    mayors, press, experts = (CategoryFactory(event=event, capacity=None) for _ in range(3))
    seated = [register(mayors)[0], register(press)[0]]
    waiting = [register(experts)[0] for _ in range(3)] + [register(mayors)[0]]

    outcomes = race(
        2,
        lambda i: (
            service.registration_cancel(registration=seated[i], actor_label="registrant").state
        ),
    )

    assert outcomes == Counter({S.CANCELLED: 2})
    assert [Registration.objects.get(pk=r.pk).state for r in waiting] == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITLISTED,
        S.WAITLISTED,
    ]
    promotions = [
        list(r.transitions.filter(reason="promoted").values_list("to_state", flat=True))
        for r in Registration.objects.filter(pk__in=[w.pk for w in waiting]).order_by("pk")
    ]
    assert promotions == [["confirmed"], ["confirmed"], [], []]
