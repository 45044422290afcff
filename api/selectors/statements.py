"""Reads for the outcome-statement endpoints: public statements and signatories.

Validators come from one aggregate query (what a response depends on: the statements' and
the public endorsements' last changes); rows are read only when a rendering is not cached.
"""

from django.db.models import Count, Max, Q, QuerySet

from outcomes.enums import PUBLIC_STATES, EndorsementState
from outcomes.models import Endorsement, Statement, StatementVersion

# Endorsements that are or were public: a withdrawal of one changes the ETag, an
# unconfirmed submission does not.
WAS_PUBLIC = Q(endorsements__published_at__isnull=False)


def statements_public_stamp(*, event_id: int, slug: str | None = None) -> tuple:
    """(statements, endorsements, last statement change, last endorsement change)."""
    queryset = Statement.objects.filter(event_id=event_id, state__in=PUBLIC_STATES)
    if slug is not None:
        queryset = queryset.filter(slug=slug)
    row = queryset.aggregate(
        count=Count("pk", distinct=True),
        endorsement_count=Count("endorsements", filter=WAS_PUBLIC, distinct=True),
        updated=Max("updated_at"),
        endorsed=Max("endorsements__updated_at", filter=WAS_PUBLIC),
    )
    return row["count"], row["endorsement_count"], row["updated"], row["endorsed"]


def statements_public(*, event_id: int) -> QuerySet[Statement]:
    return (
        Statement.objects.filter(event_id=event_id, state__in=PUBLIC_STATES)
        .select_related("adopted_version", "event")
        .annotate(
            signatories=Count(
                "endorsements", filter=Q(endorsements__state=EndorsementState.PUBLISHED)
            )
        )
        .order_by("-adopted_on", "slug")
    )


def statement_public(*, event_id: int, slug: str) -> Statement:
    statement = statements_public(event_id=event_id).get(slug=slug)
    statement.version_rows = list(
        StatementVersion.objects.filter(statement=statement).order_by("number")
    )
    return statement


def statement_id_public(*, event_id: int, slug: str) -> int | None:
    return (
        Statement.objects.filter(event_id=event_id, slug=slug, state__in=PUBLIC_STATES)
        .values_list("pk", flat=True)
        .first()
    )


def endorsements_withdrawn_since(*, statement_id: int, since) -> QuerySet[Endorsement]:
    """Tombstones for incremental sync: endorsements that were public and are withdrawn."""
    return (
        Endorsement.objects.filter(
            statement_id=statement_id,
            state=EndorsementState.WITHDRAWN,
            published_at__isnull=False,
            updated_at__gte=since,
        )
        .select_related("organisation")
        .order_by("withdrawn_at", "pk")
    )
