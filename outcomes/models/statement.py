from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.enums import WORKING_LANGUAGES, OrganisationKind
from outcomes.enums import DEFAULT_ENDORSING_KINDS, PUBLIC_STATES, StatementState


def default_endorsing_kinds() -> list[str]:
    return [str(kind) for kind in DEFAULT_ENDORSING_KINDS]


def validate_kinds(value) -> None:
    if not isinstance(value, list) or any(k not in OrganisationKind.values for k in value):
        raise ValidationError(_("Choose organisation kinds from the list."), code="invalid_kinds")


class Statement(models.Model):
    """An outcome declaration of one event, e.g. the "Quito Local Agenda".

    Its texts live in numbered versions; adoption freezes one of them. States move only
    through ``outcomes.services.statements`` and every move is logged.
    """

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="statements", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Used in addresses; never change it once public.")
    )
    summary = models.TextField(_("summary"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=StatementState.choices, default=StatementState.DRAFT
    )
    endorsing_kinds = models.JSONField(
        _("organisation kinds that may endorse"),
        default=default_endorsing_kinds,
        validators=[validate_kinds],
    )
    requires_approval = models.BooleanField(
        _("every endorsement needs an organiser's approval"),
        default=True,
        help_text=_(
            "Endorsements not proven by an official email domain or a confirmed head of "
            "delegation always need it."
        ),
    )
    adopted_version = models.ForeignKey(
        "outcomes.StatementVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted version"),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["event", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="statement_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(state__in=StatementState.values), name="statement_state_valid"
            ),
            # Adopted, open and closed statements carry their frozen text and date.
            models.CheckConstraint(
                condition=models.Q(state__in=[StatementState.DRAFT, StatementState.CONSULTATION])
                | models.Q(adopted_version__isnull=False, adopted_on__isnull=False),
                name="statement_adopted_has_version",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def is_open(self) -> bool:
        return self.state == StatementState.OPEN

    @property
    def endorsing_kind_labels(self) -> list[str]:
        return [
            str(OrganisationKind(kind).label)
            for kind in self.endorsing_kinds
            if kind in OrganisationKind.values
        ]


class StatementVersion(models.Model):
    """One numbered, immutable text of a statement in each working language (Markdown)."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="versions", verbose_name=_("statement")
    )
    number = models.PositiveIntegerField(_("number"))
    text_en = models.TextField(_("text (English)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement version")
        verbose_name_plural = _("statement versions")
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"], name="statement_version_unique_number"
            ),
            models.CheckConstraint(
                condition=~models.Q(text_en="", text_fr="", text_es=""),
                name="statement_version_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement} v{self.number}"

    def text(self, language: str) -> str:
        return getattr(self, f"text_{language}", "") if language in WORKING_LANGUAGES else ""

    @property
    def languages(self) -> list[str]:
        return [code for code in WORKING_LANGUAGES if self.text(code).strip()]

    def text_for(self, language: str | None, preferred: list[str]) -> tuple[str, str]:
        """(language, text): ``language`` if written, else the first written of ``preferred``."""
        language = (language or translation.get_language() or "en")[:2]
        for code in (language, *preferred, *WORKING_LANGUAGES):
            if self.text(code).strip():
                return code, self.text(code)
        return language, ""


class StatementTransition(models.Model):
    """Who moved a statement from one state to another, and when."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    version_number = models.PositiveIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("statement state change")
        verbose_name_plural = _("statement state changes")

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"


class Comment(models.Model):
    """A registered participant's comment on one section of a version, during consultation."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="comments", verbose_name=_("statement")
    )
    version = models.ForeignKey(
        StatementVersion,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("version"),
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="statement_comments",
        verbose_name=_("author"),
    )
    language = models.CharField(_("language"), max_length=5)
    section = models.CharField(_("section anchor"), max_length=120)
    section_title = models.CharField(_("section"), max_length=300)
    body = models.TextField(_("comment"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["statement", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.section_title}: {self.body[:40]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
