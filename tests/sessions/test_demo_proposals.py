"""The demo's call for side events once loaded by seed_demo through the proposal, review and
decision services: the numbers the README promises, the programme's third version, and no
new conflict on the timetable."""

import io
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from documents.models import Document
from events.models import Affiliation, AuditAction, AuditEntry, Event, Organisation, Team
from forum.demo.proposal_texts import (
    AFFILIATIONS,
    CLOSES_DAYS_AGO,
    OPENS_DAYS_AGO,
    PROPOSALS,
    PUBLISH_COMMENT,
    REJECTED,
    REVIEW_TEAMS,
)
from sessions.enums import ConflictKind, ProposalState, SessionState, SpeakerState
from sessions.models import (
    Bookmark,
    CallForProposals,
    Proposal,
    ProposedSpeaker,
    Review,
    ReviewScore,
    ScheduleVersion,
    Session,
    SessionRole,
    Speaker,
    Track,
)
from sessions.selectors.conflicts import conflict_list
from sessions.selectors.public import programme_latest

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    return Event.objects.get(slug="mayoral-forum-dakar")


def test_demo_call_is_closed_reviewed_and_decided():
    event = seed()
    today = timezone.localdate()
    call = CallForProposals.objects.get(event=event)
    proposals = Proposal.objects.filter(event=event)
    by_email = {p.contact_email: p for p in proposals}

    # The call: open ten weeks ago, closed four weeks ago (event time), anonymous review.
    assert not call.is_open(timezone.now())
    assert call.opens_at.astimezone(event.tzinfo).date() == today - timedelta(OPENS_DAYS_AGO)
    assert call.closes_at.astimezone(event.tzinfo).date() == today - timedelta(CLOSES_DAYS_AGO)
    assert (call.published, call.anonymise, call.max_per_organisation) == (True, True, 2)
    assert sorted(call.formats) == ["field_visit", "panel", "side_event", "workshop"]
    assert [c.weight for c in call.criteria.order_by("order", "pk")] == [3, 3, 2, 2]
    assert all(getattr(call, f"guidelines_{code}") for code in ("fr", "en", "es"))

    # The proposals and what became of them.
    assert Counter(proposals.values_list("state", flat=True)) == {
        ProposalState.ACCEPTED: 15,
        ProposalState.WAITLISTED: 5,
        ProposalState.REJECTED: 12,
        ProposalState.WITHDRAWN: 2,
        ProposalState.DRAFT: 1,
        ProposalState.SUBMITTED: 5,
    }
    assert len(by_email) == len(PROPOSALS) == 40
    duplicates = proposals.exclude(duplicate_of=None)
    assert sorted(duplicates.values_list("duplicate_of__state", flat=True)) == ["accepted"] * 2
    pending = proposals.filter(organisation=None)
    assert pending.count() == 3
    assert not Organisation.objects.filter(
        name__in=pending.values_list("new_organisation_name", flat=True)
    ).exists()
    for row in PROPOSALS:
        if row.outcome == REJECTED:
            assert by_email[row.contact[2]].decision_note == row.reason
    counted = proposals.exclude(state__in=[ProposalState.DRAFT, ProposalState.WITHDRAWN])
    assert all(call.opens_at <= p.submitted_at <= call.closes_at for p in counted)
    decided = AuditEntry.objects.filter(event=event, action=AuditAction.DECIDED)
    assert decided.count() == 15 + 5 + 12

    # Two committees, each named on four tracks, three reviewers each.
    teams = Team.objects.filter(event=event, can_review_proposals=True)
    assert sorted(teams.values_list("name", flat=True)) == sorted(t[0] for t in REVIEW_TEAMS)
    assert [t.review_teams.count() for t in Track.objects.filter(event=event)] == [1] * 8
    assert [team.members.count() for team in teams] == [3, 3]
    reviewer = get_user_model().objects.get(username="reviewer1")
    assert reviewer.check_password("demo-reviewer")

    # Reviews: two or three per submitted proposal, none on drafts or withdrawn ones, never
    # by the reviewer affiliated with the proposing or co-organising network.
    reviews = Review.objects.filter(proposal__event=event)
    assert reviews.count() == 86
    assert ReviewScore.objects.filter(review__in=reviews).count() == 86 * 4
    per_proposal = Counter(reviews.values_list("proposal__state", "proposal_id"))
    assert {state for state, _pk in per_proposal} == {
        "accepted",
        "waitlisted",
        "rejected",
        "submitted",
    }
    assert set(per_proposal.values()) == {2, 3}
    assert set(reviews.values_list("reviewer__teams__name", flat=True)) == {
        t[0] for t in REVIEW_TEAMS
    }
    (username, slug), *_ = AFFILIATIONS
    assert Affiliation.objects.filter(event=event, user__username=username).count() == 1
    assert not reviews.filter(
        reviewer__username=username, proposal__organisation__slug=slug
    ).exists()
    assert not reviews.filter(
        reviewer__username=username, proposal__co_organisers__slug=slug
    ).exists()

    def mean(state):
        totals = reviews.filter(proposal__state=state).values_list("total", flat=True)
        return sum(totals) / len(totals)

    assert mean("accepted") > mean("waitlisted") > mean("rejected")


