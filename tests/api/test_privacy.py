from datetime import timedelta

import pytest
from django.utils import timezone

from sessions.enums import SpeakerState
from sessions.services.schedule import schedule_publish
from tests.api.conftest import url
from tests.factories import CategoryFactory, register
from tests.sessions.factories import SessionRoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "",
    "sessions/",
    "sessions/OPEN/",
    "speakers/",
    "speakers/MAYOR/",
    "rooms/",
    "tracks/",
    "schedule/",
    "schedule/versions/",
    "schedule/versions/1/changes/",
]


def test_no_registration_data_or_email_in_any_response(api, event, programme):
    event.registration_opens_at = timezone.now() - timedelta(days=1)
    event.registration_closes_at = timezone.now() + timedelta(days=1)
    event.save()
    category = CategoryFactory(event=event)
    registration, _token = register(
        category, given_name="Registrant", family_name="Secretperson", passport_number="P1234567"
    )
    invited = SpeakerFactory(
        event=event, code="HIDDEN", name="Invited Only", state=SpeakerState.INVITED
    )
    SessionRoleFactory(session=programme["open"], speaker=invited)
    schedule_publish(event=event, comment="v2", user=None)
    bodies = [api.get(url(event, tail)).content.decode() for tail in ENDPOINTS]
    bodies += [api.get(p).content.decode() for p in ("/api/v1/events/", "/api/v1/organisations/")]
    text = "\n".join(bodies)

    for secret in (
        "@",
        "amina.private",
        "Secretperson",
        "P1234567",
        registration.email,
        "Invited Only",
        "token",
        "passport",
    ):
        assert secret not in text, secret
