"""The per-organisation maximum: counted under the call's row lock, so concurrent submissions
of one organisation never overrun it. ``slow_count`` makes the service sleep after counting,
so a missing lock shows up as an overrun (the negative control proves it)."""

from collections import Counter

import pytest
from django.db import connection

from sessions.enums import ProposalState as S
from sessions.models import Proposal
from sessions.services.proposals import (
    ProposalError,
    ProposalMaximumReached,
    proposal_start,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)
from tests.concurrency import race
from tests.sessions.proposals.conftest import details

on_postgres = connection.vendor == "postgresql"


@pytest.mark.django_db
def test_maximum_counts_submitted_and_decided_not_drafts_nor_withdrawn(call, city, propose):
    first, _ = propose(organisation=city, new_organisation_name="")
    second, _ = propose(organisation=city, new_organisation_name="")
    third, _ = propose(organisation=city, new_organisation_name="")
    proposal_submit(proposal=first)
    proposal_submit(proposal=second)

    with pytest.raises(ProposalMaximumReached) as exc:
        proposal_submit(proposal=third)
    assert exc.value.code == "maximum"
    assert exc.value.message == (
        "Your organisation has already sent 2 proposals, the most this call accepts from "
        "one organisation."
    )

    Proposal.objects.filter(pk=second.pk).update(state=S.REJECTED)  # still counts
    with pytest.raises(ProposalMaximumReached):
        proposal_submit(proposal=third)

    proposal_withdraw(proposal=first)  # no longer counts
    assert proposal_submit(proposal=third).state == S.SUBMITTED


@pytest.mark.django_db
def test_a_new_organisation_is_counted_by_its_name_whatever_its_case(call, propose):
    for name in ("Réseau Sahel", "RÉSEAU SAHEL"):
        proposal, _ = propose(new_organisation_name=name)
        proposal_submit(proposal=proposal)
    other, _ = propose(new_organisation_name="réseau sahel")
    unrelated, _ = propose(new_organisation_name="Réseau Sahel Ouest")

    with pytest.raises(ProposalMaximumReached):
        proposal_submit(proposal=other)
    assert proposal_submit(proposal=unrelated).state == S.SUBMITTED


@pytest.mark.django_db
def test_a_submitted_proposal_moving_to_a_full_organisation_is_refused(call, city, propose):
    for _ in range(2):
        proposal, _ = propose(organisation=city, new_organisation_name="")
        proposal_submit(proposal=proposal)
    mine, _ = propose()
    proposal_submit(proposal=mine)

    with pytest.raises(ProposalError) as exc:
        proposal_update(
            proposal=mine,
            details=details(call, organisation=city, new_organisation_name=""),
            speakers=[],
        )

    assert exc.value.code == "maximum"
    mine.refresh_from_db()
    assert (mine.organisation_id, mine.state) == (None, S.SUBMITTED)


@pytest.mark.django_db
def test_no_maximum_means_no_limit(call, city, propose):
    call.max_per_organisation = None
    call.save()
    proposals = [propose(organisation=city, new_organisation_name="")[0] for _ in range(4)]

    assert [proposal_submit(proposal=p).state for p in proposals] == [S.SUBMITTED] * 4


def drafts(call, city, n):
    return [
        proposal_start(
            call=call, details=details(call, organisation=city, new_organisation_name="")
        )[0]
        for _ in range(n)
    ]


def submit_each(proposals):
    def work(i):
        return proposal_submit(proposal=proposals[i]).state

    return work


def submitted(call, city) -> int:
    return Proposal.objects.filter(call=call, organisation=city, state=S.SUBMITTED).count()


@pytest.mark.django_db(transaction=True)
def test_race_6_drafts_of_one_organisation_for_a_maximum_of_2(call, city, slow_count):
    proposals = drafts(call, city, 6)

    outcomes = race(6, submit_each(proposals), refusals=(ProposalError,))

    print(f"with the lock: {dict(outcomes)}")
    assert outcomes == Counter({S.SUBMITTED: 2, "maximum": 4})
    assert submitted(call, city) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_without_the_lock_overruns_the_maximum(call, city, slow_count, without_row_locks):
    """Negative control: the same race with the service's row locks taken away."""
    proposals = drafts(call, city, 6)

    outcomes = race(6, submit_each(proposals), refusals=(ProposalError,))

    print(f"without the lock: {dict(outcomes)}, submitted {submitted(call, city)}")
    assert sum(outcomes.values()) == 6
    assert outcomes[S.SUBMITTED] > 2
    assert submitted(call, city) > 2
