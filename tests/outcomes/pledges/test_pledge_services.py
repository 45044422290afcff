"""The pledge services: who may pledge, the revisions' life, the organisers' decisions."""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from events.models import AuditEntry
from forum.signals import pledge_published
from outcomes.enums import PledgeState, RevisionState
from outcomes.models import Pledge, PledgeRevision, Statement
from outcomes.models.pledge import FIGURE_MAX
from outcomes.services import pledges as pledges_service
from outcomes.services.endorsements import endorsement_withdraw
from outcomes.services.pledges import (
    PledgeError,
    pledge_create,
    pledge_may_add,
    pledge_update,
    pledge_withdraw,
    revision_approve,
    revision_reject,
)
from tests.factories import EventFactory
from tests.outcomes.pledges.conftest import pledge_input
from tests.sessions.factories import TrackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals():
    """The pledge_published calls, as (pledge code, revision number)."""
    calls = []

    def receiver(sender, pledge, revision, **kwargs):
        calls.append((pledge.code, revision.number))

    pledge_published.connect(receiver, dispatch_uid="test_pledge_signals")
    yield calls
    pledge_published.disconnect(dispatch_uid="test_pledge_signals")


def states(pledge) -> list[tuple[int, str]]:
    return list(pledge.revisions.order_by("number").values_list("number", "state"))


def fresh(pledge) -> Pledge:
    return Pledge.objects.get(pk=pledge.pk)


# --- Who may pledge ------------------------------------------------------------------------


def test_pledge_create_after_a_published_endorsement_makes_revision_one(endorsed, track):
    endorsement, _token = endorsed

    pledge = pledge_create(
        endorsement=endorsement,
        data=pledge_input(track_id=track.pk, target_date=date(2032, 1, 31)),
    )

    pledge = fresh(pledge)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", pledge.code)
    assert (pledge.state, pledge.published_revision, pledge.published_at) == (
        PledgeState.PENDING,
        None,
        None,
    )
    assert (pledge.statement_id, pledge.organisation_id) == (
        endorsement.statement_id,
        endorsement.organisation_id,
    )
    revision = pledge.revisions.get()
    assert (revision.number, revision.state, revision.status) == (1, "pending", "planned")
    assert (revision.title_en, revision.title_fr) == (
        "Bus lanes to the camps",
        "Couloirs de bus vers les camps",
    )
    assert (revision.description_en, revision.figure, revision.figure_label_en) == (
        "Ten kilometres of lanes.",
        12000,
        "people reached",
    )
    assert (revision.track, revision.target_date, revision.link) == (
        track,
        date(2032, 1, 31),
        "https://grenoble.example/bus",
    )


@pytest.mark.parametrize(
    ("confirm", "official", "state"),
    [(False, True, "unverified"), (True, False, "pending_approval")],
)
def test_pledge_create_refuses_an_endorsement_not_published(endorse, confirm, official, state):
    endorsement, _token = endorse(confirm=confirm, official=official)
    assert endorsement.state == state
    assert pledge_may_add(endorsement=endorsement) is False

    with pytest.raises(PledgeError) as refused:
        pledge_create(endorsement=endorsement, data=pledge_input())

    assert refused.value.code == "not_published_endorsement"
    assert (Pledge.objects.count(), PledgeRevision.objects.count()) == (0, 0)


def test_pledge_create_and_update_refused_once_the_endorsement_is_withdrawn(endorsed):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    endorsement_withdraw(endorsement=endorsement, actor_label="signatory", reason="Changed mind")
    endorsement.refresh_from_db()

    with pytest.raises(PledgeError) as refused:
        pledge_create(endorsement=endorsement, data=pledge_input())
    assert refused.value.code == "not_published_endorsement"
    with pytest.raises(PledgeError) as refused:
        pledge_update(pledge=pledge, data=pledge_input())
    assert refused.value.code == "not_published_endorsement"
    assert (Pledge.objects.count(), states(pledge)) == (1, [(1, "pending")])


def test_pledge_create_refused_when_the_statement_is_not_public(endorsed):
    endorsement, _token = endorsed
    Statement.objects.filter(pk=endorsement.statement_id).update(state="consultation")
    endorsement.refresh_from_db()

    with pytest.raises(PledgeError) as refused:
        pledge_create(endorsement=endorsement, data=pledge_input())

    assert refused.value.code == "state"
    assert Pledge.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"titles": {"en": "  ", "fr": ""}}, "title_en"),
        ({"titles": {"en": "x" * 201}}, "title_en"),
        ({"titles": {"xx": "Bus"}}, "title"),
        ({"status": "finished"}, "status"),
        ({"link": "http://grenoble.example/bus"}, "link"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"figure": -1}, "figure"),
        ({"figure": FIGURE_MAX + 1}, "figure"),
        ({"figure_labels": {"en": "y" * 121}}, "figure_label_en"),
    ],
)
def test_pledge_create_refuses_invalid_values(endorsed, overrides, field):
    endorsement, _token = endorsed

    with pytest.raises(PledgeError) as refused:
        pledge_create(endorsement=endorsement, data=pledge_input(**overrides))

    assert (refused.value.code, refused.value.field) == ("invalid", field)
    assert (Pledge.objects.count(), PledgeRevision.objects.count()) == (0, 0)


