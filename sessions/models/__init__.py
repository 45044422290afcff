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
from .schedule import ScheduleVersion

__all__ = [
    "AgendaFeed",
    "Bookmark",
    "CallForProposals",
    "Proposal",
    "ProposalAnswer",
    "ProposedSpeaker",
    "Review",
    "ReviewCriterion",
    "ReviewScore",
    "Room",
    "ScheduleVersion",
    "Session",
    "SessionRole",
    "SessionStream",
    "Speaker",
    "Track",
]
