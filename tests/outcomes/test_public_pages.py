import io
import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from pypdf import PdfReader

from events.enums import OrganisationKind
from outcomes.models import Endorsement
from outcomes.services.endorsements import (
    endorsement_by_delegation,
    endorsement_confirm,
    endorsement_submit,
)
from outcomes.services.statements import statement_create
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/en/events/dakar/statements/dakar-declaration/"


def endorse(statement, name, country, *, confirm=True, at=None, email=None):
    organisation = OrganisationFactory(
        name=name, country=country, official_domains="private.example"
    )
    endorsement, token = endorsement_submit(
        statement=statement,
        organisation=organisation,
        honorific="Mayor",
        signatory_name=f"Signatory of {name}",
        signatory_title=f"Mayor of {name}",
        email=email or f"{organisation.slug}@private.example",
        language="en",
    )
    if confirm:
        endorsement = endorsement_confirm(token=token)
        if at:
            Endorsement.objects.filter(pk=endorsement.pk).update(published_at=at)
    return endorsement


@pytest.fixture
def signed(open_statement):
    """Three public signatories, one unconfirmed and one withdrawn-free pending row."""
    endorse(open_statement, "Dakar", "SN", at=datetime(2031, 3, 5, tzinfo=UTC))
    endorse(open_statement, "Quito", "EC", at=datetime(2031, 4, 20, tzinfo=UTC))
    endorse(open_statement, "Milano", "IT", at=datetime(2031, 6, 1, tzinfo=UTC))
    endorse(open_statement, "Secretville", "FR", confirm=False, email="hidden@secret.example")
    return open_statement


def test_statement_page_shows_the_adopted_text_date_and_signatories(client, signed):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Dakar Mayors Declaration</h1>" in html
    assert "Adopted on March 5, 2031 at the Mayoral Forum — Dakar." in html
    assert '<h2 id="section-our-commitments">Our commitments</h2>' in html
    assert "<strong>basic services</strong>" in html
    assert '<div class="statement-text" lang="en" id="statement-text">' in html
    assert "3 signatories" in html
    rows = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>', html.split('id="signatory-list"')[1])
    assert rows == ["Dakar", "Milano", "Quito"]
    assert re.findall(r"<tr><th scope=\"row\">(\w+)</th><td>(\d+)</td></tr>", html) == [
        ("Africa", "1"),
        ("Americas", "1"),
        ("Asia", "0"),
        ("Europe", "1"),
        ("Oceania", "0"),
        ("Total", "3"),
    ]
    assert 'id="timeline-chart"' in html and 'id="regions-chart"' in html
    assert " style=" not in html and "<script>" not in html


def test_statement_page_falls_back_to_the_first_working_language_and_says_so(client, signed):
    response = client.get("/es/events/dakar/statements/dakar-declaration/")

    html = response.content.decode()
    assert 'lang="fr" id="statement-text"' in html  # the forum's first working language
    assert "Nos engagements" in html
    assert 'id="language-fallback"' in html


def test_statement_page_text_language_can_be_chosen(client, signed):
    response = client.get(URL + "?text=fr")

    html = response.content.decode()
    assert 'lang="fr" id="statement-text"' in html
    assert 'id="language-fallback"' not in html


def test_signatories_filter_by_region_and_country(client, signed):
    by_region = client.get(URL + "?region=europe").content.decode()
    by_country = client.get(URL + "?country=ec").content.decode()

    def names(html):
        return re.findall(
            r'<tr>\s*<th scope="row">([^<]+)</th>', html.split('id="signatory-list"')[1]
        )

    assert names(by_region) == ["Milano"]
    assert names(by_country) == ["Quito"]
    assert "Showing 1 of 3 signatories." in by_region


def test_no_email_or_unverified_endorsement_on_any_public_page_or_pdf(client, signed):
    pages = [
        client.get(URL).content,
        client.get(URL + "?region=europe").content,
        client.get("/en/events/dakar/statements/").content,
        client.get(URL + "pdf/").content,
    ]

    for body in pages[:3]:
        assert b"@private.example" not in body and b"@secret.example" not in body
        assert b"Secretville" not in body
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pages[3])).pages)
    assert "@" not in text and "Secretville" not in text
    assert "Signatories (3)" in text
    assert "Dakar (Senegal)" in text and "Mayor Signatory of Quito, Mayor of Quito" in text
    assert "Our commitments" in text and "basic services" in text


def test_pdf_has_a_strong_etag_that_changes_with_a_new_signatory(client, signed):
    first = client.get(URL + "pdf/?text=fr")
    cached = client.get(URL + "pdf/?text=fr", HTTP_IF_NONE_MATCH=first["ETag"])
    endorse(signed, "Accra", "GH")
    changed = client.get(URL + "pdf/?text=fr", HTTP_IF_NONE_MATCH=first["ETag"])

    assert (first.status_code, first["Content-Type"], first["Content-Language"]) == (
        200,
        "application/pdf",
        "fr",
    )
    assert first["ETag"].startswith('"') and not first["ETag"].startswith("W/")
    assert cached.status_code == 304
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    text = PdfReader(io.BytesIO(changed.content)).pages[0].extract_text()
    assert "Nos engagements" in text


