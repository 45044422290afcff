from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from forum.content import DEFAULT_CONTENT_LANGUAGE, Text, pick_for_page
from registrations.enums import (
    ACTIVE_STATES,
    PARTICIPANT_STATES,
    SEAT_HOLDING_STATES,
    CreatedBy,
    HeadOfDelegationClaim,
    Honorific,
    InterpretationNeed,
    InvitationKind,
    Participation,
    RegistrationState,
)


class RegistrationCategory(models.Model):
    """Who may register and on what terms: head of delegation, delegate, press…"""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="categories", verbose_name=_("event")
    )
    name = models.CharField(_("name (English)"), max_length=120)
    # name_fr, name_es… and description_en…: one column per content language (translation.py).
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    requires_approval = models.BooleanField(_("requires approval"), default=False)
    invitation_only = models.BooleanField(_("by invitation only"), default=False)
    is_public = models.BooleanField(
        _("offered on the public form"),
        default=True,
        help_text=_("Hidden categories are reachable only with an invitation."),
    )
    waitlist_enabled = models.BooleanField(_("waiting list when full"), default=True)
    organisation_quota = models.PositiveIntegerField(
        _("quota per organisation"),
        null=True,
        blank=True,
        help_text=_(
            "At most this many people per organisation (organisations may have their own "
            "quota). Leave empty for no limit."
        ),
    )
    online_offered = models.BooleanField(
        _("online participation offered"),
        default=False,
        help_text=_("Registrants may choose to follow the forum online (webcast, links)."),
    )
    online_capacity = models.PositiveIntegerField(
        _("online places"),
        null=True,
        blank=True,
        help_text=_(
            "Places for online participants, apart from the in-person capacity. Leave empty "
            "for no limit."
        ),
    )
    requires_nomination_letter = models.BooleanField(
        _("requires a nomination letter"),
        default=False,
        help_text=_(
            "Registrations wait with “credentials pending” until an organiser verifies the "
            "official letter nominating them."
        ),
    )
    fee = models.DecimalField(
        _("fee"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    visa_letter_offered = models.BooleanField(_("visa invitation letter offered"), default=False)
    badge_colour = models.CharField(_("badge colour"), max_length=7, default="#0b5394")

    class Meta:
        db_table = "events_registrationcategory"
        verbose_name = _("registration category")
        verbose_name_plural = _("registration categories")
        ordering = ["event", "order", "name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"], name="category_unique_name_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(fee__gte=0), name="category_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(online_offered=True) | models.Q(online_capacity__isnull=True),
                name="category_online_capacity_needs_online",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> Text:
        """The name in the active language, else in the event's languages in order, else in any
        language filled. The event's order applies when the event was loaded with the category
        (``select_related("event")`` or ``event.categories``); otherwise English comes first,
        so a list of categories never costs a query per row."""
        if RegistrationCategory.event.is_cached(self):
            languages = self.event.languages or [DEFAULT_CONTENT_LANGUAGE]
        else:
            languages = [DEFAULT_CONTENT_LANGUAGE]
        return pick_for_page(self, "name", languages)

    @property
    def has_fee(self) -> bool:
        return self.fee > 0


class Invitation(models.Model):
    """A code to share (uses, expiry) or a personal invitation emailed to a named person."""

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("event"),
    )
    category = models.ForeignKey(
        RegistrationCategory,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("category"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=InvitationKind.choices)
    code = models.CharField(_("code"), max_length=64)
    organisation = models.ForeignKey(
        "events.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("invitee name"), max_length=200, blank=True)
    email = models.EmailField(_("invitee email"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    grants_head_of_delegation = models.BooleanField(
        _("grants head of delegation"),
        default=False,
        help_text=_(
            "The invitee leads the organisation’s delegation without further confirmation. "
            "Only for personal invitations naming an organisation."
        ),
    )
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    uses = models.PositiveIntegerField(_("uses"), default=0)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "events_invitation"
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "code"], name="invitation_unique_code_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(uses__lte=models.F("max_uses")),
                name="invitation_uses_within_max",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="personal") | ~models.Q(email=""),
                name="invitation_personal_has_email",
            ),
            # Only a named person, for a named organisation, may be made head in advance.
            models.CheckConstraint(
                condition=models.Q(grants_head_of_delegation=False)
                | models.Q(kind="personal", organisation__isnull=False),
                name="invitation_head_grant_is_personal",
                violation_error_message=_(
                    "Only a personal invitation naming an organisation can grant head of "
                    "delegation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.category})"


class Delegation(models.Model):
    """An organisation's group at one event, led by its head of delegation."""

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="delegations",
        verbose_name=_("event"),
    )
    organisation = models.ForeignKey(
        "events.Organisation",
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("organisation"),
    )
    head = models.OneToOneField(
        "registrations.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_delegation",
        verbose_name=_("head of delegation"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "events_delegation"
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="delegation_unique_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.event}"


# Fields that hold personal data beyond the name: shown only to organisers with the
# personal-data permission, never public, never logged, and erased after retention.
SENSITIVE_FIELDS = (
    "dietary_needs",
    "accessibility_needs",
    "passport_number",
    "passport_expiry",
    "date_of_birth",
    "travel_support_reason",
)


class Registration(models.Model):
    """One person's registration for one event. States move only through services."""

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    category = models.ForeignKey(
        RegistrationCategory,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("category"),
    )
    state = models.CharField(_("state"), max_length=20, choices=RegistrationState.choices)
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    # Person
    honorific = models.CharField(
        _("honorific"), max_length=12, choices=Honorific.choices, blank=True
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "events.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organisation"),
    )
    organisation_name_new = models.CharField(
        _("new organisation (to review)"), max_length=200, blank=True
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language for emails"), max_length=5, default="en")
    nationality = CountryField(_("nationality"), blank=True)
    spoken_languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    interpretation_need = models.CharField(
        _("interpretation"), max_length=2, choices=InterpretationNeed.choices, blank=True
    )
    # Needs and visa (sensitive: see SENSITIVE_FIELDS)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    visa_letter_requested = models.BooleanField(
        _("visa invitation letter requested"), default=False
    )
    passport_number = models.CharField(_("passport number"), max_length=40, blank=True)
    passport_expiry = models.DateField(_("passport expiry"), null=True, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    travel_support_requested = models.BooleanField(_("travel support requested"), default=False)
    travel_support_reason = models.TextField(_("travel support request"), blank=True)
    consent_at = models.DateTimeField(_("privacy notice accepted"))
    # Relations
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("invitation"),
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("delegation"),
    )
    # Changed only through the services (an organiser's confirmation, or an invitation).
    head_of_delegation = models.CharField(
        _("head of delegation"),
        max_length=10,
        choices=HeadOfDelegationClaim.choices,
        blank=True,
        default=HeadOfDelegationClaim.NONE,
        editable=False,
    )
    # Self-service: the manage link's secret is never stored, only its SHA-256.
    manage_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A requested new link: it replaces the manage link only when first used, so asking for
    # one (anyone can, knowing the email) never locks the registrant out.
    pending_token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # The public form's one-time key: the same submission posted twice registers once.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # Who filled it in, and for a focal point's nomination, which focal point (the
    # registration's organisation is the one they nominate for).
    created_by = models.CharField(
        _("registered by"),
        max_length=20,
        choices=CreatedBy.choices,
        default=CreatedBy.REGISTRANT,
        editable=False,
    )
    nominated_by = models.ForeignKey(
        "registrations.FocalPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("nominated by"),
        editable=False,
    )
    # The mode whose place the registration holds (or, waitlisted, waits for). Changed only
    # through the services, which count each mode's places under the capacity lock.
    participation = models.CharField(
        _("participation"),
        max_length=10,
        choices=Participation.choices,
        default=Participation.IN_PERSON,
        editable=False,
    )
    # An online registrant who asked to come in person while no seat was free: they keep
    # their online place and wait, in the category's waiting-list order, for a seat.
    in_person_requested_at = models.DateTimeField(
        _("waiting for an in-person seat since"), null=True, blank=True, editable=False
    )
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        db_table = "events_registration"
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=RegistrationState.values),
                name="registration_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=RegistrationState.WAITLISTED)
                | models.Q(waitlisted_at__isnull=False),
                name="registration_waitlisted_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(head_of_delegation__in=HeadOfDelegationClaim.values),
                name="registration_head_of_delegation_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(created_by__in=CreatedBy.values),
                name="registration_created_by_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(participation__in=Participation.values),
                name="registration_participation_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(in_person_requested_at__isnull=True)
                | models.Q(participation=Participation.ONLINE),
                name="registration_in_person_request_is_online",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "organisation", "category"]),
            models.Index(fields=["category", "state"]),
            models.Index(fields=["event", "state"]),
            models.Index(fields=["category", "state", "waitlisted_at"]),
            models.Index(fields=["category", "participation", "state"]),
            models.Index(fields=["email"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.reference})"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.honorific, self.given_name, self.family_name) if p)

    @property
    def holds_seat(self) -> bool:
        return self.state in SEAT_HOLDING_STATES

    @property
    def is_participant(self) -> bool:
        """Approved: reads the participants' documents and follows the sessions online."""
        return self.state in PARTICIPANT_STATES

    @property
    def is_online(self) -> bool:
        return self.participation == Participation.ONLINE

    @property
    def is_active(self) -> bool:
        """Not cancelled or rejected: the registrant may still edit or cancel it."""
        return self.state in ACTIVE_STATES

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name_new


class RegistrationTransition(models.Model):
    """Who moved a registration from one state to another, when and why."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        max_length=20, help_text="organiser, registrant, head of delegation or system"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "events_registrationtransition"
        ordering = ["at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"
