from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEventType(models.TextChoices):
    """What a partner can subscribe to. Add a member here and a receiver of the domain event
    (forum.signals) in ``api/receivers.py`` that calls ``webhook_event_emit``."""

    SCHEDULE_PUBLISHED = "schedule.published", _("A new programme version was published")
    ENDORSEMENT_PUBLISHED = (
        "endorsement.published",
        _("An endorsement of a statement became public"),
    )
    DOCUMENT_PUBLISHED = (
        "document.published",
        _("A public document was published or got a new file"),
    )
    PLEDGE_PUBLISHED = (
        "pledge.published",
        _("A local action pledged under a statement became public or was updated"),
    )


class PartnerScope(models.TextChoices):
    """What a partner key may read beyond the published programme (granted per key)."""

    SESSION_LINKS = "session_links", _("Session stream and recording links")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    RETRYING = "retrying", _("Retrying")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (gave up)")
    GONE = "gone", _("Endpoint gone (disabled)")
