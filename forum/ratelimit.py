"""Rate limits that hold across every worker process, and the client address they key on.

One home for both: the public forms, the partner API's throttle, the login lock-out
(django-axes) and the service-level limits (new links, delegation members, endorsement
emails) all count here.

Counting is a fixed window per bucket (``"20/h"``: at most 20 hits per clock hour). With
``REDIS_URL`` the counters live in the Redis cache (one atomic ``INCR``); otherwise in the
database (``forum.models.RateCounter``, one atomic upsert), so several workers of the
embedded default share them too. When the store fails (Redis down, database busy) the limit
fails open: the hit is allowed and a warning is logged, never a 500 for the visitor.

High-volume buckets (the partner API's throttle) may count in blocks (``reserve()``): a
process takes several hits from the shared counter at once and spends them locally, so only
one request in a block writes to the store. The shared count still bounds the total: no
window ever allows more than its limit, across all processes; a process can only hold some
unspent hits, letting a client reach 429 slightly before the limit.
"""

import hashlib
import ipaddress
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.shortcuts import render

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


@dataclass(frozen=True)
class Hit:
    """The outcome of counting one hit: allowed or not, and when the window ends."""

    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends


def parse_rate(rate: str) -> Rate:
    """``"20/h"``, ``"3/hour"``, ``"60/min"``, ``"5/10m"`` (five per ten minutes)."""
    match = _RATE.match(rate or "")
    if match is None:
        raise ValueError(f"not a rate: {rate!r}")
    limit, multiple, unit = match.groups()
    return Rate(limit=int(limit), seconds=int(multiple or 1) * _UNITS[unit.lower()])


# --- client address --------------------------------------------------------------------------


def client_address(request) -> str:
    """The client's address as far as we can trust it.

    ``FORUM_NUM_PROXIES`` = 0 (the default): ``REMOTE_ADDR``; ``X-Forwarded-For`` is ignored,
    since anyone can send it. N > 0: the N-th address from the right of ``X-Forwarded-For``,
    the one the outermost of our N proxies saw (as DRF counts them). Anything not an IP
    address falls back to ``REMOTE_ADDR``.
    """
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    proxies = int(getattr(settings, "FORUM_NUM_PROXIES", 0) or 0)
    candidate = remote
    if proxies > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if forwarded:
            candidate = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote[:45]


