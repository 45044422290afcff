import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, EventFactory


def url(name, event, **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": event.slug, **kwargs})


@pytest.fixture
def open_event(db):
    return EventFactory(name="Mayoral Forum Quito", slug="quito", registration_open=True)


@pytest.fixture
def delegates(open_event):
    return CategoryFactory(event=open_event, name="Delegate", order=1, capacity=1)


@pytest.fixture
def manager(client, open_event, organiser_of):
    user = organiser_of(open_event, username="manager", can_manage_registrations=True)
    client.force_login(user)
    return user
