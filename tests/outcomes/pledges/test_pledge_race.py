"""Concurrent pledge changes: real threads, real transactions (PostgreSQL).

Two organisers approving the same text, or the signatory sending a new text while an
organiser approves the pending one, must leave one consistent pledge: its published text
approved, at most one text pending, the signal sent once per approval. The negative control
reads the rows without their locks and watches the same text approved twice.
"""

import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.db.models.signals import pre_save

from forum.signals import pledge_published
from outcomes.enums import RevisionState
from outcomes.models import Pledge, PledgeRevision
from outcomes.services import pledges as service
from tests import concurrency
from tests.outcomes.pledges.conftest import pledge_input

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite's IMMEDIATE transactions serialise"
    ),
]


@pytest.fixture
def signals():
    calls = []
    guard = threading.Lock()

    def receiver(sender, pledge, revision, **kwargs):
        with guard:
            calls.append(revision.number)

    pledge_published.connect(receiver, dispatch_uid="race_pledge_signals")
    yield calls
    pledge_published.disconnect(dispatch_uid="race_pledge_signals")


@pytest.fixture
def slow_decision():
    """Each revision written back by a decision waits first: every thread has read the
    revision before any writes it."""

    def pause(sender, instance, **kwargs):
        if instance.pk is not None and instance.state != RevisionState.SUPERSEDED:
            time.sleep(0.1)

    pre_save.connect(pause, sender=PledgeRevision, dispatch_uid="slow_decision")
    yield
    pre_save.disconnect(sender=PledgeRevision, dispatch_uid="slow_decision")


def race(n, work) -> Counter:
    return concurrency.race(n, work, refusals=(service.PledgeError,))


def consistent(pledge) -> tuple:
    pledge = Pledge.objects.get(pk=pledge.pk)
    pending = pledge.revisions.filter(state=RevisionState.PENDING).count()
    published = pledge.published_revision
    return (published is None or published.state == RevisionState.APPROVED, pending <= 1)


def test_race_two_organisers_approve_the_same_text_once(
    endorsed, organiser, organiser_of, event, signals, slow_decision
):
    endorsement, _token = endorsed
    pledge = service.pledge_create(endorsement=endorsement, data=pledge_input())
    revision = pledge.revisions.get()
    second = organiser_of(event, can_manage_outcomes=True)
    users = [organiser, second]

    outcomes = race(2, lambda i: service.revision_approve(revision=revision, user=users[i]).state)

    assert outcomes == Counter({"published": 1, "pending_only": 1})
    assert signals == [1]
    assert consistent(pledge) == (True, True)


def test_race_without_the_locks_approves_the_same_text_twice(
    endorsed, organiser, organiser_of, event, signals, slow_decision, monkeypatch
):
    endorsement, _token = endorsed
    pledge = service.pledge_create(endorsement=endorsement, data=pledge_input())
    revision = pledge.revisions.get()
    second = organiser_of(event, can_manage_outcomes=True)
    users = [organiser, second]
    monkeypatch.setattr(service, "lock_one", concurrency.read_without_lock)

    outcomes = race(2, lambda i: service.revision_approve(revision=revision, user=users[i]).state)

    assert outcomes == Counter({"published": 2})
    assert signals == [1, 1]  # the partners would hear of one approval twice


@pytest.mark.parametrize("round_", range(3))
def test_race_signatory_updates_while_an_organiser_approves(endorsed, organiser, signals, round_):
    endorsement, _token = endorsed
    pledge = service.pledge_create(endorsement=endorsement, data=pledge_input())
    first = pledge.revisions.get()

    def work(i):
        if i == 0:
            return f"sent {service.pledge_update(pledge=pledge, data=pledge_input()).number}"
        return service.revision_approve(revision=first, user=organiser).state

    outcomes = race(2, work)

    # Either the approval came first (the new text then awaits review) or the new text
    # superseded the first before the organiser's decision, which is then refused.
    assert outcomes in (
        Counter({"sent 2": 1, "published": 1}),
        Counter({"sent 2": 1, "pending_only": 1}),
    )
    assert consistent(pledge) == (True, True)
    states = dict(pledge.revisions.values_list("number", "state"))
    if outcomes["published"]:
        assert (states, signals) == ({1: "approved", 2: "pending"}, [1])
    else:
        assert (states, signals) == ({1: "superseded", 2: "pending"}, [])


def test_race_five_updates_take_five_numbers(endorsed):
    endorsement, _token = endorsed
    pledge = service.pledge_create(endorsement=endorsement, data=pledge_input())

    outcomes = race(5, lambda i: service.pledge_update(pledge=pledge, data=pledge_input()).state)

    assert outcomes == Counter({"pending": 5})
    numbers = sorted(pledge.revisions.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert pledge.revisions.filter(state=RevisionState.PENDING).count() == 1