def test_pledge_theme_must_be_a_track_of_the_statements_event(endorsed):
    endorsement, _token = endorsed
    foreign = TrackFactory(event=EventFactory(), name="Elsewhere")

    with pytest.raises(PledgeError) as refused:
        pledge_create(endorsement=endorsement, data=pledge_input(track_id=foreign.pk))

    assert (refused.value.code, refused.value.field) == ("invalid", "track")
    assert Pledge.objects.count() == 0


def test_pledge_figure_bounds_are_inclusive(endorsed):
    endorsement, _token = endorsed
    low = pledge_create(endorsement=endorsement, data=pledge_input(figure=0))
    high = pledge_create(endorsement=endorsement, data=pledge_input(figure=FIGURE_MAX))

    assert [low.revisions.get().figure, high.revisions.get().figure] == [0, FIGURE_MAX]


# --- Revisions and decisions -----------------------------------------------------------------


def test_pledge_update_supersedes_the_pending_revision(endorsed):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())

    revision = pledge_update(pledge=pledge, data=pledge_input(status="under_way"))

    assert (revision.number, revision.state, revision.status) == (2, "pending", "under_way")
    assert states(pledge) == [(1, "superseded"), (2, "pending")]
    assert fresh(pledge).state == PledgeState.PENDING


def test_revision_history_keeps_three_revisions_and_published_revision_moves(
    endorsed, organiser, signals
):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    first = pledge.revisions.get()

    revision_approve(revision=first, user=organiser)
    published_at = fresh(pledge).published_at
    second = pledge_update(pledge=pledge, data=pledge_input(status="under_way"))
    assert fresh(pledge).published_revision == first  # the public keeps the approved text
    revision_approve(revision=second, user=organiser)
    third = pledge_update(pledge=pledge, data=pledge_input(status="done"))
    revision_approve(revision=third, user=organiser)

    pledge = fresh(pledge)
    assert states(pledge) == [(1, "approved"), (2, "approved"), (3, "approved")]
    assert (pledge.state, pledge.published_revision, pledge.published_at) == (
        PledgeState.PUBLISHED,
        third,
        published_at,
    )
    assert signals == [(pledge.code, 1), (pledge.code, 2), (pledge.code, 3)]


def test_revision_approve_sends_the_signal_once_and_nothing_else_does(endorsed, organiser, signals):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    pledge_update(pledge=pledge, data=pledge_input(status="done"))
    assert signals == []
    second = pledge.revisions.get(number=2)

    revision_approve(revision=second, user=organiser)
    with pytest.raises(PledgeError) as again:
        revision_approve(revision=second, user=organiser)

    assert again.value.code == "pending_only"
    assert signals == [(pledge.code, 2)]


def test_revision_approve_refuses_a_superseded_revision(endorsed, organiser, signals):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    first = pledge.revisions.get()
    pledge_update(pledge=pledge, data=pledge_input())

    with pytest.raises(PledgeError) as refused:
        revision_approve(revision=first, user=organiser)

    assert refused.value.code == "pending_only"
    assert (fresh(pledge).state, states(pledge), signals) == (
        PledgeState.PENDING,
        [(1, "superseded"), (2, "pending")],
        [],
    )


def test_revision_reject_of_a_new_pledge_leaves_it_unpublished(endorsed, organiser, signals):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())

    revision_reject(revision=pledge.revisions.get(), user=organiser, reason="Not a local action")

    pledge = fresh(pledge)
    revision = pledge.revisions.get()
    assert (pledge.state, pledge.published_revision, signals) == (PledgeState.REJECTED, None, [])
    assert (revision.state, revision.reason, revision.decided_by) == (
        RevisionState.REJECTED,
        "Not a local action",
        organiser,
    )
    # A corrected text goes back to review.
    pledge_update(pledge=pledge, data=pledge_input())
    assert (fresh(pledge).state, states(pledge)) == (
        PledgeState.PENDING,
        [(1, "rejected"), (2, "pending")],
    )


def test_revision_reject_of_an_update_keeps_the_published_text(endorsed, organiser):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    first = pledge.revisions.get()
    revision_approve(revision=first, user=organiser)
    second = pledge_update(pledge=pledge, data=pledge_input(titles={"en": "Something else"}))

    revision_reject(revision=second, user=organiser, reason="Off topic")

    pledge = fresh(pledge)
    assert (pledge.state, pledge.published_revision) == (PledgeState.PUBLISHED, first)
    assert states(pledge) == [(1, "approved"), (2, "rejected")]


def test_revision_reject_needs_a_reason(endorsed, organiser):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())

    with pytest.raises(PledgeError) as refused:
        revision_reject(revision=pledge.revisions.get(), user=organiser, reason="  ")

    assert (refused.value.code, refused.value.field) == ("invalid", "reason")
    assert (fresh(pledge).state, states(pledge)) == ("pending", [(1, "pending")])


