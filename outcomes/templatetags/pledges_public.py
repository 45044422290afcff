"""``{% pledge_status_counts statement as counts %}``: the public pledges of a statement by
status, for the one-line summary on the statement's page (one query)."""

from django import template

from outcomes.enums import PledgeStatus
from outcomes.selectors.pledges import pledge_status_counts_public

register = template.Library()


@register.simple_tag
def pledge_status_counts(statement) -> dict:
    """{"total": n, "by_status": [(status, label, count)…]} over the public pledges."""
    counts = pledge_status_counts_public(statement=statement)
    return {
        "total": sum(counts.values()),
        "by_status": [(key, label, counts[key]) for key, label in PledgeStatus.choices],
    }
