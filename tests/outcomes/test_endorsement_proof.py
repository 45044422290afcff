"""A signature counts only when the signer is proven to speak for the organisation: an address
on one of its official domains, a head of delegation the organisers confirmed, or an
organiser's approval. Tried as an attacker would."""

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from events.domains import domain_matches, domains_parse
from outcomes.enums import EndorsementState as E
from outcomes.enums import VerificationMethod as M
from outcomes.models import Endorsement, Statement
from outcomes.selectors.endorsements import endorsement_list_public
from outcomes.services import OutcomeError
from outcomes.services.endorsements import (
    endorsement_approve,
    endorsement_authority,
    endorsement_by_delegation,
    endorsement_confirm,
    endorsement_submit,
)
from outcomes.services.statements import statement_create
from registrations.enums import HeadOfDelegationClaim
from registrations.services.registrations import registration_create
from tests.factories import CategoryFactory, OrganisationFactory, person

pytestmark = pytest.mark.django_db

URL = "/en/events/dakar/statements/dakar-declaration/"


@pytest.fixture
def quezon():
    return OrganisationFactory(
        name="Quezon City Government", country="PH", official_domains="quezoncity.gov.ph"
    )


@pytest.fixture
def dakar():
    return OrganisationFactory(name="City of Dakar", country="SN", official_domains="dakar.sn")


def public(statement) -> list[tuple[str, str]]:
    return [(e.organisation.name, e.method) for e in endorsement_list_public(statement=statement)]


def submit(statement, organisation, email):
    return endorsement_submit(
        statement=statement,
        organisation=organisation,
        honorific="Mayor",
        signatory_name="Someone",
        signatory_title="Mayor",
        email=email,
        language="en",
    )


# --- Who may endorse: decided by a service, without any form ----------------------------------


def test_authority_by_official_domain_or_subdomain_only(open_statement, quezon):
    def authority(email):
        return endorsement_authority(statement=open_statement, organisation=quezon, email=email)

    assert authority("mayor@quezoncity.gov.ph") == M.DOMAIN
    assert authority("Mayor@Mail.QuezonCity.gov.ph") == M.DOMAIN
    assert authority("mayor@evilquezoncity.gov.ph") is None
    assert authority("mayor@quezoncity.gov.ph.attacker.com") is None
    assert authority("quezoncity.gov.ph@gmail.com") is None
    assert authority("mayor@gmail.com") is None
    assert authority("") is None


def test_authority_of_a_head_of_delegation_is_for_their_own_organisation_only(
    open_statement, head_of_delegation, dakar
):
    registration, _token = head_of_delegation

    assert (
        endorsement_authority(
            statement=open_statement,
            organisation=registration.organisation,
            registration=registration,
        )
        == M.DELEGATION
    )
    assert (
        endorsement_authority(
            statement=open_statement, organisation=dakar, registration=registration
        )
        is None
    )


def test_a_ticked_box_gives_no_authority(event, open_statement, quezon):
    registration, _token = registration_create(
        event=event,
        category_id=CategoryFactory(event=event).pk,
        person=person(organisation=quezon, email="claims@attacker.example"),
        head_of_delegation=True,
    )

    assert (registration.state, registration.head_of_delegation) == (
        "confirmed",
        HeadOfDelegationClaim.PENDING,
    )
    assert (
        endorsement_authority(
            statement=open_statement, organisation=quezon, registration=registration
        )
        is None
    )


# --- The public form ------------------------------------------------------------------------


def test_statements_need_approval_by_default(event, organiser, texts):
    statement = statement_create(event=event, title="T", slug="t", texts=texts, user=organiser)

    assert statement.requires_approval is True
    assert Statement._meta.get_field("requires_approval").default is True


