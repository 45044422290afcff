"""Incremental sync: one publication time per version, and a token that never skips a change.

The race tests need real concurrent transactions (PostgreSQL): a publisher thread publishes
while a partner thread syncs through the API with whatever it kept from its last response.
Each publish is held open for a few milliseconds after it stamped its entries (the stamp is
necessarily taken before the commit), which is the window where a partner using its own
clock as "time of my last sync" loses changes: the negative control shows it does.
"""

import random
import threading
import time
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from forum.signals import schedule_published
from sessions.models import ScheduleVersion, Session
from sessions.services.schedule import publication_time, schedule_publish
from tests.api.conftest import url
from tests.factories import EventFactory
from tests.sessions.factories import SessionFactory

on_postgres = connection.vendor == "postgresql"
needs_postgres = pytest.mark.skipif(
    not on_postgres, reason="concurrent transactions need PostgreSQL"
)
SESSIONS = 6


def _sessions_page(client: Client, event, params: dict) -> dict:
    response = client.get(url(event, "sessions/"), {**params, "page_size": 500})
    assert response.status_code == 200, response.content
    return response.json()


def _public_view(snapshot: dict) -> dict:
    """code -> (English title, state) of the sessions a version publishes (tombstones
    included), as the API serves them by default."""
    view = {s["code"]: (s["title"].get("en", ""), s["state"]) for s in snapshot["sessions"]}
    for code, tomb in (snapshot.get("updated") or {}).get("withdrawn", {}).items():
        view.setdefault(code, (tomb["title"].get("en", ""), "cancelled"))
    return view


# --- One time per version (SQLite and PostgreSQL) ----------------------------------------------


def test_one_publication_time_per_version(api, event, programme):
    programme["open"].title = "Opening ceremony"
    programme["open"].save()
    version = schedule_publish(event=event, comment="Renamed", user=None)

    response = api.get(url(event, "schedule/"))
    body = response.json()
    page = api.get(url(event, "sessions/")).json()
    by_code = {s["code"]: s for s in body["sessions"]}
    times = {
        "row": version.published_at,
        "schedule": datetime.fromisoformat(body["published_at"]),
        "page": datetime.fromisoformat(page["published_at"]),
        "changed session": datetime.fromisoformat(by_code["OPEN"]["updated_at"]),
        "snapshot": datetime.fromisoformat(version.snapshot["updated"]["at"]),
    }

    assert set(times.values()) == {version.published_at}
    assert (body["version"], page["version"], by_code["OPEN"]["updated_in_version"]) == (2, 2, 2)
    assert parsedate_to_datetime(response["Last-Modified"]) == version.published_at.replace(
        microsecond=0
    )


def test_publication_times_increase_even_when_the_clock_goes_back(event, programme, monkeypatch):
    first = programme["version"].published_at
    monkeypatch.setattr(timezone, "now", lambda: first - timedelta(minutes=5))

    second = schedule_publish(event=event, comment="", user=None)
    third = schedule_publish(event=event, comment="", user=None)

    assert (second.published_at - first, third.published_at - second.published_at) == (
        timedelta(microseconds=1),
        timedelta(microseconds=1),
    )
    assert publication_time(previous=None) == first - timedelta(minutes=5)


def test_since_version_returns_what_changed_after_it(api, event, programme):
    programme["house"].title = "Housing first"
    programme["house"].save()
    programme["expert"].position = "Professor of urban studies"
    programme["expert"].save()
    schedule_publish(event=event, comment="", user=None)

    after_1 = _sessions_page(api, event, {"since_version": 1})
    after_2 = _sessions_page(api, event, {"since_version": 2})
    speakers = api.get(url(event, "speakers/"), {"since_version": 1}).json()

    assert [(s["code"], s["title"]) for s in after_1["results"]] == [("HOUSE", "Housing first")]
    assert (after_2["results"], after_2["version"]) == ([], 2)
    assert [s["code"] for s in speakers["results"]] == ["EXPERT"]
    assert speakers["version"] == 2


def test_since_version_rejects_a_negative_number(api, event, programme):
    response = api.get(url(event, "sessions/"), {"since_version": -1})

    assert (response.status_code, list(response.json()["errors"])) == (400, ["since_version"])


# --- A publish held open while the partner syncs (PostgreSQL) --------------------------------


@pytest.fixture
def hold_publish():
    """Each publish waits on the returned gate after stamping, inside its transaction: a
    receiver of its domain event, called after the API's own (connected at start-up)."""
    gate = {"stamped": threading.Event(), "release": threading.Event()}

    def held(sender, **kwargs):
        gate["stamped"].set()
        assert gate["release"].wait(timeout=30)

    schedule_published.connect(held, dispatch_uid="test-hold-publish")
    yield gate
    schedule_published.disconnect(dispatch_uid="test-hold-publish")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_publish_held_open_is_not_lost_to_the_sync_token(hold_publish):
    session = SessionFactory(code="OPEN", title="Opening")
    event = session.event
    hold_publish["release"].set()
    schedule_publish(event=event, comment="v1", user=None, notify=False)
    hold_publish["release"].clear()
    hold_publish["stamped"].clear()
    client = Client()

    Session.objects.filter(pk=session.pk).update(title="Opening ceremony")
    publisher = threading.Thread(
        target=lambda: (
            schedule_publish(event=event, comment="v2", user=None, notify=False),
            connections.close_all(),
        )
    )
    publisher.start()
    assert hold_publish["stamped"].wait(timeout=30)
    my_clock = timezone.now()  # the partner's "time of my last sync", as the old docs said
    during = _sessions_page(client, event, {})
    hold_publish["release"].set()
    publisher.join(timeout=30)

    by_clock = _sessions_page(client, event, {"updated_since": my_clock.isoformat()})
    by_time = _sessions_page(client, event, {"updated_since": during["published_at"]})
    by_version = _sessions_page(client, event, {"since_version": during["version"]})

    assert (during["version"], [s["title"] for s in during["results"]]) == (1, ["Opening"])
    assert by_clock["results"] == []  # why a partner's own clock is not a sync token
    assert [(s["title"], s["updated_in_version"]) for s in by_time["results"]] == [
        ("Opening ceremony", 2)
    ]
    assert [s["title"] for s in by_version["results"]] == ["Opening ceremony"]


