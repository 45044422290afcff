"""The call for side events: what partner organisations propose, how reviewers score it, and
the session an accepted proposal becomes.

Proposals are never public: the proposing organisation, its contact and its speakers are
seen by the proposer (through the proposal's secret link) and the event's organisers;
reviewers see what the call's anonymisation leaves them. Only an accepted proposal's
session, once published in the programme, is public.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.enums import WORKING_LANGUAGES, Language, OrganisationKind
from forum.content import DEFAULT_CONTENT_LANGUAGE, Text, pick_for_page
from sessions.enums import PROPOSAL_FORMATS, SCORE_MAX, ProposalState
from sessions.models.programme import code_new, validate_languages


def proposal_format_choices() -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in PROPOSAL_FORMATS]


class CallForProposals(models.Model):
    """An event's call for side events: its dates (stored in UTC, shown in the event's zone),
    what it offers and how proposals are judged. One per event."""

    event = models.OneToOneField(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="call_for_proposals",
        verbose_name=_("event"),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    # Shown on the public page only once published.
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Show the call on the event's public pages.")
    )
    # guidelines_en, guidelines_fr…: one column per content language (translation.py).
    guidelines = models.TextField(
        _("guidelines"),
        blank=True,
        help_text=_("Who may apply, what the forum looks for, and how proposals are judged."),
    )
    formats = models.JSONField(_("formats offered"), default=list)
    tracks = models.ManyToManyField(
        "programme.Track",
        blank=True,
        related_name="calls",
        verbose_name=_("tracks offered"),
        help_text=_("Leave empty to offer every track."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_languages],
        help_text=_("Languages a side event may be held in."),
    )
    max_per_organisation = models.PositiveSmallIntegerField(
        _("proposals per organisation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Most proposals one organisation may submit; empty for no limit."),
    )
    anonymise = models.BooleanField(
        _("anonymous review"),
        default=False,
        help_text=_("Reviewers do not see who proposes, co-organises or speaks."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Call for side events"))

    def is_open(self, at) -> bool:
        """Whether proposals may be started, edited and submitted at ``at``: from the opening
        minute, until (not at) the closing minute."""
        return self.opens_at <= at < self.closes_at

    def _languages(self) -> list[str]:
        if CallForProposals.event.is_cached(self):
            return self.event.languages or [DEFAULT_CONTENT_LANGUAGE]
        return [DEFAULT_CONTENT_LANGUAGE]

    @property
    def display_guidelines(self) -> Text:
        return pick_for_page(self, "guidelines", self._languages())


class ReviewCriterion(models.Model):
    """One thing reviewers score, from 0 to ``SCORE_MAX``; ``weight`` is its share of the total."""

    call = models.ForeignKey(
        CallForProposals,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("call for proposals"),
    )
    # name_fr, description_es…: one column per content language (translation.py).
    name = models.CharField(_("criterion"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight_min"),
        ]

    def __str__(self) -> str:
        return self.name


class Proposal(models.Model):
    """A partner organisation's proposed side event, edited through its secret link.

    The proposing organisation is one from the directory, or (``organisation`` empty) a new
    one named in ``new_organisation_*`` until an organiser adds it to the directory or links
    an existing one. ``session`` is the programme session an accepted proposal became.
    """

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="proposals", verbose_name=_("event")
    )
    call = models.ForeignKey(
        CallForProposals,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("call for proposals"),
    )
    code = models.CharField(_("reference"), max_length=16, default=code_new)
    state = models.CharField(
        _("state"), max_length=16, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # A requested new link: it replaces the secret link only when first used, so asking for one
    # (anyone can, knowing the contact's email) never locks the proposer out.
    pending_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    organisation = models.ForeignKey(
        "events.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("proposing organisation"),
    )
    new_organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    new_organisation_kind = models.CharField(
        _("kind"), max_length=32, choices=OrganisationKind.choices, blank=True
    )
    new_organisation_country = CountryField(_("country"), blank=True)
    new_organisation_website = models.URLField(_("website"), blank=True)
    co_organisers = models.ManyToManyField(
        "events.Organisation",
        blank=True,
        related_name="co_organised_proposals",
        verbose_name=_("co-organisers"),
    )
    other_co_organisers = models.CharField(
        _("other co-organisers"),
        max_length=500,
        blank=True,
        help_text=_("Co-organisers not in the directory, separated by commas."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_position = models.CharField(_("position"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email"))
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_language = models.CharField(
        _("language for emails"),
        max_length=8,
        choices=[(code, Language(code).label) for code in WORKING_LANGUAGES],
        default="en",
    )
    # title_en, abstract_fr…: one column per content language (translation.py).
    title = models.CharField(_("title"), max_length=300, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    format = models.CharField(
        _("format"), max_length=16, choices=proposal_format_choices, blank=True
    )
    track = models.ForeignKey(
        "programme.Track",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("track"),
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validate_languages]
    )
    interpretation_languages = models.JSONField(
        _("interpretation needed into"), default=list, blank=True, validators=[validate_languages]
    )
    expected_attendance = models.PositiveIntegerField(
        _("expected attendance"), null=True, blank=True
    )
    # ISO dates within the event's days.
    preferred_days = models.JSONField(_("preferred days"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("similar to"),
        help_text=_("A proposal this one could be merged with."),
    )
    session = models.OneToOneField(
        "programme.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("session"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The organisers' reason for the last decision (the audit log keeps every one).
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["event", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="proposal_unique_code"),
            models.CheckConstraint(
                condition=models.Q(state__in=ProposalState.values), name="proposal_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False)
                | ~models.Q(new_organisation_name=""),
                name="proposal_has_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(duplicate_of=models.F("pk")),
                name="proposal_not_own_duplicate",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "state"], name="proposal_event_state"),
            models.Index(fields=["call", "organisation", "state"], name="proposal_call_org_state"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    def _languages(self) -> list[str]:
        if Proposal.event.is_cached(self):
            return self.event.languages or [DEFAULT_CONTENT_LANGUAGE]
        return [DEFAULT_CONTENT_LANGUAGE]

    @property
    def display_title(self) -> Text:
        return pick_for_page(self, "title", self._languages())

    @property
    def display_abstract(self) -> Text:
        return pick_for_page(self, "abstract", self._languages())

    @property
    def organisation_name(self) -> str:
        """The proposing organisation's name, from the directory or as the proposer gave it."""
        if self.organisation_id is not None:
            return self.organisation.name
        return self.new_organisation_name

    @property
    def organisation_pending(self) -> bool:
        """A new organisation, not yet in the directory: an organiser has to review it."""
        return self.organisation_id is None


