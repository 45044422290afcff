"""What an event's partner access page shows: its keys, webhook endpoints and latest deliveries."""

from django.db.models import QuerySet

from api.models import PartnerKey, WebhookDelivery, WebhookEndpoint
from events.models import Event

DELIVERY_LOG_SIZE = 50


def partner_key_list_for_event(*, event: Event) -> QuerySet[PartnerKey]:
    """Keys that read ``event`` (revoked ones too, last), with who created them: one query."""
    return (
        PartnerKey.objects.filter(events=event)
        .select_related("created_by")
        .order_by("revoked_at", "name", "pk")
    )


def webhook_endpoint_list_for_event(*, event: Event) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(event=event).order_by("name", "pk")


def webhook_delivery_log_for_event(*, event: Event) -> list[WebhookDelivery]:
    """The event's latest deliveries, newest first, with their endpoint: one query."""
    return list(
        WebhookDelivery.objects.filter(endpoint__event=event)
        .select_related("endpoint")
        .defer("payload")
        .order_by("-created_at", "-pk")[:DELIVERY_LOG_SIZE]
    )
