"""Stripe's webhook: outside the language prefix, signed, CSRF-exempt."""

from django.db import OperationalError
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forum.errors import Busy
from registrations.services.stripe_card import (
    WebhookRejected,
    stripe_sdk,
    stripe_webhook_handle,
)

# --- Stripe's webhook --------------------------------------------------------------------------


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """2xx once an event is processed (or was before), 400 for anything not genuinely
    Stripe's, 503 when the database or Stripe is busy so that Stripe delivers it again."""
    try:
        outcome = stripe_webhook_handle(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except WebhookRejected:
        return HttpResponseBadRequest("invalid signature", content_type="text/plain")
    except (Busy, OperationalError, stripe_sdk().APIConnectionError, stripe_sdk().RateLimitError):
        # Stripe reads only the status, and delivers the event again on its own schedule.
        return JsonResponse({"status": "busy"}, status=503, headers={"Retry-After": "10"})
    return JsonResponse({"status": outcome})
