"""Heads of delegation in a browser: a claim waits, an organiser weighs the evidence and decides,
and the registrant's own page follows."""

from datetime import date

import pytest

from events.services.teams import team_add_member
from registrations.enums import HeadOfDelegationClaim
from tests.browser import log_in
from tests.factories import (
    CategoryFactory,
    EventFactory,
    OrganisationFactory,
    UserFactory,
    person,
)


@pytest.fixture
def claims(transactional_db):
    from registrations.services.registrations import registration_create

    event = EventFactory(
        registration_open=True,
        name="Mayoral Forum on Mobility, Migration and Development — Dakar 2031",
        slug="dakar",
        host_city="Dakar",
        start_date=date(2031, 3, 4),
        end_date=date(2031, 3, 6),
        timezone="Africa/Dakar",
        languages=["en", "fr", "es"],
    )
    heads = CategoryFactory(event=event, name="Head of delegation", requires_approval=False)
    CategoryFactory(event=event, name="Delegate", requires_approval=False)
    kigali = OrganisationFactory(
        name="City of Kigali", country="RW", official_domains="kigalicity.gov.rw"
    )
    lima = OrganisationFactory(
        name="Municipalidad de Lima", country="PE", official_domains="munlima.gob.pe"
    )
    secretariat = UserFactory(username="secretariat")
    team_add_member(
        event=event, team_name="Secretariat", user=secretariat, can_manage_registrations=True
    )
    official, official_token = registration_create(
        event=event,
        category_id=heads.pk,
        person=person(
            honorific="Hon.",
            given_name="Jean Bosco",
            family_name="Uwimana",
            position="Vice-Mayor in charge of Social Affairs",
            organisation=kigali,
            email="jb.uwimana@kigalicity.gov.rw",
        ),
        head_of_delegation=True,
    )
    freemail, _ = registration_create(
        event=event,
        category_id=heads.pk,
        person=person(
            given_name="Carlos",
            family_name="Quispe",
            position="Asesor",
            organisation=lima,
            email="carlos.quispe.lima@gmail.com",
        ),
        head_of_delegation=True,
    )
    return event, official, official_token, freemail


def test_organiser_confirms_a_claim_backed_by_an_official_address(
    live_server, page, claims, screenshot, axe_serious
):
    _event, official, token, _freemail = claims

    # The registrant asked; until an organiser confirms, they cannot act for the city.
    page.goto(f"{live_server.url}/en/r/{token}/")
    waiting = page.locator("#head-pending").inner_text()
    assert waiting.startswith("You asked to lead your organisation’s delegation")
    assert page.get_by_role("button", name="Add member").count() == 0
    screenshot(page, "head-claim-registrant-pending")

    # The organiser's figures point to the claims that wait.
    log_in(
        page,
        live_server,
        username="secretariat",
        next_path="/en/manage/dakar/registrations/dashboard/",
        lang="en",
    )
    notice = page.locator("#head-claims")
    assert notice.inner_text() == "2 claims to lead a delegation wait for your confirmation."
    assert axe_serious(page) == []
    notice.get_by_role("link").click()
    page.wait_for_url("**/registrations/?head_of_delegation=pending")
    rows = page.locator("#registrations tbody tr")
    assert rows.count() == 2
    assert (
        sorted(page.locator("#registrations .badge-head-pending").all_inner_texts())
        == ["Head of delegation, pending confirmation"] * 2
    )
    assert axe_serious(page) == []
    screenshot(page, "head-claims-list")

    # The evidence: the address is on the city's own domain.
    page.locator(f'tr[data-reference="{official.reference}"] th a').click()
    claim = page.locator("#head-claim")
    evidence = claim.locator(".meta").inner_text()
    assert "Address on kigalicity.gov.rw" in evidence
    assert "Organisation’s domains: kigalicity.gov.rw" in evidence
    assert claim.locator(".evidence-match").inner_text() == "Matches"
    assert axe_serious(page) == []
    screenshot(page, "head-claim-evidence-match")

    page.get_by_role("button", name="Confirm as head of delegation").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text() == (
        "Hon. Jean Bosco Uwimana now leads the delegation of City of Kigali."
    )
    assert page.locator("#head-claim p strong").inner_text() == "Confirmed head of delegation"
    assert page.get_by_role("button", name="Withdraw head of delegation").count() == 1
    assert axe_serious(page) == []
    screenshot(page, "head-claim-confirmed")
    official.refresh_from_db()
    assert official.head_of_delegation == HeadOfDelegationClaim.CONFIRMED

    # The registrant's page now lets them register their delegation.
    page.goto(f"{live_server.url}/en/r/{token}/")
    assert page.locator("#head-pending").count() == 0
    assert page.locator("#delegation-heading").inner_text() == "Delegation of City of Kigali"
    assert page.get_by_role("button", name="Add member").count() == 1
    assert axe_serious(page) == []
    screenshot(page, "head-registrant-confirmed")
    assert page.js_errors == []


def test_organiser_refuses_a_claim_from_a_free_mail_address_in_french(
    live_server, page, claims, screenshot, axe_serious
):
    _event, _official, _token, freemail = claims
    path = f"/fr/manage/dakar/registrations/{freemail.reference}/"
    log_in(page, live_server, username="secretariat", next_path=path, lang="fr")

    claim = page.locator("#head-claim")
    assert "Adresse sur gmail.com" in claim.locator(".meta").inner_text()
    assert claim.locator(".evidence-mismatch").inner_text() == "Ne correspond pas"
    screenshot(page, "head-claim-evidence-mismatch-fr")

    page.get_by_role("button", name="Refuser").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text() == (
        "Carlos Quispe ne dirige pas la délégation de Municipalidad de Lima."
    )
    assert page.locator("#head-claim p strong").inner_text() == "Chef de délégation refusé"
    assert axe_serious(page) == []
    screenshot(page, "head-claim-refused-fr")
    freemail.refresh_from_db()
    assert freemail.head_of_delegation == HeadOfDelegationClaim.REFUSED
    assert page.js_errors == []
