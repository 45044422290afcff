"""The call's and its criteria's services: what they accept, refuse and record."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from events.models import AuditAction, AuditEntry
from sessions.models import CallForProposals, Review, ReviewCriterion, ReviewScore
from sessions.services.calls import (
    CallError,
    call_save,
    criterion_add,
    criterion_delete,
    criterion_update,
)
from tests.factories import EventFactory, UserFactory
from tests.sessions.factories import TrackFactory

pytestmark = pytest.mark.django_db

OPENS = datetime(2031, 1, 5, 9, 0, tzinfo=UTC)
CLOSES = datetime(2031, 2, 1, 18, 0, tzinfo=UTC)


def save(event, user, **overrides):
    values = {
        "opens_at": OPENS,
        "closes_at": CLOSES,
        "published": True,
        "guidelines": {"fr": "  Les villes  ", "en": "Cities"},
        "formats": ["workshop", "side_event"],
        "tracks": [],
        "languages": ["en", "fr"],
        "max_per_organisation": 3,
        "anonymise": False,
        **overrides,
    }
    return call_save(event=event, user=user, **values)


def test_call_save_creates_then_updates_one_call_audited(dakar, tracks):
    user = UserFactory()

    call = save(dakar, user, tracks=[tracks[1]])
    save(dakar, user, max_per_organisation=None, tracks=[tracks[0], tracks[1]])

    call = CallForProposals.objects.get(pk=call.pk)
    assert CallForProposals.objects.filter(event=dakar).count() == 1
    assert call.formats == ["side_event", "workshop"]  # in the offer's order
    assert call.languages == ["fr", "en"]  # in the event's order
    assert (call.guidelines_fr, call.guidelines_en) == ("Les villes", "Cities")
    assert call.max_per_organisation is None
    assert sorted(t.name for t in call.tracks.all()) == ["Housing", "Water"]
    entries = AuditEntry.objects.filter(event=dakar).order_by("pk")
    assert [e.action for e in entries] == [AuditAction.CREATED, AuditAction.CHANGED]
    assert entries[1].changes == {
        "max_per_organisation": [3, None],
        "tracks": [["Housing"], ["Housing", "Water"]],
    }
    assert entries[1].actor_id == user.pk


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        ({"closes_at": OPENS}, "closes_at", "The call must close after it opens."),
        ({"formats": []}, "formats", "Offer at least one format."),
        ({"formats": ["plenary"]}, "formats", "Choose formats among those offered."),
        ({"languages": ["ar"]}, "languages", "Choose among the event’s working languages."),
        ({"max_per_organisation": 0}, "max_per_organisation", None),
    ],
)
def test_call_save_refusals(dakar, overrides, code, message):
    with pytest.raises(CallError) as exc:
        save(dakar, UserFactory(), **overrides)

    assert exc.value.code == code
    if message:
        assert exc.value.message == message
    assert not CallForProposals.objects.exists()


def test_call_save_refuses_another_events_track(dakar):
    other = TrackFactory(event=EventFactory())

    with pytest.raises(CallError) as exc:
        save(dakar, UserFactory(), tracks=[other])

    assert (exc.value.code, exc.value.message) == ("tracks", "Choose tracks of this event.")


def test_criteria_added_in_order_updated_and_deleted_audited(call):
    user = UserFactory()
    added = criterion_add(
        call=call,
        name={"fr": "Impact", "en": "Impact"},
        description={"en": "Reach"},
        weight=2,
        user=user,
    )
    assert added.order == 2

    criterion_update(criterion=added, name={"es": "Impacto"}, weight=5, user=user)
    added.refresh_from_db()
    assert (added.name_es, added.name_fr, added.weight) == ("Impacto", "Impact", 5)

    criterion_delete(criterion=added, user=user)
    assert not ReviewCriterion.objects.filter(pk=added.pk).exists()
    actions = list(
        AuditEntry.objects.filter(event=call.event, object_id=str(added.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [AuditAction.CREATED, AuditAction.CHANGED, AuditAction.DELETED]


def test_criterion_refusals(call):
    with pytest.raises(CallError) as exc:
        criterion_add(call=call, name={"en": " "}, user=UserFactory())
    assert (exc.value.code, exc.value.message) == ("name_en", "Write it in at least one language.")

    with pytest.raises(CallError) as exc:
        criterion_add(call=call, name={"en": "Reach"}, weight=11, user=UserFactory())
    assert (exc.value.code, exc.value.message) == ("weight", "Give a weight from 1 to 10.")


def test_criterion_with_scores_is_not_deleted(call, propose):
    proposal, _token = propose()
    criterion = call.criteria.first()
    review = Review.objects.create(proposal=proposal, reviewer=UserFactory(), total=Decimal("4.00"))
    ReviewScore.objects.create(review=review, criterion=criterion, score=4)

    with pytest.raises(CallError) as exc:
        criterion_delete(criterion=criterion, user=UserFactory())

    assert exc.value.message == (
        "Reviewers have already scored this criterion: it cannot be deleted. "
        "Rename it or lower its weight instead."
    )
    assert ReviewCriterion.objects.filter(pk=criterion.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.DELETED).exists()
