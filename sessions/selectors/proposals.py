"""Reads of the call for side events: the public call page and the proposer's page.

Each function costs a fixed number of queries, whatever the number of criteria, tracks,
speakers or answers. The public page reads accepted side events from the latest published
programme (its snapshot), never from the working rows, and nothing of the proposals but the
codes of their sessions.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from events.models import Event
from forum.tokens import token_hash
from registrations.enums import QuestionTarget
from registrations.models import Question
from registrations.selectors.questions import question_list
from sessions.enums import ProposalState
from sessions.models import CallForProposals, Proposal, ProposalAnswer, ReviewCriterion, Track
from sessions.selectors.public import PublicProgramme, PublicSession, programme_latest


def call_get(*, event: Event) -> CallForProposals | None:
    """``event``'s call (published or not) with its event, tracks and criteria; 3 queries."""
    call = (
        CallForProposals.objects.filter(event=event)
        .prefetch_related(
            Prefetch("tracks", queryset=Track.objects.order_by("order", "pk")),
            Prefetch("criteria", queryset=ReviewCriterion.objects.order_by("order", "pk")),
        )
        .first()
    )
    if call is not None:
        call.event = event
    return call


def call_is_published(*, event: Event) -> bool:
    return CallForProposals.objects.filter(event=event, published=True).exists()


def call_status(call: CallForProposals, now=None) -> str:
    """ "open", "not_yet_open" or "closed" at ``now``."""
    now = now or timezone.now()
    if now < call.opens_at:
        return "not_yet_open"
    return "open" if call.is_open(now) else "closed"


def call_offered_tracks(call: CallForProposals) -> list[Track]:
    """The tracks the call offers: its own (prefetched by ``call_get``), else every track of
    the event (one query)."""
    tracks = list(call.tracks.all())
    if tracks:
        return tracks
    return list(Track.objects.filter(event_id=call.event_id).order_by("order", "pk"))


@dataclass
class PublicCall:
    call: CallForProposals
    status: str
    tracks: list[Track]
    criteria: list[ReviewCriterion]
    programme: PublicProgramme | None
    side_events: list[PublicSession]


def call_page(*, event: Event, lang: str | None) -> PublicCall | None:
    """The public call page: None unless the call is published. Accepted side events are the
    sessions of the latest published programme that accepted proposals became."""
    call = call_get(event=event)
    if call is None or not call.published:
        return None
    tracks = call_offered_tracks(call)
    programme = programme_latest(event=event, lang=lang)
    side_events: list[PublicSession] = []
    if programme is not None:
        codes = set(
            Proposal.objects.filter(
                call=call, state=ProposalState.ACCEPTED, session__isnull=False
            ).values_list("session__code", flat=True)
        )
        side_events = [session for session in programme.sessions if session.code in codes]
    return PublicCall(
        call=call,
        status=call_status(call),
        tracks=tracks,
        criteria=list(call.criteria.all()),
        programme=programme,
        side_events=side_events,
    )


def proposal_get_by_token(*, event: Event, token: str) -> Proposal:
    """The proposal of ``event`` whose secret link carries ``token``, with its call and track;
    raises ``Proposal.DoesNotExist``. A pure read (one query): a requested new link opens
    through ``sessions.services.proposals.proposal_link_open``, which promotes it."""
    proposal = (
        Proposal.objects.select_related("call", "track", "organisation", "session")
        .filter(event=event)
        .get(token_hash=token_hash(token or ""))
    )
    proposal.event = event
    proposal.call.event = event
    return proposal


@dataclass
class ProposalPage:
    proposal: Proposal
    call: CallForProposals
    tracks: list[Track]
    questions: list[Question]
    answers: dict[int, ProposalAnswer]
    speakers: list
    co_organisers: list


def proposal_page(*, proposal: Proposal) -> ProposalPage:
    """Everything the proposer's page shows and edits, in a fixed number of queries: the
    call's tracks and criteria, the proposal questions with their options and categories,
    the speakers, the answers (with their options) and the co-organisers."""
    call = call_get(event=proposal.event)
    questions = question_list(
        event=proposal.event, active_only=True, target=QuestionTarget.PROPOSAL
    )
    answers = {
        answer.question_id: answer
        for answer in ProposalAnswer.objects.filter(proposal=proposal).prefetch_related("options")
    }
    return ProposalPage(
        proposal=proposal,
        call=call,
        tracks=call_offered_tracks(call),
        questions=questions,
        answers=answers,
        speakers=list(proposal.speakers.order_by("order", "pk")),
        co_organisers=list(proposal.co_organisers.order_by("name")),
    )
