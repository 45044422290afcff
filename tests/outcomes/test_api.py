"""The outcome endpoints of the partner API: public fields only, ETags, incremental sync,
webhooks, constant queries."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.models import WebhookDelivery, WebhookEndpoint
from outcomes.models import Endorsement
from outcomes.services.endorsements import (
    endorsement_confirm,
    endorsement_submit,
    endorsement_withdraw,
)
from tests.api.conftest import (
    THROTTLE_QUERIES,
    _generous_throttles,  # noqa: F401 - autouse fixture
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events/dakar/statements/"


@pytest.fixture
def api():
    return Client(headers={"Accept": "application/json"})


def endorse(statement, name, country, *, confirm=True):
    organisation = OrganisationFactory(
        name=name, country=country, official_domains="private.example"
    )
    endorsement, token = endorsement_submit(
        statement=statement,
        organisation=organisation,
        honorific="Mayor",
        signatory_name=f"Signatory of {name}",
        signatory_title=f"Mayor of {name}",
        email=f"{organisation.slug}@private.example",
        language="en",
    )
    return endorsement_confirm(token=token) if confirm else endorsement


@pytest.fixture
def signed(open_statement):
    endorse(open_statement, "Dakar", "SN")
    endorse(open_statement, "Milano", "IT")
    endorse(open_statement, "Hidden", "FR", confirm=False)
    return open_statement


def test_statement_list(api, signed, settings):
    body = api.get(BASE).json()

    assert body["count"] == 1
    (item,) = body["results"]
    assert item == {
        "slug": "dakar-declaration",
        "title": "Dakar Mayors Declaration",
        "summary": "",
        "state": "open",
        "state_label": "Open for endorsement",
        "adopted_on": "2031-03-05",
        "adopted_version": 1,
        "languages": ["en", "fr"],
        "signatories": 2,
        "endorsing_kinds": ["local_authority", "regional_authority"],
        "url": f"{settings.SITE_URL}/en/events/dakar/statements/dakar-declaration/",
        "pdf_url": f"{settings.SITE_URL}/en/events/dakar/statements/dakar-declaration/pdf/",
        "endorsements_url": f"{settings.SITE_URL}{BASE}dakar-declaration/endorsements/",
    }


def test_statement_detail_has_texts_and_versions(api, signed):
    body = api.get(BASE + "dakar-declaration/").json()

    assert sorted(body["texts"]) == ["en", "fr"]
    assert body["texts"]["en"]["markdown"].startswith("Cities gathered in Dakar")
    assert "<strong>basic services</strong>" in body["texts"]["en"]["html"]
    assert [(v["number"], v["languages"]) for v in body["versions"]] == [(1, ["en", "fr"])]
    assert body["versions"][0]["texts"]["fr"]["markdown"].startswith("Les villes")


def test_drafts_are_not_in_the_api(api, event, organiser, make_statement):
    make_statement(event, organiser, slug="draft")

    assert api.get(BASE).json()["count"] == 0
    assert api.get(BASE + "draft/").status_code == 404
    assert api.get(BASE + "draft/endorsements/").status_code == 404


def test_endorsements_are_public_fields_only(api, signed):
    response = api.get(BASE + "dakar-declaration/endorsements/")

    body = response.json()
    assert [e["organisation"]["name"] for e in body["results"]] == ["Dakar", "Milano"]
    first = body["results"][0]
    assert set(first) == {
        "id",
        "state",
        "organisation",
        "signatory",
        "verified_as",
        "published_at",
        "withdrawn_at",
        "updated_at",
    }
    assert first["signatory"] == {
        "honorific": "Mayor",
        "name": "Signatory of Dakar",
        "title": "Mayor of Dakar",
    }
    assert first["organisation"]["region"] == "africa"
    assert (first["state"], first["verified_as"], first["withdrawn_at"]) == (
        "published",
        "domain",
        None,
    )
    assert b"@" not in response.content and b"Hidden" not in response.content
    assert b"token" not in response.content


def test_endorsements_filters(api, signed):
    path = BASE + "dakar-declaration/endorsements/"

    by_region = api.get(path + "?region=europe").json()["results"]
    by_country = api.get(path + "?country=sn").json()["results"]
    bad = api.get(path + "?region=mars")

    assert [e["organisation"]["name"] for e in by_region] == ["Milano"]
    assert [e["organisation"]["name"] for e in by_country] == ["Dakar"]
    assert bad.status_code == 400


def test_updated_since_returns_changes_and_withdrawals(api, signed, organiser):
    since = timezone.now()
    later = endorse(signed, "Accra", "GH")
    milano = Endorsement.objects.get(organisation__name="Milano")
    endorsement_withdraw(endorsement=milano, actor_label="organiser", user=organiser, reason="x")
    # An unconfirmed submission withdrawn later was never public: no tombstone.
    hidden = Endorsement.objects.get(organisation__name="Hidden")
    endorsement_withdraw(endorsement=hidden, actor_label="organiser", user=organiser, reason="y")

    results = api.get(
        BASE + "dakar-declaration/endorsements/",
        {"updated_since": since.isoformat()},
    ).json()["results"]

    assert [(e["organisation"]["name"], e["state"]) for e in results] == [
        ("Accra", "published"),
        ("Milano", "withdrawn"),
    ]
    assert results[0]["id"] == later.pk
    assert results[1]["withdrawn_at"] is not None
    assert "Hidden" not in json.dumps(results)


def test_etag_revalidates_and_changes_with_a_new_signatory(api, signed):
    path = BASE + "dakar-declaration/endorsements/"
    first = api.get(path)
    again = api.get(path, headers={"If-None-Match": first["ETag"]})
    pending = endorse(signed, "Lima", "PE", confirm=False)  # not public: same ETag
    still = api.get(path, headers={"If-None-Match": first["ETag"]})
    Endorsement.objects.filter(pk=pending.pk).delete()
    endorse(signed, "Quito", "EC")
    changed = api.get(path, headers={"If-None-Match": first["ETag"]})

    assert first["ETag"].startswith('"') and again.status_code == 304
    assert still.status_code == 304
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert [e["organisation"]["name"] for e in changed.json()["results"]][-1] == "Quito"


def test_webhook_endorsement_published_is_recorded_on_each_new_public_endorsement(
    event, organiser, make_statement, django_capture_on_commit_callbacks, settings
):
    statement = make_statement(event, organiser, state="open", requires_approval=True)
    WebhookEndpoint.objects.create(
        event=event, name="Partner", url="http://127.0.0.1:9/hook", event_types=[]
    )
    endorsement = endorse(statement, "Kigali", "RW")  # verified, awaiting approval
    assert WebhookDelivery.objects.count() == 0

    from outcomes.services.endorsements import endorsement_approve

    endorsement_approve(endorsement=endorsement, user=organiser)

    delivery = WebhookDelivery.objects.get()
    assert delivery.type == "endorsement.published"
    assert dict(delivery.payload.items()) == {
        "type": "endorsement.published",
        "event": "dakar",
        "statement": "dakar-declaration",
        "endorsement": endorsement.pk,
        "organisation": endorsement.organisation.slug,
        "url": f"{settings.SITE_URL}{BASE}dakar-declaration/endorsements/",
    }


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("tail", "cold", "warm"),
    [
        # cold: head, stamp, then the rows; warm (cached render): head, stamp
        ("", 3, 2),
        ("dakar-declaration/", 4, 2),  # statement, versions
        ("dakar-declaration/endorsements/", 4, 2),  # statement id, endorsements
    ],
)
def test_api_query_count_constant(
    api, open_statement, count, tail, cold, warm, django_assert_num_queries
):
    for n in range(count):
        endorse(open_statement, f"City {n}", "SN")
    Endorsement.objects.update(published_at=datetime(2031, 4, 1, tzinfo=UTC) + timedelta(0))

    with django_assert_num_queries(cold + THROTTLE_QUERIES):
        first = api.get(BASE + tail)
    with django_assert_num_queries(warm + THROTTLE_QUERIES):
        again = api.get(BASE + tail, headers={"If-None-Match": first["ETag"]})

    assert (first.status_code, again.status_code) == (200, 304)