def test_public_form_naming_a_city_from_another_domain_waits_for_the_organisers(
    client, open_statement, quezon, organiser, django_capture_on_commit_callbacks
):
    """Even on a statement that does not ask every endorsement to be approved."""
    assert open_statement.requires_approval is False
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL + "endorse/",
            {
                "organisation": quezon.pk,
                "signatory_name": "Not the Mayor",
                "signatory_title": "Mayor of Quezon City",
                "email": "mayor.quezon@gmail.com",
                "language": "en",
                "authorised": "on",
            },
        )
    token = re.search(r"/en/endorsements/([^/]+)/", mail.outbox[-1].body).group(1)

    confirmed = client.post(f"/en/endorsements/{token}/", {"action": "confirm"}, follow=True)

    endorsement = Endorsement.objects.get()
    assert (endorsement.state, endorsement.method, endorsement.published_at) == (
        E.PENDING_APPROVAL,
        M.ORGANISERS,
        None,
    )
    assert b"awaits the organisers\xe2\x80\x99 approval" in confirmed.content
    assert b"Quezon City Government" not in client.get(URL).content
    assert public(open_statement) == []

    endorsement_approve(endorsement=endorsement, user=organiser)

    assert public(open_statement) == [("Quezon City Government", M.ORGANISERS)]
    page = client.get(URL).content.decode()
    assert 'data-method="organisers">Approved by the organisers</td>' in page


def test_public_form_from_an_official_address_is_public_once_confirmed(
    client, open_statement, quezon
):
    _endorsement, token = submit(open_statement, quezon, "mayor@quezoncity.gov.ph")

    confirmed = endorsement_confirm(token=token)

    assert (confirmed.state, confirmed.method) == (E.PUBLISHED, M.DOMAIN)
    page = client.get(URL).content.decode()
    assert 'data-method="domain">Official email domain</td>' in page


def test_domains_are_judged_again_when_the_link_is_confirmed(open_statement, quezon):
    _endorsement, token = submit(open_statement, quezon, "mayor@quezoncity.gov.ph")
    quezon.official_domains = ""
    quezon.save()

    confirmed = endorsement_confirm(token=token)

    assert (confirmed.state, confirmed.method) == (E.PENDING_APPROVAL, M.ORGANISERS)


def test_proven_endorsements_still_wait_when_the_statement_asks_for_approval(
    event, organiser, make_statement, quezon
):
    statement = make_statement(event, organiser, state="open", requires_approval=True)
    _endorsement, token = submit(statement, quezon, "mayor@quezoncity.gov.ph")

    confirmed = endorsement_confirm(token=token)
    approved = endorsement_approve(endorsement=confirmed, user=organiser)

    assert (confirmed.state, approved.state, approved.method) == (
        E.PENDING_APPROVAL,
        E.PUBLISHED,
        M.DOMAIN,
    )


# --- Heads of delegation ----------------------------------------------------------------------


def test_a_ticked_head_of_delegation_box_cannot_sign_in_one_step(event, open_statement, quezon):
    registration, _token = registration_create(
        event=event,
        category_id=CategoryFactory(event=event).pk,
        person=person(organisation=quezon, email="someone@attacker.example"),
        head_of_delegation=True,
    )

    with pytest.raises(OutcomeError) as refused:
        endorsement_by_delegation(
            statement=open_statement,
            registration=registration,
            honorific="",
            signatory_name="Someone",
            signatory_title="Head of delegation",
        )

    assert refused.value.code == "not_head"
    assert Endorsement.objects.count() == 0


def test_another_registrant_of_the_city_cannot_sign_from_their_link(
    client, event, open_statement, head_of_delegation
):
    """A second person ticking the box for a city with a confirmed head gets nothing."""
    registration, _token = head_of_delegation
    intruder, token = registration_create(
        event=event,
        category_id=registration.category_id,
        person=person(organisation=registration.organisation, email="x@attacker.example"),
        head_of_delegation=True,
    )

    page = client.get(f"/en/r/{token}/statements/")
    posted = client.post(
        f"/en/r/{token}/statements/",
        {
            "action": "endorse",
            "statement": open_statement.pk,
            f"s{open_statement.pk}-signatory_name": "Intruder",
            f"s{open_statement.pk}-signatory_title": "Mayor",
            f"s{open_statement.pk}-authorised": "on",
        },
        follow=True,
    )

    assert intruder.head_of_delegation == HeadOfDelegationClaim.PENDING
    assert b"endorse-form-" not in page.content
    assert b"awaits the organisers\xe2\x80\x99 confirmation" in page.content
    assert b"Only a confirmed head of delegation" in posted.content
    assert Endorsement.objects.count() == 0


