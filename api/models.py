"""Partner keys, webhook endpoints and their delivery log.

Keys are stored as a SHA-256 of a 256-bit random secret: a slow password hash buys nothing
for secrets that cannot be guessed, and one indexed lookup per request keeps the API cheap.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from api.enums import DeliveryState, PartnerScope, WebhookEventType
from forum.egress import validate_public_url


def webhook_secret_new() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class PartnerKey(models.Model):
    """A partner's key for ``Authorization: Api-Key <key>``, valid for some events only."""

    name = models.CharField(
        _("partner"), max_length=200, help_text=_("Who uses this key, e.g. City of Quito website.")
    )
    events = models.ManyToManyField(
        "events.Event",
        verbose_name=_("events"),
        related_name="partner_keys",
        help_text=_("The key reads these events only."),
    )
    scopes = models.JSONField(
        _("scopes"),
        default=list,
        blank=True,
        help_text=_("What the key reads beyond the published programme."),
    )
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("partner key")
        verbose_name_plural = _("partner keys")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: PartnerScope | str) -> bool:
        return scope in (self.scopes or [])


class WebhookEndpoint(models.Model):
    """A partner URL that receives signed POSTs when something is published for an event."""

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    name = models.CharField(_("partner"), max_length=200)
    url = models.URLField(_("URL"), max_length=500, validators=[validate_public_url])
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=webhook_secret_new,
        help_text=_("Share it with the partner: they check each request's signature with it."),
    )
    event_types = models.JSONField(
        _("event types"),
        default=list,
        blank=True,
        help_text=_('Types to send, e.g. ["schedule.published"]; empty for all.'),
    )
    is_active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["event", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.url}"

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class WebhookDelivery(models.Model):
    """One notification to one endpoint, retried with backoff; the organisers' delivery log."""

    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    type = models.CharField(_("type"), max_length=64, choices=WebhookEventType.choices)
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_status = models.PositiveIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=DeliveryState.values),
                name="webhookdelivery_state_valid",
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.type} → {self.endpoint_id} ({self.state})"
