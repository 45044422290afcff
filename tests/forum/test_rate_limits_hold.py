"""Rate limits hold across worker processes, behind proxies, and with Redis stopped.

Behaviour seen from outside (HTTP), so the same tests run against any implementation.
"""

import pytest
from django.test import override_settings
from rest_framework.throttling import SimpleRateThrottle

from registrations.models import Registration
from tests.factories import CategoryFactory
from tests.registrations.registration_helpers import form_data

NOW = 1_000_000 * 3600 + 600.0  # ten minutes into a clock hour

ANOTHER_PROCESS = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "another-worker-process",
    }
}


@pytest.mark.django_db
def test_registration_limit_holds_in_another_worker_process(client, settings):
    """Two posts counted by one worker; the third reaches another one (its own local cache)."""
    settings.REDIS_URL = ""  # the embedded default
    settings.FORUM_REGISTRATION_RATE = "2/h"
    category = CategoryFactory()
    url = f"/en/events/{category.event.slug}/register/"
    first = [client.post(url, form_data(category)).status_code for _ in range(2)]

    with override_settings(CACHES=ANOTHER_PROCESS):
        third = client.post(url, form_data(category))

    assert (first, third.status_code) == ([302, 302], 429)
    assert Registration.objects.count() == 2


REDIS_STOPPED = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    }
}


@pytest.mark.django_db
def test_redis_stopped_registration_still_answers(client, caplog):
    category = CategoryFactory()
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0", CACHES=REDIS_STOPPED):
        response = client.post(f"/en/events/{category.event.slug}/register/", form_data(category))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/r/")
    assert Registration.objects.count() == 1
    assert "rate limit store unavailable (ConnectionError) for register: allowing" in caplog.text


@pytest.mark.django_db
def test_api_throttle_ignores_forged_forwarded_for(client, settings, monkeypatch):
    """65 requests, each claiming another address: the limit of 60 still applies."""
    from api.throttling import PartnerRateThrottle

    monkeypatch.setattr(PartnerRateThrottle, "timer", lambda self: NOW)
    settings.FORUM_NUM_PROXIES = 0
    previous = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {"api_anon": "60/min", "api_partner": "600/min"}
    try:
        statuses = [
            client.get(
                "/api/v1/events/",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
                HTTP_ACCEPT="application/json",
            ).status_code
            for i in range(65)
        ]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = previous

    assert statuses == [200] * 60 + [429] * 5
