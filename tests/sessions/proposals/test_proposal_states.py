"""The proposal's state machine as the proposer drives it: every allowed and refused
transition, the completeness check, the secret link, and the boundary minute of closing."""

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import AuditAction, AuditEntry
from registrations.enums import QuestionKind, QuestionTarget
from registrations.services.questions import answers_clean, question_create
from sessions.enums import ProposalState as S
from sessions.enums import SessionState
from sessions.models import Proposal, ProposalAnswer, ProposedSpeaker
from sessions.selectors.proposals import proposal_get_by_token
from sessions.services.proposals import (
    ProposalError,
    ProposalSpeakerInput,
    proposal_start,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)
from tests.factories import EventFactory
from tests.sessions.factories import SessionFactory
from tests.sessions.proposals.conftest import details, make_call

pytestmark = pytest.mark.django_db


def at_state(proposal, state, **extra):
    Proposal.objects.filter(pk=proposal.pk).update(state=state, **extra)
    proposal.refresh_from_db()
    return proposal


def test_start_creates_a_draft_storing_only_the_token_hash_and_emails_the_link(
    call, propose, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal, token = propose(speakers=["Fatou Sarr", "", "Jean Diop"])

    proposal.refresh_from_db()
    assert proposal.state == S.DRAFT
    assert proposal.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Proposal.objects.filter(pk=proposal.pk).values().get())
    assert list(proposal.speakers.values_list("name", "order")) == [
        ("Fatou Sarr", 0),
        ("Jean Diop", 1),
    ]
    assert [m.to for m in mail.outbox] == [["awa@dakar.sn"]]
    message = mail.outbox[0]
    # In the contact's language (French): the link opens the French page.
    assert "Forum des maires 2031" in message.subject
    assert f"http://127.0.0.1:8000/fr/events/dakar-2031/proposals/{token}/" in message.body
    assert proposal.code in message.body
    assert proposal_get_by_token(event=call.event, token=token) == proposal
    entry = AuditEntry.objects.get(object_id=str(proposal.pk))
    assert (entry.action, entry.actor_label) == (AuditAction.CREATED, "proposer")
    assert "awa@dakar.sn" not in str(entry.changes)
    assert "Awa Ndiaye" not in str(entry.changes)


def test_unknown_or_other_events_token_is_not_found(call, propose):
    _proposal, token = propose()

    with pytest.raises(Proposal.DoesNotExist):
        proposal_get_by_token(event=call.event, token=token[:-1] + "x")
    with pytest.raises(Proposal.DoesNotExist):
        proposal_get_by_token(event=EventFactory(), token=token)


def test_draft_submit_then_update_then_withdraw(call, propose):
    proposal, _token = propose()

    proposal = proposal_submit(proposal=proposal)
    assert (proposal.state, proposal.submitted_at is not None) == (S.SUBMITTED, True)

    proposal = proposal_update(
        proposal=proposal,
        details=details(call, title={"en": "Water, again"}),
        speakers=[ProposalSpeakerInput(name="Ana Ruiz", email="ana@example.org")],
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.title_en, proposal.title_fr) == (
        S.SUBMITTED,
        "Water, again",
        "L’eau en ville",
    )
    assert list(proposal.speakers.values_list("name", "email")) == [("Ana Ruiz", "ana@example.org")]

    proposal = proposal_withdraw(proposal=proposal)
    assert proposal.state == S.WITHDRAWN
    actions = list(
        AuditEntry.objects.filter(object_id=str(proposal.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        AuditAction.CREATED,
        AuditAction.SUBMITTED,
        AuditAction.CHANGED,
        AuditAction.WITHDRAWN,
    ]


def test_submitting_twice_keeps_it_submitted(propose):
    proposal, _token = propose()
    first = proposal_submit(proposal=proposal).submitted_at

    again = proposal_submit(proposal=proposal)

    assert (again.state, again.submitted_at) == (S.SUBMITTED, first)


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.WAITLISTED, S.REJECTED])
def test_withdraw_allowed_from(propose, state):
    proposal, _token = propose()
    at_state(proposal, state)

    assert proposal_withdraw(proposal=proposal).state == S.WITHDRAWN


def test_withdraw_refused_when_withdrawn(propose):
    proposal, _token = propose()
    at_state(proposal, S.WITHDRAWN)

    with pytest.raises(ProposalError) as exc:
        proposal_withdraw(proposal=proposal)

    assert (exc.value.code, exc.value.message) == ("state", "This proposal is already withdrawn.")


def test_withdrawing_an_accepted_proposal_cancels_its_session(call, propose):
    proposal, _token = propose()
    session = SessionFactory(event=call.event, state=SessionState.DRAFT)
    at_state(proposal, S.ACCEPTED, session=session)

    proposal_withdraw(proposal=proposal)

    session.refresh_from_db()
    assert session.state == SessionState.CANCELLED
    assert Proposal.objects.get(pk=proposal.pk).state == S.WITHDRAWN


