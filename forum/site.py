"""The site's public address: the base of absolute links, and of identifiers that never change.

Production sets ``FORUM_SITE_URL`` (the deploy check forum.W001 insists): links and identifiers
use it and nothing else, whatever Host header a request carries. In development (DEBUG on)
without it, links follow the address the request came in on, so the demo's feeds and
subscribe links work on whichever host and port it runs; the host is taken from
``request.get_host()``, which Django validates against ALLOWED_HOSTS. Identifiers (calendar
UIDs, frab guids) never follow the request: one session keeps one UID whichever name the
site is reached by, so calendar apps never see it twice.
"""

from contextvars import ContextVar
from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest

# The request's base URL while a request is served, when links follow the request.
_request_base: ContextVar[str | None] = ContextVar("forum_request_base", default=None)


def _from_request() -> bool:
    """Links follow the request in development without FORUM_SITE_URL, never in production."""
    return settings.DEBUG and settings.SITE_URL_FROM_REQUEST


def request_base(request: HttpRequest) -> str:
    """``scheme://host[:port]`` of a request; raises DisallowedHost for a host not allowed."""
    return f"{request.scheme}://{request.get_host()}"


def site_url(request: HttpRequest | None = None) -> str:
    """The base (no trailing slash) of absolute links: ``FORUM_SITE_URL``, or in development
    without it the request's address (``request``, else the request being served)."""
    if _from_request():
        if request is not None:
            return request_base(request)
        base = _request_base.get()
        if base:
            return base
    return settings.SITE_URL


def identity_url() -> str:
    """The base of stable identifiers: ``FORUM_SITE_URL`` (or the fixed development address),
    never a request's host."""
    return settings.SITE_URL


def identity_host() -> str:
    return urlsplit(identity_url()).hostname or "localhost"


def is_local_host(host: str) -> bool:
    """localhost, a loopback or unspecified address: an address only this machine reaches."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


class SiteURLMiddleware:
    """Makes the request's address available to ``site_url()`` while the request is served,
    in development without ``FORUM_SITE_URL`` only (elsewhere it does nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _from_request():
            return self.get_response(request)
        try:
            base = request_base(request)
        except DisallowedHost:
            base = None  # CommonMiddleware answers 400; links fall back to SITE_URL
        token = _request_base.set(base)
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
