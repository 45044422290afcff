import logging
import sys

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as default_server_error

from events.selectors.events import event_home_lists
from forum.middleware import SERVICE_ERRORS, service_unavailable

logger = logging.getLogger(__name__)


def home(request):
    lists = event_home_lists()
    return render(request, "home.html", {"upcoming": lists.upcoming, "past": lists.past})


@never_cache
@require_safe
def healthz(request):
    """Liveness and readiness for load balancers: 200 when the database and cache answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # any failure means "not ready", whatever the driver raises
        logger.exception("healthz: database check failed")
        checks["database"] = "error"
    try:
        cache.set("forum:healthz", "1", 10)
        checks["cache"] = "ok" if cache.get("forum:healthz") == "1" else "error"
    except Exception:
        logger.exception("healthz: cache check failed")
        checks["cache"] = "error"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def server_error(request):
    """handler500: a stopped database or cache met outside a view (a middleware saving the
    session, say) still answers 503; any other error gets the plain 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, SERVICE_ERRORS):
        return service_unavailable(request, exc)
    return default_server_error(request)