def test_withdraw_works_after_the_call_closed(call, propose, monkeypatch):
    proposal, _token = propose()
    monkeypatch.setattr(timezone, "now", lambda: call.closes_at + timedelta(days=3))

    assert proposal_withdraw(proposal=proposal).state == S.WITHDRAWN


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (S.WITHDRAWN, "This proposal was withdrawn: it can no longer change."),
        (S.ACCEPTED, "The organisers have decided on this proposal: it can no longer change."),
        (S.WAITLISTED, "The organisers have decided on this proposal: it can no longer change."),
        (S.REJECTED, "The organisers have decided on this proposal: it can no longer change."),
    ],
)
def test_update_and_submit_refused_once_withdrawn_or_decided(call, propose, state, message):
    proposal, _token = propose()
    at_state(proposal, state)

    with pytest.raises(ProposalError) as exc:
        proposal_update(proposal=proposal, details=details(call, contact_name="X"), speakers=[])
    assert (exc.value.code, exc.value.message) == ("state", message)
    with pytest.raises(ProposalError) as exc:
        proposal_submit(proposal=proposal)
    assert (exc.value.code, exc.value.message) == ("state", message)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.contact_name) == (state, "Awa Ndiaye")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"title": {}}, "title"),
        ({"title": {"fr": "  "}}, "title"),
        ({"abstract": {}}, "abstract"),
        ({"format": ""}, "format"),
        ({"track": None}, "track"),
        ({"languages": ()}, "languages"),
    ],
)
def test_submit_refuses_an_incomplete_draft(propose, overrides, code):
    proposal, _token = propose(**overrides)

    with pytest.raises(ProposalError) as exc:
        proposal_submit(proposal=proposal)

    assert exc.value.code == code
    assert Proposal.objects.get(pk=proposal.pk).state == S.DRAFT


def test_submit_needs_required_proposal_questions_answered(call, propose):
    question = question_create(
        event=call.event,
        kind=QuestionKind.TEXT,
        label={"en": "Budget?"},
        required=True,
        target=QuestionTarget.PROPOSAL,
    )
    proposal, _token = propose()

    with pytest.raises(ProposalError) as exc:
        proposal_submit(proposal=proposal)
    assert (exc.value.code, exc.value.message) == (
        f"question_{question.pk}",
        "Answer the question “Budget?” before submitting.",
    )

    answers = answers_clean([question], {question.pk: " 5 000 USD "})
    proposal_update(proposal=proposal, details=details(call), speakers=[], answers=answers)
    assert list(ProposalAnswer.objects.values_list("value", flat=True)) == ["5 000 USD"]
    assert proposal_submit(proposal=proposal).state == S.SUBMITTED


def test_a_submitted_proposal_stays_complete(call, propose):
    proposal, _token = propose()
    proposal_submit(proposal=proposal)

    with pytest.raises(ProposalError) as exc:
        proposal_update(proposal=proposal, details=details(call, abstract={"fr": ""}), speakers=[])

    assert exc.value.code == "abstract"
    assert Proposal.objects.get(pk=proposal.pk).abstract_fr == "Des maires comparent leurs réseaux."


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"format": "plenary"}, "format"),
        ({"languages": ("es",)}, "languages"),  # the call offers fr and en
        ({"interpretation_languages": ("ar",)}, "interpretation_languages"),
        ({"preferred_days": (date(2031, 3, 13),)}, "preferred_days"),
        ({"contact_email": "not an email"}, "contact_email"),
        ({"new_organisation_name": ""}, "new_organisation_name"),
        ({"expected_attendance": 0}, "expected_attendance"),
    ],
)
def test_details_refused_with_the_field_at_fault(call, overrides, code):
    with pytest.raises(ProposalError) as exc:
        proposal_start(call=call, details=details(call, **overrides))

    assert exc.value.code == code
    assert not Proposal.objects.exists()


def test_track_not_offered_by_the_call_is_refused(call, tracks):
    with pytest.raises(ProposalError) as exc:
        proposal_start(call=call, details=details(call, track=tracks[2]))

    assert (exc.value.code, exc.value.message) == (
        "track",
        "Choose one of the tracks the call offers.",
    )


def test_preferred_days_kept_in_the_events_order(call, propose):
    proposal, _token = propose(preferred_days=(date(2031, 3, 12), date(2031, 3, 10)))

    assert proposal.preferred_days == ["2031-03-10", "2031-03-12"]


