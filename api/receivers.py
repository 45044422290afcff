"""The partner API's subscriptions: domain events (forum.signals) and model writes.

- ``schedule_published``: the signed ``schedule.published`` webhook, and the fast path's
  cached event heads are forgotten so it serves the new version at once;
- ``endorsement_published``: the signed ``endorsement.published`` webhook;
- ``pledge_published``: the signed ``pledge.published`` webhook (the approved text: no
  personal data);
- ``documents_changed``: the signed ``document.published`` webhook when the document is public
  now, and on every change the cached event heads are forgotten (they carry the documents
  revision that names every render listing documents);
- ``post_save`` / ``post_delete`` of Event and ScheduleVersion: the cached event heads again,
  for the writes that have no service (the admin, the shell, fixtures): an event published,
  unpublished, renamed or moved to another time zone, a version deleted; ``post_delete`` of a
  Document (a session deleted with its documents).

Domain events are sent inside the service's transaction, so the webhook deliveries recorded
here commit or roll back with the change (and leave after the commit, through the outbox).
Webhooks and cache invalidation only, no domain logic.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from api.enums import WebhookEventType
from api.services.published import published_heads_invalidate
from api.services.webhooks import webhook_event_emit
from documents.models import Document
from documents.selectors.documents import document_file_url, document_read
from events.models import Event
from forum.content import texts_of
from forum.signals import (
    documents_changed,
    endorsement_published,
    pledge_published,
    schedule_published,
)
from outcomes.models import Endorsement, Pledge, PledgeRevision
from sessions.models import ScheduleVersion


def schedule_published_receive(sender, *, event: Event, version: ScheduleVersion, **kwargs) -> None:
    webhook_event_emit(
        event=event, type=WebhookEventType.SCHEDULE_PUBLISHED, data={"version": version.number}
    )
    published_heads_invalidate()


def endorsement_published_receive(sender, *, endorsement: Endorsement, **kwargs) -> None:
    statement = endorsement.statement
    webhook_event_emit(
        event=statement.event,
        type=WebhookEventType.ENDORSEMENT_PUBLISHED,
        data={
            "statement": statement.slug,
            "endorsement": endorsement.pk,
            "organisation": endorsement.organisation.slug,
            "url": settings.SITE_URL
            + reverse(
                "api:statement_endorsements",
                kwargs={"event_slug": statement.event.slug, "slug": statement.slug},
            ),
        },
    )


def pledge_published_receive(sender, *, pledge: Pledge, revision: PledgeRevision, **kwargs) -> None:
    statement = pledge.statement
    organisation = pledge.organisation
    webhook_event_emit(
        event=statement.event,
        type=WebhookEventType.PLEDGE_PUBLISHED,
        data={
            "statement": statement.slug,
            "pledge": pledge.code,
            "revision": revision.number,
            "titles": texts_of(revision, "title"),
            "status": revision.status,
            "organisation": {
                "slug": organisation.slug,
                "name": organisation.name,
                "country": organisation.country.code,
            },
            "url": settings.SITE_URL
            + reverse(
                "api:statement_pledges",
                kwargs={"event_slug": statement.event.slug, "slug": statement.slug},
            ),
        },
    )


def documents_changed_receive(
    sender, *, event: Event, document: Document, published: bool, **kwargs
) -> None:
    published_heads_invalidate()
    if not published:
        return
    read = document_read(document, lang=event.languages[0], languages=event.languages)
    webhook_event_emit(
        event=event,
        type=WebhookEventType.DOCUMENT_PUBLISHED,
        data={
            "document": document.code,
            "kind": document.kind,
            "session": document.session.code if document.session_id else None,
            "files": [
                {
                    "language": file.language,
                    "version": file.version,
                    "url": settings.SITE_URL + document_file_url(file, document=document),
                }
                for file in read.files.values()
            ],
            "url": settings.SITE_URL
            + reverse("api:document", kwargs={"event_slug": event.slug, "code": document.code}),
        },
    )


def _invalidate(sender, **kwargs) -> None:
    published_heads_invalidate()


def connect() -> None:
    schedule_published.connect(schedule_published_receive, dispatch_uid="api-schedule-published")
    endorsement_published.connect(
        endorsement_published_receive, dispatch_uid="api-endorsement-published"
    )
    pledge_published.connect(pledge_published_receive, dispatch_uid="api-pledge-published")
    documents_changed.connect(documents_changed_receive, dispatch_uid="api-documents-changed")
    for model in (Event, ScheduleVersion):
        for signal in (post_save, post_delete):
            signal.connect(_invalidate, sender=model, dispatch_uid=f"api-heads-{model.__name__}")
    post_delete.connect(_invalidate, sender=Document, dispatch_uid="api-heads-Document")
