"""Reads behind the feeds and the widget: the published version, and each session's revisions.

A session's revision history is derived from the published changelogs only (never from
working rows), so it is as immutable as the versions themselves and feeds stay cacheable.
"""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404

from events.models import Event
from sessions.models import ScheduleVersion
from sessions.selectors.public import PublicProgramme, programme_from_version

# The changelog headings (see sessions.services.schedule.changelog_compute).
CHANGE_KINDS = ("added", "cancelled", "moved", "retitled", "speakers_changed")


@dataclass(frozen=True)
class VersionMeta:
    """The latest published version without its (large) snapshot: enough for an ETag."""

    number: int
    published_at: datetime


@dataclass(frozen=True)
class Revision:
    """RFC 5545 bookkeeping for one session: SEQUENCE, CREATED and LAST-MODIFIED."""

    sequence: int
    created: datetime
    last_modified: datetime


def event_get_public(*, slug: str) -> Event:
    """A published or archived event (venue selected), else 404.

    Feeds are anonymous and cached by shared caches, so drafts are never served here, not even
    to their organisers.
    """
    event = Event.objects.select_related("venue").filter(slug=slug).first()
    if event is None or not event.is_public:
        raise Http404
    return event


def version_meta_latest(*, event: Event) -> VersionMeta | None:
    row = (
        ScheduleVersion.objects.filter(event=event)
        .order_by("-number")
        .values_list("number", "published_at")
        .first()
    )
    return VersionMeta(*row) if row else None


def programme_for_version(*, event: Event, meta: VersionMeta, lang: str) -> PublicProgramme:
    """The typed programme of one version, texts picked in ``lang`` (one query: its snapshot)."""
    version = ScheduleVersion.objects.defer("changes").get(event=event, number=meta.number)
    return programme_from_version(version=version, event=event, lang=lang)


def session_revisions(*, event: Event, up_to: int) -> dict[str, Revision]:
    """code -> Revision, from the changelogs of versions 1..``up_to`` (one query).

    A session first appears in a version's "added" list (version 1 lists everything against an
    empty programme; a cancelled session only stays public if it was public before). Each later
    version whose changelog mentions the session (moved, retitled, speakers changed,
    cancelled, re-added) bumps its SEQUENCE by one and moves its LAST-MODIFIED. Changes the
    changelog does not record (an abstract, a track) bump nothing.
    """
    rows = (
        ScheduleVersion.objects.filter(event=event, number__lte=up_to)
        .order_by("number")
        .values_list("published_at", "changes")
    )
    revisions: dict[str, Revision] = {}
    for published_at, changes in rows:
        mentioned = {
            entry["code"] for kind in CHANGE_KINDS for entry in (changes or {}).get(kind, [])
        }
        for code in mentioned:
            previous = revisions.get(code)
            revisions[code] = (
                Revision(0, published_at, published_at)
                if previous is None
                else Revision(previous.sequence + 1, previous.created, published_at)
            )
    return revisions