class ProposedSpeaker(models.Model):
    """A speaker the proposer names; on acceptance they become (or are matched by email to) a
    speaker of the programme, and ``speaker`` points there."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("proposal")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    speaker = models.ForeignKey(
        "programme.Speaker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_as",
        verbose_name=_("programme speaker"),
    )

    class Meta:
        verbose_name = _("proposed speaker")
        verbose_name_plural = _("proposed speakers")
        ordering = ["proposal", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class ProposalAnswer(models.Model):
    """A proposal's answer to one of the call's questions (``registrations.Question`` asked of
    proposals), in the same canonical form as a registration's answer."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="answers", verbose_name=_("proposal")
    )
    question = models.ForeignKey(
        "registrations.Question",
        on_delete=models.PROTECT,
        related_name="proposal_answers",
        verbose_name=_("question"),
    )
    value = models.JSONField(_("answer"), null=True, blank=True)
    options = models.ManyToManyField(
        "registrations.QuestionOption",
        blank=True,
        related_name="proposal_answers",
        verbose_name=_("options chosen"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("proposal answer")
        verbose_name_plural = _("proposal answers")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "question"], name="proposal_answer_unique_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value!r}"


class Review(models.Model):
    """One reviewer's judgement of one proposal: a score per criterion and a comment."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("proposal")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proposal_reviews",
        verbose_name=_("reviewer"),
    )
    comment = models.TextField(_("comment"), blank=True)
    # The weighted mean of the scores, 0–SCORE_MAX, kept with the scores for ranking.
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["proposal", "-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="review_unique_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} / {self.reviewer_id}"


class ReviewScore(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        ReviewCriterion,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="review_score_unique_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=SCORE_MAX), name="review_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"
