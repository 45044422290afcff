"""Signed webhooks: one delivery per subscribed endpoint, recorded in the caller's transaction.

``api.receivers`` calls :func:`webhook_event_emit` when a domain event says something
happened (forum.signals); ``api.tasks`` then sends each delivery (api.services.deliveries).
"""

from django.conf import settings
from django.urls import reverse

from api.enums import WebhookEventType
from api.models import WebhookDelivery, WebhookEndpoint
from api.tasks import webhook_deliver_job
from events.models import Event
from forum.tasks import enqueue


def _payload(*, event: Event, type: str, data: dict) -> dict:
    payload = {"type": type, "event": event.slug, **data}
    if type == WebhookEventType.SCHEDULE_PUBLISHED:
        path = reverse("api:schedule", kwargs={"event_slug": event.slug})
        payload["url"] = settings.SITE_URL + path
    return payload


def webhook_event_emit(*, event: Event, type: str, data: dict) -> list[WebhookDelivery]:
    """Record one delivery per subscribed endpoint and send each after the commit.

    Rows are written in the caller's transaction, so a rolled-back publish notifies nobody
    and a committed one is never forgotten (the log shows each attempt).
    """
    WebhookEventType(type)  # an unknown type is a programming error
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(event=event, is_active=True) if e.wants(type)
    ]
    if not endpoints:
        return []
    payload = _payload(event=event, type=type, data=data)
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, type=type, payload=payload) for endpoint in endpoints
    )
    for delivery in deliveries:  # bulk_create returns primary keys on SQLite and PostgreSQL
        enqueue(webhook_deliver_job, delivery_id=delivery.pk)
    return deliveries
