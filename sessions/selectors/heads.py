"""The event head: a public event, its latest published version and its documents revision,
in one small query.

Whatever serves the published programme (the feeds, the partner API and its fast path) takes
its validators (ETag, Last-Modified) from the head, so a conditional request renders nothing.
Outputs that list documents add the documents revision (counted up on every public change of
a document) to their variant, and their last change to Last-Modified.
"""

import json
from datetime import UTC, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from documents.models import Document
from events.enums import EventStatus
from events.models import Event
from sessions.models import ScheduleVersion

# Where a fast path that already read the head leaves (slug, head) on the request, so the
# view does not read it twice.
HEAD_ATTRIBUTE = "api_event_head"

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.ARCHIVED)


class EventHead:
    """A public event and its latest published version: all the validators need.

    Read with one small constant SQL statement (the ORM's query compilation costs more
    than the query); the full Event row is loaded only when a response is rendered.
    """

    def __init__(
        self,
        *,
        id: int,
        timezone: str,
        updated_at,
        number,
        published_at,
        languages=(),
        documents_revision: int = 0,
        documents_updated_at=None,
    ):
        self.id, self.timezone, self.updated_at = id, timezone, updated_at
        self.number, self.published_at = number, published_at
        self.languages = tuple(languages or ())  # working languages, in order (feeds' default)
        # What the public sees of the event's documents: counted up on every public change
        # (it names the renders that list documents), and when a document that was ever
        # published last changed (their Last-Modified).
        self.documents_revision = documents_revision
        self.documents_updated_at = documents_updated_at

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def event(self) -> Event:
        event = events_public(with_published_at=False).get(pk=self.id)
        event.latest_published_at = self.published_at
        return event

    @property
    def last_modified(self) -> datetime:
        return max(filter(None, (self.updated_at, self.published_at)))

    def with_documents(self, last_modified: datetime | None) -> datetime | None:
        """``last_modified`` of a response that lists documents as well: moved to their last
        change when it is later."""
        return max(filter(None, (last_modified, self.documents_updated_at)), default=None)


def events_public(*, with_published_at: bool = True) -> QuerySet[Event]:
    latest = ScheduleVersion.objects.filter(event=OuterRef("pk")).order_by("-number")
    annotations = {"latest_number": Subquery(latest.values("number")[:1])}
    if with_published_at:
        annotations["latest_published_at"] = Subquery(latest.values("published_at")[:1])
    return (
        Event.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("venue")
        .annotate(**annotations)
        .order_by("-start_date", "slug")
    )


def version_published_at(*, event_id: int, number: int) -> datetime:
    """When a version came out: immutable, so cached for good after one query.

    Kept out of the per-request query because SQLite stores ``published_at`` after the
    large snapshot in the row: reading it walks the snapshot's overflow pages, whereas the
    latest *number* comes from the (event, number) index alone.
    """
    key = f"api:published_at:{event_id}:{number}"
    value = cache.get(key)
    if value is None:
        value = (
            ScheduleVersion.objects.filter(event_id=event_id, number=number)
            .values_list("published_at", flat=True)
            .get()
        )
        cache.set(key, value, None)
    return value


# Constant SQL (table names as the models declare them: see test_head_sql_tables).
HEAD_SQL = (
    'SELECT e."id", e."timezone", e."updated_at", e."languages", '
    '(SELECT v."number" FROM "programme_scheduleversion" v WHERE v."event_id" = e."id" '
    'ORDER BY v."number" DESC LIMIT 1), '
    'e."documents_revision", '
    '(SELECT MAX(d."updated_at") FROM "documents_document" d WHERE d."event_id" = e."id" '
    'AND d."public_at" IS NOT NULL) '
    'FROM "events_event" e WHERE e."slug" = %s AND e."status" IN (%s, %s)'
)


def event_head(*, slug: str) -> EventHead | None:
    """One query when warm, whatever the endpoint: the public event's id, time zone and
    change time, and its latest version number; the version's publication time comes from
    the cache (immutable)."""
    with connection.cursor() as cursor:
        cursor.execute(HEAD_SQL, [slug, *PUBLIC_STATUSES])
        row = cursor.fetchone()
    if row is None:
        return None
    event_id, tz, updated_at, languages, number, documents_revision, documents_updated_at = row
    languages = json.loads(languages) if isinstance(languages, str) else languages
    updated_at = _aware(Event._meta.get_field("updated_at").to_python(updated_at))
    if documents_updated_at is not None:
        field = Document._meta.get_field("updated_at")
        documents_updated_at = _aware(field.to_python(documents_updated_at))
    published_at = version_published_at(event_id=event_id, number=number) if number else None
    return EventHead(
        id=event_id,
        timezone=tz,
        updated_at=updated_at,
        number=number,
        published_at=published_at,
        languages=languages,
        documents_revision=documents_revision,
        documents_updated_at=documents_updated_at,
    )


def _aware(value: datetime) -> datetime:
    """A time read by raw SQL: SQLite gives it naive (UTC), PostgreSQL aware."""
    if settings.USE_TZ and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)
    return value
