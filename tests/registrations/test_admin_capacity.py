"""The admin (superusers only) changes a category and an event's capacity through the same
services as the organiser pages."""

import pytest
from django.core import mail
from django.urls import reverse

from registrations.enums import Participation, RegistrationState
from registrations.services.registrations import registration_create
from tests.factories import CategoryFactory, EventFactory, person, register
from tests.forum.test_admin_scoping import _post_data

pytestmark = pytest.mark.django_db(transaction=True)  # emails go out after commit


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(client, administrator):
    event = EventFactory(registration_open=True)
    category = CategoryFactory(
        event=event, name="Mayors", capacity=1, requires_approval=False, waitlist_enabled=True
    )
    seated, _ = register(category)
    first, _ = register(category)
    second, _ = register(category)
    client.force_login(administrator)
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


def test_other_changes_in_the_admin_leave_the_waiting_list_alone(client, administrator):
    event = EventFactory(registration_open=True)
    category = CategoryFactory(
        event=event, name="Mayors", capacity=1, requires_approval=False, waitlist_enabled=True
    )
    register(category)
    waiting, _ = register(category)
    client.force_login(administrator)
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


def _event_form(client, event, administrator) -> tuple[str, dict]:
    client.force_login(administrator)
    url = reverse("admin:events_event_change", args=[event.pk])
    return url, _post_data(client.get(url))


def test_raising_event_capacity_in_the_admin_promotes_across_categories(client, administrator):
    event = EventFactory(registration_open=True, capacity=2)
    mayors = CategoryFactory(event=event, name="Mayors", requires_approval=False)
    press = CategoryFactory(event=event, name="Press", capacity=1, requires_approval=False)
    seated = [register(mayors)[0], register(press)[0]]
    mayor_1, _ = register(mayors)
    journalist, _ = register(press)
    mayor_2, _ = register(mayors)
    url, data = _event_form(client, event, administrator)
    mail.outbox.clear()

    data["capacity"] = "4"
    response = client.post(url, data)

    event.refresh_from_db()
    states = [r.state for r in (*seated, mayor_1, journalist, mayor_2) if not r.refresh_from_db()]
    assert (response.status_code, event.capacity) == (302, 4)
    # Press holds its one seat: the journalist waits, and the next mayor takes the event seat.
    assert states == [
        RegistrationState.CONFIRMED,
        RegistrationState.CONFIRMED,
        RegistrationState.CONFIRMED,
        RegistrationState.WAITLISTED,
        RegistrationState.CONFIRMED,
    ]
    assert [m.to for m in mail.outbox] == [[mayor_1.email], [mayor_2.email]]
    assert list(mayor_2.transitions.values_list("reason", flat=True)) == ["", "promoted"]


def test_lowering_event_capacity_in_the_admin_promotes_nobody(client, administrator):
    event = EventFactory(registration_open=True, capacity=2)
    category = CategoryFactory(event=event, requires_approval=False)
    seated = [register(category)[0], register(category)[0]]
    waiting, _ = register(category)
    url, data = _event_form(client, event, administrator)
    mail.outbox.clear()

    data["capacity"] = "1"
    response = client.post(url, data)

    event.refresh_from_db()
    states = [r.state for r in (*seated, waiting) if not r.refresh_from_db()]
    assert (response.status_code, event.capacity) == (302, 1)
    assert states == [
        RegistrationState.CONFIRMED,
        RegistrationState.CONFIRMED,
        RegistrationState.WAITLISTED,
    ]
    assert mail.outbox == []


def test_removing_event_capacity_in_the_admin_still_respects_category_capacity(
    client, administrator
):
    event = EventFactory(registration_open=True, capacity=1)
    category = CategoryFactory(event=event, capacity=2, requires_approval=True)
    seated, _ = register(category)
    first, _ = register(category)
    second, _ = register(category)
    url, data = _event_form(client, event, administrator)
    mail.outbox.clear()

    data["capacity"] = ""
    response = client.post(url, data)

    event.refresh_from_db()
    states = [r.state for r in (seated, first, second) if not r.refresh_from_db()]
    assert (response.status_code, event.capacity) == (302, None)
    assert states == [
        RegistrationState.PENDING_APPROVAL,
        RegistrationState.PENDING_APPROVAL,
        RegistrationState.WAITLISTED,
    ]
    assert [m.to for m in mail.outbox] == [[first.email]]


def test_other_event_changes_in_the_admin_leave_the_waiting_lists_alone(client, administrator):
    event = EventFactory(registration_open=True, capacity=1)
    category = CategoryFactory(event=event, requires_approval=False)
    register(category)
    waiting, _ = register(category)
    url, data = _event_form(client, event, administrator)
    mail.outbox.clear()

    data["tagline"] = "Cities first"
    response = client.post(url, data)

    event.refresh_from_db()
    waiting.refresh_from_db()
    assert (response.status_code, event.tagline, event.capacity, waiting.state) == (
        302,
        "Cities first",
        1,
        RegistrationState.WAITLISTED,
    )
    assert mail.outbox == []


def test_more_online_places_in_the_admin_promote_the_online_waiting_list(client, administrator):
    event = EventFactory(registration_open=True)
    category = CategoryFactory(
        event=event, name="Mayors", capacity=1, online_offered=True, online_capacity=1
    )
    placed, waiting = (
        registration_create(
            event=event,
            category_id=category.pk,
            person=person(),
            participation=Participation.ONLINE,
        )[0]
        for _ in range(2)
    )
    client.force_login(administrator)
    url = reverse("admin:registrations_registrationcategory_change", args=[category.pk])
    data = _post_data(client.get(url))
    mail.outbox.clear()

    data["online_capacity"] = "2"
    response = client.post(url, data)

    states = [r.state for r in (placed, waiting) if not r.refresh_from_db()]
    category.refresh_from_db()
    assert response.status_code == 302
    assert (category.online_offered, category.online_capacity) == (True, 2)
    assert states == [RegistrationState.CONFIRMED, RegistrationState.CONFIRMED]
    assert [m.to for m in mail.outbox] == [[waiting.email]]
