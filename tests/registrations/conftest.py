"""Fixtures of the registrations' race tests (tests/concurrency.py races the threads)."""

import time

import pytest

from registrations.services import registrations as service
from tests.concurrency import read_without_lock


@pytest.fixture
def slow_count(monkeypatch):
    """Counting the seats takes a moment, so racing transactions overlap between the count
    and the write."""
    count = service.seats_taken

    def counted_then_slow(**kwargs):
        taken = count(**kwargs)
        time.sleep(0.02)
        return taken

    monkeypatch.setattr(service, "seats_taken", counted_then_slow)


@pytest.fixture
def without_row_locks(monkeypatch):
    """The services read the rows they would lock, without locking them (negative
    controls)."""
    monkeypatch.setattr(service, "lock_one", read_without_lock)
