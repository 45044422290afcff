"""The event page's link to its call for side events, shown once the call is published."""

from django import template

from sessions.selectors.proposals import call_is_published

register = template.Library()


@register.simple_tag
def call_published(event) -> bool:
    """``{% call_published event as has_call %}``: one query."""
    return call_is_published(event=event)
