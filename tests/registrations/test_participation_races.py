"""Switching to in person under concurrency: real threads, real transactions, real locks.

``slow_count`` makes the service sleep right after counting the taken seats, before it
writes, so a missing lock shows up as overbooking every time (the negative control, which
reads the rows without locking them, proves it).
"""

from collections import Counter

import pytest
from django.db import connection

from registrations.enums import SEAT_HOLDING_STATES
from registrations.enums import Participation as P
from registrations.enums import RegistrationState as S
from registrations.models import Registration
from registrations.services import registrations as service
from registrations.services.participation import (
    REQUESTED,
    SWITCHED,
    registration_participation_switch,
)
from registrations.services.registrations import RegistrationError, registration_create
from tests.concurrency import race
from tests.factories import CategoryFactory, person

pytestmark = pytest.mark.django_db(transaction=True)
on_postgres = connection.vendor == "postgresql"


def online_registrants(category, n: int) -> list[Registration]:
    return [
        registration_create(
            event=category.event,
            category_id=category.pk,
            person=person(email=f"online{i}@quito.gob.ec"),
            participation=P.ONLINE,
        )[0]
        for i in range(n)
    ]


def in_person_seats_held(category) -> int:
    return Registration.objects.filter(
        category=category, participation=P.IN_PERSON, state__in=SEAT_HOLDING_STATES
    ).count()


def hybrid_with_five_free_seats(**options):
    """30 seats, 25 taken in person, and 30 confirmed online registrants."""
    category = CategoryFactory(capacity=30, online_offered=True, **options)
    for i in range(25):
        registration_create(
            event=category.event,
            category_id=category.pk,
            person=person(email=f"seated{i}@quito.gob.ec"),
        )
    return category, online_registrants(category, 30)


def switch_all(registrations):
    def work(i):
        _registration, outcome = registration_participation_switch(
            registration=registrations[i], participation=P.IN_PERSON
        )
        return outcome

    return work


def test_race_30_online_registrants_switch_for_5_free_seats(slow_count):
    category, online = hybrid_with_five_free_seats()

    outcomes = race(30, switch_all(online), refusals=(RegistrationError,))

    print(f"with the lock: {dict(outcomes)}")
    assert outcomes == Counter({SWITCHED: 5, REQUESTED: 25})
    assert in_person_seats_held(category) == category.capacity == 30
    rows = Registration.objects.filter(pk__in=[r.pk for r in online])
    assert rows.filter(participation=P.IN_PERSON, state=S.CONFIRMED).count() == 5
    assert rows.filter(participation=P.ONLINE, in_person_requested_at__isnull=False).count() == 25
    # The queue has one place per requester, in the order they asked.
    positions = [
        service.in_person_request_position(registration=r)
        for r in rows.filter(in_person_requested_at__isnull=False)
    ]
    assert sorted(positions) == list(range(1, 26))


def test_race_without_waiting_list_refuses_the_other_25(slow_count):
    category, online = hybrid_with_five_free_seats(waitlist_enabled=False)

    outcomes = race(30, switch_all(online), refusals=(RegistrationError,))

    assert outcomes == Counter({SWITCHED: 5, "in_person_full": 25})
    assert in_person_seats_held(category) == 30
    assert Registration.objects.filter(in_person_requested_at__isnull=False).count() == 0


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_without_the_lock_overbooks(slow_count, without_row_locks):
    """Negative control: the same race with the services' row locks taken away."""
    category, online = hybrid_with_five_free_seats()

    outcomes = race(30, switch_all(online), refusals=(RegistrationError,))

    held = in_person_seats_held(category)
    print(f"without the lock: {dict(outcomes)}, in-person seats held {held}")
    assert sum(outcomes.values()) == 30
    assert outcomes[SWITCHED] > 5
    assert held > 30
