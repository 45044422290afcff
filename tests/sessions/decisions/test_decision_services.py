"""The organisers' decisions: the state machine, acceptance into a draft session with its
speakers invited once, emails after commit in the contact's language, the decision log,
duplicates and the proposing organisation."""

import pytest
from django.db import transaction
from django.urls import reverse

from events.models import AuditAction, AuditEntry, Organisation
from forum.models import Job
from sessions.enums import ProposalState, RoleKind, SessionKind, SessionState, SpeakerState
from sessions.models import Proposal, Session, SessionRole, Speaker
from sessions.services.decisions import (
    DecisionError,
    proposal_accept,
    proposal_mark_duplicate,
    proposal_organisation_resolve,
    proposals_decide,
)
from sessions.services.schedule import schedule_publish
from tests.factories import EventFactory, OrganisationFactory
from tests.sessions.decisions.builders import call_for, proposal_for
from tests.sessions.factories import SpeakerFactory, TrackFactory

pytestmark = pytest.mark.django_db

S = ProposalState
SPEAKERS = (("Aminata Touré", "aminata@dakar.sn"), ("Luis Pérez", "luis@quito.ec"), ("No Mail", ""))


@pytest.fixture
def call(event):
    return call_for(event)


@pytest.fixture
def organiser(event, organiser_of):
    return organiser_of(event, can_manage_programme=True)


def mail_jobs() -> list[dict]:
    """The emails queued, as (template, language, recipients)."""
    return [
        (job.kwargs["template"], job.kwargs["language"], job.kwargs["to"])
        for job in Job.objects.filter(task="forum.mail.mail_send_now").order_by("pk")
    ]


# --- Acceptance ---------------------------------------------------------------------------------


