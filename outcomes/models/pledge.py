"""Local actions that signatory cities pledge after endorsing a statement.

A pledge belongs to a published endorsement: the signatory adds and updates it through the
endorsement's secret link. Every text the signatory sends is a numbered revision; an
organiser approves or rejects each one, and the public sees the latest approved revision.
The revisions are the pledge's history: what it said, and its status, on any day.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.links import LINK_MAX_LENGTH, validate_https_url
from outcomes.enums import PledgeState, PledgeStatus, RevisionState

FIGURE_MAX = 10**12


class Pledge(models.Model):
    statement = models.ForeignKey(
        "outcomes.Statement",
        on_delete=models.CASCADE,
        related_name="pledges",
        verbose_name=_("statement"),
    )
    endorsement = models.ForeignKey(
        "outcomes.Endorsement",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("endorsement"),
    )
    # The endorsement's organisation, kept here for the public lists' filters.
    organisation = models.ForeignKey(
        "events.Organisation",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("organisation"),
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    state = models.CharField(
        _("state"), max_length=12, choices=PledgeState.choices, default=PledgeState.PENDING
    )
    # The revision the public sees (the latest approved one).
    published_revision = models.ForeignKey(
        "outcomes.PledgeRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published text"),
    )
    published_at = models.DateTimeField(_("public since"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["statement", "published_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=PledgeState.values), name="pledge_state_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=PledgeState.PUBLISHED)
                | models.Q(published_revision__isnull=False, published_at__isnull=False),
                name="pledge_published_has_revision",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=PledgeState.WITHDRAWN)
                | models.Q(withdrawn_at__isnull=False),
                name="pledge_withdrawn_has_time",
            ),
        ]
        indexes = [models.Index(fields=["statement", "state"])]

    def __str__(self) -> str:
        return f"{self.code} ({self.organisation})"


class PledgeRevision(models.Model):
    """One text of a pledge as the signatory sent it; never changed once reviewed."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("pledge")
    )
    number = models.PositiveIntegerField(_("number"))
    # title_en, title_fr…, description_…, figure_label_…: one column per content language
    # (translation.py).
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    track = models.ForeignKey(
        "programme.Track",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledge_revisions",
        verbose_name=_("theme"),
    )
    status = models.CharField(_("status"), max_length=12, choices=PledgeStatus.choices)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    link = models.CharField(
        _("link"),
        max_length=LINK_MAX_LENGTH,
        blank=True,
        validators=[validate_https_url],
        help_text=_("A public page about the action (https)."),
    )
    figure = models.PositiveBigIntegerField(
        _("figure"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(FIGURE_MAX)],
        help_text=_("A number that shows the action's reach, for instance people reached."),
    )
    figure_label = models.CharField(
        _("what the figure counts"), max_length=120, blank=True, help_text=_("people reached")
    )
    state = models.CharField(
        _("state"), max_length=12, choices=RevisionState.choices, default=RevisionState.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("pledge revision")
        verbose_name_plural = _("pledge revisions")
        ordering = ["pledge", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "number"], name="pledge_revision_unique_number"
            ),
            # One revision at a time awaits review: a newer one replaces it.
            models.UniqueConstraint(
                fields=["pledge"],
                condition=models.Q(state=RevisionState.PENDING),
                name="pledge_one_pending_revision",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=RevisionState.values),
                name="pledge_revision_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PledgeStatus.values),
                name="pledge_revision_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[RevisionState.PENDING, RevisionState.SUPERSEDED])
                | models.Q(decided_at__isnull=False),
                name="pledge_revision_decided_has_time",
            ),
        ]
        indexes = [models.Index(fields=["pledge", "state", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.pledge.code} r{self.number}"


class StatementSource(models.Model):
    """A key message of a session's report that the organisers compiled into a version of a
    statement: the version's text traces back to the session and its report."""

    version = models.ForeignKey(
        "outcomes.StatementVersion",
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name=_("version"),
    )
    message = models.ForeignKey(
        "programme.ReportMessage",
        on_delete=models.PROTECT,
        related_name="statement_sources",
        verbose_name=_("key message"),
    )
    # The anchor of the section the message went into (outcomes.text.sections_split).
    section = models.CharField(_("section"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement source")
        verbose_name_plural = _("statement sources")
        ordering = ["version", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "message"], name="statement_source_unique_message"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ← {self.message_id}"
