"""Public reads of pledges. A pledge is public when it is published (an organiser approved a
text of it) and its endorsement is published: a withdrawn endorsement hides its pledges.
Everything the public sees comes from the published revision; pending or rejected texts,
rejection reasons and the signatory's email are never read here.

Each read costs a fixed number of queries, whatever the number of pledges.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.content import pick_for_page
from outcomes.enums import (
    PUBLIC_STATES,
    EndorsementState,
    PledgeState,
    PledgeStatus,
    RevisionState,
)
from outcomes.models import Pledge, PledgeRevision, Statement
from outcomes.regions import REGIONS, region_countries, region_of
from sessions.models import Track

NO_THEME = "none"  # the theme filter's value for pledges without a theme


def _public(statement: Statement) -> QuerySet[Pledge]:
    return Pledge.objects.filter(
        statement=statement,
        state=PledgeState.PUBLISHED,
        endorsement__state=EndorsementState.PUBLISHED,
    )


def pledge_list_public(
    *,
    statement: Statement,
    region: str | None = None,
    track: int | str | None = None,
    status: str | None = None,
) -> list[Pledge]:
    """Public pledges with their organisation and published text (theme included), by
    organisation name then publication. One query. ``track`` is a track id, or ``NO_THEME``."""
    queryset = (
        _public(statement)
        .select_related("organisation", "published_revision", "published_revision__track")
        .order_by("organisation__name", "published_at", "pk")
    )
    if region:
        queryset = queryset.filter(organisation__country__in=region_countries(region))
    if track == NO_THEME:
        queryset = queryset.filter(published_revision__track__isnull=True)
    elif track:
        queryset = queryset.filter(published_revision__track_id=track)
    if status:
        queryset = queryset.filter(published_revision__status=status)
    return list(queryset)


@dataclass(frozen=True)
class PledgeCounts:
    """Counts over every public pledge of a statement; every list in a fixed order."""

    total: int
    by_region: list[tuple[str, str, int]]  # (region key, label, count), every region
    by_theme: list[tuple[str, str, int]]  # (track id or NO_THEME, name, count), every track
    by_status: list[tuple[str, str, int]]  # (status, label, count), every status

    def status_count(self, status: str) -> int:
        return next(n for key, _label, n in self.by_status if key == status)


def statement_tracks(*, statement: Statement) -> list[Track]:
    """The themes a pledge of ``statement`` may name: its event's tracks. One query."""
    return list(Track.objects.filter(event_id=statement.event_id).order_by("order", "pk"))


def pledge_counts_public(
    *, statement: Statement, tracks: list[Track] | None = None
) -> PledgeCounts:
    """Public pledges by region (of the organisation's country), theme and status. One query,
    plus one for the tracks unless ``tracks`` (``statement_tracks``) is given."""
    rows = list(
        _public(statement).values_list(
            "organisation__country", "published_revision__track_id", "published_revision__status"
        )
    )
    if tracks is None:
        tracks = statement_tracks(statement=statement)
    regions = Counter(region_of(country) for country, _t, _s in rows)
    themes = Counter(track_id for _c, track_id, _s in rows)
    statuses = Counter(status for _c, _t, status in rows)
    languages = getattr(statement.event, "languages", None) if statement.event_id else None
    by_theme = [
        (str(t.pk), str(pick_for_page(t, "name", languages)), themes.get(t.pk, 0)) for t in tracks
    ]
    if themes.get(None):
        by_theme.append((NO_THEME, str(_("No theme")), themes[None]))
    return PledgeCounts(
        total=len(rows),
        by_region=[(key, label, regions.get(key, 0)) for key, label in REGIONS.items()],
        by_theme=by_theme,
        by_status=[(key, label, statuses.get(key, 0)) for key, label in PledgeStatus.choices],
    )


def pledge_status_counts_public(*, statement: Statement) -> dict[str, int]:
    """{status: count} of the public pledges, every status present. One query."""
    rows = dict(
        _public(statement)
        .values_list("published_revision__status")
        .annotate(n=Count("pk"))
        .values_list("published_revision__status", "n")
    )
    return {status: rows.get(status, 0) for status in PledgeStatus.values}


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year
        return start.replace(year=start.year + years, day=28)


