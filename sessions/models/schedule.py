from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduleVersion(models.Model):
    """A published, frozen programme. Never edited: the public site renders only the latest.

    ``snapshot`` holds rooms, tracks, public sessions and their speakers, without private
    data (no emails, no tokens); ``changes`` is the structured changelog against N-1.
    """

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="schedule_versions",
    )
    number = models.PositiveIntegerField(_("number"))
    comment = models.TextField(_("comment"), blank=True)
    snapshot = models.JSONField(_("snapshot"))
    changes = models.JSONField(_("changes"))
    # Set once by schedule_publish, in the publishing transaction (see publication_time):
    # strictly increasing per event, and the one time every output gives for this version.
    published_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("schedule version")
        verbose_name_plural = _("schedule versions")
        ordering = ["event", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"], name="scheduleversion_unique_number_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="scheduleversion_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} v{self.number}"
