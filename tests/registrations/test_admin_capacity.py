"""The admin changes a category through the same service as the organiser pages."""

import pytest
from django.core import mail
from django.urls import reverse

from registrations.enums import RegistrationState
from tests.factories import CategoryFactory, EventFactory, register
from tests.forum.test_admin_scoping import _post_data

pytestmark = pytest.mark.django_db(transaction=True)  # emails go out after commit


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(client, organiser_of):
    event = EventFactory(registration_open=True)
    category = CategoryFactory(
        event=event, name="Mayors", capacity=1, requires_approval=False, waitlist_enabled=True
    )
    seated, _ = register(category)
    first, _ = register(category)
    second, _ = register(category)
    client.force_login(organiser_of(event, can_manage_registrations=True))
    url = reverse("admin:registrations_registrationcategory_change", args=[category.pk])
    data = _post_data(client.get(url))
    mail.outbox.clear()

    data["capacity"] = "2"
    response = client.post(url, data)

    states = [r.state for r in (seated, first, second) if not r.refresh_from_db()]
    category.refresh_from_db()
    assert response.status_code == 302
    assert category.capacity == 2
    assert states == [
        RegistrationState.CONFIRMED,
        RegistrationState.CONFIRMED,
        RegistrationState.WAITLISTED,
    ]
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert list(first.transitions.values_list("reason", flat=True))[-1] == "promoted"


def test_other_changes_in_the_admin_leave_the_waiting_list_alone(client, organiser_of):
    event = EventFactory(registration_open=True)
    category = CategoryFactory(
        event=event, name="Mayors", capacity=1, requires_approval=False, waitlist_enabled=True
    )
    register(category)
    waiting, _ = register(category)
    client.force_login(organiser_of(event, can_manage_registrations=True))
    url = reverse("admin:registrations_registrationcategory_change", args=[category.pk])
    data = _post_data(client.get(url))

    data["name"] = "Mayors and governors"
    response = client.post(url, data)

    waiting.refresh_from_db()
    category.refresh_from_db()
    assert response.status_code == 302
    assert (category.name, category.capacity, waiting.state) == (
        "Mayors and governors",
        1,
        RegistrationState.WAITLISTED,
    )
