"""Serving the published programme cheaply: strong validators and renders cached by version.

Everything public about a programme derives from one immutable ScheduleVersion, so the pair
(event, version number) plus the variant of the document (format, language, filters) names a
rendering for ever. A new publish changes the number: old cache entries are never served
again and simply expire (invalidation by construction). With Redis, each process also keeps
the renders it served in memory (forum.localcache).
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache

from forum import localcache

# Cached renders live a day; they never go stale, this only bounds memory.
RENDER_TIMEOUT = 24 * 3600


def _digest(event_id: int, number: int | None, variant: str) -> str:
    """The name of one variant of one published version (its ETag and its cache key)."""
    return hashlib.sha256(f"{event_id}:{number or 0}:{variant}".encode()).hexdigest()


def version_etag(*, event_id: int, number: int | None, variant: str = "") -> str:
    """A strong ETag (quoted, no W/) for one variant of one published version."""
    return f'"{_digest(event_id, number, variant)[:32]}"'


def _render_key(*, event_id: int, number: int | None, variant: str) -> str:
    return "published:" + _digest(event_id, number, variant)


def render_cached(
    *, event_id: int, number: int | None, variant: str, render: Callable[[], bytes]
) -> bytes:
    """The bytes of ``render()`` for this version and variant, rendered at most once per cache."""
    key = _render_key(event_id=event_id, number=number, variant=variant)
    body = localcache.immutable_get(key)
    if body is not None:
        return body
    body = cache.get(key)
    if body is None:
        body = render()
        cache.set(key, body, RENDER_TIMEOUT)
    localcache.immutable_put(key, body)
    return body


def render_lookup(*, event_id: int, number: int | None, variant: str) -> bytes | None:
    """The cached bytes of this version and variant if some request rendered them, else None.

    For shortcuts that must not render (the API's fast path): they fall back to the view.
    """
    key = _render_key(event_id=event_id, number=number, variant=variant)
    body = localcache.immutable_get(key)
    if body is None:
        body = cache.get(key)
        if body is not None:
            localcache.immutable_put(key, body)
    return body
