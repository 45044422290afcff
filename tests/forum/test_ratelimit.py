"""The project's one rate limiter: shared counts, client address, failing open."""

import logging
import os
import random
import threading

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection, connections
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from forum import ratelimit
from forum.models import RateCounter
from forum.ratelimit import client_address, hit, parse_rate
from tests.concurrency import race

NOW = 1_000_000 * 3600 + 600.0  # ten minutes into a clock hour


def request(remote="198.51.100.7", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_parse_rate_understands_the_usual_forms():
    assert [parse_rate(r) for r in ("20/h", "3/hour", "60/min", "5/10m", "600/60s")] == [
        ratelimit.Rate(20, 3600),
        ratelimit.Rate(3, 3600),
        ratelimit.Rate(60, 60),
        ratelimit.Rate(5, 600),
        ratelimit.Rate(600, 60),
    ]


def test_client_address_ignores_forwarded_for_without_proxies(settings):
    settings.FORUM_NUM_PROXIES = 0

    assert client_address(request(forwarded="203.0.113.9")) == "198.51.100.7"


def test_client_address_takes_the_address_our_proxies_saw(settings):
    chain = "10.9.9.9, 203.0.113.9, 192.0.2.1"  # spoofed, client, our outer proxy
    settings.FORUM_NUM_PROXIES = 2
    two = client_address(request(forwarded=chain))
    settings.FORUM_NUM_PROXIES = 1
    one = client_address(request(forwarded=chain))
    garbage = client_address(request(forwarded="<script>"))

    assert (two, one, garbage) == ("203.0.113.9", "192.0.2.1", "198.51.100.7")


@pytest.mark.django_db
def test_database_counter_counts_and_restarts_each_window(settings):
    settings.REDIS_URL = ""  # the embedded default: counters in the database
    first = [hit("t:bucket", rate="3/h", now=NOW + i) for i in range(4)]
    next_hour = hit("t:bucket", rate="3/h", now=NOW + 3600)

    assert [(h.allowed, h.count) for h in first] == [(True, 1), (True, 2), (True, 3), (False, 4)]
    assert first[0].retry_after == 3000
    assert (next_hour.allowed, next_hour.count) == (True, 1)
    assert RateCounter.objects.count() == 1
    assert "bucket" not in RateCounter.objects.get().key  # only the SHA-256 is stored


FRESH_LOCMEM = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "another-process",
    }
}


@pytest.mark.django_db
def test_database_counter_is_not_in_any_process_cache(settings):
    """What one worker counted, another sees: a fresh cache (another process's) changes nothing."""
    settings.REDIS_URL = ""
    hit("t:shared", rate="2/h", now=NOW)
    hit("t:shared", rate="2/h", now=NOW)
    with override_settings(CACHES=FRESH_LOCMEM):
        third = hit("t:shared", rate="2/h", now=NOW)

    assert (third.allowed, third.count) == (False, 3)


@pytest.mark.django_db(transaction=True)
def test_database_counter_is_shared_by_connections_and_exact_under_a_race(settings):
    settings.REDIS_URL = ""
    n = 16

    outcomes = race(n, lambda i: hit("t:race", rate="100/h", now=NOW).count)
    seen_elsewhere = []
    thread = threading.Thread(
        target=lambda: (
            seen_elsewhere.append(hit("t:race", rate="100/h", now=NOW).count),
            connections.close_all(),
        )
    )
    thread.start()
    thread.join()

    assert sorted(outcomes) == list(range(1, n + 1))  # each count seen exactly once
    assert seen_elsewhere == [n + 1]
    assert RateCounter.objects.get().count == n + 1


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis")
def test_redis_counter_is_exact_under_a_race(settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    bucket = f"t:redis:{random.random()}"

    def work(i):
        try:
            return hit(bucket, rate="10/h", now=NOW).allowed
        finally:  # each thread has its own cache client: close its sockets
            for pool in caches["default"]._cache._pools.values():
                pool.disconnect()

    outcomes = race(16, work)

    assert outcomes == {True: 10, False: 6}


@pytest.mark.django_db
def test_store_failure_fails_open_with_a_log_line_and_no_personal_data(
    settings, monkeypatch, caplog
):
    settings.REDIS_URL = ""

    def broken(*args):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ratelimit, "_database_count", broken)
    with caplog.at_level(logging.WARNING, logger="forum.ratelimit"):
        result = hit("new-link:email:ana@example.org", rate="1/h", now=NOW)

    assert (result.allowed, result.count) == (True, 0)
    assert [r.getMessage() for r in caplog.records] == [
        "rate limit store unavailable (OperationalError) for new-link: allowing"
    ]


