"""Changing how one takes part, in a browser: an online registrant asks for an in-person seat
through their manage link, sees their place in the queue, withdraws the request, then an
in-person registrant moves online."""

import pytest

from registrations.enums import Participation
from registrations.models import Registration
from registrations.services.registrations import registration_create
from tests.factories import CategoryFactory, EventFactory, person


@pytest.fixture
def hybrid(transactional_db):
    event = EventFactory(
        registration_open=True, name="Mayoral Forum — Dakar", slug="dakar", timezone="Africa/Dakar"
    )
    return CategoryFactory(
        event=event, name="Delegate", capacity=1, online_offered=True, online_capacity=10
    )


def signup(category, participation, **details):
    return registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(**details),
        participation=participation,
    )


def test_online_registrant_queues_for_a_seat_then_withdraws(
    live_server, page, hybrid, axe_serious, screenshot
):
    seated, seated_token = signup(hybrid, Participation.IN_PERSON, given_name="Aminata")
    online, token = signup(hybrid, Participation.ONLINE, given_name="Kofi")

    page.goto(f"{live_server.url}/en/r/{token}/")
    assert page.locator("#participation").inner_text().startswith("You take part online.")
    page.get_by_role("button", name="Take part in person instead").click()
    page.wait_for_url(f"{live_server.url}/en/r/{token}/")

    assert page.locator(".messages").inner_text().strip() == (
        "No in-person seat is free: you keep your online place and are number 1 in the queue "
        "for one. We will email you when a seat is yours."
    )
    assert page.locator("#in-person-request").inner_text() == (
        "You asked for an in-person seat: number 1 in the queue. You keep your online place "
        "meanwhile."
    )
    assert axe_serious(page) == []
    screenshot(page, "participation-queued")

    page.get_by_role("button", name="Withdraw my request for an in-person seat").click()
    page.wait_for_url(f"{live_server.url}/en/r/{token}/")
    assert page.locator("#in-person-request").count() == 0
    online.refresh_from_db()
    assert (online.participation, online.in_person_requested_at) == ("online", None)

    page.goto(f"{live_server.url}/en/r/{seated_token}/")
    page.get_by_role("button", name="Take part online instead").click()
    page.wait_for_url(f"{live_server.url}/en/r/{seated_token}/")
    assert page.locator(".messages").inner_text().strip() == "You now take part online."
    assert page.locator("#participation").inner_text().startswith("You take part online.")
    assert axe_serious(page) == []
    screenshot(page, "participation-switched")
    assert list(
        Registration.objects.filter(pk__in=[seated.pk, online.pk])
        .order_by("pk")
        .values_list("participation", flat=True)
    ) == ["online", "online"]