def test_pledge_withdraw_ends_its_review_and_its_changes(endorsed, organiser, signals):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    revision_approve(revision=pledge.revisions.get(), user=organiser)
    second = pledge_update(pledge=pledge, data=pledge_input())

    withdrawn = pledge_withdraw(pledge=pledge)

    assert (withdrawn.state, withdrawn.withdrawn_at is not None) == (PledgeState.WITHDRAWN, True)
    assert states(pledge) == [(1, "approved"), (2, "superseded")]
    for attempt in (
        lambda: pledge_update(pledge=pledge, data=pledge_input()),
        lambda: pledge_withdraw(pledge=pledge),
    ):
        with pytest.raises(PledgeError) as refused:
            attempt()
        assert refused.value.code == "state"
    with pytest.raises(PledgeError) as refused:
        revision_approve(revision=second, user=organiser)
    assert refused.value.code == "pending_only"
    assert (PledgeRevision.objects.count(), signals) == (2, [(pledge.code, 1)])


# --- Audit and emails ----------------------------------------------------------------------


def test_decisions_are_audited_without_the_signatorys_words(endorsed, organiser):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    revision_approve(revision=pledge.revisions.get(), user=organiser)
    second = pledge_update(
        pledge=pledge, data=pledge_input(titles={"en": "Secret words", "fr": ""})
    )
    revision_reject(revision=second, user=organiser, reason="Reason words")

    entries = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Pledge), object_id=str(pledge.pk)
        ).order_by("pk")
    )
    assert [(e.action, e.actor) for e in entries] == [
        ("approved", organiser),
        ("decided", organiser),
    ]
    approved, rejected = entries
    assert approved.changes["state"] == ["pending", "published"]
    assert approved.changes["title_en"] == [None, None]
    assert approved.changes["title_fr"] == [None, None]
    assert rejected.changes == {"revision": ["pending", "rejected"]}
    logged = str([e.changes for e in entries]) + "".join(e.note for e in entries)
    for words in ("Bus lanes", "Couloirs", "Secret words", "Reason words", "maire@"):
        assert words not in logged


def test_emails_go_to_the_signatory_in_their_language(
    endorsed, organiser, django_capture_on_commit_callbacks
):
    endorsement, _token = endorsed  # French
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        revision_approve(revision=pledge.revisions.get(), user=organiser)
        second = pledge_update(pledge=pledge, data=pledge_input())
        revision_reject(revision=second, user=organiser, reason="Please name the district")

    approved, rejected = mail.outbox
    assert approved.to == rejected.to == ["maire@grenoble.example"]
    # The French title, and the French pages.
    assert "Couloirs de bus vers les camps" in approved.subject
    assert "/fr/events/dakar/statements/dakar-declaration/" in approved.body
    assert pledge.code in approved.body
    assert "Elle est désormais publique :" in " ".join(approved.body.split())  # the first text
    # An update refused:
    assert "Le public continue de voir son texte précédent." in " ".join(rejected.body.split())
    assert "Couloirs de bus vers les camps" in rejected.subject
    assert "Please name the district" in rejected.body


def test_emails_follow_an_english_signatory(endorse, organiser, django_capture_on_commit_callbacks):
    endorsement, _token = endorse(language="en")
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        revision_approve(revision=pledge.revisions.get(), user=organiser)
        assert mail.outbox == []  # only once the decision commits

    assert len(callbacks) == 1

    (message,) = mail.outbox
    assert message.subject == "Your local action is published: Bus lanes to the camps"
    assert "/en/events/dakar/statements/dakar-declaration/" in message.body


def test_a_link_adds_at_most_the_maximum_of_pledges_and_withdrawn_ones_free_a_place(
    endorsed, monkeypatch
):
    endorsement, _token = endorsed
    monkeypatch.setattr(pledges_service, "PLEDGES_PER_ENDORSEMENT_MAX", 2)
    first = pledge_create(endorsement=endorsement, data=pledge_input())
    pledge_create(endorsement=endorsement, data=pledge_input())

    with pytest.raises(PledgeError) as refused:
        pledge_create(endorsement=endorsement, data=pledge_input())

    assert refused.value.code == "limit"
    assert refused.value.message == (
        "An organisation may pledge at most 2 local actions under a statement."
    )
    assert Pledge.objects.filter(endorsement=endorsement).count() == 2
    pledge_withdraw(pledge=first)
    assert pledge_create(endorsement=endorsement, data=pledge_input()).state == PledgeState.PENDING


def test_a_pledge_takes_at_most_the_maximum_of_texts(endorsed, monkeypatch):
    endorsement, _token = endorsed
    monkeypatch.setattr(pledges_service, "REVISIONS_PER_PLEDGE_MAX", 3)
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    pledge_update(pledge=pledge, data=pledge_input())
    pledge_update(pledge=pledge, data=pledge_input())

    with pytest.raises(PledgeError) as refused:
        pledge_update(pledge=pledge, data=pledge_input())

    assert refused.value.code == "limit"
    assert PledgeRevision.objects.filter(pledge=pledge).count() == 3