def test_start_refused_before_opening_after_closing_and_unpublished(dakar):
    now = datetime.now(UTC)
    early = make_call(dakar, opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=1))
    with pytest.raises(ProposalError) as exc:
        proposal_start(call=early, details=details(early, track=None))
    assert (exc.value.code, exc.value.message) == (
        "closed",
        "The call for side events is not yet open.",
    )

    early.delete()
    late = make_call(dakar, opens_at=now - timedelta(days=2), closes_at=now - timedelta(seconds=1))
    with pytest.raises(ProposalError) as exc:
        proposal_start(call=late, details=details(late, track=None))
    assert exc.value.code == "closed"

    late.delete()
    hidden = make_call(dakar, published=False)
    with pytest.raises(ProposalError) as exc:
        proposal_start(call=hidden, details=details(hidden, track=None))
    assert exc.value.code == "closed"
    assert not Proposal.objects.exists()


def dakar_time(call, hour, minute, second):
    return datetime(2031, 2, 1, hour, minute, second, tzinfo=call.event.tzinfo)


@pytest.fixture
def closing_at_six(call):
    """The call closes at 18:00 in Dakar on 1 February 2031."""
    call.opens_at = datetime(2031, 1, 5, 9, 0, tzinfo=call.event.tzinfo)
    call.closes_at = dakar_time(call, 18, 0, 0)
    call.save()
    return call


def test_boundary_minute_edit_and_submit_accepted_at_17_59_59(closing_at_six, monkeypatch):
    call = closing_at_six
    monkeypatch.setattr(timezone, "now", lambda: dakar_time(call, 17, 59, 59))
    proposal, _token = proposal_start(call=call, details=details(call))

    proposal_update(proposal=proposal, details=details(call, contact_name="Awa N."), speakers=[])
    submitted = proposal_submit(proposal=proposal)

    assert (submitted.state, submitted.contact_name) == (S.SUBMITTED, "Awa N.")


def test_boundary_minute_edit_and_submit_refused_at_18_00_00(closing_at_six, monkeypatch):
    call = closing_at_six
    monkeypatch.setattr(timezone, "now", lambda: dakar_time(call, 17, 0, 0))
    proposal, _token = proposal_start(call=call, details=details(call))
    monkeypatch.setattr(timezone, "now", lambda: dakar_time(call, 18, 0, 0))

    with pytest.raises(ProposalError) as exc:
        proposal_update(proposal=proposal, details=details(call, contact_name="Late"), speakers=[])
    assert (exc.value.code, exc.value.message) == (
        "closed",
        "The call for side events has closed: proposals can no longer be changed.",
    )
    with pytest.raises(ProposalError) as exc:
        proposal_submit(proposal=proposal)
    assert exc.value.code == "closed"
    proposal.refresh_from_db()
    assert (proposal.state, proposal.contact_name) == (S.DRAFT, "Awa Ndiaye")


def test_speakers_replaced_and_a_nameless_filled_row_refused(call, propose):
    proposal, _token = propose(speakers=["A", "B", "C"])

    with pytest.raises(ProposalError) as exc:
        proposal_update(
            proposal=proposal,
            details=details(call),
            speakers=[ProposalSpeakerInput(name="", email="x@example.org")],
        )
    assert exc.value.code == "speakers"
    assert ProposedSpeaker.objects.filter(proposal=proposal).count() == 3

    proposal_update(proposal=proposal, details=details(call), speakers=[ProposalSpeakerInput("D")])
    assert list(proposal.speakers.values_list("name", flat=True)) == ["D"]


def test_answers_to_a_registration_question_are_refused(call, propose):
    question = question_create(event=call.event, kind=QuestionKind.TEXT, label={"en": "Diet?"})
    proposal, _token = propose()
    answers = answers_clean([question], {question.pk: "none"})

    with pytest.raises(ProposalError) as exc:
        proposal_update(proposal=proposal, details=details(call), speakers=[], answers=answers)

    assert exc.value.code == "answers"
    assert not ProposalAnswer.objects.exists()


def test_withdraw_records_no_actor(propose):
    proposal, _token = propose()
    proposal_withdraw(proposal=proposal)

    entry = AuditEntry.objects.get(action=AuditAction.WITHDRAWN)
    assert (entry.actor_id, entry.actor_label) == (None, "proposer")


def test_submitting_emails_one_receipt_in_the_contacts_language(
    closing_at_six, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """One receipt when the draft is sent, in French, with the closing minute in Dakar's
    time; saving the submitted proposal again sends nothing more."""
    call = closing_at_six
    monkeypatch.setattr(timezone, "now", lambda: dakar_time(call, 12, 0, 0))
    proposal, _token = proposal_start(call=call, details=details(call))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(proposal=proposal)
        proposal_submit(proposal=proposal)
        proposal_update(proposal=proposal, details=details(call), speakers=[])

    (receipt,) = mailoutbox
    assert receipt.to == [proposal.contact_email]
    assert receipt.subject == (
        f"Nous avons bien reçu votre proposition d’événement parallèle {proposal.code} pour "
        f"{call.event.name}"
    )
    assert "jusqu’à la clôture de l’appel le 2031-02-01 18:00 (Africa/Dakar)" in " ".join(
        receipt.body.split()
    )
