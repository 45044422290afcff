from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", _("Workshop")
    SIDE_EVENT = "side_event", _("Side event")
    FIELD_VISIT = "field_visit", _("Field visit")
    BREAK = "break", _("Break or reception")


class SessionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class SpeakerState(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class SpeakerInvitation(models.TextChoices):
    """Where a speaker's invitation stands, for the organisers' directory: a speaker is
    created "invited" but counts as not invited until the first invitation email."""

    NOT_INVITED = "not_invited", _("Not invited")
    INVITED = "invited", _("Invited, no answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class RoleKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")
    PANELLIST = "panellist", _("Panellist")
    RAPPORTEUR = "rapporteur", _("Rapporteur")


class RecordingAudience(models.TextChoices):
    """Who may watch a session's recording."""

    PARTICIPANTS = "participants", _("Registered participants")
    PUBLIC = "public", _("Everyone")


# The stream of the room's own sound, beside one stream per interpretation language.
FLOOR = "floor"


class ConflictKind(models.TextChoices):
    """Warnings about the working programme; listed beside the timetable, never stored."""

    SPEAKER_DOUBLE_BOOKED = "speaker_double_booked", _("Speaker in two sessions at once")
    ROOM_DOUBLE_BOOKED = "room_double_booked", _("Two sessions in one room at once")
    OUTSIDE_EVENT_DATES = "outside_event_dates", _("Session outside the event's dates")
    SPEAKER_DECLINED = "speaker_declined", _("Speaker declined")
    SPEAKER_UNCONFIRMED = "speaker_unconfirmed", _("Speaker not yet confirmed")
    OVER_CAPACITY = "over_capacity", _("Expected attendance above room capacity")
    NO_BOOTHS = "no_booths", _("Interpretation in a room without booths")
    NO_STREAMING = "no_streaming", _("Remote speaker in a room without streaming equipment")
    NO_ROOM = "no_room", _("Session without a room")
    NO_TIME = "no_time", _("Session without a time")


# The session kinds a call for proposals may offer: an accepted proposal becomes a session of
# its chosen format.
PROPOSAL_FORMATS = (
    SessionKind.SIDE_EVENT,
    SessionKind.WORKSHOP,
    SessionKind.PANEL,
    SessionKind.FIELD_VISIT,
)


class ProposalState(models.TextChoices):
    """Where a proposal stands. A draft is the proposer's alone; submitting counts it against
    the organisation's maximum; the organisers' decision is accept, waitlist or reject."""

    DRAFT = "draft", pgettext_lazy("proposal state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal state", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("proposal state", "Accepted")
    WAITLISTED = "waitlisted", pgettext_lazy("proposal state", "Waiting list")
    REJECTED = "rejected", pgettext_lazy("proposal state", "Not accepted")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal state", "Withdrawn")


# Proposals that count against an organisation's maximum: sent to the organisers, not withdrawn.
PROPOSAL_COUNTED_STATES = (
    ProposalState.SUBMITTED,
    ProposalState.ACCEPTED,
    ProposalState.WAITLISTED,
    ProposalState.REJECTED,
)
# The organisers' decisions.
PROPOSAL_DECISIONS = (ProposalState.ACCEPTED, ProposalState.WAITLISTED, ProposalState.REJECTED)

# Each criterion is scored from 0 (does not meet it) to this.
SCORE_MAX = 5


class ReportState(models.TextChoices):
    """Where a session's report stands: the rapporteurs write a draft and submit it; the
    organisers accept it, or return it to draft with a note."""

    DRAFT = "draft", pgettext_lazy("report state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report state", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("report state", "Accepted")


# The report's sections besides its key messages, in the order pages show them.
REPORT_SECTIONS = ("actions", "commitments", "needs")
