"""A process-local layer in front of the shared cache, for what every public read needs.

With Redis as the shared cache each read is a network round trip (0.15–0.3 ms on loopback),
more than the rest of a warm 304. So each web process also keeps, in its own memory:

- immutable values: published renders, named by (event, version, variant) and never stale
  (``immutable_get``/``immutable_put``, a least-recently-used store bounded in bytes);
- values that change (the published event heads), each tagged with the *epoch* at which it
  was read. Every process listens to one Redis channel; an invalidation anywhere
  (``announce()``) bumps the epoch of every listening process, which drops its copies at once.
  A process that is not listening (starting up, Redis unreachable) reports no epoch and
  reads the shared cache every time, as it would without this layer.

Without ``REDIS_URL`` the shared cache is already process memory: the layer is off.
"""

import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings

logger = logging.getLogger(__name__)

# Bytes of immutable values kept per process.
IMMUTABLE_BYTES = 64 * 1024 * 1024
RECONNECT_SECONDS = 1.0


def enabled() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


# --- immutable values ------------------------------------------------------------------------


class _Immutable:
    def __init__(self, limit: int):
        self.limit = limit
        self._lock = threading.Lock()
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: str, value: bytes) -> None:
        if len(value) > self.limit // 4:  # one huge value must not evict everything
            return
        with self._lock:
            previous = self._items.pop(key, None)
            if previous is not None:
                self._size -= len(previous)
            self._items[key] = value
            self._size += len(value)
            while self._size > self.limit:
                _, evicted = self._items.popitem(last=False)
                self._size -= len(evicted)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


_immutable = _Immutable(IMMUTABLE_BYTES)


def immutable_get(key: str) -> bytes | None:
    return _immutable.get(key) if enabled() else None


def immutable_put(key: str, value: bytes) -> None:
    if enabled() and isinstance(value, bytes):
        _immutable.put(key, value)


# --- invalidation ----------------------------------------------------------------------------


def _channel() -> str:
    """One channel per deployment (cache prefix) and Redis database."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return f"{prefix}:localcache:invalidate:{settings.REDIS_URL.rsplit('/', 1)[-1]}"


class _Listener:
    """The epoch of this process's changing values, bumped by every invalidation it hears."""

    def __init__(self):
        self._lock = threading.Lock()
        self._epoch = 0
        self._listening = False
        self._pid: int | None = None

    def bump(self) -> None:
        with self._lock:
            self._epoch += 1

    def epoch(self) -> int | None:
        """The current epoch while listening, else None (nothing local may be trusted)."""
        if self._pid != os.getpid():
            self._start()
        return self._epoch if self._listening else None

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            # A forked worker inherits no thread: it starts its own, and trusts nothing yet.
            self._pid = os.getpid()
            self._listening = False
            self._epoch += 1
        thread = threading.Thread(target=self._run, name="forum-localcache", daemon=True)
        thread.start()

    def _run(self) -> None:
        import redis

        pid = os.getpid()
        while self._pid == pid:
            try:
                client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2)
                pubsub = client.pubsub()
                pubsub.subscribe(_channel())
                for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        # Anything read before this moment may have missed an invalidation.
                        self.bump()
                        self._listening = True
                    elif message["type"] == "message":
                        self.bump()
            except Exception as exc:
                logger.warning("local cache invalidation channel lost (%s)", type(exc).__name__)
            with self._lock:
                self._listening = False
                self._epoch += 1
            time.sleep(RECONNECT_SECONDS)


_listener = _Listener()


def epoch() -> int | None:
    """Tag for a changing value read now; None when local copies must not be used."""
    return _listener.epoch() if enabled() else None


def announce() -> None:
    """Changing values are stale: drop this process's copies now, and every other's."""
    if not enabled():
        return
    _listener.bump()
    try:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2)
        try:
            client.publish(_channel(), b"1")
        finally:
            client.close()
    except Exception as exc:  # the shared cache's own generation still changed
        logger.warning("local cache invalidation not sent (%s)", type(exc).__name__)


def clear() -> None:
    """Forget every local copy (the shared cache was cleared)."""
    _immutable.clear()
    _listener.bump()
