"""Query parameters as validating serializers, applied in Python over the snapshot's lists.

The programme is one JSON document per version (a few hundred entries), so filtering,
ordering and paging it in Python is O(n) over data already in memory, costs no query, and
the result is cached per (version, normalized query). Invalid values answer 400.
"""

from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.utils import timezone

from api.serializers.common import PageQuerySerializer


def normalized(params: dict, exclude: tuple[str, ...] = ("lang",)) -> str:
    """A canonical query string of the validated parameters (the cache and ETag key)."""
    items = []
    for name in sorted(params):
        value = params[name]
        if name in exclude or value in (None, ""):
            continue
        if isinstance(value, datetime | date):
            value = value.isoformat()
        items.append((name, str(value)))
    return urlencode(items)


def aware(value: datetime, tz: ZoneInfo) -> datetime:
    """Times without an offset are read in the event's time zone."""
    return value if timezone.is_aware(value) else value.replace(tzinfo=tz)


class FilterSerializer(PageQuerySerializer):
    ordering_keys: dict = {}

    def ordered(self, items: list, ordering: str) -> list:
        descending = ordering.startswith("-")
        key = self.ordering_keys[ordering.lstrip("-")]
        # Stable: ties are broken by code, always ascending.
        items = sorted(items, key=lambda item: item.code)
        return sorted(items, key=key, reverse=descending)
