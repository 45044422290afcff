"""Nominations: an organisation's focal points register people on its behalf, within quotas
per category, and back them with nomination letters that organisers verify."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.storage import PERSONAL_PREFIX, private_storage
from registrations.enums import LetterState


class FocalPoint(models.Model):
    """A person an organiser designates to nominate an organisation's delegates for one event.

    They have no account: a secret link opens their page; only its SHA-256 is stored, and a
    new link (``focal_point_new_link``) replaces it. A revoked focal point's link opens nothing.
    """

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("event"),
    )
    organisation = models.ForeignKey(
        "events.Organisation",
        on_delete=models.PROTECT,
        related_name="focal_points",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language for emails"), max_length=5, default="en")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("designated"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["organisation__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation", "email"],
                name="focal_point_unique_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.organisation})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class OrganisationQuota(models.Model):
    """How many people one organisation may register in one category: overrides the
    category's default (``RegistrationCategory.organisation_quota``)."""

    category = models.ForeignKey(
        "registrations.RegistrationCategory",
        on_delete=models.CASCADE,
        related_name="quotas",
        verbose_name=_("category"),
    )
    organisation = models.ForeignKey(
        "events.Organisation",
        on_delete=models.CASCADE,
        related_name="quotas",
        verbose_name=_("organisation"),
    )
    limit = models.PositiveIntegerField(_("quota"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("organisation quota")
        verbose_name_plural = _("organisation quotas")
        ordering = ["category", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "organisation"], name="quota_unique_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.limit} × {self.category}"


def letter_upload_to(letter: "NominationLetter", filename: str) -> str:
    return f"{PERSONAL_PREFIX}letters/{letter.event_id}/{filename}"


class NominationLetter(models.Model):
    """An official letter (nomination letter, note verbale) naming one or more registrations.

    Personal data: only organisers with the personal-data flag read it; erased with the rest
    of its registrations' personal data (the file goes, the decision stays).
    """

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="nomination_letters",
        verbose_name=_("event"),
    )
    organisation = models.ForeignKey(
        "events.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nomination_letters",
        verbose_name=_("organisation"),
    )
    registrations = models.ManyToManyField(
        "registrations.Registration",
        related_name="nomination_letters",
        verbose_name=_("registrations it names"),
    )
    focal_point = models.ForeignKey(
        FocalPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("uploaded by focal point"),
    )
    uploaded_by_label = models.CharField(
        _("uploaded by"), max_length=20, help_text="focal point, registrant or organiser"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=letter_upload_to, max_length=300, blank=True
    )
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    state = models.CharField(
        _("state"), max_length=10, choices=LetterState.choices, default=LetterState.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination letter")
        verbose_name_plural = _("nomination letters")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=LetterState.values), name="letter_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state=LetterState.PENDING) | models.Q(decided_at__isnull=False),
                name="letter_decision_has_time",
            ),
        ]
        indexes = [models.Index(fields=["event", "state"])]

    def __str__(self) -> str:
        return self.filename
