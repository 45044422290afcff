"""Reads of endorsements. Public reads select ``state=published`` and nothing else, always
through :func:`endorsement_list_public`, so nothing unverified or private can leak."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from events.models import Event
from outcomes.enums import EndorsementState
from outcomes.models import Endorsement, Statement
from outcomes.regions import REGIONS, region_countries, region_of

# The only fields a public page, the PDF or the API may read.
PUBLIC_FIELDS = (
    "id",
    "statement_id",
    "organisation_id",
    "honorific",
    "signatory_name",
    "signatory_title",
    "method",
    "published_at",
    "updated_at",
    "state",
    "organisation__name",
    "organisation__slug",
    "organisation__country",
    "organisation__locality",
    "organisation__kind",
)


def endorsement_list_public(
    *,
    statement: Statement,
    country: str = "",
    region: str = "",
    updated_since: datetime | None = None,
) -> QuerySet[Endorsement]:
    """Published endorsements with their organisations, by organisation name. One query."""
    queryset = (
        Endorsement.objects.filter(statement=statement, state=EndorsementState.PUBLISHED)
        .select_related("organisation")
        .only(*PUBLIC_FIELDS)
        .order_by("organisation__name", "pk")
    )
    if country:
        queryset = queryset.filter(organisation__country=country.upper())
    if region:
        queryset = queryset.filter(organisation__country__in=region_countries(region))
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gte=updated_since)
    return queryset


@dataclass(frozen=True)
class Signatories:
    """The public list after filters, and the counts over all public endorsements."""

    shown: list[Endorsement]
    total: int
    by_region: list[tuple[str, str, int]]  # (key, label, count), all regions, fixed order
    by_country: list[tuple[str, str, int]]  # (code, name, count), by name
    dates: list[datetime]  # published_at of every public endorsement, ascending


def signatories_for_page(
    *, statement: Statement, country: str = "", region: str = ""
) -> Signatories:
    """Everything the public page shows about signatories, from one query."""
    everyone = list(endorsement_list_public(statement=statement))
    regions = Counter(region_of(e.organisation.country.code) for e in everyone)
    countries = Counter(e.organisation.country for e in everyone)
    country = country.upper()
    shown = [
        e
        for e in everyone
        if (not country or e.organisation.country.code == country)
        and (not region or region_of(e.organisation.country.code) == region)
    ]
    return Signatories(
        shown=shown,
        total=len(everyone),
        by_region=[(key, label, regions.get(key, 0)) for key, label in REGIONS.items()],
        by_country=sorted(
            ((c.code, c.name, n) for c, n in countries.items()), key=lambda row: str(row[1])
        ),
        dates=sorted(e.published_at for e in everyone),
    )


def endorsement_list_for_organiser(*, statement: Statement) -> QuerySet[Endorsement]:
    return (
        Endorsement.objects.filter(statement=statement)
        .select_related("organisation", "registration")
        .order_by("state", "-created_at")
    )


def endorsement_for_participant(*, statement: Statement, organisation_id: int | None):
    """The live endorsement of the participant's organisation, if any."""
    if organisation_id is None:
        return None
    return (
        Endorsement.objects.filter(statement=statement, organisation_id=organisation_id)
        .exclude(state=EndorsementState.WITHDRAWN)
        .first()
    )


def endorsement_withdrawn_since(*, statement: Statement, since: datetime) -> QuerySet[Endorsement]:
    """Endorsements that were public and have been withdrawn since ``since`` (API tombstones)."""
    return Endorsement.objects.filter(
        Q(published_at__isnull=False),
        statement=statement,
        state=EndorsementState.WITHDRAWN,
        updated_at__gte=since,
    ).only("id", "withdrawn_at", "updated_at", "state")


def endorsing_organisations(*, statement: Statement):
    """Organisations that may be picked on the public form (kinds the statement allows)."""
    from events.models import Organisation

    return Organisation.objects.filter(kind__in=statement.endorsing_kinds).order_by("name")


def event_has_public_statements(*, event: Event) -> bool:  # pragma: no cover - template helper
    from outcomes.enums import PUBLIC_STATES

    return Statement.objects.filter(event=event, state__in=PUBLIC_STATES).exists()