def axes_client_address(request) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the same address the rate limits see."""
    return client_address(request)


def axes_username(request, credentials: dict | None = None) -> str:
    """django-axes' AXES_USERNAME_CALLABLE: the submitted username, cut to what a username
    can be, so an overlong one is an ordinary failed login rather than a row too long."""
    if credentials:
        username = credentials.get("username")
    else:
        username = request.POST.get("username") if request is not None else None
    return str(username or "")[:150]


# --- stores ----------------------------------------------------------------------------------


def _bucket_key(bucket: str) -> str:
    return hashlib.sha256(bucket.encode()).hexdigest()


def _cache_count(key: str, window_ends: int, now: float, amount: int = 1) -> int:
    cache = caches["default"]
    cache_key = f"rl:{key}:{window_ends}"
    timeout = max(1, int(window_ends - now) + 1)
    cache.add(cache_key, 0, timeout)
    try:
        return cache.incr(cache_key, amount)
    except ValueError:  # evicted between add and incr: these hits are the first
        cache.set(cache_key, amount, timeout)
        return amount


# One statement, atomic on both backends: PostgreSQL locks the conflicting row, SQLite has
# one writer at a time. A newer window restarts the count. Table: forum.models.RateCounter.
UPSERT_SQL = (
    'INSERT INTO "forum_ratecounter" ("key", "window_ends", "count") VALUES (%s, %s, %s) '
    'ON CONFLICT ("key") DO UPDATE SET '
    '"count" = CASE WHEN "forum_ratecounter"."window_ends" >= excluded."window_ends" '
    'THEN "forum_ratecounter"."count" + excluded."count" ELSE excluded."count" END, '
    '"window_ends" = CASE WHEN "forum_ratecounter"."window_ends" >= excluded."window_ends" '
    'THEN "forum_ratecounter"."window_ends" ELSE excluded."window_ends" END '
    'RETURNING "count"'
)


def _database_count(key: str, window_ends: int, now: float, amount: int = 1) -> int:
    ends = datetime.fromtimestamp(window_ends, tz=UTC)
    params = [key, connection.ops.adapt_datetimefield_value(ends), amount]
    # Callers count outside their transactions (in autocommit the upsert commits at once,
    # so a concurrent request sees it), and a failure here cannot break theirs.
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_SQL, params)
        count = cursor.fetchone()[0]
    return count


def counters_purge(*, now: float | None = None) -> int:
    """Delete the database counters of windows that have ended (the embedded runner's sweeper
    calls it; Redis expires its own). Returns how many were deleted."""
    from forum.models import RateCounter

    now = time.time() if now is None else now
    ended = RateCounter.objects.filter(window_ends__lt=datetime.fromtimestamp(now, tz=UTC))
    return ended.delete()[0]


def _count(key: str, window_ends: int, now: float, amount: int = 1) -> int:
    if getattr(settings, "REDIS_URL", ""):
        return _cache_count(key, window_ends, now, amount)
    return _database_count(key, window_ends, now, amount)


# --- the limiter -----------------------------------------------------------------------------


def _window(rate: str, now: float | None) -> tuple[Rate, float, int, int]:
    """(rate, now, end of the current window, seconds until it ends)."""
    parsed = parse_rate(rate)
    now = time.time() if now is None else now
    window_ends = (int(now) // parsed.seconds + 1) * parsed.seconds
    return parsed, now, window_ends, max(1, int(window_ends - now))


def _counted(bucket: str, key: str, window_ends: int, now: float, amount: int) -> int | None:
    """The shared count after adding ``amount``, or None (logged) when the store fails."""
    try:
        return _count(key, window_ends, now, amount)
    except Exception as exc:
        scope = bucket.split(":", 1)[0]
        logger.warning(
            "rate limit store unavailable (%s) for %s: allowing", type(exc).__name__, scope
        )
        return None


def hit(bucket: str, *, rate: str, now: float | None = None) -> Hit:
    """Count one hit on ``bucket`` (e.g. ``"new-link:email:…"``) against ``rate``.

    The bucket name may hold personal data (an address, an email): only its SHA-256 is
    stored, and it is never logged. Fails open if the store does.
    """
    parsed, now, window_ends, retry_after = _window(rate, now)
    count = _counted(bucket, _bucket_key(bucket), window_ends, now, 1)
    if count is None:
        return Hit(allowed=True, count=0, retry_after=retry_after)
    return Hit(allowed=count <= parsed.limit, count=count, retry_after=retry_after)


class Reservations:
    """Hits a process took from shared counters and has not spent yet, per bucket and window."""

    def __init__(self):
        self._lock = threading.Lock()
        self._left: dict[tuple[str, int], int] = {}

    def take(self, key: str, window_ends: int) -> bool:
        with self._lock:
            left = self._left.get((key, window_ends), 0)
            if left <= 0:
                return False
            self._left[(key, window_ends)] = left - 1
            return True

    def keep(self, key: str, window_ends: int, left: int, now: float) -> None:
        with self._lock:
            if len(self._left) > 4096:  # forget ended windows (and, if need be, everything)
                self._left = {k: v for k, v in self._left.items() if k[1] > now}
                if len(self._left) > 4096:
                    self._left.clear()
            if left > 0:
                self._left[(key, window_ends)] = left

    def clear(self) -> None:
        with self._lock:
            self._left.clear()


reservations = Reservations()


def block_size(limit: int) -> int:
    """How many hits ``reserve()`` takes at once: ``FORUM_RATE_LIMIT_BLOCK`` if set (1 counts
    every hit in the shared store), else 1 % of the limit, between 1 and 50."""
    configured = int(getattr(settings, "FORUM_RATE_LIMIT_BLOCK", 0) or 0)
    if configured > 0:
        return configured
    return max(1, min(50, limit // 100))


def reserve(
    bucket: str,
    *,
    rate: str,
    now: float | None = None,
    store: Reservations = reservations,
) -> Hit:
    """Like ``hit()``, for high-volume buckets: spend a hit this process already holds, or take
    a block of them from the shared counter (one write) and spend the first.

    A block past the limit is granted only up to the limit, so all processes together never
    allow more than the limit in a window. ``count`` is the shared count when this request
    wrote it, else 0.
    """
    parsed, now, window_ends, retry_after = _window(rate, now)
    key = _bucket_key(bucket)
    if store.take(key, window_ends):
        return Hit(allowed=True, count=0, retry_after=retry_after)
    block = block_size(parsed.limit)
    count = _counted(bucket, key, window_ends, now, block)
    if count is None:
        return Hit(allowed=True, count=0, retry_after=retry_after)
    granted = min(block, parsed.limit - (count - block))
    if granted <= 0:
        return Hit(allowed=False, count=count, retry_after=retry_after)
    store.keep(key, window_ends, granted - 1, now)
    return Hit(allowed=True, count=count, retry_after=retry_after)


def too_many(request, retry_after: int):
    """The 429 page, with Retry-After."""
    response = render(request, "events/ratelimited.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


def ratelimit(
    scope: str,
    *,
    rate: Callable[[], str],
    methods: tuple[str, ...] = ("POST",),
):
    """View decorator: at most ``rate()`` requests per client address for ``scope``.

    ``rate`` is read at each request (from settings), so deployments and tests can change it.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                result = hit(f"{scope}:ip:{client_address(request)}", rate=rate())
                if not result.allowed:
                    return too_many(request, result.retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
