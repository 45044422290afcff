"""What each session said: its rapporteurs' report, and the key messages the organisers
compile into the outcome statement.

A report belongs to one session and is written by the session's rapporteurs through their
speaker link (and by the organisers). Its texts are in one or more content languages (one
column per language, translation.py); the sections are Markdown, rendered sanitised as the
statements are. A report is public only once accepted and published by the organisers.
"""

from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sessions.enums import ReportState


class ReportSettings(models.Model):
    """An event's reporting deadline: rapporteurs are reminded before it."""

    event = models.OneToOneField(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="report_settings",
        verbose_name=_("event"),
    )
    deadline = models.DateTimeField(
        _("deadline for reports"),
        null=True,
        blank=True,
        help_text=_("Rapporteurs are reminded before it; reports may still be written after."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reporting settings")
        verbose_name_plural = _("reporting settings")

    def __str__(self) -> str:
        return str(self.event)


class SessionReport(models.Model):
    """A session's report: key messages (rows of their own, so each can be picked into the
    statement) and three Markdown sections."""

    session = models.OneToOneField(
        "programme.Session",
        on_delete=models.CASCADE,
        related_name="report",
        verbose_name=_("session"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # actions_en, actions_fr…: one column per content language (translation.py).
    actions = models.TextField(
        _("what cities do"),
        blank=True,
        help_text=_("Practices and policies the session heard about."),
    )
    commitments = models.TextField(
        _("what cities commit to"),
        blank=True,
        help_text=_("Commitments made or proposed during the session."),
    )
    needs = models.TextField(
        _("what cities need from others"),
        blank=True,
        help_text=_("From national governments, UN agencies, donors, other cities."),
    )
    # The organisers' note when they returned a submitted report to its rapporteurs.
    return_note = models.TextField(_("note to the rapporteurs"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.CharField(_("submitted by"), max_length=200, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Shown on the session's public page from this moment (accepted reports only).
    published_at = models.DateTimeField(_("public since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")
        ordering = ["session__start", "session__code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ReportState.values), name="report_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | models.Q(state=ReportState.ACCEPTED),
                name="report_published_is_accepted",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ReportState.ACCEPTED)
                | models.Q(accepted_at__isnull=False),
                name="report_accepted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session.code}: {self.session}"

    @property
    def is_public(self) -> bool:
        return self.published_at is not None


def report_section_label(name: str) -> str:
    """A section's heading on every page and form: its field's name."""
    return capfirst(SessionReport._meta.get_field(name).verbose_name)


class ReportMessage(models.Model):
    """One key message of a report, in each language it is written in."""

    report = models.ForeignKey(
        SessionReport,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("report"),
    )
    position = models.PositiveSmallIntegerField(_("order"))
    # text_en, text_fr…: one column per content language (translation.py).
    text = models.TextField(_("key message"), max_length=1500)

    class Meta:
        verbose_name = _("key message")
        verbose_name_plural = _("key messages")
        ordering = ["report", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"], name="report_message_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ReportReminder(models.Model):
    """A reminder emailed to one rapporteur of one session: at most one per reminder day."""

    session = models.ForeignKey(
        "programme.Session", on_delete=models.CASCADE, related_name="report_reminders"
    )
    speaker = models.ForeignKey(
        "programme.Speaker", on_delete=models.CASCADE, related_name="report_reminders"
    )
    days_before = models.SmallIntegerField(_("days before the deadline"))
    deadline = models.DateTimeField(_("deadline reminded of"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        ordering = ["sent_at", "pk"]
        constraints = [
            # Once per reminder, whatever the race between two beats: a new deadline is a new
            # series of reminders.
            models.UniqueConstraint(
                fields=["session", "speaker", "deadline", "days_before"],
                name="report_reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.speaker_id} -{self.days_before}d"
