"""Invalidating the fast path's cached event heads (api.selectors.published.event_head_cached)."""

import uuid

from django.core.cache import cache
from django.db import transaction

from api.selectors.published import HEAD_GENERATION_KEY
from forum import localcache


def _generation_replace() -> None:
    cache.set(HEAD_GENERATION_KEY, uuid.uuid4().hex, None)
    localcache.announce()  # every process's own copies of the heads


def published_heads_invalidate() -> None:
    """Forget every cached event head: now, and again once the transaction commits.

    Now, so the writing transaction's own requests see the change; after commit, because a
    request may have read the database before the commit and cached what it read.
    """
    _generation_replace()
    transaction.on_commit(_generation_replace)
