"""The process-local layer in front of Redis: immutable renders, and heads dropped when any
process announces a change."""

import os
import time

import pytest
import redis
from django.core.cache import cache

from api.selectors import published as heads
from forum import localcache
from forum.published import render_cached, render_lookup


def _redis_for_tests() -> str:
    """The suite's Redis, or a local one on an index of its own when the suite runs without
    (the SQLite run): the layer is tested wherever a Redis server answers."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return ""
    return url


REDIS_URL = _redis_for_tests()
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server")


def wait_listening(timeout: float = 10) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        epoch = localcache.epoch()
        if epoch is not None:
            return epoch
        time.sleep(0.01)
    raise AssertionError("the invalidation channel was not joined")


def wait_for_epoch_after(epoch: int, timeout: float = 5) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = localcache.epoch()
        if now is not None and now > epoch:
            return now
        time.sleep(0.005)
    raise AssertionError("no invalidation heard")


def test_immutable_store_is_bounded_in_bytes_and_keeps_the_recently_used():
    store = localcache._Immutable(limit=100)
    store.put("a", b"x" * 20)
    store.put("b", b"y" * 20)
    store.get("a")  # a is now the most recently used
    for key in "cdef":
        store.put(key, b"z" * 20)
    store.put("huge", b"h" * 30)  # over a quarter of the limit: not kept

    assert [key for key in "abcdef" if store.get(key) is not None] == list("acdef")
    assert store.get("huge") is None
    assert store._size == 100


def test_without_redis_the_layer_is_off(settings):
    settings.REDIS_URL = ""
    localcache.immutable_put("k", b"body")

    assert (localcache.epoch(), localcache.immutable_get("k")) == (None, None)


@needs_redis
def test_renders_are_served_from_process_memory_once_read(settings):
    settings.REDIS_URL = REDIS_URL
    calls = []
    body = render_cached(event_id=1, number=2, variant="x", render=lambda: calls.append(1) or b"B")
    cache.clear()  # another process's Redis would not matter either

    again = render_cached(event_id=1, number=2, variant="x", render=lambda: b"never")
    looked_up = render_lookup(event_id=1, number=2, variant="x")

    assert (body, again, looked_up, calls) == (b"B", b"B", b"B", [1])


@needs_redis
@pytest.mark.django_db
def test_a_head_is_read_from_redis_once_until_another_process_announces_a_change(
    settings, monkeypatch, published
):
    settings.REDIS_URL = REDIS_URL
    published(1)
    slug = heads.Event.objects.get().slug
    epoch = wait_listening()
    shared_reads = []
    real = heads._event_head_shared
    monkeypatch.setattr(
        heads, "_event_head_shared", lambda **kw: shared_reads.append(1) or real(**kw)
    )

    # Another process of the suite (the Celery worker of a CI run) may announce a change of
    # its own meanwhile, which rightly drops the copy: measure again on a quiet channel.
    for _attempt in range(5):
        shared_reads.clear()
        epoch = localcache.epoch()
        first = heads.event_head_cached(slug=slug)
        repeated = [heads.event_head_cached(slug=slug) for _ in range(5)]
        if localcache.epoch() == epoch:
            break
    # Another process's announce(): a message on the channel, from another connection.
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.publish(localcache._channel(), b"1")
    client.close()
    wait_for_epoch_after(epoch)
    after = heads.event_head_cached(slug=slug)

    assert all(head is first for head in repeated)  # the process's own copy
    assert (after.id, after.number, len(shared_reads)) == (first.id, 1, 2)


@needs_redis
def test_announce_drops_this_process_copies_at_once_and_tells_the_others(settings):
    settings.REDIS_URL = REDIS_URL
    epoch = wait_listening()
    other = redis.Redis.from_url(settings.REDIS_URL).pubsub()
    other.subscribe(localcache._channel())
    other.get_message(timeout=2)  # the subscribe confirmation

    localcache.announce()
    heard = other.get_message(timeout=2)
    other.close()

    assert localcache.epoch() > epoch  # before any message came back
    assert (heard["type"], heard["data"]) == ("message", b"1")


@needs_redis
def test_while_not_listening_nothing_local_is_trusted(settings, monkeypatch):
    settings.REDIS_URL = REDIS_URL
    wait_listening()
    monkeypatch.setattr(localcache._listener, "_listening", False)

    assert localcache.epoch() is None
