import pytest
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.throttling import PartnerRateThrottle
from tests.api.conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    """Two anonymous requests a minute, three per partner key; 45 s into a minute."""
    previous = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {"api_anon": "2/min", "api_partner": "3/min"}
    monkeypatch.setattr(PartnerRateThrottle, "timer", lambda self: 60 * 1_000_000 + 45.0)
    yield
    SimpleRateThrottle.THROTTLE_RATES = previous


def test_anonymous_limit_then_429_with_retry_after(api, event, programme, rates):
    statuses = [api.get(url(event, "rooms/")).status_code for _ in range(3)]
    blocked = api.get(url(event, "rooms/"))

    assert statuses == [200, 200, 429]
    assert blocked["Retry-After"] == "15"  # the rest of the minute
    assert blocked.json()["detail"].startswith("Request was throttled.")


def test_partner_key_has_its_own_higher_limit(api, event, programme, partner_key, rates):
    headers = {"Authorization": f"Api-Key {partner_key()}"}
    anonymous = [api.get(url(event, "rooms/")).status_code for _ in range(3)]
    keyed = [api.get(url(event, "rooms/"), headers=headers).status_code for _ in range(4)]

    assert (anonymous, keyed) == ([200, 200, 429], [200, 200, 200, 429])


def test_rates_come_from_settings():
    assert set(api_settings.DEFAULT_THROTTLE_RATES) == {"api_anon", "api_partner"}
