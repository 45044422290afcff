"""The one row-lock helper: inside a transaction only, primary-key order, a bounded wait
that ends in ``Busy``."""

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from events.models import Organisation
from forum import locking
from forum.errors import Busy
from forum.locking import lock, lock_one
from tests.factories import OrganisationFactory

on_postgres = connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "take", [lambda pk: lock(Organisation, pk), lambda pk: lock_one(Organisation, pk)]
)
def test_lock_refuses_to_run_outside_a_transaction(take):
    organisation = OrganisationFactory()

    with pytest.raises(TransactionManagementError) as refused:
        take(organisation.pk)

    assert str(refused.value) == "Row locks are only taken inside transaction.atomic."


@pytest.mark.django_db
def test_lock_returns_the_rows_in_primary_key_order_whatever_the_order_asked():
    first, second, third = OrganisationFactory.create_batch(3)

    with CaptureQueriesContext(connection) as queries:
        rows = lock(Organisation, third.pk, first.pk, second.pk)

    assert [row.pk for row in rows] == [first.pk, second.pk, third.pk]
    select = queries.captured_queries[-1]["sql"]
    assert select.endswith(
        'ORDER BY "events_organisation"."id" ASC'
        + (' FOR UPDATE OF "events_organisation"' if on_postgres else "")
    )
    if on_postgres:  # the wait is bounded before anything is locked
        assert queries.captured_queries[0]["sql"] == "SET LOCAL lock_timeout = '5000ms'"


@pytest.mark.django_db
def test_lock_of_a_queryset_locks_only_its_rows_and_lock_one_a_missing_row_says_so():
    kept, _other = OrganisationFactory(country="EC"), OrganisationFactory(country="FR")

    assert lock(Organisation.objects.filter(country="EC")) == [kept]
    with pytest.raises(Organisation.DoesNotExist):
        lock_one(Organisation, kept.pk + 1000)
    with pytest.raises(TypeError):
        lock(Organisation)  # a whole table is never locked by accident


@pytest.mark.django_db
@pytest.mark.parametrize(
    "message", ["database is locked", "canceling statement due to lock timeout"]
)
def test_a_lock_wait_that_runs_out_is_busy(monkeypatch, message):
    class LockNotAvailable(Exception):  # psycopg's class name for a lock timeout
        pass

    def refused(using):
        try:
            raise LockNotAvailable(message)
        except LockNotAvailable as exc:
            raise OperationalError(message) from exc

    monkeypatch.setattr(locking, "lock_timeout_set", refused)

    with pytest.raises(Busy) as busy:
        lock(Organisation, OrganisationFactory().pk)

    assert (busy.value.code, str(busy.value.message)) == (
        "busy",
        "The server is busy; please try again.",
    )
    assert str(busy.value.__cause__) == message


@pytest.mark.django_db
def test_a_database_that_is_down_is_not_busy(monkeypatch):
    def down(using):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(locking, "lock_timeout_set", down)

    with pytest.raises(OperationalError, match="Connection refused"):
        lock(Organisation, OrganisationFactory().pk)


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions queue writers")
@pytest.mark.django_db(transaction=True)
def test_a_row_held_longer_than_the_lock_timeout_makes_the_second_locker_busy(settings):
    settings.FORUM_LOCK_TIMEOUT_MS = 100
    organisation = OrganisationFactory()
    held, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                lock_one(Organisation, organisation.pk)
                held.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(timeout=10)
        with pytest.raises(Busy) as busy, transaction.atomic():
            lock_one(Organisation, organisation.pk)
    finally:
        release.set()
        thread.join(timeout=10)

    assert type(busy.value.__cause__.__cause__).__name__ == "LockNotAvailable"