def test_accept_creates_one_draft_session_with_speakers_invited_once(
    call, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    track = TrackFactory(event=call.event)
    proposal = proposal_for(call, speakers=SPEAKERS, track=track)

    with django_capture_on_commit_callbacks(execute=True):
        session = proposal_accept(proposal=proposal, user=organiser, note="Strong local partners")

    proposal.refresh_from_db()
    assert proposal.state == S.ACCEPTED
    assert proposal.session == session
    assert Session.objects.filter(event=call.event).count() == 1
    assert (session.kind, session.state, session.track) == (
        SessionKind.WORKSHOP,
        SessionState.DRAFT,
        track,
    )
    assert (session.title_en, session.title_fr) == (proposal.title_en, proposal.title_fr)
    assert (session.abstract_en, session.abstract_fr) == (
        "Who pays for pipes.",
        "Qui paie les tuyaux.",
    )
    assert (session.spoken_language, session.interpretation_languages) == ("fr", ["es"])
    assert session.expected_attendance == 80
    roles = list(SessionRole.objects.filter(session=session).order_by("order"))
    assert [(r.speaker.name, r.role) for r in roles] == [
        ("Aminata Touré", RoleKind.SPEAKER),
        ("Luis Pérez", RoleKind.SPEAKER),
        ("No Mail", RoleKind.SPEAKER),
    ]
    assert [p.speaker_id for p in proposal.speakers.order_by("order")] == [
        r.speaker_id for r in roles
    ]
    invitations = sorted(m.to[0] for m in mailoutbox if m.to[0] != proposal.contact_email)
    assert invitations == ["aminata@dakar.sn", "luis@quito.ec"]
    assert [m.to for m in mailoutbox if m.to == [proposal.contact_email]] == [
        [proposal.contact_email]
    ]
    assert sorted(t for t, _lang, _to in mail_jobs()) == [
        "proposal_accepted",
        "speaker_invitation",
        "speaker_invitation",
    ]


def test_accept_twice_creates_and_sends_nothing_more(
    call, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = proposal_for(call, speakers=SPEAKERS)
    with django_capture_on_commit_callbacks(execute=True):
        first = proposal_accept(proposal=proposal, user=organiser)
    sent, entries = len(mailoutbox), AuditEntry.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        second = proposal_accept(proposal=proposal, user=organiser)
        changed = proposals_decide(
            event=call.event, proposals=[proposal], decision=S.ACCEPTED, user=organiser
        )

    assert second == first
    assert changed == []
    assert Session.objects.count() == 1
    assert Speaker.objects.count() == 3
    assert len(mailoutbox) == sent == 3
    assert AuditEntry.objects.count() == entries


def test_accept_reuses_the_event_speaker_with_the_same_email(
    call, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    known = SpeakerFactory(event=call.event, email="Aminata@Dakar.SN", name="Dr Aminata Touré")
    known.invited_at = None
    known.state = SpeakerState.INVITED
    known.save()
    already_invited = SpeakerFactory(event=call.event, email="luis@quito.ec")
    other_event = SpeakerFactory(email="nobody@example.org")
    proposal = proposal_for(
        call, speakers=(("Aminata Touré", "aminata@dakar.sn"), ("Luis Pérez", "LUIS@quito.ec"))
    )
    already_invited.invited_at = already_invited.created_at
    already_invited.save()

    with django_capture_on_commit_callbacks(execute=True):
        session = proposal_accept(proposal=proposal, user=organiser)

    assert [r.speaker for r in session.roles.order_by("order")] == [known, already_invited]
    assert Speaker.objects.filter(event=call.event).count() == 2
    assert other_event.event_id != call.event.pk
    # The speaker never invited is invited; the one invited before is not invited again.
    assert [m.to for m in mailoutbox if m.to != [proposal.contact_email]] == [["Aminata@Dakar.SN"]]


def test_two_proposed_speakers_with_one_email_are_one_speaker_invited_once(
    call, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = proposal_for(
        call, speakers=(("A. Touré", "a@dakar.sn"), ("Aminata T.", "A@dakar.sn"))
    )

    with django_capture_on_commit_callbacks(execute=True):
        session = proposal_accept(proposal=proposal, user=organiser)

    assert session.roles.count() == 1
    assert [m.to for m in mailoutbox if m.to != [proposal.contact_email]] == [["a@dakar.sn"]]


def test_accepted_session_is_not_in_the_published_programme(call, organiser, client):
    proposal = proposal_for(call, speakers=SPEAKERS)
    session = proposal_accept(proposal=proposal, user=organiser)

    version = schedule_publish(event=call.event, comment="First", user=organiser, notify=False)
    listed = client.get(reverse("api:sessions", kwargs={"event_slug": call.event.slug}))

    assert version.snapshot["sessions"] == []
    assert [s["code"] for s in listed.json()["results"]] == []
    assert session.code not in listed.content.decode()


# --- The state machine -------------------------------------------------------------------------

TRANSITIONS = [
    (S.SUBMITTED, S.ACCEPTED, True),
    (S.SUBMITTED, S.WAITLISTED, True),
    (S.SUBMITTED, S.REJECTED, True),
    (S.WAITLISTED, S.ACCEPTED, True),
    (S.WAITLISTED, S.REJECTED, True),
    (S.REJECTED, S.ACCEPTED, True),
    (S.REJECTED, S.WAITLISTED, True),
    (S.ACCEPTED, S.WAITLISTED, False),
    (S.ACCEPTED, S.REJECTED, False),
    (S.DRAFT, S.ACCEPTED, False),
    (S.DRAFT, S.WAITLISTED, False),
    (S.DRAFT, S.REJECTED, False),
    (S.WITHDRAWN, S.ACCEPTED, False),
    (S.WITHDRAWN, S.WAITLISTED, False),
    (S.WITHDRAWN, S.REJECTED, False),
]


@pytest.mark.parametrize(("before", "decision", "allowed"), TRANSITIONS)
def test_decision_transitions(call, organiser, before, decision, allowed):
    proposal = proposal_for(call, state=before)

    if allowed:
        changed = proposals_decide(
            event=call.event, proposals=[proposal], decision=decision, user=organiser
        )
        assert [p.pk for p in changed] == [proposal.pk]
    else:
        with pytest.raises(DecisionError) as refused:
            proposals_decide(
                event=call.event, proposals=[proposal], decision=decision, user=organiser
            )
        assert refused.value.code == "proposals"

    proposal.refresh_from_db()
    assert proposal.state == (decision if allowed else before)
    assert (proposal.session_id is not None) == (allowed and decision == S.ACCEPTED)


@pytest.mark.parametrize("state", [S.WAITLISTED, S.REJECTED])
def test_same_decision_again_is_skipped_without_email(
    call, organiser, state, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = proposal_for(call, state=state)

    with django_capture_on_commit_callbacks(execute=True):
        changed = proposals_decide(
            event=call.event, proposals=[proposal], decision=state, user=organiser
        )

    assert changed == []
    assert mailoutbox == []
    assert not AuditEntry.objects.filter(action=AuditAction.DECIDED).exists()


def test_a_refused_proposal_refuses_the_whole_batch(call, organiser):
    fine, accepted = proposal_for(call), proposal_for(call, state=S.ACCEPTED)

    with pytest.raises(DecisionError) as refused:
        proposals_decide(
            event=call.event, proposals=[fine, accepted], decision=S.REJECTED, user=organiser
        )

    assert accepted.code in refused.value.message
    assert fine.code not in refused.value.message
    assert list(Proposal.objects.order_by("pk").values_list("state", flat=True)) == [
        S.SUBMITTED,
        S.ACCEPTED,
    ]


def test_unknown_decision_and_other_event_refused(call, organiser, organiser_of):
    proposal = proposal_for(call)
    other = call_for(EventFactory())
    stranger = proposal_for(other)

    with pytest.raises(DecisionError) as unknown:
        proposals_decide(event=call.event, proposals=[proposal], decision=S.DRAFT, user=organiser)
    with pytest.raises(DecisionError) as foreign:
        proposals_decide(
            event=call.event, proposals=[stranger], decision=S.REJECTED, user=organiser
        )

    assert (unknown.value.code, foreign.value.code) == ("decision", "proposals")
    assert Proposal.objects.get(pk=stranger.pk).state == S.SUBMITTED


# --- Bulk emails and the log -------------------------------------------------------------------


def test_bulk_decide_emails_each_changed_proposal_once_in_its_language(
    call, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    french = proposal_for(call, contact_language="fr")
    spanish = proposal_for(call, contact_language="es")
    english = proposal_for(call, contact_language="en")
    unchanged = proposal_for(call, state=S.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        changed = proposals_decide(
            event=call.event,
            proposals=[french, spanish, english, unchanged],
            decision=S.WAITLISTED,
            note="Too many workshops on water",
            user=organiser,
        )

    assert [p.pk for p in changed] == [french.pk, spanish.pk, english.pk]
    assert mail_jobs() == [
        ("proposal_waitlisted", "fr", [french.contact_email]),
        ("proposal_waitlisted", "es", [spanish.contact_email]),
        ("proposal_waitlisted", "en", [english.contact_email]),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [french.contact_email, spanish.contact_email, english.contact_email]
    )
    french_mail = next(m for m in mailoutbox if m.to == [french.contact_email])
    # The French title, the reason and the reference.
    assert french.title_fr in french_mail.body
    assert "Too many workshops on water" in french_mail.body
    assert french.code in french_mail.body
    assert french_mail.subject == (
        f"Votre proposition d’événement parallèle pour {call.event.name} est sur liste d’attente"
    )


def test_accepted_email_says_the_session_appears_once_published(
    call, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = proposal_for(call)

    with django_capture_on_commit_callbacks(execute=True):
        proposals_decide(
            event=call.event, proposals=[proposal], decision=S.ACCEPTED, user=organiser
        )

    (mail,) = mailoutbox
    assert mail.subject == f"Your side event proposal for {call.event.name} is accepted"
    assert "will appear in the programme once the organisers publish it" in mail.body
    assert "Message from the organisers" not in mail.body


def test_nothing_is_sent_when_the_transaction_rolls_back(
    call, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = proposal_for(call, speakers=SPEAKERS)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        proposals_decide(
            event=call.event, proposals=[proposal], decision=S.ACCEPTED, user=organiser
        )
        raise RuntimeError("the request failed later")

    assert mailoutbox == []
    assert Job.objects.count() == 0
    assert Session.objects.count() == 0
    assert Proposal.objects.get(pk=proposal.pk).state == S.SUBMITTED


def test_decision_is_logged_with_who_when_why(call, organiser):
    proposal = proposal_for(call)

    proposals_decide(
        event=call.event,
        proposals=[proposal],
        decision=S.REJECTED,
        note="  Outside the  forum's themes ",
        user=organiser,
    )
    proposals_decide(
        event=call.event, proposals=[proposal], decision=S.WAITLISTED, note="", user=organiser
    )

    proposal.refresh_from_db()
    assert (proposal.decided_by, proposal.decision_note) == (organiser, "")
    assert proposal.decided_at is not None
    entries = AuditEntry.objects.filter(
        object_id=str(proposal.pk), action=AuditAction.DECIDED
    ).order_by("pk")
    assert [(e.actor, e.note, e.changes["state"]) for e in entries] == [
        (organiser, "Outside the forum's themes", ["submitted", "rejected"]),
        (organiser, "", ["rejected", "waitlisted"]),
    ]


# --- Duplicates --------------------------------------------------------------------------------


def test_duplicates_point_to_the_original_never_chain(call, organiser):
    original, copy, third = proposal_for(call), proposal_for(call), proposal_for(call)

    proposal_mark_duplicate(proposal=copy, of=original, user=organiser)
    proposal_mark_duplicate(proposal=third, of=copy, user=organiser)

    assert Proposal.objects.get(pk=third.pk).duplicate_of_id == original.pk
    # The original itself becoming a duplicate takes its duplicates along.
    fourth = proposal_for(call)
    proposal_mark_duplicate(proposal=original, of=fourth, user=organiser)
    assert {p.code: p.duplicate_of_id for p in Proposal.objects.all()} == {
        original.code: fourth.pk,
        copy.code: fourth.pk,
        third.code: fourth.pk,
        fourth.code: None,
    }
    proposal_mark_duplicate(proposal=copy, of=None, user=organiser)
    assert Proposal.objects.get(pk=copy.pk).duplicate_of_id is None


def test_duplicate_refusals(call, organiser):
    proposal, original = proposal_for(call), proposal_for(call)
    proposal_mark_duplicate(proposal=proposal, of=original, user=organiser)
    stranger = proposal_for(call_for(EventFactory()))

    for of in (proposal, stranger):
        with pytest.raises(DecisionError) as refused:
            proposal_mark_duplicate(proposal=proposal, of=of, user=organiser)
        assert refused.value.code == "duplicate_of"
    # Its original cannot become a duplicate of it: that would be a loop.
    with pytest.raises(DecisionError) as loop:
        proposal_mark_duplicate(proposal=original, of=proposal, user=organiser)
    assert (
        loop.value.message == f"{proposal.code} is already marked as a duplicate of this proposal."
    )
    assert Proposal.objects.get(pk=original.pk).duplicate_of_id is None


# --- The proposing organisation ----------------------------------------------------------------


def test_new_organisation_added_to_the_directory(call, organiser):
    proposal = proposal_for(
        call,
        new_organisation_name="Réseau des villes côtières",
        new_organisation_kind="civil_society",
        new_organisation_country="SN",
        new_organisation_website="https://villes.example.org",
    )

    resolved = proposal_organisation_resolve(proposal=proposal, user=organiser)

    organisation = Organisation.objects.get(name="Réseau des villes côtières")
    assert (organisation.kind, str(organisation.country), organisation.website) == (
        "civil_society",
        "SN",
        "https://villes.example.org",
    )
    assert resolved.organisation == organisation
    assert not resolved.organisation_pending
    # What the proposer wrote is kept for the record.
    assert (
        Proposal.objects.get(pk=proposal.pk).new_organisation_name == "Réseau des villes côtières"
    )
    entry = AuditEntry.objects.get(object_id=str(proposal.pk), action=AuditAction.CHANGED)
    assert entry.changes == {"organisation": [None, "Réseau des villes côtières"]}
    with pytest.raises(DecisionError):
        proposal_organisation_resolve(proposal=proposal, user=organiser)


def test_link_to_an_existing_organisation(call, organiser):
    city = OrganisationFactory(name="Ville de Dakar")
    proposal = proposal_for(call, new_organisation_name="Dakar city hall")

    proposal_organisation_resolve(proposal=proposal, organisation=city, user=organiser)

    assert Proposal.objects.get(pk=proposal.pk).organisation == city
    assert Organisation.objects.count() == 1


def test_new_organisation_without_kind_or_country_cannot_be_added(call, organiser):
    proposal = proposal_for(call, new_organisation_name="Somewhere")

    with pytest.raises(DecisionError) as refused:
        proposal_organisation_resolve(proposal=proposal, user=organiser)

    assert refused.value.code == "organisation"
    assert Organisation.objects.count() == 0
    assert Proposal.objects.get(pk=proposal.pk).organisation_id is None
