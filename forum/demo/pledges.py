"""Local actions pledged by signatories of the previous edition's declaration.

Fifteen cities that endorsed the Quezon City declaration pledge 25 actions through their
endorsement's link (the pledge services), on the edition's themes. The demo organiser approves
most of them; several were updated since (planned, then under way, then done), each update
approved in turn, so the public history shows progress over the months since adoption. Three
await review, two were not published (with the organiser's reason), one was withdrawn by its
city, and one belongs to a city that later withdrew its endorsement, so it is no longer public.

Deterministic (dates follow from the adoption date and today) and idempotent: a pledge is found
again by its city and the title of its first text.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from events.models import Event
from outcomes.enums import ActorLabel, EndorsementState, RevisionState
from outcomes.inputs import PledgeInput
from outcomes.models import Endorsement, Pledge, PledgeRevision, Statement
from outcomes.services.endorsements import endorsement_withdraw
from outcomes.services.pledges import (
    pledge_create,
    pledge_update,
    pledge_withdraw,
    revision_approve,
    revision_reject,
)
from sessions.models import Track

from .pledge_texts import ENDORSEMENT_WITHDRAWAL_REASON, PLEDGES, WITHDRAWN_ENDORSEMENT


def _data(row: dict, *, status: str, figure: int | None, tracks, adopted: date) -> PledgeInput:
    texts = row["texts"]
    months = row.get("target")
    return PledgeInput(
        titles={code: title for code, (title, _d) in texts.items()},
        descriptions={code: description for code, (_t, description) in texts.items()},
        track_id=tracks[row["track"]].pk,
        status=status,
        target_date=adopted + timedelta(days=30 * months) if months else None,
        figure=figure,
        figure_labels=row.get("figure_label", {}) if figure is not None else {},
    )


def _moments(start: datetime, end: datetime, n: int) -> list[datetime]:
    """``n`` review moments from ``start`` to ``end``, evenly spaced, at 10:00 UTC."""
    if n <= 1:
        return [start][:n]
    step = (end - start) / (n - 1)
    return [datetime.combine((start + step * i).date(), time(10), UTC) for i in range(n)]


def _backdate(pledge: Pledge, first: datetime, today: date) -> None:
    """The services stamp a revision's submission and the pledge's creation with the current
    time; the demo's pledges were sent over past months, so those stamps are moved back to a
    day before each review (the demo's only direct writes on pledges)."""
    Pledge.objects.filter(pk=pledge.pk).update(created_at=first - timedelta(days=1))
    for revision in PledgeRevision.objects.filter(pledge=pledge):
        if revision.decided_at is not None:
            when = revision.decided_at - timedelta(days=1)
        else:  # still awaiting review, or replaced: sent a few days ago
            when = (
                first
                if revision.number == 1
                else datetime.combine(today - timedelta(days=3), time(9), UTC)
            )
        PledgeRevision.objects.filter(pk=revision.pk).update(submitted_at=when)


def _pledge(
    row: dict, endorsement: Endorsement, *, index: int, tracks, organiser, adopted, today
) -> None:
    history = row["history"] or ["planned"]
    figures = row.get("figures") or [None] * len(history)
    # First text a week or two after the city endorsed (or after adoption), the last update
    # between a few days and a few months before today.
    since = max(endorsement.published_at, datetime.combine(adopted, time(10), UTC))
    first = since + timedelta(days=7 + len(row["texts"]) * 3)
    last = datetime.combine(today - timedelta(days=5 + 23 * (index % 4)), time(10), UTC)
    moments = _moments(first, max(first, last), len(history))
    pledge = pledge_create(
        endorsement=endorsement,
        data=_data(row, status=history[0], figure=figures[0], tracks=tracks, adopted=adopted),
    )
    outcome = row["outcome"]
    if outcome == "pending":
        _backdate(pledge, moments[0], today)
        return
    revision = pledge.revisions.get(state=RevisionState.PENDING)
    if outcome == "rejected":
        revision_reject(revision=revision, user=organiser, reason=row["reason"], now=moments[0])
        _backdate(pledge, moments[0], today)
        return
    pledge = revision_approve(revision=revision, user=organiser, now=moments[0])
    for status, figure, moment in zip(history[1:], figures[1:], moments[1:], strict=True):
        revision = pledge_update(
            pledge=pledge,
            data=_data(row, status=status, figure=figure, tracks=tracks, adopted=adopted),
        )
        pledge = revision_approve(revision=revision, user=organiser, now=moment)
    _backdate(pledge, moments[0], today)
    if outcome == "update_pending":
        pledge_update(
            pledge=pledge,
            data=_data(row, status=row["update"], figure=None, tracks=tracks, adopted=adopted),
        )
    elif outcome == "withdrawn":
        pledge_withdraw(pledge=pledge, now=moments[-1] + timedelta(days=20))


def _signatory(statement: Statement, city: str) -> Endorsement | None:
    return (
        Endorsement.objects.filter(statement=statement, organisation__name=city)
        .select_related("statement", "organisation")
        .order_by("-pk")
        .first()
    )


def _exists(endorsement: Endorsement, row: dict) -> bool:
    code, (title, _description) = next(iter(row["texts"].items()))
    return PledgeRevision.objects.filter(
        pledge__endorsement=endorsement, number=1, **{f"title_{code}": title}
    ).exists()


@transaction.atomic
def seed_pledges(*, statement: Statement, organiser, today: date) -> dict:
    """The pledges of ``statement``'s signatories (an adopted declaration open for
    endorsement); returns what it holds, for the tests."""
    event: Event = statement.event
    tracks = {track.name_en: track for track in Track.objects.filter(event=event)}
    adopted = statement.adopted_on or event.end_date
    for index, row in enumerate(PLEDGES):
        endorsement = _signatory(statement, row["city"])
        if endorsement is None or _exists(endorsement, row):
            continue
        if endorsement.state != EndorsementState.PUBLISHED:
            continue  # the city withdrew its endorsement: its link adds nothing any more
        _pledge(
            row,
            endorsement,
            index=index,
            tracks=tracks,
            organiser=organiser,
            adopted=adopted,
            today=today,
        )
    # A city that pledged withdrew its endorsement afterwards: its pledge stays in the records
    # but leaves every public list.
    endorsement = _signatory(statement, WITHDRAWN_ENDORSEMENT)
    if endorsement is not None and endorsement.state == EndorsementState.PUBLISHED:
        endorsement_withdraw(
            endorsement=endorsement,
            actor_label=ActorLabel.SIGNATORY,
            reason=ENDORSEMENT_WITHDRAWAL_REASON,
            now=datetime.combine(today - timedelta(days=12), time(15), UTC),
        )
    return {
        "pledges": Pledge.objects.filter(statement=statement).count(),
        "organisations": Pledge.objects.filter(statement=statement)
        .values("organisation")
        .distinct()
        .count(),
    }
