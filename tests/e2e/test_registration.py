from datetime import timedelta

import pytest

from registrations.models import Registration
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory


@pytest.fixture
def open_event(transactional_db, settings):
    settings.FORUM_REGISTRATION_MIN_SECONDS = 0  # the robot types faster than people
    event = EventFactory(
        name="Mayoral Forum — Dakar",
        slug="dakar",
        registration_open=True,
        timezone="Africa/Dakar",
        host_city="Dakar",
        host_country="SN",
    )
    CategoryFactory(
        event=event, name="Delegate", name_fr="Délégué·e", visa_letter_offered=True, order=1
    )
    CategoryFactory(event=event, name="Observer", name_fr="Observateur·rice", order=2)
    OrganisationFactory(name="Ville de Grenoble", country="FR")
    return event


def test_register_from_the_public_form_to_the_manage_link(
    live_server, page, open_event, screenshot, axe_serious
):
    page.goto(f"{live_server.url}/fr/events/dakar/")
    page.get_by_role("link", name="S’inscrire").click()
    page.wait_for_url(f"{live_server.url}/fr/events/dakar/register/")
    assert axe_serious(page) == []

    # A first try with a missing name and a bad email: errors, and what was typed stays.
    page.get_by_label("Prénom").fill("")
    page.get_by_label("Nom de famille").fill("Martin")
    page.locator("#id_organisation_name").fill("Ville de Grenoble")
    page.get_by_label("Adresse électronique").fill("claire.martin@")
    with page.expect_navigation():
        page.get_by_role("button", name="S’inscrire").click()
    assert page.locator("#form-errors").is_visible()
    assert page.get_by_label("Nom de famille").input_value() == "Martin"
    assert page.locator("#id_organisation_name").input_value() == "Ville de Grenoble"
    screenshot(page, "register-errors-fr")

    page.get_by_label("Prénom").fill("Claire")
    page.get_by_label("Adresse électronique").fill("claire.martin@example.org")
    page.get_by_label("Espagnol").check()
    page.get_by_label("J’ai besoin d’une lettre d’invitation pour le visa").check()
    page.get_by_label("Numéro de passeport").fill("19FR12345")
    passport_expiry = (open_event.end_date + timedelta(days=900)).isoformat()
    page.get_by_label("Date d’expiration du passeport").fill(passport_expiry)
    page.get_by_label("Date de naissance").fill("1980-05-17")
    page.get_by_label("J’accepte").check()
    page.get_by_role("button", name="S’inscrire").click()

    page.wait_for_url(f"{live_server.url}/fr/r/**")
    assert page.locator("h1").inner_text() == "Votre inscription"
    assert page.locator("#registration-state").inner_text() == "Confirmée"
    assert axe_serious(page) == []
    screenshot(page, "registration-manage-fr")
    registration = Registration.objects.get()
    assert (registration.given_name, registration.organisation.name) == (
        "Claire",
        "Ville de Grenoble",
    )
    assert registration.passport_number == "19FR12345"

    # Change a detail, then cancel, through the same secret link.
    page.get_by_label("Besoins alimentaires").fill("Végétarien")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    assert "Vos modifications ont été enregistrées." in page.locator(".messages").inner_text()
    page.get_by_label("Oui, annuler mon inscription").check()
    page.get_by_role("button", name="Annuler l’inscription").click()
    assert page.locator("#registration-state").inner_text() == "Annulée"
    screenshot(page, "registration-cancelled-fr")
    registration.refresh_from_db()
    assert (registration.dietary_needs, registration.state) == ("Végétarien", "cancelled")
    assert page.js_errors == []
