"""Review test data made with the ORM: a call with weighted criteria, proposals, reviewers."""

import secrets
from datetime import timedelta

from django.utils import timezone

from events.models import Affiliation, Team
from events.services.teams import team_add_member
from sessions.enums import ProposalState
from sessions.models import CallForProposals, Proposal, ProposedSpeaker, ReviewCriterion
from tests.factories import UserFactory


def make_call(event, *, anonymise=False, weights=(1, 3)) -> CallForProposals:
    call = CallForProposals.objects.create(
        event=event,
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(days=1),
        anonymise=anonymise,
        formats=["side_event"],
    )
    for order, weight in enumerate(weights):
        ReviewCriterion.objects.create(
            call=call,
            name=f"Criterion {order}",
            description=f"What criterion {order} asks",
            weight=weight,
            order=order,
        )
    return call


def make_proposal(call, *, organisation=None, co_organisers=(), track=None, **fields) -> Proposal:
    values = {
        "state": ProposalState.SUBMITTED,
        "title_en": "Water for every district",
        "abstract_en": "How cities bring water to informal districts.",
        "contact_name": "Rosa Contact",
        "contact_email": "rosa.contact@example.org",
        "contact_phone": "+593 555 0101",
        "format": "side_event",
        "submitted_at": timezone.now(),
        **fields,
    }
    if organisation is None and "new_organisation_name" not in values:
        values["new_organisation_name"] = "Town of Loja"
    proposal = Proposal.objects.create(
        event=call.event,
        call=call,
        organisation=organisation,
        track=track,
        token_hash=secrets.token_hex(32),
        **values,
    )
    proposal.co_organisers.set(co_organisers)
    return proposal


def add_speaker(proposal, **fields) -> ProposedSpeaker:
    return ProposedSpeaker.objects.create(proposal=proposal, **fields)


def make_reviewer(event, *, team="Reviewers", tracks=(), username=None, **flags):
    """A member of the event's reviewing team ``team``, named on ``tracks``."""
    user = UserFactory(username=username) if username else UserFactory()
    team_obj = team_add_member(
        event=event, team_name=team, user=user, can_review_proposals=True, **flags
    )
    for track in tracks:
        track.review_teams.add(team_obj)
    return user


def affiliate(event, user, organisation) -> Affiliation:
    return Affiliation.objects.create(event=event, user=user, organisation=organisation)


def team(event, name) -> Team:
    return Team.objects.get(event=event, name=name)
