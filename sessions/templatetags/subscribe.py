"""Subscribe links on the public programme pages: an iCalendar feed as ``webcal://`` (calendar
apps subscribe and follow changes) and as its plain address (download, or paste into an app)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import translation

from forum.site import site_url

register = template.Library()

KINDS = ("programme", "track", "room", "speaker", "session")


@register.inclusion_tag("sessions/_subscribe.html", takes_context=True)
def subscribe(context, feed: str, kind: str, **kwargs) -> dict:
    """``{% subscribe "event_ics" "programme" event_slug=event.slug %}``: no query.

    The feed's labels follow the page's language (``?lang=``); the address is the site's
    (FORUM_SITE_URL, or the request's host in development).
    """
    if kind not in KINDS:
        raise template.TemplateSyntaxError(f"subscribe: unknown kind {kind!r}")
    path = reverse(f"feeds:{feed}", kwargs=kwargs)
    query = urlencode({"lang": translation.get_language() or ""})
    address = f"{site_url(context.get('request'))}{path}?{query}"
    return {
        "kind": kind,
        "address": address,
        "webcal": "webcal://" + address.split("://", 1)[1],
    }
