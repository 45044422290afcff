"""Signed webhooks: one delivery per subscribed endpoint, recorded in the caller's transaction.

``api.receivers`` calls :func:`webhook_event_emit` when a domain event says something
happened (forum.signals); ``api.tasks`` then sends each delivery (api.services.deliveries).
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from api.enums import DeliveryState, WebhookEventType
from api.models import WebhookDelivery, WebhookEndpoint, webhook_secret_new
from api.tasks import webhook_deliver_job
from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.egress import validate_public_url
from forum.errors import ServiceError
from forum.locking import lock_one
from forum.tasks import enqueue

# What the audit log records of an endpoint: never its signing secret.
AUDITED_FIELDS = ("name", "url", "event_types", "is_active", "disabled_reason")
# Deliveries an organiser may send again at once.
RETRYABLE = (DeliveryState.FAILED, DeliveryState.RETRYING, DeliveryState.GONE)


class WebhookError(ServiceError):
    """A refused change to a webhook endpoint or delivery; ``code`` names the field."""


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


def _checked(*, name: str, url: str, event_types: list[str]) -> tuple[str, str, list[str]]:
    name, url = name.strip(), url.strip()
    if not name:
        raise WebhookError(_("Say who receives these notifications."), code="name")
    if len(url) > WebhookEndpoint._meta.get_field("url").max_length:
        raise WebhookError(_("This address is too long."), code="url")
    try:
        validate_public_url(url)
    except ValidationError as exc:
        raise WebhookError(exc.messages[0], code="url") from exc
    if any(t not in WebhookEventType.values for t in event_types) or len(set(event_types)) != len(
        event_types
    ):
        raise WebhookError(_("Choose among the listed event types."), code="event_types")
    return name, url, sorted(event_types)


def _endpoint_of(event: Event, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    if endpoint.event_id != event.pk:
        raise WebhookError(_("This endpoint belongs to another event."), code="endpoint")
    return lock_one(WebhookEndpoint, endpoint.pk)


@transaction.atomic
def webhook_endpoint_create(
    *, event: Event, user: AbstractBaseUser, name: str, url: str, event_types: list[str]
) -> tuple[WebhookEndpoint, str]:
    """A new active endpoint; returns it and its signing secret, which the caller shows once."""
    name, url, event_types = _checked(name=name, url=url, event_types=event_types)
    endpoint = WebhookEndpoint.objects.create(
        event=event, name=name, url=url, event_types=event_types
    )
    audit_record(
        event=event,
        obj=endpoint,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(endpoint, AUDITED_FIELDS)),
    )
    return endpoint, endpoint.secret


@transaction.atomic
def webhook_endpoint_update(
    *,
    event: Event,
    endpoint: WebhookEndpoint,
    user: AbstractBaseUser,
    name: str,
    url: str,
    event_types: list[str],
) -> WebhookEndpoint:
    """Change who, where and what; the signing secret stays (see ``webhook_endpoint_rotate``)."""
    name, url, event_types = _checked(name=name, url=url, event_types=event_types)
    locked = _endpoint_of(event, endpoint)
    before = audit_snapshot(locked, AUDITED_FIELDS)
    locked.name, locked.url, locked.event_types = name, url, event_types
    locked.save(update_fields=["name", "url", "event_types"])
    audit_record(
        event=event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked, AUDITED_FIELDS)),
    )
    return locked


@transaction.atomic
def webhook_endpoint_rotate(
    *, event: Event, endpoint: WebhookEndpoint, user: AbstractBaseUser
) -> str:
    """A new signing secret, returned for the caller to show once; the log says only that it
    changed. Deliveries still waiting are signed with the new one."""
    locked = _endpoint_of(event, endpoint)
    locked.secret = webhook_secret_new()
    locked.save(update_fields=["secret"])
    audit_record(
        event=event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes={"secret": [None, None]},
        note=str(_("signing secret replaced")),
    )
    return locked.secret


@transaction.atomic
def webhook_endpoint_set_active(
    *, event: Event, endpoint: WebhookEndpoint, user: AbstractBaseUser, active: bool
) -> WebhookEndpoint:
    """Pause or resume notifications; resuming forgets why the endpoint was disabled."""
    locked = _endpoint_of(event, endpoint)
    before = audit_snapshot(locked, AUDITED_FIELDS)
    locked.is_active = active
    locked.disabled_reason = "" if active else str(_("disabled by an organiser"))
    locked.save(update_fields=["is_active", "disabled_reason"])
    audit_record(
        event=event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked, AUDITED_FIELDS)),
    )
    return locked


@transaction.atomic
def webhook_delivery_retry(
    *, event: Event, delivery: WebhookDelivery, user: AbstractBaseUser
) -> WebhookDelivery:
    """Send a failed (or waiting) delivery again now, through its usual outbox job.

    The delivery becomes due at once; the job's attempt follows the normal rules (backoff,
    given up a day after it was created, an inactive endpoint marks it gone).
    """
    locked = lock_one(WebhookDelivery.objects.select_related("endpoint"), delivery.pk)
    if locked.endpoint.event_id != event.pk:
        raise WebhookError(_("This delivery belongs to another event."), code="delivery")
    if locked.state not in RETRYABLE:
        raise WebhookError(
            _("Only a delivery that has not arrived can be sent again."), code="state"
        )
    if not locked.endpoint.is_active:
        raise WebhookError(_("Enable the endpoint before sending to it again."), code="inactive")
    before = audit_snapshot(locked, ("state", "next_attempt_at"))
    locked.state, locked.next_attempt_at = DeliveryState.RETRYING, None
    locked.save(update_fields=["state", "next_attempt_at"])
    audit_record(
        event=event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked, ("state", "next_attempt_at"))),
        note=str(_("sent again by hand")),
    )
    enqueue(webhook_deliver_job, delivery_id=locked.pk)
    return locked
