from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from outcomes.enums import EndorsementState, VerificationMethod
from registrations.enums import Honorific


class Endorsement(models.Model):
    """An organisation's signature of a statement, given by a named person.

    Public only once verified (and approved where the statement asks for it). The signatory's
    email and the link's secret (only its hash is kept) never leave the organisers' pages.
    """

    statement = models.ForeignKey(
        "outcomes.Statement",
        on_delete=models.CASCADE,
        related_name="endorsements",
        verbose_name=_("statement"),
    )
    organisation = models.ForeignKey(
        "events.Organisation",
        on_delete=models.PROTECT,
        related_name="endorsements",
        verbose_name=_("organisation"),
    )
    state = models.CharField(_("state"), max_length=20, choices=EndorsementState.choices)
    method = models.CharField(_("verified as"), max_length=12, choices=VerificationMethod.choices)
    honorific = models.CharField(
        _("honorific"), max_length=12, choices=Honorific.choices, blank=True
    )
    signatory_name = models.CharField(_("name of the signatory"), max_length=200)
    signatory_title = models.CharField(
        _("title of the signatory"),
        max_length=200,
        help_text=_("For instance “Mayor of Quezon City”."),
    )
    email = models.EmailField(_("email of the signatory"))
    language = models.CharField(_("language for emails"), max_length=5, default="en")
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="endorsements",
        verbose_name=_("head of delegation's registration"),
    )
    # The emailed link: confirms (until it expires), then lets the signatory withdraw.
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    token_expires_at = models.DateTimeField(_("confirmation link expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("public since"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=20, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["statement", "published_at", "pk"]
        constraints = [
            # One live endorsement per organisation and statement, whatever the race.
            models.UniqueConstraint(
                fields=["statement", "organisation"],
                condition=~models.Q(state=EndorsementState.WITHDRAWN),
                name="endorsement_one_per_organisation",
                violation_error_message=_("This organisation has already endorsed the statement."),
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=EndorsementState.values),
                name="endorsement_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=EndorsementState.PUBLISHED)
                | models.Q(verified_at__isnull=False, published_at__isnull=False),
                name="endorsement_published_is_verified",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=EndorsementState.WITHDRAWN)
                | models.Q(withdrawn_at__isnull=False),
                name="endorsement_withdrawn_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["statement", "state", "published_at"]),
            models.Index(fields=["token_hash"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.statement}"

    @property
    def signatory(self) -> str:
        return " ".join(p for p in (self.honorific, self.signatory_name) if p)

    @property
    def is_public(self) -> bool:
        return self.state == EndorsementState.PUBLISHED
