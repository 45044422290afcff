"""Concurrent endorsements for one organisation: real threads, real transactions.

``slow_check`` makes each insert of an endorsement sleep first (a ``pre_save`` receiver runs
after the service's duplicate check, before its INSERT), so every thread passes the check
before any inserts: only the partial unique constraint can then keep the
second row out (the negative control drops it and watches duplicates appear).
"""

import time
from collections import Counter

import pytest
from django.db import connection
from django.db.models.signals import pre_save

from outcomes.enums import EndorsementState as E
from outcomes.models import Endorsement
from outcomes.services import OutcomeError
from outcomes.services import endorsements as service
from tests import concurrency
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)
on_postgres = connection.vendor == "postgresql"


def race(n: int, work) -> Counter:
    return concurrency.race(n, work, refusals=(OutcomeError,))


@pytest.fixture
def slow_check():
    def pause_before_insert(sender, instance, **kwargs):
        if instance.pk is None:
            time.sleep(0.05)

    pre_save.connect(pause_before_insert, sender=Endorsement, dispatch_uid="slow_check")
    yield
    pre_save.disconnect(sender=Endorsement, dispatch_uid="slow_check")


@pytest.fixture
def city():
    return OrganisationFactory(name="Gaziantep Metropolitan Municipality", country="TR")


def submit_as(statement, city):
    def work(i):
        endorsement, _token = service.endorsement_submit(
            statement=statement,
            organisation=city,
            honorific="",
            signatory_name=f"Signatory {i}",
            signatory_title="Mayor",
            email=f"s{i}@example.org",
            language="en",
        )
        return endorsement.state

    return work


def live(statement, city) -> int:
    return (
        Endorsement.objects.filter(statement=statement, organisation=city)
        .exclude(state=E.WITHDRAWN)
        .count()
    )


def test_race_12_submissions_for_one_organisation_make_exactly_one(
    open_statement, city, slow_check
):
    outcomes = race(12, submit_as(open_statement, city))

    assert outcomes == Counter({E.UNVERIFIED: 1, "duplicate": 11})
    assert live(open_statement, city) == 1


def test_race_head_of_delegation_and_public_form_together_make_exactly_one(
    open_statement, head_of_delegation, slow_check
):
    registration, _token = head_of_delegation
    city = registration.organisation

    def work(i):
        if i % 2:
            return service.endorsement_by_delegation(
                statement=open_statement,
                registration=registration,
                honorific="Mayor",
                signatory_name="Joy Belmonte",
                signatory_title="Mayor of Quezon City",
            ).state
        return submit_as(open_statement, city)(i)

    outcomes = race(8, work)

    assert sum(outcomes.values()) == 8
    assert outcomes["duplicate"] == 7
    assert outcomes[E.PUBLISHED] + outcomes[E.UNVERIFIED] == 1
    assert live(open_statement, city) == 1


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_without_the_constraint_duplicates(open_statement, city, slow_check):
    """Negative control: the same race with the partial unique constraint dropped."""
    constraint = next(
        c for c in Endorsement._meta.constraints if c.name == "endorsement_one_per_organisation"
    )
    with connection.schema_editor() as editor:
        editor.remove_constraint(Endorsement, constraint)
    try:
        outcomes = race(12, submit_as(open_statement, city))

        assert sum(outcomes.values()) == 12
        assert outcomes[E.UNVERIFIED] > 1
        assert live(open_statement, city) > 1
    finally:
        Endorsement.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Endorsement, constraint)
