"""Organisation quotas under concurrency: real threads, real transactions, real locks.

The quota is counted under the category's row lock, like the seats. ``slow_quota_count`` makes
the service sleep right after counting the organisation's registrations, before it inserts, so
a missing lock shows up as an overrun every time (the negative control proves it).
"""

import time
from collections import Counter

import pytest
from django.db import connection

from registrations.enums import SEAT_HOLDING_STATES
from registrations.enums import RegistrationState as S
from registrations.models import FocalPoint, OrganisationQuota, Registration
from registrations.services import registrations as service
from registrations.services.registrations import QuotaReached, registration_create
from tests.concurrency import race
from tests.factories import CategoryFactory, OrganisationFactory, person

pytestmark = pytest.mark.django_db(transaction=True)
on_postgres = connection.vendor == "postgresql"


@pytest.fixture
def slow_quota_count(monkeypatch):
    count = service.organisation_seats_taken

    def counted_then_slow(**kwargs):
        taken = count(**kwargs)
        time.sleep(0.02)
        return taken

    monkeypatch.setattr(service, "organisation_seats_taken", counted_then_slow)


@pytest.fixture
def city():
    return OrganisationFactory(name="Ciudad de Quito")


def nominate(category, focal_point):
    def work(i):
        registration, _token = registration_create(
            event=category.event,
            category_id=category.pk,
            person=person(email=f"delegate{i}@quito.gob.ec"),
            actor_label="focal point",
            nominated_by=focal_point,
        )
        return registration.state

    return work


def focal_point_for(category, organisation):
    return FocalPoint.objects.create(
        event=category.event,
        organisation=organisation,
        name="María Paz",
        email="focal@quito.gob.ec",
        token_hash="f" * 64,
    )


def held(category, organisation) -> int:
    return Registration.objects.filter(
        category=category, organisation=organisation, state__in=SEAT_HOLDING_STATES
    ).count()


def test_race_20_nominations_for_a_quota_of_2_without_waiting_list(city, slow_quota_count):
    category = CategoryFactory(waitlist_enabled=False, organisation_quota=2)
    focal_point = focal_point_for(category, city)

    outcomes = race(20, nominate(category, focal_point), refusals=(QuotaReached,))

    print(f"with the lock: {dict(outcomes)}")
    assert outcomes == Counter({S.CONFIRMED: 2, "quota": 18})
    assert held(category, city) == 2
    assert Registration.objects.filter(category=category).count() == 2


def test_race_20_registrations_for_an_override_of_2_go_to_the_waiting_list(city, slow_quota_count):
    """The organisation's own quota (2) wins over the category's default (5); beyond it the
    category's waiting list takes them, in order."""
    category = CategoryFactory(organisation_quota=5)
    OrganisationQuota.objects.create(category=category, organisation=city, limit=2)

    def work(i):
        registration, _token = registration_create(
            event=category.event,
            category_id=category.pk,
            person=person(email=f"racer{i}@quito.gob.ec", organisation=city),
        )
        return registration.state

    outcomes = race(20, work, refusals=(QuotaReached,))

    assert outcomes == Counter({S.CONFIRMED: 2, S.WAITLISTED: 18})
    assert held(category, city) == 2
    waiting = Registration.objects.filter(category=category, state=S.WAITLISTED)
    assert sorted(service.waitlist_position(registration=r) for r in waiting) == list(range(1, 19))


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_without_the_lock_overruns_the_quota(city, slow_quota_count, without_row_locks):
    """Negative control: the same race with the service's row locks taken away."""
    category = CategoryFactory(waitlist_enabled=False, organisation_quota=2)
    focal_point = focal_point_for(category, city)

    outcomes = race(20, nominate(category, focal_point), refusals=(QuotaReached,))

    print(f"without the lock: {dict(outcomes)}, held {held(category, city)}")
    assert sum(outcomes.values()) == 20
    assert outcomes[S.CONFIRMED] > 2
    assert held(category, city) > 2
