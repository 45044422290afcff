"""Two organisers saving the same new link at once: one round of emails, not two.

The service compares the stored links with the new ones under the session's row lock.
``slow_audit`` makes it pause after writing and before committing, so a save that compared
without the lock would still see the old link and announce it again (the negative control
proves it on PostgreSQL; SQLite serialises writers on the whole database anyway).
"""

import time
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from sessions.services import links as service
from sessions.services.links import session_links_set
from sessions.services.schedule import schedule_publish
from tests.concurrency import race, read_without_lock

pytestmark = pytest.mark.django_db(transaction=True)
on_postgres = connection.vendor == "postgresql"

OLD = "https://webcast.example.org/mf/panel/floor"
NEW = "https://webcast.example.org/mf/panel/floor-v2"


@pytest.fixture
def slow_audit(monkeypatch):
    record = service.audit_record

    def recorded_then_slow(**kwargs):
        entry = record(**kwargs)
        time.sleep(0.2)
        return entry

    monkeypatch.setattr(service, "audit_record", recorded_then_slow)


@pytest.fixture
def followed_panel(event, programme, registrant):
    _plenary, panel = programme
    session_links_set(
        session=panel,
        meeting_url="",
        streams={"floor": OLD},
        recording_url="",
        recording_audience="participants",
        user=None,
    )
    schedule_publish(event=event, comment="Programme", user=None, notify=False)
    for i in range(3):
        registrant(f"follower{i}@example.org", bookmarks=("PANEL",))
    mail.outbox.clear()
    return panel


def save_new(panel):
    def work(i):
        change = session_links_set(
            session=panel,
            meeting_url="",
            streams={"floor": NEW},
            recording_url="",
            recording_audience="participants",
            user=None,
        )
        return "announced" if change.for_participants else "same"

    return work


def test_race_8_saves_of_the_same_new_link_send_one_round(followed_panel, slow_audit):
    outcomes = race(8, save_new(followed_panel))

    assert outcomes == Counter({"announced": 1, "same": 7})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "follower0@example.org",
        "follower1@example.org",
        "follower2@example.org",
    ]


@pytest.mark.skipif(not on_postgres, reason="SQLite runs one writer at a time")
def test_race_without_the_lock_announces_twice(followed_panel, slow_audit, monkeypatch):
    monkeypatch.setattr(service, "lock_one", read_without_lock)

    outcomes = race(8, save_new(followed_panel))

    assert outcomes["announced"] > 1
    assert len(mail.outbox) == 3 * outcomes["announced"]
