"""Programme texts, one column per content language (forum.content)."""

from modeltranslation.translator import TranslationOptions, register

from forum.content import blank_texts_never_collide
from sessions.models import (
    CallForProposals,
    Proposal,
    ReportMessage,
    ReviewCriterion,
    Room,
    Session,
    SessionReport,
    Speaker,
    Track,
)


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(Track)
class TrackTranslation(TranslationOptions):
    fields = ("name",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "abstract")


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("position", "biography")


@register(CallForProposals)
class CallForProposalsTranslation(TranslationOptions):
    fields = ("guidelines",)


@register(ReviewCriterion)
class ReviewCriterionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Proposal)
class ProposalTranslation(TranslationOptions):
    fields = ("title", "abstract")


@register(SessionReport)
class SessionReportTranslation(TranslationOptions):
    fields = ("actions", "commitments", "needs")


@register(ReportMessage)
class ReportMessageTranslation(TranslationOptions):
    fields = ("text",)


blank_texts_never_collide(Room, "name")
blank_texts_never_collide(Track, "name")