def pledge_anniversaries(*, statement: Statement, today: date) -> list[tuple[date, dict[str, int]]]:
    """Status counts of the pledges public on each anniversary of the adoption (the 1st, the
    2nd… up to ``today``), then on ``today`` (unless it is one of them).

    On a date, a pledge counts when a revision of it was approved on or before that day (in
    the event's time zone) and it was not withdrawn by then; its status is that of the latest
    revision approved by then. Pledges of an endorsement that is no longer public never count.
    One query.
    """
    tz = statement.event.tzinfo
    dates: list[date] = []
    if statement.adopted_on:
        years = 1
        while (day := _anniversary(statement.adopted_on, years)) <= today:
            dates.append(day)
            years += 1
    if not dates or dates[-1] != today:
        dates.append(today)
    rows = (
        PledgeRevision.objects.filter(
            pledge__statement=statement,
            pledge__state__in=(PledgeState.PUBLISHED, PledgeState.WITHDRAWN),
            pledge__endorsement__state=EndorsementState.PUBLISHED,
            state=RevisionState.APPROVED,
            decided_at__isnull=False,
        )
        .order_by("pledge_id", "decided_at", "number")
        .values_list("pledge_id", "status", "decided_at", "pledge__withdrawn_at")
    )
    # pledge id -> ([(approval day, status)…] in order, withdrawal day or None)
    history: dict[int, tuple[list[tuple[date, str]], date | None]] = {}
    for pledge_id, status, decided_at, withdrawn_at in rows:
        approvals, _w = history.setdefault(
            pledge_id, ([], timezone.localtime(withdrawn_at, tz).date() if withdrawn_at else None)
        )
        approvals.append((timezone.localtime(decided_at, tz).date(), status))
    result = []
    for day in dates:
        counts = dict.fromkeys(PledgeStatus.values, 0)
        for approvals, withdrawn_on in history.values():
            if withdrawn_on is not None and withdrawn_on <= day:
                continue
            current = [status for approved_on, status in approvals if approved_on <= day]
            if current:
                counts[current[-1]] += 1
        result.append((day, counts))
    return result


def pledges_public_stamp(*, event_id: int, slug: str) -> tuple:
    """What the public pledges of a statement depend on, in one aggregate query: (pledges that
    were ever public, the last change of one, the last change of an endorsement that has
    pledges, the last review of a revision). An approval, an update approved, a withdrawal of a pledge or of its
    endorsement all move it."""
    row = Pledge.objects.filter(
        statement__event_id=event_id,
        statement__slug=slug,
        statement__state__in=PUBLIC_STATES,
        published_at__isnull=False,
    ).aggregate(
        count=Count("pk", distinct=True),
        updated=Max("updated_at"),
        endorsed=Max("endorsement__updated_at"),
        decided=Max("revisions__decided_at"),
    )
    return row["count"], row["updated"], row["endorsed"], row["decided"]


def stamp_text(stamp: tuple) -> str:
    def text(value):
        return value.isoformat() if isinstance(value, datetime) else str(value)

    return ":".join(text(value) for value in stamp)


@dataclass(frozen=True)
class ProgressRow:
    """The public pledges' status counts on one day: an anniversary of the adoption (``year``
    after it) or today (``year`` None)."""

    day: date
    year: int | None
    counts: dict[str, int]

    @property
    def in_order(self) -> list[int]:
        return [self.counts[key] for key in PledgeStatus.values]

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.counts[key]) for key, label in PledgeStatus.choices]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def pledge_progress(*, statement: Statement, today: date) -> list[ProgressRow]:
    """:func:`pledge_anniversaries` as rows to show; the last is today's (one query)."""
    dates = pledge_anniversaries(statement=statement, today=today)
    return [
        ProgressRow(
            day=day,
            year=None if number == len(dates) and day == today else number,
            counts=counts,
        )
        for number, (day, counts) in enumerate(dates, start=1)
    ]
