"""Reads for nominations: quotas used and left per organisation and category, an
organisation's registrations and letters for its focal point's page, and the organisers'
per-organisation overview.

Each costs a fixed number of queries whatever the number of organisations, categories and
registrations: counts come from one grouped query (``values().annotate()``), quotas and focal
points from one query each, and the rows are put together in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from events.models import Event, Organisation
from registrations.enums import ACTIVE_STATES, SEAT_HOLDING_STATES, RegistrationState
from registrations.models import (
    FocalPoint,
    NominationLetter,
    OrganisationQuota,
    Registration,
    RegistrationCategory,
)
from registrations.services.registrations import FOCAL_POINT_CATEGORIES


@dataclass
class QuotaCell:
    """One organisation in one category: seats used, its quota (None: no limit) and what is
    left (None: no limit; 0 when the quota is used up or was lowered below what is used)."""

    category: RegistrationCategory
    used: int
    quota: int | None
    own_quota: int | None  # the organisation's own quota, None when the default applies

    @property
    def left(self) -> int | None:
        return None if self.quota is None else max(self.quota - self.used, 0)

    @property
    def over(self) -> bool:
        return self.quota is not None and self.used > self.quota


@dataclass
class OrganisationRow:
    organisation: Organisation
    cells: list[QuotaCell]
    pending_credentials: int = 0
    registrations: int = 0
    focal_points: list[FocalPoint] = field(default_factory=list)


def _categories(event: Event, *, offered_to_focal_points: bool = False) -> list:
    queryset = RegistrationCategory.objects.filter(event=event).select_related("event")
    if offered_to_focal_points:
        queryset = queryset.filter(FOCAL_POINT_CATEGORIES)
    return list(queryset.order_by("order", "name_en", "pk"))


def _counts(event: Event, *, organisation_id: int | None = None) -> dict:
    """{(organisation id, category id): {"used", "pending", "total"}} in one query."""
    rows = Registration.objects.filter(event=event, organisation__isnull=False)
    if organisation_id is not None:
        rows = rows.filter(organisation_id=organisation_id)
    grouped = (
        rows.order_by()
        .values("organisation_id", "category_id")
        .annotate(
            used=Count("pk", filter=Q(state__in=SEAT_HOLDING_STATES)),
            pending=Count("pk", filter=Q(state=RegistrationState.CREDENTIALS_PENDING)),
            total=Count("pk"),
        )
    )
    return {(row["organisation_id"], row["category_id"]): row for row in grouped}


def _own_quotas(event: Event, *, organisation_id: int | None = None) -> dict:
    """{(organisation id, category id): limit} in one query."""
    quotas = OrganisationQuota.objects.filter(category__event=event)
    if organisation_id is not None:
        quotas = quotas.filter(organisation_id=organisation_id)
    return {
        (q["organisation_id"], q["category_id"]): q["limit"]
        for q in quotas.values("organisation_id", "category_id", "limit")
    }


def _cells(categories, *, organisation_id: int, counts: dict, own: dict) -> list[QuotaCell]:
    cells = []
    for category in categories:
        mine = own.get((organisation_id, category.pk))
        cells.append(
            QuotaCell(
                category=category,
                used=counts.get((organisation_id, category.pk), {}).get("used", 0),
                quota=mine if mine is not None else category.organisation_quota,
                own_quota=mine,
            )
        )
    return cells


def _rows(
    event: Event,
    *,
    categories: list,
    organisation: Organisation | None = None,
    active_only: bool = True,
) -> list[OrganisationRow]:
    organisation_id = organisation.pk if organisation is not None else None
    counts = _counts(event, organisation_id=organisation_id)
    own = _own_quotas(event, organisation_id=organisation_id)
    focal_points = FocalPoint.objects.filter(event=event).order_by("name", "pk")
    if organisation_id is not None:
        focal_points = focal_points.filter(organisation_id=organisation_id)
    if active_only:
        focal_points = focal_points.filter(revoked_at__isnull=True)
    by_organisation = defaultdict(list)
    for focal_point in focal_points:
        by_organisation[focal_point.organisation_id].append(focal_point)
    if organisation is not None:
        organisations = [organisation]
    else:
        ids = {org for org, _category in counts} | {org for org, _category in own}
        ids |= set(by_organisation)
        organisations = list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk"))
    rows = []
    for org in organisations:
        mine = [row for (org_id, _c), row in counts.items() if org_id == org.pk]
        rows.append(
            OrganisationRow(
                organisation=org,
                cells=_cells(categories, organisation_id=org.pk, counts=counts, own=own),
                pending_credentials=sum(row["pending"] for row in mine),
                registrations=sum(row["total"] for row in mine),
                focal_points=by_organisation.get(org.pk, []),
            )
        )
    return rows


def organisation_overview(*, event: Event) -> tuple[list[RegistrationCategory], list]:
    """The event's categories and one ``OrganisationRow`` per organisation that has
    registrations, an own quota or an active focal point at ``event``, by name (five queries)."""
    categories = _categories(event)
    return categories, _rows(event, categories=categories)


def organisation_detail(*, event: Event, organisation: Organisation) -> OrganisationRow:
    """One organisation's row at ``event``, its revoked focal points included (four queries)."""
    categories = _categories(event)
    return _rows(event, categories=categories, organisation=organisation, active_only=False)[0]


