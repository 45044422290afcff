from .agenda import AgendaFeed, Bookmark
from .programme import Room, Session, SessionRole, SessionStream, Speaker, Track
from .proposals import (
    CallForProposals,
    Proposal,
    ProposalAnswer,
    ProposedSpeaker,
    Review,
    ReviewCriterion,
    ReviewScore,
)
from .reports import ReportMessage, ReportReminder, ReportSettings, SessionReport
from .schedule import ScheduleVersion

__all__ = [
    "AgendaFeed",
    "Bookmark",
    "CallForProposals",
    "Proposal",
    "ProposalAnswer",
    "ProposedSpeaker",
    "ReportMessage",
    "ReportReminder",
    "ReportSettings",
    "Review",
    "ReviewCriterion",
    "ReviewScore",
    "Room",
    "ScheduleVersion",
    "Session",
    "SessionReport",
    "SessionRole",
    "SessionStream",
    "Speaker",
    "Track",
]
