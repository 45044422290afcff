from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from events.enums import EventStatus
from tests.factories import EventFactory, VenueFactory


@pytest.fixture
def forum(transactional_db):
    today = timezone.now().date()
    venue = VenueFactory(
        name="Centre International de Conférences Abdou Diouf",
        city="Diamniadio",
        country="SN",
        address="Pôle urbain de Diamniadio\nDakar",
    )
    current = EventFactory(
        name="Mayoral Forum on Mobility, Migration and Development — Dakar",
        slug="dakar",
        tagline="Cities building inclusive futures for migrants",
        description="The forum brings together mayors and city leaders.",
        host_city="Dakar",
        host_country="SN",
        venue=venue,
        start_date=today + timedelta(days=90),
        end_date=today + timedelta(days=92),
        timezone="Africa/Dakar",
        languages=["fr", "en", "es"],
        registration_opens_at=datetime.now(UTC) - timedelta(days=30),
        registration_closes_at=datetime.now(UTC) + timedelta(days=60),
    )
    EventFactory(
        name="Mayoral Forum — Quito",
        slug="quito",
        start_date=date(today.year - 2, 10, 1),
        end_date=date(today.year - 2, 10, 3),
        status=EventStatus.ARCHIVED,
    )
    return current


def test_home_event_page_and_switch_to_french(live_server, page, forum, screenshot, axe_serious):
    page.goto(f"{live_server.url}/en/")
    assert page.locator("h1").inner_text() == "Forums for cities, mobility and migration"
    assert page.locator("#upcoming-heading + .event-list h3").all_inner_texts() == [forum.name]
    assert page.locator("#past-heading + .event-list h3").all_inner_texts() == [
        "Mayoral Forum — Quito"
    ]
    assert axe_serious(page) == []
    screenshot(page, "home-en")

    page.get_by_role("link", name=forum.name).click()
    page.wait_for_url(f"{live_server.url}/en/events/dakar/")
    assert page.locator("h1").inner_text() == forum.name
    assert page.locator(".badge").inner_text() == "Registration open"
    assert "(Africa/Dakar time)" in page.locator(".facts").inner_text()
    assert axe_serious(page) == []
    screenshot(page, "event-en")

    # The switcher submits itself on change and keeps the page.
    page.select_option("#language-select", "fr")
    page.wait_for_url(f"{live_server.url}/fr/events/dakar/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator(".badge").inner_text() == "Inscriptions ouvertes"
    assert page.locator(".facts dt").all_inner_texts()[:3] == ["DATES", "VILLE HÔTE", "LIEU"]
    assert axe_serious(page) == []
    screenshot(page, "event-fr")

    page.goto(f"{live_server.url}/es/")
    assert page.locator("h1").inner_text() == "Foros para las ciudades, la movilidad y la migración"
    assert axe_serious(page) == []
    screenshot(page, "home-es")
    assert page.js_errors == []


def test_language_switcher_works_without_javascript(browser, live_server, forum):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/events/dakar/")

    page.select_option("#language-select", "es")
    page.get_by_role("button", name="Change").click()

    page.wait_for_url(f"{live_server.url}/es/events/dakar/")
    assert page.locator(".badge").inner_text() == "Inscripciones abiertas"
    context.close()


def test_login_page_is_accessible(live_server, page, transactional_db, screenshot, axe_serious):
    page.goto(f"{live_server.url}/fr/accounts/login/")

    assert page.locator("h1").inner_text() == "Connexion des organisateurs"
    assert axe_serious(page) == []
    screenshot(page, "login-fr")