def _race(*, iterations: int, tokens: tuple[str, ...]) -> dict[str, dict]:
    """A publisher publishing ``iterations`` changes while partners sync continuously.

    One partner per entry of ``tokens``: what it keeps between syncs, "published_at" or
    "version" (from the response) or "clock" (its own time when it asked). Returns, per
    partner, how many syncs it made and which of them left it with a wrong view.
    """
    event = EventFactory()
    sessions = [SessionFactory(event=event, code=f"S{i}", title="v0") for i in range(SESSIONS)]
    schedule_publish(event=event, comment="v1", user=None, notify=False)
    done = threading.Event()
    failures: list[str] = []

    def publisher():
        rng = random.Random(11)
        try:
            for i in range(iterations):
                session = rng.choice(sessions)
                Session.objects.filter(pk=session.pk).update(title=f"v{i + 1}")
                schedule_publish(event=event, comment="", user=None, notify=False)
        except Exception as exc:  # reported by the test, not lost in the thread
            failures.append(repr(exc))
        finally:
            done.set()
            connections.close_all()

    observations: dict[str, list[tuple[int, dict]]] = {token: [] for token in tokens}

    def partner(token: str):
        client, view, kept = Client(), {}, None
        try:
            while True:
                finished = done.is_set()
                params = {}
                if kept is not None:
                    params = {"since_version" if token == "version" else "updated_since": kept}
                asked_at = timezone.now()
                page = _sessions_page(client, event, params)
                for s in page["results"]:
                    view[s["code"]] = (s["title"], s["state"])
                kept = asked_at.isoformat() if token == "clock" else page[token]
                observations[token].append((page["version"], dict(view)))
                if finished:
                    break
        except Exception as exc:
            failures.append(repr(exc))
        finally:
            connections.close_all()

    delays = random.Random(7)

    def held_open(sender, **kwargs):  # 0 to 6 ms between the stamp and the commit
        time.sleep(delays.random() * 0.006)

    schedule_published.connect(held_open, dispatch_uid="test-held-open")
    try:
        threads = [threading.Thread(target=publisher)]
        threads += [threading.Thread(target=partner, args=(token,)) for token in tokens]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        schedule_published.disconnect(dispatch_uid="test-held-open")
    assert failures == []
    expected = {
        number: _public_view(snapshot)
        for number, snapshot in ScheduleVersion.objects.filter(event=event).values_list(
            "number", "snapshot"
        )
    }
    last = max(expected)
    return {
        token: {
            "syncs": len(seen),
            "versions seen": len({number for number, _view in seen}),
            "wrong": [number for number, view in seen if view != expected[number]],
            "final": seen[-1] == (last, expected[last]),
            "last": last,
        }
        for token, seen in observations.items()
    }


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_partner_sync_races_publishing_and_misses_nothing():
    """200 publishes, each held open a little, while two partners sync with the tokens the
    API gave them: after every sync the partner's view is exactly the version it read."""
    started = time.monotonic()
    results = _race(iterations=200, tokens=("published_at", "version"))
    for token, result in results.items():
        print(token, result["syncs"], "syncs,", result["versions seen"], "versions seen", end="; ")
    print(f"{time.monotonic() - started:.1f} s")

    for result in results.values():
        assert (result["last"], result["wrong"], result["final"]) == (201, [], True)
        assert result["versions seen"] > 20  # the partner really synced during the publishing


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_negative_control_the_partners_own_clock_misses_changes():
    """The old contract ("updated_since=<time of your last sync>") against stamps taken
    before the commit: syncs miss changes, and the partner's view goes wrong."""
    result = _race(iterations=40, tokens=("clock",))["clock"]
    print("clock:", result["syncs"], "syncs,", len(result["wrong"]), "left a wrong view", end=" ")

    assert len(result["wrong"]) > 0


def test_migration_gives_older_versions_one_time(event, programme):
    """Versions published before stamped their entries a moment before the row's time."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "sessions.migrations.0003_scheduleversion_published_at_set_by_publish"
    )
    programme["open"].title = "Opening ceremony"
    programme["open"].save()
    second = schedule_publish(event=event, comment="", user=None)
    early = {1: "2030-01-01T09:00:00+00:00", 2: "2030-01-02T09:00:00+00:00"}
    for version in ScheduleVersion.objects.filter(event=event):
        updated = version.snapshot["updated"]
        updated["at"] = early[version.number]
        for stamp in updated["sessions"].values():
            stamp["at"] = early[stamp["number"]]
        version.save(update_fields=["snapshot"])
    first = programme["version"]
    ScheduleVersion.objects.filter(pk=second.pk).update(published_at=first.published_at)

    migration.one_time_per_version(apps, None)

    first.refresh_from_db()
    second.refresh_from_db()
    updated = second.snapshot["updated"]
    assert second.published_at == first.published_at + timedelta(microseconds=1)
    assert updated["at"] == second.published_at.isoformat()
    assert {code: stamp["at"] for code, stamp in updated["sessions"].items()} == {
        "OPEN": second.published_at.isoformat(),
        "HOUSE": first.published_at.isoformat(),
        "WORK": first.published_at.isoformat(),
    }
