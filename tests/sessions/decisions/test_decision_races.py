"""Two organisers accepting the same proposal at once: real threads, real transactions,
real locks. The proposal's row lock makes the second wait and then find the session made;
the negative control shows what happens without it."""

import time
from collections import Counter

import pytest
from django.db import connection

from forum.models import Job
from sessions.enums import ProposalState, SessionState
from sessions.models import Proposal, Session, Speaker
from sessions.services import decisions
from sessions.services.decisions import DecisionError, proposal_accept, proposals_decide
from sessions.services.proposals import proposal_withdraw
from tests.concurrency import race, read_without_lock
from tests.sessions.decisions.builders import call_for, proposal_for

pytestmark = pytest.mark.django_db(transaction=True)
on_postgres = connection.vendor == "postgresql"

SPEAKERS = (("Aminata Touré", "aminata@dakar.sn"), ("Luis Pérez", "luis@quito.ec"))


@pytest.fixture
def slow_decision(monkeypatch):
    """The decision sleeps after reading the proposal, before writing it: a missing lock
    shows up as two sessions every time."""
    decide = decisions._decide_locked

    def read_then_slow(*args, **kwargs):
        time.sleep(0.2)
        return decide(*args, **kwargs)

    monkeypatch.setattr(decisions, "_decide_locked", read_then_slow)


@pytest.fixture
def setting(event, organiser_of):
    proposal = proposal_for(call_for(event), speakers=SPEAKERS)
    organisers = [organiser_of(event, can_manage_programme=True) for _ in range(2)]
    return proposal, organisers


def sent(template: str) -> int:
    return Job.objects.filter(task="forum.mail.mail_send_now", kwargs__template=template).count()


def accept_both_ways(proposal, organisers):
    """One organiser clicks accept on the proposal's page, the other in the overview."""

    def work(i):
        if i == 0:
            return proposal_accept(proposal=proposal, user=organisers[0]).code
        changed = proposals_decide(
            event=proposal.event,
            proposals=[proposal],
            decision=ProposalState.ACCEPTED,
            user=organisers[1],
        )
        return Proposal.objects.get(pk=proposal.pk).session.code if changed else "skipped"

    return work


def test_race_two_organisers_accept_at_once_one_session_one_set_of_invitations(
    setting, slow_decision
):
    proposal, organisers = setting

    outcomes = race(2, accept_both_ways(proposal, organisers))

    session = Session.objects.get()
    assert Proposal.objects.get(pk=proposal.pk).session == session
    # Either the page's click made it (the overview skips) or the overview's did.
    assert outcomes in (
        Counter({session.code: 2}),
        Counter({session.code: 1, "skipped": 1}),
    )
    assert Speaker.objects.count() == 2
    assert sent("speaker_invitation") == 2
    assert sent("proposal_accepted") == 1


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_without_the_lock_makes_two_sessions(setting, slow_decision, monkeypatch):
    """Negative control: the same race with the proposal read without its row lock."""
    proposal, organisers = setting
    monkeypatch.setattr(decisions, "lock_one", read_without_lock)

    outcomes = race(2, lambda i: proposal_accept(proposal=proposal, user=organisers[i]).code)

    assert sum(outcomes.values()) == 2
    assert Session.objects.count() == 2
    assert sent("proposal_accepted") == 2


def test_race_withdraw_while_accepted_leaves_no_live_session(setting, slow_decision):
    """The proposer withdraws while an organiser accepts: whichever comes first, the proposal
    ends withdrawn and no session of it stays in the programme."""
    proposal, organisers = setting

    def work(i):
        if i == 0:
            return proposal_accept(proposal=proposal, user=organisers[0]).state
        time.sleep(0.05)  # the acceptance takes the lock first most of the time
        return proposal_withdraw(proposal=proposal).state

    outcomes = race(2, work, refusals=(DecisionError,))

    final = Proposal.objects.get(pk=proposal.pk)
    assert final.state == ProposalState.WITHDRAWN
    assert [s.state for s in Session.objects.all()] in ([], [SessionState.CANCELLED])
    assert outcomes[ProposalState.WITHDRAWN] == 1
