"""The public endorsement flow in a browser: form, emailed link, confirmation, public list."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail

from events.models import Organisation
from outcomes.services.statements import (
    statement_adopt,
    statement_create,
    statement_open_for_endorsement,
)
from tests.factories import EventFactory, OrganisationFactory, UserFactory

TEXT = {
    "en": "Cities gathered in Dakar declare the following.\n\n## Our commitments\n\n"
    "We will plan for people who move because of climate change.\n\n"
    "## Services for all\n\nEvery resident can reach **basic services**.",
    "fr": "Les villes réunies à Dakar déclarent ce qui suit.\n\n## Nos engagements\n\n"
    "Nous planifierons pour les personnes qui se déplacent à cause du climat.",
    "es": "",
}


@pytest.fixture
def declaration(transactional_db):
    event = EventFactory(name="Mayoral Forum — Dakar", slug="dakar", languages=["fr", "en", "es"])
    user = UserFactory()
    statement = statement_create(
        event=event,
        title="Dakar Mayors Declaration on Mobility and Climate",
        slug="dakar-declaration",
        summary="Commitments of local and regional governments.",
        texts=TEXT,
        user=user,
        # Signatures proven by an official email domain are public once confirmed.
        requires_approval=False,
    )
    statement = statement_adopt(
        statement=statement,
        version=statement.versions.get(),
        adopted_on=date.today() - timedelta(days=75),
        user=user,
    )
    statement = statement_open_for_endorsement(statement=statement, user=user)
    OrganisationFactory(name="Ville de Grenoble", country="FR")
    OrganisationFactory(name="City of Kigali", country="RW", official_domains="kigalicity.gov.rw")
    return statement


def test_endorse_through_the_emailed_link(live_server, page, declaration, screenshot, axe_serious):
    url = f"{live_server.url}/en/events/dakar/statements/dakar-declaration/"
    page.goto(url)
    assert page.locator("h1").inner_text() == "Dakar Mayors Declaration on Mobility and Climate"
    assert "No organisation has endorsed this statement yet." in page.inner_text("#signatories")
    assert axe_serious(page) == []
    screenshot(page, "statement-empty-en")

    page.get_by_role("link", name="Endorse this statement").click()
    page.wait_for_url(url + "endorse/")
    assert axe_serious(page) == []
    page.get_by_label("Organisation", exact=True).select_option(label="City of Kigali (Rwanda)")
    page.get_by_label("Honorific", exact=True).select_option("Mayor")
    page.get_by_label("Name of the signatory").fill("Samuel Dusengiyumva")
    page.get_by_label("Title of the signatory").fill("Mayor of the City of Kigali")
    page.get_by_label("Email of the signatory").fill("mayor@kigalicity.gov.rw")
    page.get_by_label("I am authorised").check()
    screenshot(page, "endorse-form-en")
    page.get_by_role("button", name="Send the confirmation link").click()
    page.wait_for_url(url)
    assert "We have emailed a link to the signatory" in page.inner_text(".messages")
    assert "City of Kigali" not in page.inner_text("#signatories")

    message = mail.outbox[-1]
    assert message.to == ["mayor@kigalicity.gov.rw"]
    link = re.search(r"http://\S+/en/endorsements/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page.goto(f"{live_server.url}/{path}")
    assert page.locator("#endorsement-state").inner_text() == "Awaiting email confirmation"
    assert axe_serious(page) == []
    page.get_by_role("button", name="Confirm the endorsement").click()
    assert page.locator("#endorsement-state").inner_text() == "Published"
    assert "Thank you: your endorsement is now public." in page.inner_text(".messages")
    screenshot(page, "endorsement-confirmed-en")

    page.goto(url)
    signatories = page.inner_text("#signatory-list")
    assert "City of Kigali" in signatories
    assert "Mayor Samuel Dusengiyumva" in signatories
    assert page.locator("#signatory-list .verification-method").all_inner_texts() == [
        "Official email domain"
    ]
    assert "mayor@kigalicity.gov.rw" not in page.content()
    assert page.locator("#signatories h2").inner_text() == "1 signatory"
    assert page.locator("#regions-chart").is_visible()
    assert axe_serious(page) == []
    screenshot(page, "statement-signed-en")

    page.goto(url.replace("/en/", "/es/"))
    assert page.locator("#language-fallback").is_visible()
    assert page.locator("#statement-text").get_attribute("lang") == "fr"
    assert axe_serious(page) == []
    screenshot(page, "statement-fallback-es")
    assert page.js_errors == []
    assert Organisation.objects.get(name="City of Kigali").endorsements.get().state == "published"
