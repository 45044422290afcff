"""Reads of the proposals' reviews: who reviews what, the scores that rank them.

The one rule of who may review a proposal lives in ``_may_review``: a user reviews a proposal
of event E when they are in a team of E holding ``can_review_proposals`` that is named on no
track (it reviews every track) or on the proposal's track (a proposal without a track is
reviewed only by teams named on no track), and they are affiliated (``events.Affiliation``)
at E with neither the proposing organisation nor any co-organiser. Only proposals sent to the
organisers and not withdrawn are under review.
"""

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StdDev,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from events.models import Affiliation, Event, Organisation, Team
from sessions.enums import ProposalState
from sessions.models import Proposal, ProposalAnswer, Review, ReviewCriterion, Track

# Proposals reviewers score: sent to the organisers, decided or not, never drafts or withdrawn.
REVIEWABLE_STATES = (
    ProposalState.SUBMITTED,
    ProposalState.WAITLISTED,
    ProposalState.ACCEPTED,
    ProposalState.REJECTED,
)


def with_scores(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """``proposals`` annotated, in the same query, with their reviews' totals (each a
    weighted mean, 0–SCORE_MAX): ``review_count``, ``score_mean``, ``score_min``,
    ``score_max`` and ``score_spread`` (population standard deviation; None without
    reviews, 0 with one)."""
    scored = Q(reviews__total__isnull=False)
    return proposals.annotate(
        review_count=Count("reviews", filter=scored),
        score_mean=Avg("reviews__total", filter=scored),
        score_min=Min("reviews__total", filter=scored),
        score_max=Max("reviews__total", filter=scored),
        score_spread=StdDev("reviews__total", filter=scored),
    )


def _inner(user):
    """``user`` (a primary key, or an ``OuterRef`` at the proposals' level) as seen from a
    subquery of the proposals' query."""
    return OuterRef(user) if isinstance(user, OuterRef) else user


def _may_review(*, event: Event, user) -> Q:
    """The condition on ``Proposal`` rows of ``event`` that ``user`` (a primary key, or an
    ``OuterRef`` naming one in an enclosing query) may review. Subqueries only: no join, so
    no proposal is repeated."""
    user = _inner(user)
    reviewing = Team.objects.filter(event=event, can_review_proposals=True, members=user)
    every_track = Exists(reviewing.filter(review_tracks__isnull=True))
    this_track = Exists(
        Track.review_teams.through.objects.filter(
            track_id=OuterRef("track_id"),
            team__event=event,
            team__can_review_proposals=True,
            team__members=user,
        )
    )
    affiliations = Affiliation.objects.filter(event=event, user=user)
    proposer = Exists(affiliations.filter(organisation_id=OuterRef("organisation_id")))
    co_organiser = Exists(affiliations.filter(organisation__co_organised_proposals=OuterRef("pk")))
    return (every_track | this_track) & ~proposer & ~co_organiser


def proposals_under_review(*, event: Event) -> QuerySet[Proposal]:
    """``event``'s proposals reviewers score, whoever reviews them."""
    return Proposal.objects.filter(event=event, state__in=REVIEWABLE_STATES)


def reviewable_proposals(*, event: Event, user) -> QuerySet[Proposal]:
    """The proposals of ``event`` that ``user`` may review (one query; none for an
    anonymous or disabled user)."""
    if not (user.is_authenticated and user.is_active):
        return Proposal.objects.none()
    return proposals_under_review(event=event).filter(_may_review(event=event, user=user.pk))


def reviewer_may_review(*, proposal: Proposal, user) -> bool:
    """Whether ``user`` may review ``proposal`` now (its state, their teams and tracks, their
    affiliations): one query."""
    return reviewable_proposals(event=proposal.event, user=user).filter(pk=proposal.pk).exists()


def reviewer_holds_flag(*, event: Event, user) -> bool:
    """Whether ``user`` is in one of ``event``'s reviewing teams at all."""
    return Team.objects.filter(event=event, can_review_proposals=True, members=user).exists()


def reviewer_affiliated(*, proposal: Proposal, user) -> bool:
    """Whether ``user`` is affiliated at the proposal's event with its proposing organisation
    or one of its co-organisers."""
    affiliations = Affiliation.objects.filter(event_id=proposal.event_id, user=user)
    return affiliations.filter(
        Q(organisation_id=proposal.organisation_id)
        | Q(organisation__co_organised_proposals=proposal)
    ).exists()


def review_queue(
    *, event: Event, user, track: Track | None = None, to_review: bool = False
) -> QuerySet[Proposal]:
    """The proposals ``user`` may review, oldest submission first, each with the track and
    ``my_total`` (the total of ``user``'s review, None when not scored) and ``my_reviewed``;
    ``track`` narrows to one track, ``to_review`` to those ``user`` has not reviewed yet."""
    mine = Review.objects.filter(proposal=OuterRef("pk"), reviewer_id=user.pk)
    proposals = (
        reviewable_proposals(event=event, user=user)
        .select_related("event", "track")
        .annotate(
            my_total=Subquery(mine.values("total")[:1]),
            my_reviewed=Exists(mine),
        )
        .order_by("submitted_at", "pk")
    )
    if track is not None:
        proposals = proposals.filter(track=track)
    if to_review:
        proposals = proposals.filter(my_reviewed=False)
    return proposals


def review_progress(*, event: Event, user) -> dict[str, int]:
    """{"assigned": proposals ``user`` may review, "reviewed": those they reviewed}: one
    query."""
    return reviewable_proposals(event=event, user=user).aggregate(
        assigned=Count("pk", distinct=True),
        reviewed=Count("reviews", filter=Q(reviews__reviewer_id=user.pk), distinct=True),
    )


def review_of(*, proposal: Proposal, user) -> Review | None:
    """``user``'s own review of ``proposal`` with its scores (two queries), or None. Other
    reviewers' reviews are never read for a reviewer."""
    return (
        Review.objects.filter(proposal=proposal, reviewer_id=user.pk)
        .prefetch_related("scores")
        .first()
    )


def review_ranking(*, proposals: QuerySet[Proposal], user) -> QuerySet[Proposal]:
    """``proposals`` with their scores (``with_scores``) and ``user``'s own total
    (``my_total``), best first: the highest mean, then the smallest spread (the reviewers
    agree), then the reference; proposals nobody scored come last. One query."""
    mine = Review.objects.filter(proposal=OuterRef("pk"), reviewer_id=user.pk)
    return (
        with_scores(proposals.select_related("event", "track"))
        .annotate(my_total=Subquery(mine.values("total")[:1]))
        .order_by(
            F("score_mean").desc(nulls_last=True),
            F("score_spread").asc(nulls_last=True),
            "code",
        )
    )


def reviewer_progress(*, event: Event) -> QuerySet:
    """The event's reviewers (members of its reviewing teams), each with ``assigned`` (the
    proposals they may review) and ``reviewed`` (those they reviewed): one query, whatever the
    number of reviewers, proposals and reviews."""
    reviewer = OuterRef(OuterRef("pk"))
    assigned = proposals_under_review(event=event).filter(
        _may_review(event=event, user=OuterRef("pk"))
    )
    reviewed = assigned.filter(
        Exists(Review.objects.filter(proposal=OuterRef("pk"), reviewer_id=reviewer))
    )

    def counted(rows: QuerySet[Proposal]) -> Coalesce:
        totals = rows.order_by().values("event").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(totals, output_field=IntegerField()), Value(0))

    return (
        get_user_model()
        .objects.filter(
            Exists(
                Team.objects.filter(event=event, can_review_proposals=True, members=OuterRef("pk"))
            )
        )
        .annotate(assigned=counted(assigned), reviewed=counted(reviewed))
        .only("pk", "username", "first_name", "last_name", "email")
        .order_by("username")
    )


def review_proposal_get(*, event: Event, user, code: str) -> Proposal:
    """The proposal ``code`` of ``event`` as ``user`` reviews it, with what its page shows
    (track, call, organisation, co-organisers, speakers, answers: five queries); raises
    ``Proposal.DoesNotExist`` when it is not one ``user`` may review."""
    return (
        reviewable_proposals(event=event, user=user)
        .select_related("event", "track", "call", "organisation")
        .prefetch_related(
            Prefetch("co_organisers", queryset=Organisation.objects.order_by("name")),
            "speakers",
            Prefetch("answers", queryset=ProposalAnswer.objects.order_by("pk")),
        )
        .get(code=code)
    )


def review_criteria(*, proposal: Proposal) -> list[ReviewCriterion]:
    """The criteria of the proposal's call, in their order."""
    return list(ReviewCriterion.objects.filter(call_id=proposal.call_id).order_by("order", "pk"))
