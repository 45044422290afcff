"""Reads of the organisers' decisions: the overview of an event's proposals with their scores,
and one proposal's page with everything the decision rests on.

Both take a fixed number of queries, whatever the number of proposals and reviews.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from events.models import AuditAction, Event
from events.selectors.audit import AuditLine, audit_lines, audit_list_for_object
from registrations.models import QuestionOption
from registrations.selectors.questions import answer_text
from sessions.enums import ProposalState
from sessions.models import (
    Proposal,
    ProposalAnswer,
    ProposedSpeaker,
    Review,
    ReviewCriterion,
    ReviewScore,
)
from sessions.selectors.reviews import with_scores

# The states organisers see: a draft is the proposer's alone until submitted.
OVERVIEW_STATES = tuple(state for state in ProposalState if state != ProposalState.DRAFT)


def proposal_overview(*, event: Event) -> QuerySet[Proposal]:
    """The event's sent proposals, best mean score first (unscored last), each with its
    scores (``with_scores``), organisation, track, duplicate-of and session: one query."""
    return (
        with_scores(Proposal.objects.filter(event=event).exclude(state=ProposalState.DRAFT))
        .select_related("event", "organisation", "track", "duplicate_of", "session")
        .order_by(F("score_mean").desc(nulls_last=True), "code", "pk")
    )


def proposal_state_counts(*, event: Event) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state organisers see, in the state machine's order:
    one query."""
    counted = dict(
        Proposal.objects.filter(event=event)
        .exclude(state=ProposalState.DRAFT)
        .values_list("state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [(state.value, state.label, counted.get(state.value, 0)) for state in OVERVIEW_STATES]


@dataclass(frozen=True)
class ReviewRow:
    """One review as the proposal page shows it: its scores in the criteria's order (None
    where the criterion was not scored)."""

    review: Review
    scores: list[int | None]


@dataclass(frozen=True)
class AnswerRow:
    question: str
    value: str


@dataclass(frozen=True)
class ProposalPage:
    proposal: Proposal
    criteria: list[ReviewCriterion]
    reviews: list[ReviewRow]
    answers: list[AnswerRow]
    speakers: list[ProposedSpeaker]
    duplicates: list[Proposal]
    history: list[AuditLine]
    decisions: list[AuditLine] = field(default_factory=list)


def proposal_page(*, event: Event, code: str) -> ProposalPage:
    """One proposal of ``event`` by its code (a 404 for any other event's, and for a draft)
    with everything its page shows, in ten queries."""
    proposal = get_object_or_404(
        proposal_overview(event=event)
        .select_related("call", "decided_by")
        .prefetch_related(
            "co_organisers",
            Prefetch(
                "speakers",
                queryset=ProposedSpeaker.objects.select_related("speaker").order_by("order", "pk"),
            ),
            Prefetch(
                "answers",
                queryset=ProposalAnswer.objects.select_related("question__event")
                .prefetch_related(
                    Prefetch(
                        "question__options",
                        queryset=QuestionOption.objects.select_related("question__event"),
                    )
                )
                .order_by("question__order", "question__pk"),
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("reviewer")
                .prefetch_related(
                    Prefetch("scores", queryset=ReviewScore.objects.order_by("criterion_id"))
                )
                .order_by("reviewer__username", "pk"),
            ),
            Prefetch("duplicates", queryset=Proposal.objects.order_by("code", "pk")),
        ),
        code=code,
    )
    criteria = list(
        ReviewCriterion.objects.filter(call_id=proposal.call_id).order_by("order", "pk")
    )
    reviews = []
    for review in proposal.reviews.all():
        given = {score.criterion_id: score.score for score in review.scores.all()}
        reviews.append(ReviewRow(review=review, scores=[given.get(c.pk) for c in criteria]))
    entries = list(audit_list_for_object(obj=proposal).order_by("at", "pk"))
    return ProposalPage(
        proposal=proposal,
        criteria=criteria,
        reviews=reviews,
        answers=[
            AnswerRow(
                question=str(answer.question.display_label),
                value=answer_text(answer.question, answer),
            )
            for answer in proposal.answers.all()
        ],
        speakers=list(proposal.speakers.all()),
        duplicates=list(proposal.duplicates.all()),
        history=audit_lines(entries),
        decisions=audit_lines([e for e in entries if e.action == AuditAction.DECIDED]),
    )


def proposal_choices_for_duplicate(*, event: Event, proposal: Proposal) -> QuerySet[Proposal]:
    """The proposals ``proposal`` may be marked a duplicate of: the event's others, sent."""
    return (
        Proposal.objects.filter(event=event)
        .exclude(state=ProposalState.DRAFT)
        .exclude(pk=proposal.pk)
        .order_by("code", "pk")
    )
