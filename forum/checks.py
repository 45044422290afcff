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


@register(Tags.security)
def documents_storage_check(app_configs, **kwargs) -> list:
    """Document files must not lie where the web server serves files by path (the media or
    static folders): a file for participants would then be one guessed address away."""
    from pathlib import Path

    options = settings.STORAGES.get("documents", {}).get("OPTIONS", {})
    location = options.get("location")
    if not location:
        return []
    location = Path(location).resolve()
    for served in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        served = Path(served).resolve()
        if location == served or served in location.parents:
            return [
                Warning(
                    f"Document files are kept in {location}, inside {served}, which is served "
                    "by path.",
                    hint="Point FORUM_STORAGE_URL at a folder outside FORUM_MEDIA_ROOT and "
                    "STATIC_ROOT.",
                    id="forum.W003",
                )
            ]
    return []
