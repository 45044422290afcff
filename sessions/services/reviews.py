"""Reviewers' writes: a review of a proposal, one per reviewer, scored on every criterion.

Who may review what is ``sessions.selectors.reviews``' rule; this module refuses, with a
reason, whatever that rule does not allow. A review is recorded in the event's audit log like
every organiser's write: the scores and the total, and only the fact that the comment changed
(the log is read by the secretariat, some of whom may review too; reviewers do not read each
other's comments).
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import AuditAction
from events.services.audit import audit_record
from forum.errors import ServiceError
from forum.locking import lock_one
from sessions.enums import SCORE_MAX
from sessions.models import Proposal, Review, ReviewCriterion, ReviewScore
from sessions.selectors.reviews import (
    REVIEWABLE_STATES,
    reviewer_affiliated,
    reviewer_holds_flag,
    reviewer_may_review,
)

CENT = Decimal("0.01")


class ReviewError(ServiceError):
    """A refused review; ``code`` says why: ``reviewer`` (not a reviewer at this event),
    ``conflict`` (affiliated with the proposer or a co-organiser), ``track`` (a track the
    reviewer's teams do not review), ``state`` (not under review) or ``scores``."""


class ReviewScoresError(ReviewError):
    """Scores missing or out of range; ``errors`` is {criterion id: translated message}."""

    code = "scores"

    def __init__(self, errors: Mapping[int, str]):
        super().__init__(_("Score every criterion from 0 to %(max)s.") % {"max": SCORE_MAX})
        self.errors = dict(errors)


def review_total(scores: Mapping[ReviewCriterion, int]) -> Decimal | None:
    """The weighted mean of ``scores`` ({criterion: score}), to two places (half up); None
    without criteria."""
    weights = sum(criterion.weight for criterion in scores)
    if not weights:
        return None
    weighted = sum(Decimal(score) * criterion.weight for criterion, score in scores.items())
    return (weighted / weights).quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _scores_clean(
    criteria: list[ReviewCriterion], scores: Mapping[int, int]
) -> dict[ReviewCriterion, int]:
    errors: dict[int, str] = {}
    cleaned: dict[ReviewCriterion, int] = {}
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None:
            errors[criterion.pk] = _("Score this criterion.")
        elif isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= SCORE_MAX:
            errors[criterion.pk] = _("Give a score from 0 to %(max)s.") % {"max": SCORE_MAX}
        else:
            cleaned[criterion] = score
    unknown = set(scores) - {criterion.pk for criterion in criteria}
    if unknown:
        raise ReviewError(_("A criterion scored is not one of this call's."), code="scores")
    if errors:
        raise ReviewScoresError(errors)
    return cleaned


def _refusal(*, proposal: Proposal, reviewer) -> ReviewError | None:
    """Why ``reviewer`` may not review ``proposal`` (locked, current), or None when they may."""
    if proposal.state not in REVIEWABLE_STATES:
        return ReviewError(_("This proposal is not under review."), code="state")
    if reviewer_may_review(proposal=proposal, user=reviewer):
        return None
    if not (reviewer.is_active and reviewer_holds_flag(event=proposal.event, user=reviewer)):
        return ReviewError(_("You do not review proposals for this event."), code="reviewer")
    if reviewer_affiliated(proposal=proposal, user=reviewer):
        return ReviewError(
            _(
                "You cannot review this proposal: you are affiliated with its proposing "
                "organisation or one of its co-organisers."
            ),
            code="conflict",
        )
    return ReviewError(_("Your teams do not review this proposal's track."), code="track")


@transaction.atomic
def review_save(
    *, proposal: Proposal, reviewer, scores: Mapping[int, int], comment: str = ""
) -> Review:
    """Write ``reviewer``'s review of ``proposal`` (their earlier one is replaced): a score
    from 0 to SCORE_MAX for every criterion of the call (``scores`` is {criterion id:
    score}), a comment, and the total, the scores' mean weighted by the criteria's weights.

    The proposal row is locked first, so a review never lands on a proposal withdrawn
    meanwhile, and one reviewer's two saves queue.
    """
    proposal = lock_one(Proposal.objects.select_related("event"), proposal.pk)
    refusal = _refusal(proposal=proposal, reviewer=reviewer)
    if refusal is not None:
        raise refusal
    criteria = list(
        ReviewCriterion.objects.filter(call_id=proposal.call_id).order_by("order", "pk")
    )
    cleaned = _scores_clean(criteria, scores)
    comment = (comment or "").strip()
    total = review_total(cleaned)

    review = Review.objects.filter(proposal=proposal, reviewer=reviewer).first()
    created = review is None
    before = {} if created else {s.criterion_id: s.score for s in review.scores.all()}
    old_total, old_comment = (None, "") if created else (review.total, review.comment)
    if created:
        review = Review.objects.create(
            proposal=proposal, reviewer=reviewer, comment=comment, total=total
        )
    else:
        review.comment, review.total = comment, total
        review.save(update_fields=["comment", "total", "updated_at"])
        review.scores.all().delete()
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion=criterion, score=score)
        for criterion, score in cleaned.items()
    )

    changes = {
        f"score {criterion.name}": [before.get(criterion.pk), score]
        for criterion, score in cleaned.items()
        if before.get(criterion.pk) != score
    }
    if old_total != total:
        changes["total"] = [_decimal(old_total), _decimal(total)]
    if old_comment != comment:
        changes["comment"] = [None, None]  # that it changed, never the words
    audit_record(
        event=proposal.event,
        obj=review,
        action=AuditAction.CREATED if created else AuditAction.CHANGED,
        actor=reviewer,
        changes=changes,
        label=str(_("Review of %(code)s") % {"code": proposal.code}),
    )
    return review
