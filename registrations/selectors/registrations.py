"""Reads for the organiser's registration pages: lists, one registration, dashboard, export.

Every function here costs a fixed number of queries whatever the number of registrations:
related rows come through ``select_related`` and the dashboard is built from aggregates.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django_countries import countries

from events.models import Event, Organisation
from registrations.enums import (
    ACTIVE_STATES,
    SEAT_HOLDING_STATES,
    HeadOfDelegationClaim,
    Participation,
    RegistrationState,
)
from registrations.models import (
    Delegation,
    Registration,
    RegistrationCategory,
)


def registration_list_for_organiser(*, event: Event) -> QuerySet[Registration]:
    """All registrations of ``event`` with what the list, the actions and the export show."""
    return (
        Registration.objects.filter(event=event)
        .select_related("event", "category", "organisation", "delegation__organisation")
        .order_by("-created_at", "-pk")
    )


def registration_get_for_organiser(*, event: Event, reference: str) -> Registration:
    """One registration of ``event`` with its delegation; else 404 (its history is in the
    audit log: ``events.selectors.audit.audit_list_for_object``).

    The reference is looked up inside the event, so another event's registration is a 404.
    """
    queryset = Registration.objects.filter(event=event, reference=reference).select_related(
        "event",
        "category",
        "organisation",
        "invitation",
        "delegation__organisation",
        "delegation__head",
        "nominated_by__organisation",
    )
    registration = queryset.first()
    if registration is None:
        raise Http404
    return registration


def delegation_headed_by(*, registration: Registration) -> Delegation | None:
    """The delegation ``registration`` leads, only once its claim is confirmed.

    Both must hold: the organisers (or a granting invitation) confirmed the claim, and the
    delegation names this registration as head. A ticked box alone, or a head set by hand
    without confirmation, leads nothing.
    """
    if registration.head_of_delegation != HeadOfDelegationClaim.CONFIRMED:
        return None
    delegation = getattr(registration, "headed_delegation", None)
    if delegation is None or delegation.event_id != registration.event_id:
        return None
    return delegation


def delegation_members(*, delegation: Delegation | None) -> list[Registration]:
    if delegation is None:
        return []
    return list(
        delegation.members.select_related("category").order_by("family_name", "given_name", "pk")
    )


def category_choices_for_event(*, event: Event) -> QuerySet[RegistrationCategory]:
    return RegistrationCategory.objects.filter(event=event).order_by("order", "name_en")


def organisation_choices_for_event(*, event: Event) -> QuerySet[Organisation]:
    """Organisations that have at least one registration at ``event``."""
    return Organisation.objects.filter(
        pk__in=Registration.objects.filter(event=event).values("organisation")
    ).order_by("name")


def delegation_choices_for_event(*, event: Event) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(event=event)
        .select_related("organisation")
        .order_by("organisation__name")
    )


# --- Dashboard -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRow:
    """One category's figures. Each mode has its own places: in-person seats against the
    category's capacity, online places against its online capacity; each its waiting list.
    ``in_person_requests`` counts online registrants who keep their online place and wait for
    an in-person seat."""

    category: RegistrationCategory
    counts: list[int]  # one per state, in RegistrationState order
    total: int
    seats_taken: int  # in-person seats held
    waitlist: int  # waiting for an in-person seat on the waiting list
    online_taken: int = 0  # online places held
    online_waitlist: int = 0  # waiting for an online place
    in_person_requests: int = 0

    @property
    def seats_free(self) -> int | None:
        if self.category.capacity is None:
            return None
        return max(self.category.capacity - self.seats_taken, 0)

    @property
    def online_free(self) -> int | None:
        """Free online places; None for no limit (or online not offered: see the category)."""
        if self.category.online_capacity is None:
            return None
        return max(self.category.online_capacity - self.online_taken, 0)


@dataclass(frozen=True)
class CountryRow:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class DayPoint:
    day: date
    count: int
    cumulative: int


@dataclass(frozen=True)
class RegistrationDashboard:
    states: list[tuple[str, str]]  # (value, label) in display order
    categories: list[CategoryRow]
    state_totals: list[int]
    total: int
    seats_taken: int  # in-person seats held, all categories
    waitlist: int  # waiting for an in-person seat, all categories
    countries: list[CountryRow]
    countries_other: int  # registrations from countries beyond the top list
    days: list[DayPoint] = field(default_factory=list)
    # Claims to lead a delegation that wait for an organiser (withdrawn registrations aside).
    head_claims_pending: int = 0
    online_taken: int = 0
    online_waitlist: int = 0
    in_person_requests: int = 0
    online_offered: bool = False  # some category offers online participation


TOP_COUNTRIES = 10


def registration_dashboard(
    *, event: Event, top_countries: int = TOP_COUNTRIES
) -> RegistrationDashboard:
    """Counts by category × state, by country and by day: four queries, however many rows.

    Seats and waiting lists are split by participation mode with conditional counts in the
    category × state query. Days are calendar days in the event's time zone, so the chart
    matches the organisers' week.
    """
    categories = list(category_choices_for_event(event=event))
    registrations = Registration.objects.filter(event=event)
    grouped = list(
        registrations.order_by()
        .values("category_id", "state")
        .annotate(
            n=Count("pk"),
            heads=Count("pk", filter=Q(head_of_delegation=HeadOfDelegationClaim.PENDING)),
            online=Count("pk", filter=Q(participation=Participation.ONLINE)),
            requests=Count("pk", filter=Q(in_person_requested_at__isnull=False)),
        )
    )
    by_category_state: dict[tuple[int, str], int] = {
        (row["category_id"], row["state"]): row["n"] for row in grouped
    }
    # (category, state, online?) -> registrations of that mode: what seats and places count;
    # and per category the active online registrants waiting for an in-person seat.
    by_mode: dict[tuple[int, str, bool], int] = {}
    requests_by_category: dict[int, int] = {}
    for row in grouped:
        category_id, state = row["category_id"], row["state"]
        by_mode[(category_id, state, True)] = row["online"]
        by_mode[(category_id, state, False)] = row["n"] - row["online"]
        if state in ACTIVE_STATES:
            requests_by_category[category_id] = (
                requests_by_category.get(category_id, 0) + row["requests"]
            )
    head_claims_pending = sum(
        row["heads"]
        for row in grouped
        if row["state"] not in (RegistrationState.REJECTED, RegistrationState.CANCELLED)
    )
    states = list(RegistrationState.choices)
    rows = []
    for category in categories:
        counts = [by_category_state.get((category.pk, value), 0) for value, _label in states]
        rows.append(
            CategoryRow(
                category=category,
                counts=counts,
                total=sum(counts),
                seats_taken=sum(
                    by_mode.get((category.pk, s, False), 0) for s in SEAT_HOLDING_STATES
                ),
                waitlist=by_mode.get((category.pk, RegistrationState.WAITLISTED, False), 0),
                online_taken=sum(
                    by_mode.get((category.pk, s, True), 0) for s in SEAT_HOLDING_STATES
                ),
                online_waitlist=by_mode.get((category.pk, RegistrationState.WAITLISTED, True), 0),
                in_person_requests=requests_by_category.get(category.pk, 0),
            )
        )
    state_totals = [sum(row.counts[i] for row in rows) for i in range(len(states))]

    country_counts = list(
        registrations.order_by()
        .values("nationality")
        .annotate(n=Count("pk"))
        .order_by("-n", "nationality")
    )
    top = [
        CountryRow(
            code=row["nationality"],
            name=countries.name(row["nationality"]) if row["nationality"] else "",
            count=row["n"],
        )
        for row in country_counts[:top_countries]
    ]
    other = sum(row["n"] for row in country_counts[top_countries:])

    per_day = (
        registrations.order_by()
        .annotate(day=TruncDate("created_at", tzinfo=event.tzinfo))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    days, running = [], 0
    for row in per_day:
        running += row["n"]
        days.append(DayPoint(day=row["day"], count=row["n"], cumulative=running))

    return RegistrationDashboard(
        states=states,
        categories=rows,
        state_totals=state_totals,
        total=sum(state_totals),
        seats_taken=sum(row.seats_taken for row in rows),
        waitlist=sum(row.waitlist for row in rows),
        online_taken=sum(row.online_taken for row in rows),
        online_waitlist=sum(row.online_waitlist for row in rows),
        in_person_requests=sum(row.in_person_requests for row in rows),
        online_offered=any(category.online_offered for category in categories)
        or any(row.online_taken or row.online_waitlist for row in rows),
        countries=top,
        countries_other=other,
        days=days,
        head_claims_pending=head_claims_pending,
    )


# --- Export ----------------------------------------------------------------------------------

EXPORT_CHUNK_SIZE = 2000


def registration_export_iter(*, queryset: QuerySet[Registration]) -> Iterator[Registration]:
    """Stream ``queryset`` in chunks (a server-side cursor on PostgreSQL): constant memory.

    Prefer ``select_related`` joins: each prefetch costs one query per chunk (the answers to
    the event's questions are prefetched that way: one query per 2000 rows).
    """
    return queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE)
