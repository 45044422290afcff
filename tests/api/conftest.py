import pytest
from django.conf import settings
from django.test import Client

from api.services.keys import partner_key_create
from sessions.enums import SessionKind
from sessions.services.schedule import schedule_publish
from tests.factories import OrganisationFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)

# Queries each API request spends on its throttle counter: none with Redis, one upsert of
# forum.models.RateCounter without it (so every worker process shares the count).
THROTTLE_QUERIES = 0 if settings.REDIS_URL else 1


@pytest.fixture(autouse=True)
def _generous_throttles(settings):
    """Tests other than the throttling ones should never meet a 429.

    Every request counts in the shared store (a block of 1), so the pinned query counts are
    those of a request that writes the counter, the most a request costs.
    """
    settings.FORUM_RATE_LIMIT_BLOCK = 1
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "api_anon": "100000/min", "api_partner": "100000/min"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    yield
    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


@pytest.fixture
def api():
    return Client(headers={"Accept": "application/json"})


@pytest.fixture
def programme(event):
    """Two rooms, two tracks, three sessions over two days, a speaker each, one published."""
    hall = RoomFactory(event=event, name="Main hall", capacity=500, order=1)
    side = RoomFactory(event=event, name="Side room", capacity=40, has_booths=False, order=2)
    climate = TrackFactory(event=event, name="Climate mobility", colour="#0b5394")
    labour = TrackFactory(event=event, name="Labour migration", colour="#1d6b32")
    org = OrganisationFactory(name="City of Dakar", slug="dakar", country="SN")
    mayor = SpeakerFactory(
        event=event,
        code="MAYOR",
        name="Amina Diallo",
        honorific="Mayor",
        position="Mayor of Dakar",
        organisation=org,
        email="amina.private@example.org",
        biography="Mayor since 2022.",
    )
    expert = SpeakerFactory(event=event, code="EXPERT", name="Bruno Costa", honorific="Dr")
    chair = SpeakerFactory(event=event, code="CHAIR", name="Chen Li", honorific="")
    a = SessionFactory(
        event=event,
        code="OPEN",
        title="Opening plenary",
        kind=SessionKind.PLENARY,
        room=hall,
        track=climate,
        start=at(event, 0, 9),
        end=at(event, 0, 10),
        spoken_language="en",
        interpretation_languages=["fr", "es"],
    )
    b = SessionFactory(
        event=event,
        code="HOUSE",
        title="Housing for newcomers",
        abstract="Shelters and rent.",
        kind=SessionKind.PANEL,
        room=side,
        track=labour,
        start=at(event, 0, 14),
        end=at(event, 0, 15, 30),
        spoken_language="fr",
    )
    c = SessionFactory(
        event=event,
        code="WORK",
        title="Decent work",
        kind=SessionKind.WORKSHOP,
        room=hall,
        track=labour,
        start=at(event, 1, 9),
        end=at(event, 1, 11),
        spoken_language="es",
        interpretation_languages=["en"],
    )
    SessionRoleFactory(session=a, speaker=mayor, role="chair")
    SessionRoleFactory(session=b, speaker=expert, role="panellist")
    SessionRoleFactory(session=c, speaker=chair, role="moderator")
    SessionRoleFactory(session=c, speaker=mayor, role="speaker")
    version = schedule_publish(event=event, comment="First programme", user=None)
    return {
        "hall": hall,
        "side": side,
        "climate": climate,
        "labour": labour,
        "mayor": mayor,
        "expert": expert,
        "chair": chair,
        "open": a,
        "house": b,
        "work": c,
        "version": version,
        "org": org,
    }


@pytest.fixture
def partner_key(event):
    """make(*events) -> the raw key of a partner scoped to ``events`` (default: the event)."""

    def make(*events):
        _key, raw = partner_key_create(name="City website", events=events or [event])
        return raw

    return make


def url(event, tail: str = "") -> str:
    return f"/api/v1/events/{event.slug}/{tail}"
