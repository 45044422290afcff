"""Proposals, reviews and their call, made with the ORM for the decision tests."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from sessions.enums import ProposalState, SessionKind
from sessions.models import (
    CallForProposals,
    Proposal,
    ProposedSpeaker,
    Review,
    ReviewCriterion,
    ReviewScore,
)
from tests.factories import UserFactory

_numbers = count(1)


def call_for(event, *, criteria: int = 2) -> CallForProposals:
    now = timezone.now()
    call = CallForProposals.objects.create(
        event=event,
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
        formats=[SessionKind.SIDE_EVENT, SessionKind.WORKSHOP],
        languages=["en", "fr", "es"],
    )
    for i in range(criteria):
        ReviewCriterion.objects.create(call=call, name=f"Criterion {i}", weight=i + 1, order=i)
    return call


def proposal_for(
    call,
    *,
    state=ProposalState.SUBMITTED,
    speakers=(),
    organisation=None,
    code=None,
    contact_language="en",
    **fields,
) -> Proposal:
    """A sent proposal titled in English and French; ``speakers`` are (name, email) pairs."""
    number = next(_numbers)
    values = {
        "event": call.event,
        "call": call,
        "code": code or f"P{number:03d}",
        "state": state,
        "token_hash": f"{number:064x}",
        "contact_name": "Awa Diop",
        "contact_email": f"contact{number}@example.org",
        "contact_language": contact_language,
        "title_en": f"Water in informal settlements {number}",
        "title_fr": f"L'eau dans les quartiers informels {number}",
        "abstract_en": "Who pays for pipes.",
        "abstract_fr": "Qui paie les tuyaux.",
        "format": SessionKind.WORKSHOP,
        "languages": ["fr", "en"],
        "interpretation_languages": ["es"],
        "expected_attendance": 80,
        "submitted_at": timezone.now(),
        **fields,
    }
    if organisation is None and "new_organisation_name" not in fields:
        values["new_organisation_name"] = f"Association {number}"
    proposal = Proposal.objects.create(organisation=organisation, **values)
    for order, (name, email) in enumerate(speakers):
        ProposedSpeaker.objects.create(
            proposal=proposal,
            name=name,
            email=email,
            position="Mayor",
            organisation_name="City of Dakar",
            order=order,
        )
    return proposal


def review_of(proposal, *, scores, reviewer=None, comment="") -> Review:
    """A review scoring the call's criteria, in order, with ``scores``; its total is their
    weighted mean."""
    criteria = list(proposal.call.criteria.order_by("order", "pk"))
    weights = sum(c.weight for c in criteria)
    total = sum(c.weight * s for c, s in zip(criteria, scores, strict=True)) / weights
    review = Review.objects.create(
        proposal=proposal,
        reviewer=reviewer or UserFactory(),
        comment=comment,
        total=Decimal(total).quantize(Decimal("0.01")),
    )
    for criterion, score in zip(criteria, scores, strict=True):
        ReviewScore.objects.create(review=review, criterion=criterion, score=score)
    return review
