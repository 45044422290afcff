"""Organisers see each registration's participation mode: the list's filter and column, the
figures split by mode, and the door refusing an online registrant's old badge."""

from datetime import UTC, datetime

import pytest

from registrations.enums import Participation
from registrations.enums import RegistrationState as S
from registrations.models import Registration
from registrations.services.checkin import ticket_secret
from tests.factories import CategoryFactory, EventFactory, UserFactory, register

PASSWORD = "correct horse battery staple"
REQUESTED = datetime(2031, 1, 5, 9, 30, tzinfo=UTC)


def arrange(registration, *, state=S.CONFIRMED, mode=Participation.IN_PERSON, requested=None):
    """Put a registration in a state and mode (the mode's services are tested elsewhere)."""
    Registration.objects.filter(pk=registration.pk).update(
        state=state,
        participation=mode,
        in_person_requested_at=requested,
        waitlisted_at=REQUESTED if state == S.WAITLISTED else None,
    )
    registration.refresh_from_db()
    return registration


@pytest.fixture
def forum(transactional_db):
    from events.services.teams import team_add_member

    event = EventFactory(
        registration_open=True, name="Mayoral Forum Dakar 2031", slug="dakar", timezone="UTC"
    )
    delegates = CategoryFactory(
        event=event, name="Delegate", order=1, capacity=4, online_offered=True, online_capacity=3
    )
    press = CategoryFactory(event=event, name="Press", order=2)
    desk = UserFactory(username="desk")
    team_add_member(event=event, team_name="Desk", user=desk, can_manage_registrations=True)
    names = [
        ("Awa", "Ndiaye"),
        ("Luc", "Martin"),
        ("Ana", "Quispe"),
        ("Bo", "Lindqvist"),
        ("Nour", "Haddad"),
        ("Rosa", "Vega"),
    ]
    people = [register(delegates, given_name=g, family_name=f)[0] for g, f in names]
    arrange(people[0])
    arrange(people[1])
    secret = ticket_secret(registration=people[2])  # printed before the switch to online
    arrange(people[2], mode=Participation.ONLINE, requested=REQUESTED)
    arrange(people[3], mode=Participation.ONLINE)
    arrange(people[4], state=S.WAITLISTED, mode=Participation.ONLINE)
    arrange(people[5], state=S.WAITLISTED)
    register(press, given_name="Jean", family_name="Dupont")
    return event, people, secret


def login(page, live_server, path):
    page.goto(f"{live_server.url}/en/accounts/login/?next={path}")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{path}")


def test_organiser_filters_by_mode_and_reads_the_split_figures(
    live_server, page, forum, screenshot, axe_serious
):
    _event, people, secret = forum
    login(page, live_server, "/en/manage/dakar/registrations/")

    page.get_by_label("Participation").select_option(label="Online, waiting for an in-person seat")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/registrations/?*participation=waiting_for_seat*")
    rows = page.locator("#registrations tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-reference") == people[2].reference
    assert " ".join(rows.first.locator("td").nth(5).inner_text().split()) == (
        "Online waiting for an in-person seat"
    )

    page.get_by_label("Participation").select_option(label="In person or online")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply").click()
    assert page.locator("#registrations tbody tr").count() == 7
    assert page.locator("#registrations .badge-participation-online").count() == 3
    screenshot(page, "registrations-participation")
    assert axe_serious(page) == []

    page.goto(f"{live_server.url}/en/manage/dakar/registrations/dashboard/")
    delegates = page.locator("#capacity tbody tr").first
    assert delegates.locator("td").all_inner_texts() == [
        "2",
        "4",
        "2",
        "1",
        "2",
        "3",
        "1",
        "1",
        "1",
    ]
    assert page.locator("#capacity tbody tr").nth(1).locator("td").all_inner_texts() == [
        "1",
        "no limit",
        "—",
        "0",
        "Not offered online",
    ]
    screenshot(page, "registrations-figures-participation")
    assert axe_serious(page) == []

    page.goto(f"{live_server.url}/en/manage/dakar/check-in/")
    page.get_by_label("Ticket code").fill(secret)
    page.get_by_role("button", name="Check in").click()
    page.wait_for_selector(".check-in-online")
    assert page.locator("#check-in-result").get_attribute("role") == "alert"
    assert page.locator("#check-in-result h2").inner_text() == "Refused: online participant"
    assert page.locator("#check-in-count").inner_text() == (
        "0 of 3 confirmed in-person participants checked in."
    )
    screenshot(page, "checkin-online-refused")
    assert axe_serious(page) == []
    assert page.js_errors == []