def test_drafts_are_hidden_from_the_public_and_previewed_by_organisers(
    client, event, organiser, texts
):
    statement_create(event=event, title="Draft", slug="draft", texts=texts, user=organiser)

    anonymous = client.get("/en/events/dakar/statements/draft/")
    listing = client.get("/en/events/dakar/statements/")
    client.force_login(organiser)
    preview = client.get("/en/events/dakar/statements/draft/")

    assert anonymous.status_code == 404
    assert b"Draft" not in listing.content.split(b"<main")[1]
    assert preview.status_code == 200
    assert b"Preview: this statement is not adopted yet" in preview.content


def test_public_form_sends_a_link_and_nothing_is_public_before_confirmation(
    client, open_statement, django_capture_on_commit_callbacks
):
    city = OrganisationFactory(
        name="City of Kigali", country="RW", official_domains="kigali.example"
    )
    OrganisationFactory(name="Kigali NGO", kind=OrganisationKind.CIVIL_SOCIETY)

    form = client.get(URL + "endorse/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL + "endorse/",
            {
                "organisation": city.pk,
                "honorific": "Mayor",
                "signatory_name": "Samuel Dusengiyumva",
                "signatory_title": "Mayor of Kigali",
                "email": "mayor@kigali.example",
                "language": "en",
                "authorised": "on",
            },
        )

    assert b"City of Kigali (Rwanda)" in form.content and b"Kigali NGO" not in form.content
    assert response.status_code == 302 and response["Location"] == URL
    assert b"City of Kigali" not in client.get(URL).content
    token = re.search(r"/en/endorsements/([^/]+)/", mail.outbox[-1].body).group(1)
    link = f"/en/endorsements/{token}/"
    shown = client.get(link)
    assert b"Confirm the endorsement" in shown.content
    assert Endorsement.objects.get().state == "unverified"  # a GET (mail scanner) changes nothing
    confirmed = client.post(link, {"action": "confirm"}, follow=True)
    assert b"Thank you: your endorsement is now public." in confirmed.content
    assert b"City of Kigali" in client.get(URL).content
    withdrawn = client.post(link, {"action": "withdraw", "reason": "Council vote"}, follow=True)
    assert b"The endorsement has been withdrawn." in withdrawn.content
    assert b"City of Kigali" not in client.get(URL).content
    assert Endorsement.objects.get().withdrawal_reason == "Council vote"


def test_public_form_duplicate_gets_a_clear_message(client, open_statement):
    endorsement = endorse(open_statement, "Accra", "GH")

    response = client.post(
        URL + "endorse/",
        {
            "organisation": endorsement.organisation_id,
            "signatory_name": "Someone",
            "signatory_title": "Mayor",
            "email": "x@example.org",
            "language": "en",
            "authorised": "on",
        },
    )

    assert response.status_code == 200
    assert b"This organisation has already endorsed the statement." in response.content


def test_invalid_endorsement_link_is_a_404(client):
    response = client.get("/en/endorsements/nope/")

    assert response.status_code == 404
    assert b"This link is not valid" in response.content


def test_changes_page_shows_a_diff_between_versions(client, event, organiser, make_statement):
    from outcomes.services.statements import statement_version_create

    statement = make_statement(event, organiser)
    statement_version_create(
        statement=statement,
        texts={"en": "Cities gathered in Dakar declare the following.\n\n## Our commitments"},
        user=organiser,
    )
    client.force_login(organiser)

    response = client.get(
        "/en/events/dakar/statements/dakar-declaration/changes/?from=1&to=2&text=en"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<del><span class="visually-hidden">deleted: </span>We will plan' in html
    assert (
        client.get("/en/events/dakar/statements/dakar-declaration/changes/?from=9").status_code
        == 404
    )


def test_head_of_delegation_endorsement_shows_publicly_without_email(
    client, open_statement, head_of_delegation
):
    endorsement_by_delegation(
        statement=open_statement,
        registration=head_of_delegation[0],
        honorific="Mayor",
        signatory_name="Joy Belmonte",
        signatory_title="Mayor of Quezon City",
    )

    html = client.get(URL).content.decode()

    assert "Mayor Joy Belmonte" in html and "Quezon City Government" in html
    assert "quezoncity.example" not in html


HOSTILE_LINKS = (
    "## One\n\nSee [the plan](javascript:alert(1)), [data](data:text/html,hi) "
    'and [the site](https://example.org "Site").'
)


@pytest.mark.parametrize("texts", [{"en": HOSTILE_LINKS, "fr": "", "es": ""}])
def test_links_with_refused_addresses_keep_their_text_on_the_page_and_in_the_pdf(
    client, open_statement
):
    page = client.get(URL)
    pdf = client.get(URL + "pdf/")

    assert (page.status_code, pdf.status_code) == (200, 200)
    html = page.content.decode()
    assert 'See the plan, data and <a href="https://example.org"' in html
    assert "javascript:" not in html and "data:text" not in html
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "See the plan, data and the site." in " ".join(text.split())