# --- blocks: reserve() --------------------------------------------------------------------


def test_block_size_is_one_percent_of_the_limit_between_one_and_fifty(settings):
    settings.FORUM_RATE_LIMIT_BLOCK = 0
    automatic = [ratelimit.block_size(n) for n in (60, 600, 1000, 100_000)]
    settings.FORUM_RATE_LIMIT_BLOCK = 1
    configured = ratelimit.block_size(100_000)

    assert (automatic, configured) == ([1, 6, 10, 50], 1)


@pytest.mark.django_db
def test_reserve_writes_once_per_block_and_never_allows_more_than_the_limit(settings):
    """Two worker processes (two stores of reserved hits) share one counter in the database."""
    settings.REDIS_URL = ""
    settings.FORUM_RATE_LIMIT_BLOCK = 0
    workers = [ratelimit.Reservations(), ratelimit.Reservations()]

    with CaptureQueriesContext(connection) as first_thousand:
        allowed = [
            ratelimit.reserve("t:block", rate="1005/h", now=NOW, store=workers[i % 2]).allowed
            for i in range(1000)
        ]
    rest = [
        ratelimit.reserve("t:block", rate="1005/h", now=NOW, store=workers[i % 2]).allowed
        for i in range(200)
    ]
    next_hour = ratelimit.reserve("t:block", rate="1005/h", now=NOW + 3600, store=workers[0])

    assert (allowed.count(True), len(first_thousand)) == (1000, 100)  # blocks of 10
    # 1,005 in all: the last block is cut to the 5 the window still had.
    assert rest.count(True) == 5
    assert next_hour.allowed is True


@pytest.mark.django_db(transaction=True)
def test_reserve_under_a_race_allows_exactly_the_limit(settings):
    """Sixteen threads, each its own process's store, 1,600 attempts on a limit of 1,000."""
    settings.REDIS_URL = os.environ.get("REDIS_URL", "")
    settings.FORUM_RATE_LIMIT_BLOCK = 0
    bucket = f"t:block-race:{random.random()}"

    def work(i):
        store = ratelimit.Reservations()
        try:
            return sum(
                ratelimit.reserve(bucket, rate="1000/h", now=NOW, store=store).allowed
                for _ in range(100)
            )
        finally:
            if settings.REDIS_URL:
                for pool in caches["default"]._cache._pools.values():
                    pool.disconnect()

    outcomes = race(16, work)

    assert sum(allowed * times for allowed, times in outcomes.items()) == 1000


@pytest.mark.django_db
def test_reserve_fails_open_when_the_store_does(settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken(*args):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ratelimit, "_database_count", broken)
    result = ratelimit.reserve("api_anon:198.51.100.7", rate="60/min", now=NOW)

    assert (result.allowed, result.count) == (True, 0)


@pytest.mark.django_db
def test_purge_deletes_only_the_counters_of_windows_that_have_ended(settings):
    settings.REDIS_URL = ""
    hit("t:old", rate="3/h", now=NOW - 3600)  # last hour's window
    hit("t:current", rate="3/h", now=NOW)

    deleted = ratelimit.counters_purge(now=NOW)

    assert deleted == 1
    assert RateCounter.objects.count() == 1
    assert hit("t:current", rate="3/h", now=NOW).count == 2
