"""An organiser adds an organisation to the shared directory from the organiser area."""

import pytest

from events.models import Organisation
from events.services.teams import team_add_member
from tests.browser import log_in
from tests.factories import EventFactory, OrganisationFactory, UserFactory


@pytest.fixture
def organiser(transactional_db):
    event = EventFactory(name="Mayoral Forum — Marrakech", slug="marrakech")
    team_add_member(
        event=event,
        team_name="Secretariat",
        user=UserFactory(username="nadia"),
        can_change_event=True,
    )
    OrganisationFactory(
        name="City of Dakar", slug="dakar", country="SN", official_domains="villededakar.sn"
    )


def test_an_organiser_adds_an_organisation(live_server, page, organiser, screenshot, axe_serious):
    violations = {}
    log_in(page, live_server, username="nadia", next_path="/en/manage/")

    page.get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_label("Search").fill("dakar")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/manage/organisations/?q=dakar*")
    assert page.locator("#organisations tbody th").all_inner_texts() == ["City of Dakar"]
    violations["list"] = axe_serious(page)
    screenshot(page, "organisation-directory")

    page.get_by_role("link", name="Add an organisation").click()
    page.get_by_label("Name", exact=True).fill("City of Marrakech")
    page.get_by_label("Short name").fill("Marrakech")
    page.get_by_label("Kind").select_option("local_authority")
    page.get_by_label("Country").select_option("MA")
    page.get_by_label("City or region").fill("Marrakech")
    page.get_by_label("Website").fill("marrakech.example.org")
    violations["form"] = axe_serious(page)
    page.get_by_role("button", name="Add the organisation").click()

    assert page.locator(".messages").inner_text() == "“City of Marrakech” was added."
    assert page.locator("#official-domains").inner_text() == "None registered."
    violations["edit page"] = axe_serious(page)
    screenshot(page, "organisation-added")
    created = Organisation.objects.get(slug="city-of-marrakech")
    assert (created.name, created.country.code, created.website, created.official_domains) == (
        "City of Marrakech",
        "MA",
        "https://marrakech.example.org",
        "",
    )
    assert {name: found for name, found in violations.items() if found} == {}
    assert page.js_errors == []
