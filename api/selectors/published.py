"""Reads for the API: one query names the event and its latest version (the event head,
sessions.selectors.heads); the snapshot is read only when a rendering is not cached yet.

Programme data comes from the frozen ScheduleVersion snapshot only, never from working rows,
so unpublished edits stay invisible and a published version renders identically for ever.
"""

import time
import uuid

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from events.models import Event, Organisation
from forum import localcache
from sessions.enums import SpeakerState
from sessions.models import ScheduleVersion
from sessions.selectors.heads import PUBLIC_STATUSES, EventHead, event_head

# The fast path's copy of each public event's head (api/middleware.py), valid while it carries
# the current generation; api.services.published.published_heads_invalidate() replaces the
# generation whenever an event or a version changes. The short timeout only bounds how long a
# process-local cache (LocMemCache under several worker processes, which never sees another
# process's invalidation) may lag; a shared cache (Redis) sees every invalidation at once.
HEAD_GENERATION_KEY = "api:head:generation"
HEAD_TIMEOUT = 5


def event_head_cached(*, slug: str) -> EventHead | None:
    """``event_head(slug)`` from the cache when warm (no query), else read and remembered.

    The generation is read *before* the database, so a head read just before an invalidation
    is stored under the old generation and never served. With Redis, the process also keeps
    what it read, tagged with the epoch read *before* it, until an invalidation is heard.
    """
    epoch = localcache.epoch()
    if epoch is not None:
        local = _local_heads.get(slug)
        if local is not None and local[0] == epoch and local[1] > time.monotonic():
            return local[2]
    head = _event_head_shared(slug=slug)
    if epoch is not None and head is not None:
        if len(_local_heads) > 1024:
            _local_heads.clear()
        _local_heads[slug] = (epoch, time.monotonic() + HEAD_TIMEOUT, head)
    return head


# This process's copies of heads read from the shared cache: (epoch, expiry, head) per slug,
# valid while no invalidation was heard since (forum.localcache); with Redis only.
_local_heads: dict[str, tuple[int, float, EventHead]] = {}


def _event_head_shared(*, slug: str) -> EventHead | None:
    key = f"api:head:{slug}"
    found = cache.get_many([HEAD_GENERATION_KEY, key])
    generation, entry = found.get(HEAD_GENERATION_KEY), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return EventHead(**entry[1])
    if generation is None:
        cache.add(HEAD_GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(HEAD_GENERATION_KEY)
    head = event_head(slug=slug)
    if head is not None and generation is not None:
        fields = {
            "id": head.id,
            "timezone": head.timezone,
            "updated_at": head.updated_at,
            "number": head.number,
            "published_at": head.published_at,
            "languages": head.languages,
            "documents_revision": head.documents_revision,
            "documents_updated_at": head.documents_updated_at,
        }
        cache.set(key, (generation, fields), HEAD_TIMEOUT)
    return head


def version_snapshot(*, event_id: int, number: int) -> dict:
    """The frozen snapshot of one version (one query; callers cache what they render)."""
    return (
        ScheduleVersion.objects.filter(event_id=event_id, number=number)
        .values_list("snapshot", flat=True)
        .get()
    )


def version_list(*, event_id: int) -> list[dict]:
    return list(
        ScheduleVersion.objects.filter(event_id=event_id)
        .order_by("-number")
        .values("number", "comment", "published_at", "changes")
    )


def version_changes(*, event_id: int, number: int) -> dict | None:
    return (
        ScheduleVersion.objects.filter(event_id=event_id, number=number)
        .values("number", "comment", "published_at", "changes")
        .first()
    )


def events_public_stamp() -> tuple:
    """What the public event list depends on, in one aggregate query."""
    row = Event.objects.filter(status__in=PUBLIC_STATUSES).aggregate(
        count=Count("pk", distinct=True),
        updated=Max("updated_at"),
        version=Max("schedule_versions__pk"),
    )
    return row["count"], row["updated"], row["version"]


def organisations_public() -> QuerySet[Organisation]:
    """Organisations of confirmed speakers at public events.

    Not every organisation: some are created by registrants, and listing those would tell
    who registered. Speakers' organisations are printed in the programme anyway.
    """
    return (
        Organisation.objects.filter(
            speakers__state=SpeakerState.CONFIRMED, speakers__event__status__in=PUBLIC_STATUSES
        )
        .distinct()
        .order_by("name", "pk")
    )


def organisations_public_stamp() -> tuple:
    row = Organisation.objects.filter(
        Q(speakers__state=SpeakerState.CONFIRMED) & Q(speakers__event__status__in=PUBLIC_STATUSES)
    ).aggregate(
        count=Count("pk", distinct=True),
        updated=Max("updated_at"),
        speakers=Max("speakers__updated_at"),
    )
    return row["count"], row["updated"], row["speakers"]