def test_accepted_side_events_are_published_without_new_conflicts():
    event = seed()
    accepted = Proposal.objects.filter(event=event, state=ProposalState.ACCEPTED)
    sessions = Session.objects.filter(proposal__in=accepted)
    published = programme_latest(event=event, lang=None)
    versions = ScheduleVersion.objects.filter(event=event).order_by("number")

    assert sessions.count() == 15
    assert set(sessions.values_list("state", flat=True)) == {SessionState.CONFIRMED}
    assert not sessions.filter(start=None).exists()
    days = {(s.start.astimezone(event.tzinfo).date() - event.start_date).days for s in sessions}
    assert days == {1, 2}
    codes = set(sessions.values_list("code", flat=True))
    assert codes <= {s.code for s in published.sessions}
    # Version 3 adds them, and only them; versions 1 and 2 tell the same story as before.
    assert [v.number for v in versions] == [1, 2, 3]
    v2, v3 = versions[1], versions[2]
    assert v3.comment == PUBLISH_COMMENT
    assert {k: len(v) for k, v in v2.changes.items() if k != "languages"} == {
        "added": 0,
        "cancelled": 1,
        "moved": 1,
        "retitled": 1,
        "speakers_changed": 1,
    }
    assert {k: len(v) for k, v in v3.changes.items() if k != "languages"} == {
        "added": 15,
        "cancelled": 0,
        "moved": 0,
        "retitled": 0,
        "speakers_changed": 0,
    }
    assert {entry["code"] for entry in v3.changes["added"]} == codes
    # Every proposed speaker became a confirmed programme speaker of their side event.
    proposed = ProposedSpeaker.objects.filter(proposal__in=accepted)
    assert proposed.count() == sum(len(r.speakers) for r in PROPOSALS if r.outcome == "accepted")
    assert not proposed.filter(speaker=None).exists()
    assert set(proposed.values_list("speaker__state", flat=True)) == {SpeakerState.CONFIRMED}
    # The timetable's warnings are the demo's own two: the double-booked speaker (left
    # unpublished) and the remote speaker in a room without streaming.
    conflicts = conflict_list(event=event)
    assert sorted(c.kind for c in conflicts) == sorted(
        [ConflictKind.SPEAKER_DOUBLE_BOOKED, ConflictKind.NO_STREAMING]
    )
    assert not {code for c in conflicts for code in c.session_codes} & codes
    double = next(c for c in conflicts if c.kind == ConflictKind.SPEAKER_DOUBLE_BOOKED)
    roles = {(r["speaker"], s["code"]) for s in v3.snapshot["sessions"] for r in s["roles"]}
    assert (double.speaker.code, double.session_codes[1]) not in roles


def test_seed_demo_with_the_call_is_idempotent():
    def counts(event):
        return (
            Proposal.objects.count(),
            Review.objects.count(),
            ReviewScore.objects.count(),
            Session.objects.filter(event=event).count(),
            SessionRole.objects.filter(session__event=event).count(),
            Speaker.objects.filter(event=event).count(),
            ScheduleVersion.objects.filter(event=event).count(),
            Bookmark.objects.count(),
            Document.objects.count(),
            Team.objects.count(),
            Affiliation.objects.count(),
            get_user_model().objects.count(),
            sorted((c.kind, c.session_codes) for c in conflict_list(event=event)),
        )

    first = counts(seed())
    second = counts(seed())

    assert second == first
    assert first[:3] == (40, 86, 344)
