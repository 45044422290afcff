from decimal import Decimal

import pytest

from events.models import AuditAction, AuditEntry
from sessions.enums import ProposalState
from sessions.models import Review, ReviewScore
from sessions.selectors.reviews import reviewable_proposals, reviewer_may_review
from sessions.services.reviews import ReviewError, ReviewScoresError, review_save
from tests.factories import EventFactory, OrganisationFactory
from tests.sessions.factories import TrackFactory
from tests.sessions.reviews.reviewdata import affiliate, make_call, make_proposal, make_reviewer

pytestmark = pytest.mark.django_db


def criteria_ids(call):
    return [criterion.pk for criterion in call.criteria.order_by("order")]


def scores(call, *values):
    return dict(zip(criteria_ids(call), values, strict=True))


@pytest.fixture
def call(event):
    return make_call(event, weights=(1, 3))


def test_review_save_unaffiliated_reviewer_stores_weighted_total(event, call):
    proposal = make_proposal(call, organisation=OrganisationFactory(name="City of Cuenca"))
    reviewer = make_reviewer(event)
    affiliate(event, reviewer, OrganisationFactory(name="City of Ambato"))

    review = review_save(proposal=proposal, reviewer=reviewer, scores=scores(call, 4, 2))

    assert review.total == Decimal("2.50")  # (4×1 + 2×3) / 4
    assert sorted(ReviewScore.objects.filter(review=review).values_list("score", flat=True)) == [
        2,
        4,
    ]


@pytest.mark.parametrize(
    ("weights", "values", "total"),
    [
        ((1, 2), (5, 0), Decimal("1.67")),
        ((3, 3, 1), (1, 2, 5), Decimal("2.00")),
        ((1, 1, 1), (5, 5, 4), Decimal("4.67")),
        ((10, 1), (0, 5), Decimal("0.45")),
        ((2,), (5,), Decimal("5.00")),
    ],
)
def test_review_total_is_weighted_mean_rounded_to_cents(event, weights, values, total):
    call = make_call(event, weights=weights)
    proposal = make_proposal(call)

    review = review_save(
        proposal=proposal, reviewer=make_reviewer(event), scores=scores(call, *values)
    )

    review.refresh_from_db()
    assert review.total == total


def test_review_save_edits_the_reviewers_own_review(event, call):
    proposal = make_proposal(call)
    reviewer = make_reviewer(event)
    first = review_save(
        proposal=proposal, reviewer=reviewer, scores=scores(call, 1, 1), comment="x"
    )

    second = review_save(
        proposal=proposal, reviewer=reviewer, scores=scores(call, 5, 5), comment=" Strong "
    )

    assert (second.pk, Review.objects.count(), second.total, second.comment) == (
        first.pk,
        1,
        Decimal("5.00"),
        "Strong",
    )
    assert sorted(ReviewScore.objects.values_list("score", flat=True)) == [5, 5]


def test_review_is_audited_without_the_comment(event, call):
    proposal = make_proposal(call, code="P100")
    reviewer = make_reviewer(event)

    review = review_save(
        proposal=proposal, reviewer=reviewer, scores=scores(call, 4, 2), comment="Secret words"
    )

    entry = AuditEntry.objects.get(object_id=str(review.pk), content_type__model="review")
    assert (entry.action, entry.actor, entry.object_repr) == (
        AuditAction.CREATED,
        reviewer,
        "Review of P100",
    )
    assert entry.changes == {
        "score Criterion 0": [None, 4],
        "score Criterion 1": [None, 2],
        "total": [None, "2.50"],
        "comment": [None, None],
    }
    assert "Secret words" not in str(entry.changes)


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({0: 6, 1: 3}, {0: "Give a score from 0 to 5."}),
        ({0: -1, 1: 3}, {0: "Give a score from 0 to 5."}),
        ({1: 3}, {0: "Score this criterion."}),
        ({0: "4", 1: None}, {0: "Give a score from 0 to 5.", 1: "Score this criterion."}),
    ],
)
def test_review_scores_out_of_range_or_missing_refused_per_criterion(event, call, values, errors):
    proposal = make_proposal(call)
    ids = criteria_ids(call)

    with pytest.raises(ReviewScoresError) as refused:
        review_save(
            proposal=proposal,
            reviewer=make_reviewer(event),
            scores={ids[index]: value for index, value in values.items()},
        )

    assert refused.value.code == "scores"
    assert refused.value.errors == {ids[index]: message for index, message in errors.items()}
    assert Review.objects.count() == 0


