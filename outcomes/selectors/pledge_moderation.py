"""Pledges as the organisers review them and as their signatory follows them (private reads).

Every pledge comes with its revisions (oldest first, their themes joined), its organisation
and endorsement, in three queries whatever the number of pledges.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from outcomes.enums import PledgeState, RevisionState
from outcomes.models import Endorsement, Pledge, PledgeRevision, Statement

# The moderation list's filter beside the pledge states: pledges with a text awaiting review.
AWAITING = "awaiting"


@dataclass(frozen=True)
class PledgeRow:
    pledge: Pledge
    revisions: list[PledgeRevision]  # oldest first
    latest: PledgeRevision | None
    pending: PledgeRevision | None
    published: PledgeRevision | None


def _with_revisions(pledges: QuerySet[Pledge]) -> QuerySet[Pledge]:
    return pledges.select_related("organisation", "endorsement").prefetch_related(
        Prefetch(
            "revisions",
            queryset=PledgeRevision.objects.select_related("track").order_by("number"),
            to_attr="revision_list",
        )
    )


def _row(pledge: Pledge) -> PledgeRow:
    revisions = list(pledge.revision_list)
    by_pk = {revision.pk: revision for revision in revisions}
    for revision in revisions:
        revision.pledge = pledge  # str(revision) and templates read the pledge without a query
    pending = next((r for r in revisions if r.state == RevisionState.PENDING), None)
    return PledgeRow(
        pledge=pledge,
        revisions=revisions,
        latest=revisions[-1] if revisions else None,
        pending=pending,
        published=by_pk.get(pledge.published_revision_id),
    )


def pledge_rows_for_organisers(*, statement: Statement, state: str = "") -> list[PledgeRow]:
    """Every pledge of ``statement``, those with a text awaiting review first (oldest
    submission first), then the most recently changed; ``state`` narrows to a PledgeState or
    to ``AWAITING``."""
    pledges = Pledge.objects.filter(statement=statement)
    if state in PledgeState.values:
        pledges = pledges.filter(state=state)
    rows = [_row(pledge) for pledge in _with_revisions(pledges.order_by("-updated_at", "-pk"))]
    if state == AWAITING:
        rows = [row for row in rows if row.pending is not None]
    waiting = sorted(
        (row for row in rows if row.pending is not None), key=lambda r: r.pending.submitted_at
    )
    return waiting + [row for row in rows if row.pending is None]


def pledge_counts_for_organisers(*, statement: Statement) -> dict[str, int]:
    """How many pledges of ``statement`` are in each state, and how many await review
    (``AWAITING``): one query."""
    rows = Pledge.objects.filter(statement=statement).values_list("state", flat=True)
    counts = Counter(rows)
    awaiting = (
        PledgeRevision.objects.filter(
            pledge__statement=statement, state=RevisionState.PENDING
        ).count()
        if counts
        else 0
    )
    return {
        **{state: counts.get(state, 0) for state in PledgeState.values},
        AWAITING: awaiting,
        "total": sum(counts.values()),
    }


def pledge_row_for_organisers(*, statement: Statement, code: str) -> PledgeRow | None:
    pledge = _with_revisions(Pledge.objects.filter(statement=statement, code=code)).first()
    return _row(pledge) if pledge is not None else None


def pledge_rows_for_signatory(*, endorsement: Endorsement) -> list[PledgeRow]:
    """The endorsement's pledges, oldest first, with their revisions."""
    pledges = _with_revisions(Pledge.objects.filter(endorsement=endorsement).order_by("pk"))
    return [_row(pledge) for pledge in pledges]


def pledge_row_for_signatory(*, endorsement: Endorsement, code: str) -> PledgeRow | None:
    """The endorsement's pledge with this code; None for another endorsement's."""
    pledge = _with_revisions(Pledge.objects.filter(endorsement=endorsement, code=code)).first()
    return _row(pledge) if pledge is not None else None
