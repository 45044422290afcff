import pytest
from django.test import Client

from events.rules import TEAM_PERMISSIONS
from tests.factories import EventFactory


@pytest.fixture
def quito(db):
    return EventFactory(
        name="Mayoral Forum Quito 2031", slug="quito-2031", capacity=2, registration_open=True
    )


@pytest.fixture
def secretariat(quito, organiser_of):
    """An organiser of Quito holding every flag."""
    return organiser_of(quito, "amina", **dict.fromkeys(TEAM_PERMISSIONS, True))


@pytest.fixture
def client_of():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
