"""Deployment checks of the forum's own settings (``manage.py check --deploy``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

from forum.site import is_local_host


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs) -> list:
    """Production needs its public address: feeds, emails, webhooks and calendar UIDs are
    built from it, and without it they would point at this machine."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL)
    if not parts.hostname or is_local_host(parts.hostname):
        return [
            Warning(
                "FORUM_SITE_URL is not set (or names this machine): links in feeds, emails "
                "and webhooks, and calendar UIDs, would point at "
                f"{settings.SITE_URL or 'nothing'}.",
                hint="Set FORUM_SITE_URL to the public address, e.g. https://forum.example.org.",
                id="forum.W001",
            )
        ]
    if parts.scheme != "https":
        return [
            Warning(
                "FORUM_SITE_URL does not use https: links in feeds and emails would be sent "
                "over plain HTTP.",
                hint="Use the https:// address of the site.",
                id="forum.W002",
            )
        ]
    return []
