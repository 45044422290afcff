"""Reads of the proposals' reviews: the scores that rank them."""

from django.db.models import Avg, Count, Max, Min, Q, QuerySet, StdDev

from sessions.models import Proposal


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
