"""The published-read fast path: warm reads answered before most of the middleware stack.

A warm read of the programme costs little (one small query, one cache read), but the stack
around it (sessions, locale, CSRF, auth, messages, DRF's request wrapping, authentication,
negotiation, query validation) costs several times that. For anonymous GET/HEAD requests to
views marked ``fast_path``, this middleware answers 304 when the validators match and 200
from the cached render when one exists, through the view's own code; everything else (no
cached render, an Authorization header, an invalid query, an unknown or unpublished event, a
missing item, any error) goes down the stack to the view, which stays the single source of
truth. Two kinds of views are served here:

- the partner API's ``PublishedAPIView`` subclasses, through their own methods
  (``published()``, ``exists()``, their throttles, ``finalize_response()``);
- the programme feeds (``sessions.feeds.views.PublishedFeed``: schedule.ics/.xml/.json, the
  widget's data, the per-session/track/room/speaker calendars), through their
  ``fast_response()``, which runs the view's own ``answer()`` without rendering.
"""

import logging
from functools import cached_property, lru_cache
from types import SimpleNamespace

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.urls import Resolver404, get_urlconf, resolve, reverse

from api.conditional import fresh, is_not_modified, not_modified
from api.selectors.published import event_head_cached
from api.views.base import PublishedAPIView, negotiate, query_digest
from forum.published import render_lookup
from sessions.selectors.heads import HEAD_ATTRIBUTE

logger = logging.getLogger(__name__)


class _APIEndpoint:
    """A fast-path API view: answers through the view class's own methods."""

    def __init__(self, view_class: type[PublishedAPIView]):
        self.view_class = view_class

    def fast_response(self, request, head, kwargs: dict) -> HttpResponse | None:
        view = self.view_class()
        view.setup(request, **kwargs)
        if not view.exists(head):
            return None
        digest = query_digest(
            view.query_serializer, request.META.get("QUERY_STRING", ""), head.timezone
        )
        if digest is None:
            return None  # the view answers 400 with the errors
        query, lang = digest
        languages = negotiate(
            requested=lang, accept=request.META.get("HTTP_ACCEPT_LANGUAGE", ""), head=head
        )
        published = view.published(request, head, languages=languages, query=query)
        if is_not_modified(request, published.validators):
            response = not_modified(published.validators)
        else:
            body = render_lookup(
                event_id=published.event_id, number=published.number, variant=published.variant
            )
            if body is None:
                return None  # the view renders it (once) and caches it
            response = fresh(body, published.validators)
        # Counted only now, when this request is answered here, so nothing counts twice; over
        # the limit, the view counts it again and answers 429 with Retry-After.
        if not all(throttle.allow_request(request, view) for throttle in view.get_throttles()):
            return None
        view.headers = view.default_response_headers
        return view.finalize_response(request, response)


@lru_cache(maxsize=1024)
def _route(urlconf: str, path: str) -> tuple[object, dict] | None:
    """The fast-path endpoint and URL kwargs of ``path`` (the URLconf is fixed per process).

    An endpoint has ``fast_response(request, head, kwargs) -> HttpResponse | None``.
    """
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    if "event_slug" not in match.kwargs:
        return None
    view_class = getattr(match.func, "view_class", None)
    if isinstance(view_class, type) and issubclass(view_class, PublishedAPIView):
        if view_class.fast_path and view_class.event_scoped:
            return _APIEndpoint(view_class), match.kwargs
        return None
    if getattr(match.func, "fast_path", False) is True:  # sessions.feeds.views.PublishedFeed
        return match.func, match.kwargs
    return None


def _skip(request):  # a get_response for middleware used only for their response phase
    raise AssertionError("the fast path never calls down the stack")


@lru_cache(maxsize=256)
def _csp_headers(path: str) -> tuple[tuple[str, str], ...]:
    """The headers CSPMiddleware gives an API response at ``path``, computed by it once.

    With no per-view policy and no nonce (none on these views), its output depends only on
    settings and the path (excluded prefixes); building the policy costs more than the rest
    of a 304, so it is memoized, and forgotten when the settings change (tests).
    """
    response = CSPMiddleware(_skip).process_response(
        SimpleNamespace(path_info=path), HttpResponse()
    )
    return tuple(
        (name, response[name]) for name in (HEADER, HEADER_REPORT_ONLY) if name in response
    )


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _csp_headers.cache_clear()


class PublishedFastPathMiddleware:
    # The middleware below this one that add headers to these responses: their response phase
    # runs on fast-path responses too (Content-Length, X-Frame-Options; the CSP header comes
    # from _csp_headers). The others (sessions, locale, CSRF, auth, messages, ratelimit, axes)
    # leave these responses unchanged; tests/api/test_fast_path.py compares every header.
    response_phases = (CommonMiddleware, XFrameOptionsMiddleware)

    def __init__(self, get_response):
        self.get_response = get_response
        self.phases = [phase(_skip) for phase in self.response_phases]

    @cached_property
    def prefixes(self) -> tuple[str, ...]:
        # "/api/v1/events/": every event-scoped API endpoint; "/events/": the feeds (the
        # public pages' /events/ carries a language prefix).
        feed = reverse("feeds:schedule_json", kwargs={"event_slug": "-"})
        return reverse("api:events"), feed[: feed.index("/-/") + 1]

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in request.META
            and request.path_info.startswith(self.prefixes)
        ):
            try:
                response = self.serve(request)
            except SuspiciousOperation:  # e.g. a disallowed Host: the view reports it
                response = None
            except Exception:
                logger.exception("Fast path failed on %s; serving through the view", request.path)
                response = None
            if response is not None:
                return response
        return self.get_response(request)

    def serve(self, request):
        """The view's response when it can be given without rendering, else None."""
        route = _route(get_urlconf() or settings.ROOT_URLCONF, request.path_info)
        if route is None:
            return None
        endpoint, kwargs = route
        head = event_head_cached(slug=kwargs["event_slug"])
        setattr(request, HEAD_ATTRIBUTE, (kwargs["event_slug"], head))
        if head is None:
            return None  # the view answers 404
        response = endpoint.fast_response(request, head, kwargs)
        if response is None:
            return None
        for phase in self.phases:
            response = phase.process_response(request, response)
        for name, value in _csp_headers(request.path_info):
            response[name] = value
        return response
