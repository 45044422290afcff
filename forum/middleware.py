"""A lost database or cache answers 503 with Retry-After, never a server error; so does a
service that found its rows locked too long (``forum.errors.Busy``), asking to retry sooner.

One place maps the service errors: ``ServiceUnavailableMiddleware`` for errors raised by a view
(DRF re-raises what its handler does not know), and ``forum.views.server_error`` (handler500)
for those raised by other middleware, e.g. the session saved after the view. Pages get the
translated ``503.html``, rendered without context processors so that nothing in it needs the
database; the API (paths under /api/) gets its usual JSON error shape.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from forum.errors import Busy, is_contention

logger = logging.getLogger(__name__)

try:  # the Redis cache client's errors when the server is stopped or unreachable
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover - redis is a dependency; without it no Redis cache
    CACHE_ERRORS: tuple[type[Exception], ...] = ()
else:
    CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)
DATABASE_ERRORS = (Busy, OperationalError, InterfaceError)
SERVICE_ERRORS = DATABASE_ERRORS + CACHE_ERRORS

# "Busy" (a lock wait ran out, see forum.errors) is soon over; anything else means down.
RETRY_AFTER_BUSY = 5
RETRY_AFTER_DOWN = 30


def _retry_after(exc: BaseException) -> int:
    busy = isinstance(exc, Busy) or is_contention(exc)
    return RETRY_AFTER_BUSY if busy else RETRY_AFTER_DOWN


def _language(request) -> str:
    """The request's language from its URL prefix, ``?lang`` (API), cookie or Accept-Language."""
    lang = request.GET.get("lang", "")
    return (
        translation.get_language_from_path(request.path_info)
        or (lang if lang in dict(settings.LANGUAGES) else None)
        or translation.get_language_from_request(request)
    )


def service_unavailable(request, exc: BaseException) -> HttpResponse:
    """The 503 answer for ``exc``, one of SERVICE_ERRORS, logged in one line."""
    retry_after = _retry_after(exc)
    service = "database" if isinstance(exc, DATABASE_ERRORS) else "cache"
    match = getattr(request, "resolver_match", None)
    # The route's name, never the path: secret links carry their token in the path.
    logger.warning(
        "%s unavailable (%s) on %s %s; answered 503",
        service,
        type(exc).__name__,
        request.method,
        match.view_name if match else "-",
    )
    with translation.override(_language(request)):
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {
                    "detail": _("The service is unavailable for a moment. Retry later."),
                    "errors": {},
                },
                status=503,
            )
        else:
            html = loader.render_to_string("503.html", {"request": request})
            response = HttpResponse(html, status=503)
        response["Content-Language"] = translation.get_language()
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    response._has_been_logged = True  # Django's request logger would log it a second time
    return response


class ServiceUnavailableMiddleware:
    """A view that meets a stopped database or cache, or raises ``Busy``, answers 503, not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SERVICE_ERRORS):
            return service_unavailable(request, exception)
        return None