def test_review_score_for_another_calls_criterion_refused(event, call):
    other = make_call(EventFactory(), weights=(1,))
    proposal = make_proposal(call)

    with pytest.raises(ReviewError) as refused:
        review_save(
            proposal=proposal,
            reviewer=make_reviewer(event),
            scores={**scores(call, 1, 1), criteria_ids(other)[0]: 3},
        )

    assert refused.value.code == "scores"


@pytest.mark.parametrize("relation", ["proposer", "co_organiser"])
def test_review_affiliated_reviewer_refused_and_not_in_queue(event, call, relation):
    cuenca = OrganisationFactory(name="City of Cuenca")
    if relation == "proposer":
        proposal = make_proposal(call, organisation=cuenca)
    else:
        proposal = make_proposal(
            call, organisation=OrganisationFactory(), co_organisers=[OrganisationFactory(), cuenca]
        )
    reviewer = make_reviewer(event)
    affiliate(event, reviewer, cuenca)

    with pytest.raises(ReviewError) as refused:
        review_save(proposal=proposal, reviewer=reviewer, scores=scores(call, 3, 3))

    assert refused.value.code == "conflict"
    assert list(reviewable_proposals(event=event, user=reviewer)) == []
    assert reviewer_may_review(proposal=proposal, user=reviewer) is False


def test_affiliation_at_another_event_is_no_conflict(event, call):
    cuenca = OrganisationFactory(name="City of Cuenca")
    proposal = make_proposal(call, organisation=cuenca)
    reviewer = make_reviewer(event)
    affiliate(EventFactory(), reviewer, cuenca)

    review_save(proposal=proposal, reviewer=reviewer, scores=scores(call, 3, 3))

    assert list(reviewable_proposals(event=event, user=reviewer)) == [proposal]


def test_track_scoping(event, call):
    water, housing = TrackFactory(event=event), TrackFactory(event=event)
    on_water = make_proposal(call, track=water, code="W1")
    on_housing = make_proposal(call, track=housing, code="H1")
    no_track = make_proposal(call, code="N1")
    water_reviewer = make_reviewer(event, team="Water reviewers", tracks=[water])
    general = make_reviewer(event, team="Everyone's reviewers")

    assert sorted(p.code for p in reviewable_proposals(event=event, user=water_reviewer)) == ["W1"]
    assert sorted(p.code for p in reviewable_proposals(event=event, user=general)) == [
        "H1",
        "N1",
        "W1",
    ]
    for proposal in (on_housing, no_track):
        with pytest.raises(ReviewError) as refused:
            review_save(proposal=proposal, reviewer=water_reviewer, scores=scores(call, 1, 1))
        assert refused.value.code == "track"
    review_save(proposal=on_water, reviewer=water_reviewer, scores=scores(call, 1, 1))


def test_team_named_on_a_track_without_the_flag_reviews_nothing(event, call, organiser_of):
    water = TrackFactory(event=event)
    proposal = make_proposal(call, track=water)
    organiser = organiser_of(event, can_manage_programme=True)

    with pytest.raises(ReviewError) as refused:
        review_save(proposal=proposal, reviewer=organiser, scores=scores(call, 1, 1))

    assert refused.value.code == "reviewer"
    assert list(reviewable_proposals(event=event, user=organiser)) == []


def test_reviewer_of_another_event_refused(event, call):
    proposal = make_proposal(call)
    elsewhere = make_reviewer(EventFactory())

    with pytest.raises(ReviewError) as refused:
        review_save(proposal=proposal, reviewer=elsewhere, scores=scores(call, 1, 1))

    assert refused.value.code == "reviewer"


@pytest.mark.parametrize("state", [ProposalState.DRAFT, ProposalState.WITHDRAWN])
def test_proposal_not_under_review_refused(event, call, state):
    proposal = make_proposal(call, state=state)
    reviewer = make_reviewer(event)

    with pytest.raises(ReviewError) as refused:
        review_save(proposal=proposal, reviewer=reviewer, scores=scores(call, 1, 1))

    assert refused.value.code == "state"
    assert list(reviewable_proposals(event=event, user=reviewer)) == []


@pytest.mark.parametrize(
    "state", [ProposalState.WAITLISTED, ProposalState.ACCEPTED, ProposalState.REJECTED]
)
def test_decided_proposals_stay_under_review(event, call, state):
    proposal = make_proposal(call, state=state)

    review = review_save(
        proposal=proposal, reviewer=make_reviewer(event), scores=scores(call, 2, 2)
    )

    assert review.total == Decimal("2.00")
