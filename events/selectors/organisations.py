"""Reads of the shared organisation directory."""

from django.db.models import Q, QuerySet
from django_countries import countries

from events.models import Organisation


def _countries_matching(text: str) -> list[str]:
    """Codes of the countries whose name (in the active language) or code contains ``text``."""
    needle = text.casefold()
    return [
        code
        for code, name in countries
        if needle in str(name).casefold() or needle == code.casefold()
    ]


def organisation_list(*, search: str = "", kind: str = "") -> QuerySet[Organisation]:
    """Organisations by name, narrowed by a search on their name, short name, city or region,
    or country (its name in the active language), and by kind."""
    rows = Organisation.objects.order_by("name", "pk")
    if search:
        rows = rows.filter(
            Q(name__icontains=search)
            | Q(short_name__icontains=search)
            | Q(locality__icontains=search)
            | Q(country__in=_countries_matching(search))
        )
    if kind:
        rows = rows.filter(kind=kind)
    return rows
