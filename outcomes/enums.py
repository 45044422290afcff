from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.enums import OrganisationKind


class StatementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    OPEN = "open", _("Open for endorsement")
    CLOSED = "closed", _("Closed")


# Which state may follow which: the services refuse anything else.
STATEMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    StatementState.DRAFT: (StatementState.CONSULTATION, StatementState.ADOPTED),
    StatementState.CONSULTATION: (StatementState.DRAFT, StatementState.ADOPTED),
    StatementState.ADOPTED: (StatementState.OPEN,),
    StatementState.OPEN: (StatementState.CLOSED,),
    StatementState.CLOSED: (StatementState.OPEN,),
}
# The adopted text is public from adoption on; drafts are seen by organisers (and, during
# consultation, by the event's registered participants through their link).
PUBLIC_STATES = (StatementState.ADOPTED, StatementState.OPEN, StatementState.CLOSED)
EDITABLE_STATES = (StatementState.DRAFT, StatementState.CONSULTATION)

DEFAULT_ENDORSING_KINDS = [OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.REGIONAL_AUTHORITY]


class EndorsementState(models.TextChoices):
    UNVERIFIED = "unverified", _("Awaiting email confirmation")
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VerificationMethod(models.TextChoices):
    """What proves that the signatory speaks for the organisation (shown on the public list).

    ``ORGANISERS`` is recorded on a submission that brings no proof of its own: it becomes
    public only once an organiser approves it. ``EMAIL`` is kept for endorsements made before
    proof was required, when a confirmed mailbox was enough.
    """

    DOMAIN = "domain", _("Official email domain")
    DELEGATION = "delegation", _("Confirmed head of delegation")
    ORGANISERS = "organisers", _("Approved by the organisers")
    EMAIL = "email", _("Email address confirmed")


# Methods that prove on their own who speaks for the organisation.
PROVEN_METHODS = (VerificationMethod.DOMAIN, VerificationMethod.DELEGATION)


class ActorLabel(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    SIGNATORY = "signatory", _("Signatory")
    SYSTEM = "system", _("System")


class PledgeStatus(models.TextChoices):
    """How far a local action has got."""

    PLANNED = "planned", pgettext_lazy("pledge status", "Planned")
    UNDER_WAY = "under_way", pgettext_lazy("pledge status", "Under way")
    DONE = "done", pgettext_lazy("pledge status", "Done")


class PledgeState(models.TextChoices):
    """Whether a pledge is public: it is once an organiser approved a revision of it."""

    PENDING = "pending", pgettext_lazy("pledge state", "Awaiting review")
    PUBLISHED = "published", pgettext_lazy("pledge state", "Published")
    REJECTED = "rejected", pgettext_lazy("pledge state", "Not published")
    WITHDRAWN = "withdrawn", pgettext_lazy("pledge state", "Withdrawn")


class RevisionState(models.TextChoices):
    """A signatory's text of a pledge, as the organisers reviewed it."""

    PENDING = "pending", pgettext_lazy("pledge revision", "Awaiting review")
    APPROVED = "approved", pgettext_lazy("pledge revision", "Approved")
    REJECTED = "rejected", pgettext_lazy("pledge revision", "Not approved")
    SUPERSEDED = "superseded", pgettext_lazy("pledge revision", "Replaced before review")