def organisation_choices() -> list[tuple[int, str]]:
    """Every organisation of the directory, by name, for the organisers' chooser (one query)."""
    return list(Organisation.objects.order_by("name", "pk").values_list("pk", "name"))


def organisation_get(*, pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def focal_point_get_for_organiser(*, event: Event, organisation: Organisation, pk) -> FocalPoint:
    """A focal point of ``organisation`` at ``event``; any other is a 404."""
    found = (
        FocalPoint.objects.select_related("event", "organisation")
        .filter(event=event, organisation=organisation, pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- the focal point's page ----------------------------------------------------------------------


def focal_point_quotas(*, focal_point: FocalPoint) -> list[QuotaCell]:
    """Quota used and left per category the focal point may register in (three queries)."""
    event = focal_point.event
    return _cells(
        _categories(event, offered_to_focal_points=True),
        organisation_id=focal_point.organisation_id,
        counts=_counts(event, organisation_id=focal_point.organisation_id),
        own=_own_quotas(event, organisation_id=focal_point.organisation_id),
    )


def organisation_registrations(*, focal_point: FocalPoint) -> QuerySet[Registration]:
    """Every registration of the focal point's organisation at their event, whoever made it."""
    return (
        Registration.objects.filter(
            event_id=focal_point.event_id, organisation_id=focal_point.organisation_id
        )
        .select_related("category__event", "nominated_by")
        .order_by("family_name", "given_name", "pk")
    )


def organisation_registrations_active(*, focal_point: FocalPoint) -> QuerySet[Registration]:
    return organisation_registrations(focal_point=focal_point).filter(state__in=ACTIVE_STATES)


def organisation_registration_get(*, focal_point: FocalPoint, reference: str) -> Registration:
    """One registration of the focal point's organisation at their event; else a 404."""
    found = (
        organisation_registrations(focal_point=focal_point).filter(reference=reference).first()
        if reference and len(reference) <= 20
        else None
    )
    if found is None:
        raise Http404
    return found


def organisation_letters(*, focal_point: FocalPoint) -> list[NominationLetter]:
    """The letters naming the organisation's people at the event (or sent by one of its focal
    points), newest first, with the registrations each names (two queries)."""
    return list(
        NominationLetter.objects.filter(event_id=focal_point.event_id)
        .filter(
            Q(organisation_id=focal_point.organisation_id)
            | Q(focal_point__organisation_id=focal_point.organisation_id)
        )
        .prefetch_related("registrations")
        .order_by("-uploaded_at", "-pk")
    )