def test_a_confirmed_head_of_one_city_cannot_sign_for_another(
    open_statement, head_of_delegation, dakar
):
    registration, _token = head_of_delegation

    _endorsement, token = submit(open_statement, dakar, registration.email)
    confirmed = endorsement_confirm(token=token)

    assert (confirmed.state, confirmed.method) == (E.PENDING_APPROVAL, M.ORGANISERS)
    assert public(open_statement) == []


def test_a_confirmed_head_signs_in_one_step_and_the_list_says_how(
    client, open_statement, head_of_delegation
):
    registration, _token = head_of_delegation

    endorsement_by_delegation(
        statement=open_statement,
        registration=registration,
        honorific="Mayor",
        signatory_name="Joy Belmonte",
        signatory_title="Mayor of Quezon City",
    )

    assert public(open_statement) == [("Quezon City Government", M.DELEGATION)]
    page = client.get(URL).content.decode()
    assert 'data-method="delegation">Confirmed head of delegation</td>' in page
    pdf = PdfReader(io.BytesIO(client.get(URL + "pdf/?text=en").content))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Verified as: Confirmed head of delegation" in text


def test_the_api_lists_the_method(client, open_statement, head_of_delegation):
    endorsement_by_delegation(
        statement=open_statement,
        registration=head_of_delegation[0],
        honorific="",
        signatory_name="Joy Belmonte",
        signatory_title="Mayor",
    )

    body = client.get(
        "/api/v1/events/dakar/statements/dakar-declaration/endorsements/",
        headers={"Accept": "application/json"},
    ).json()

    assert [r["verified_as"] for r in body["results"]] == ["delegation"]


# --- Official domains -----------------------------------------------------------------------


def test_domains_are_normalised_and_free_mail_refused():
    assert domains_parse(" QuezonCity.gov.ph.\n@mail.quezoncity.gov.ph, quezoncity.gov.ph") == [
        "quezoncity.gov.ph",
        "mail.quezoncity.gov.ph",
    ]
    for bad in ("gmail.com", "mail.yahoo.com", "localhost", "-bad-.org", "a b", "http://x.org"):
        with pytest.raises(ValidationError):
            domains_parse(bad)
    assert domain_matches("gmail.com", ["gmail.com"]) == ""


def test_organisation_clean_normalises_and_refuses_free_mail(quezon):
    quezon.official_domains = "QUEZONCITY.GOV.PH\n\nqc.gov.ph"
    quezon.full_clean()
    assert quezon.official_domains == "quezoncity.gov.ph\nqc.gov.ph"
    assert quezon.domains == ["quezoncity.gov.ph", "qc.gov.ph"]

    quezon.official_domains = "quezoncity.gov.ph\ngmail.com"
    with pytest.raises(ValidationError) as refused:
        quezon.full_clean()
    assert "free email provider" in str(refused.value.message_dict["official_domains"])


def test_an_unproven_pending_endorsement_is_not_reported_as_an_endorsement(open_statement, quezon):
    _endorsement, token = submit(open_statement, quezon, "forger@gmail.com")
    endorsement_confirm(token=token)

    with pytest.raises(OutcomeError) as duplicate:
        submit(open_statement, quezon, "mayor@quezoncity.gov.ph")

    assert str(duplicate.value.message) == (
        "An endorsement for this organisation awaits the organisers’ approval; if it is not "
        "yours, please tell the organisers."
    )
