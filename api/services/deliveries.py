"""Webhook deliveries: one signed attempt at a time, exponential backoff for up to a day.

Partners verify ``Forum-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "t.body")>``
(docs/webhooks.md). A ``410 Gone`` answer disables the endpoint for good. The deliveries are
recorded by ``api.services.webhooks.webhook_event_emit``; ``api.tasks`` runs each attempt.
"""

import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from api.enums import DeliveryState
from api.models import WebhookDelivery
from forum.egress import safe_post
from forum.locking import lock

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5
RETRY_BASE = timedelta(seconds=30)  # 30 s, 1 min, 2 min, 4 min … capped below
RETRY_CAP = timedelta(hours=6)
RETRY_WINDOW = timedelta(hours=24)  # then the delivery is given up
IN_FLIGHT = timedelta(minutes=2)  # an attempt's hold on its delivery (see _delivery_take)
USER_AGENT = "forum-webhooks/1"


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def retry_delay(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failed attempt (1-based): 30 s doubling, capped at 6 h."""
    return min(RETRY_BASE * (2 ** (attempts - 1)), RETRY_CAP)


def _post(*, url: str, body: bytes, headers: dict) -> int:
    """POST and return the status (a redirect is a failed attempt, never followed); raises
    OSError on network failure, ValueError for an address that may not be called."""
    return safe_post(url, body=body, headers=headers, timeout=TIMEOUT_SECONDS)


@transaction.atomic
def _delivery_take(*, delivery_id: int, now) -> tuple[WebhookDelivery | None, bool]:
    """Lock the delivery and, when an attempt is due, hold it for this caller.

    Returns the delivery and whether to post now. The hold (``next_attempt_at`` pushed
    ``IN_FLIGHT`` ahead) makes a concurrent retry or manual resend find it not due, so nobody
    posts twice at once, while no transaction stays open during the HTTP call.
    """
    found = lock(WebhookDelivery.objects.select_related("endpoint"), delivery_id)
    delivery = found[0] if found else None
    if delivery is None or delivery.state not in (DeliveryState.PENDING, DeliveryState.RETRYING):
        return delivery, False
    if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
        return delivery, False  # not due yet (a sweep and a scheduled retry may both ask)
    if not delivery.endpoint.is_active:
        delivery.state, delivery.next_attempt_at = DeliveryState.GONE, None
        delivery.save(update_fields=["state", "next_attempt_at"])
        return delivery, False
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now + IN_FLIGHT)
    return delivery, True


def webhook_deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """One attempt. Returns the delivery; when it should be retried, ``next_attempt_at`` says when."""
    now = timezone.now()
    delivery, due = _delivery_take(delivery_id=delivery_id, now=now)
    if not due:
        return delivery
    endpoint = delivery.endpoint
    body = json.dumps(
        {"id": str(delivery.uuid), **delivery.payload}, separators=(",", ":"), sort_keys=True
    ).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Forum-Event": delivery.type,
        "Forum-Delivery": str(delivery.uuid),
        "Forum-Signature": webhook_signature(
            secret=endpoint.secret, timestamp=timestamp, body=body
        ),
    }
    delivery.attempts += 1
    try:
        status, error = _post(url=endpoint.url, body=body, headers=headers), ""
    except (OSError, ValueError) as exc:  # refused, timeout, DNS, bad URL
        status, error = None, f"{type(exc).__name__}: {exc}"[:500]
    delivery.last_status, delivery.last_error = status, error
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = (
            DeliveryState.DELIVERED,
            now,
            None,
        )
    elif status == 410:
        delivery.state, delivery.next_attempt_at = DeliveryState.GONE, None
        endpoint.is_active = False
        endpoint.disabled_reason = "410 Gone"
        endpoint.save(update_fields=["is_active", "disabled_reason"])
        logger.info("webhook endpoint %s answered 410: disabled", endpoint.pk)
    else:
        next_at = now + retry_delay(delivery.attempts)
        if next_at - delivery.created_at > RETRY_WINDOW:
            delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
        else:
            delivery.state, delivery.next_attempt_at = DeliveryState.RETRYING, next_at
    delivery.save(
        update_fields=[
            "attempts",
            "last_status",
            "last_error",
            "state",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def webhook_deliveries_due(*, now=None) -> list[int]:
    """Ids of deliveries whose retry time has come (``manage.py webhooks_retry``).

    Their outbox jobs would send them anyway at that time; the command only does it now.
    """
    return list(
        WebhookDelivery.objects.filter(
            state=DeliveryState.RETRYING, next_attempt_at__lte=now or timezone.now()
        ).values_list("pk", flat=True)
    )
