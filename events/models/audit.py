from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditAction(models.TextChoices):
    """What a write did, as the timeline names it."""

    CREATED = "created", pgettext_lazy("audit action", "created")
    CHANGED = "changed", pgettext_lazy("audit action", "changed")
    DELETED = "deleted", pgettext_lazy("audit action", "deleted")
    CANCELLED = "cancelled", pgettext_lazy("audit action", "cancelled")
    RESTORED = "restored", pgettext_lazy("audit action", "restored")
    PUBLISHED = "published", pgettext_lazy("audit action", "published")
    INVITED = "invited", pgettext_lazy("audit action", "invited")
    REMOVED = "removed", pgettext_lazy("audit action", "removed")
    MERGED = "merged", pgettext_lazy("audit action", "merged")
    STATE_CHANGED = "state_changed", pgettext_lazy("audit action", "changed state")
    PAYMENT_RECORDED = "payment_recorded", pgettext_lazy("audit action", "payment recorded")
    REFUNDED = "refunded", pgettext_lazy("audit action", "refunded")
    REVOKED = "revoked", pgettext_lazy("audit action", "revoked")
    APPROVED = "approved", pgettext_lazy("audit action", "approved")
    WITHDRAWN = "withdrawn", pgettext_lazy("audit action", "withdrawn")
    ANSWERED = "answered", pgettext_lazy("audit action", "answered")
    RESOLVED = "resolved", pgettext_lazy("audit action", "resolved")
    CHECKED_IN = "checked_in", pgettext_lazy("audit action", "checked in")
    CHECK_IN_UNDONE = "check_in_undone", pgettext_lazy("audit action", "check-in undone")
    SUBMITTED = "submitted", pgettext_lazy("audit action", "submitted")
    DECIDED = "decided", pgettext_lazy("audit action", "decided")


class AuditEntry(models.Model):
    """One write to an event's data: who, when, what, and old → new for the fields that matter.

    Every organiser write (and what the system or a payment provider changes on their behalf)
    is recorded by its service through ``events.services.audit.audit_record``, in the write's
    own transaction. Personal data is never copied here: a changed passport number is
    recorded as changed, without its values.
    """

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who acted when no user did (or in what role): organiser, registrant, system, stripe.
    actor_label = models.CharField(_("by (role)"), max_length=40, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    # {field name: [old, new]}; [null, null] for a personal field that changed.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["event", "-at"], name="audit_event_at"),
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.object_repr} {self.action}"
