"""The public pledges endpoint and the pledge.published webhook: approved texts of public
signatories only, filters, languages, ETags that follow approvals and withdrawals, constant
queries."""

import json

import pytest
from django.test import Client

from api.models import WebhookDelivery, WebhookEndpoint
from forum.signals import pledge_published
from outcomes.enums import RevisionState
from outcomes.models import Pledge
from tests.api.conftest import (
    THROTTLE_QUERIES,
    _generous_throttles,  # noqa: F401 - autouse fixture
)
from tests.factories import EventFactory
from tests.outcomes.pledges_public.data import (
    SECRET_EMAIL,
    SECRET_PENDING,
    SECRET_REASON,
    draft_statement,
    endorse,
    pledge,
    public_statement,
    revise,
    when,
    withdraw_endorsement,
    withdraw_pledge,
)
from tests.sessions.factories import TrackFactory

pytestmark = pytest.mark.django_db

PATH = "/api/v1/events/dakar/statements/dakar-declaration/pledges/"
SECRETS = (SECRET_EMAIL, SECRET_REASON, SECRET_PENDING, "Hidden by withdrawal", "Rejected action")


@pytest.fixture
def event(db):
    return EventFactory(slug="dakar", name="Mayoral Forum — Dakar", languages=["fr", "en", "es"])


@pytest.fixture
def organiser(event, organiser_of):
    return organiser_of(event, can_manage_outcomes=True)


@pytest.fixture
def api():
    return Client(headers={"Accept": "application/json"})


@pytest.fixture
def climate(event):
    return TrackFactory(event=event, name="Climate mobility", order=1)


@pytest.fixture
def statement(event, organiser):
    return public_statement(event, organiser)


@pytest.fixture
def pledged(statement, climate):
    dakar = pledge(
        endorse(statement, "Dakar", "SN"),
        "PDAKAR",
        titles={"en": "Bus passes for newcomers", "fr": "Titres de transport"},
        status="planned",
        decided_at=when(2024, 4, 1),
        track=climate,
        target_date=None,
    )
    revise(
        dakar,
        state=RevisionState.APPROVED,
        titles={"en": "Free bus passes", "fr": "Transport gratuit"},
        descriptions={"en": "For every newcomer."},
        status="done",
        decided_at=when(2025, 4, 1),
        track=climate,
        figure=1200,
        figure_labels={"en": "people reached"},
        link="https://dakar.example/bus",
    )
    milano = pledge(
        endorse(statement, "Milano", "IT"),
        "PMILANO",
        titles={"en": "Welcome housing"},
        status="under_way",
        decided_at=when(2024, 5, 1),
    )
    revise(milano, state=RevisionState.PENDING, titles={"en": SECRET_PENDING}, status="done")
    pledge(
        endorse(statement, "Kigali", "RW", state="withdrawn"),
        "PKIGALI",
        titles={"en": "Hidden by withdrawal"},
    )
    lima = endorse(statement, "Lima", "PE")
    pledge(
        lima,
        "PLIMAR",
        state=RevisionState.REJECTED,
        titles={"en": "Rejected action"},
        reason=SECRET_REASON,
    )
    pledge(lima, "PLIMAP", state=RevisionState.PENDING, titles={"en": SECRET_PENDING})
    return statement


def test_list_has_the_approved_texts_of_public_signatories(api, pledged, climate):
    response = api.get(PATH)

    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    dakar, milano = body["results"]
    assert dakar == {
        "code": "PDAKAR",
        "revision": 2,
        "organisation": {
            "slug": dakar["organisation"]["slug"],
            "name": "Dakar",
            "kind": "local_authority",
            "country": "SN",
            "locality": dakar["organisation"]["locality"],
            "region": "africa",
        },
        "title": "Free bus passes",
        "titles": {"en": "Free bus passes", "fr": "Transport gratuit"},
        "description": "For every newcomer.",
        "text_languages": {"title": "en", "description": "en", "figure_label": "en"},
        "theme": {"id": climate.pk, "name": "Climate mobility"},
        "status": "done",
        "status_label": "Done",
        "target_date": None,
        "figure": 1200,
        "figure_label": "people reached",
        "link": "https://dakar.example/bus",
        "published_at": "2024-04-01T07:00:00-05:00",
        "updated_at": "2025-04-01T07:00:00-05:00",
    }
    assert (milano["code"], milano["revision"], milano["title"], milano["theme"]) == (
        "PMILANO",
        1,
        "Welcome housing",
        None,
    )
    assert milano["text_languages"] == {"title": "en", "description": None, "figure_label": None}
    for secret in SECRETS:
        assert secret not in response.content.decode()


def test_languages_are_negotiated(api, pledged):
    by_query = api.get(PATH, {"lang": "fr"}).json()["results"]
    by_header = api.get(PATH, headers={"Accept-Language": "fr"}).json()["results"]

    assert [(p["title"], p["text_languages"]["title"]) for p in by_query] == [
        ("Transport gratuit", "fr"),
        ("Welcome housing", "en"),
    ]
    assert by_header == by_query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"region": "africa"}, ["PDAKAR"]),
        ({"region": "europe"}, ["PMILANO"]),
        ({"status": "under_way"}, ["PMILANO"]),
        ({"theme": "none"}, ["PMILANO"]),
        ({"region": "americas"}, []),
    ],
)
def test_filters(api, pledged, query, expected):
    body = api.get(PATH, query).json()

    assert [p["code"] for p in body["results"]] == expected


def test_theme_filter_by_track_and_bad_filters(api, pledged, climate):
    by_track = api.get(PATH, {"theme": climate.pk}).json()["results"]
    bad = api.get(PATH, {"region": "mars", "status": "maybe", "theme": "x"})

    assert [p["code"] for p in by_track] == ["PDAKAR"]
    assert bad.status_code == 400
    assert sorted(bad.json()["errors"]) == ["region", "status", "theme"]


def test_not_public_statements_have_no_pledges(api, event, organiser, pledged):
    draft_statement(event, organiser)

    assert api.get("/api/v1/events/dakar/statements/draft-declaration/pledges/").status_code == 404
    assert api.get("/api/v1/events/dakar/statements/nope/pledges/").status_code == 404


def test_etag_follows_approvals_and_withdrawals(api, pledged):
    first = api.get(PATH)
    etag = first["ETag"]
    same = api.get(PATH, headers={"If-None-Match": etag})
    milano = Pledge.objects.get(code="PMILANO")
    # A text awaiting review changes nothing public.
    assert milano.revisions.filter(state="pending").exists()
    still = api.get(PATH, headers={"If-None-Match": etag})

    milano.revisions.filter(state="pending").update(state="superseded")
    revise(
        milano,
        state=RevisionState.APPROVED,
        titles={"en": "Welcome housing, 2nd"},
        status="done",
        decided_at=when(2026, 1, 1),
    )
    approved = api.get(PATH, headers={"If-None-Match": etag})
    withdraw_endorsement(Pledge.objects.get(code="PDAKAR").endorsement, when(2026, 2, 1))
    hidden = api.get(PATH, headers={"If-None-Match": approved["ETag"]})
    withdraw_pledge(Pledge.objects.get(code="PMILANO"), when(2026, 3, 1))
    gone = api.get(PATH, headers={"If-None-Match": hidden["ETag"]})

    assert etag.startswith('"') and (same.status_code, still.status_code) == (304, 304)
    assert approved.status_code == 200 and approved["ETag"] != etag
    assert [(p["code"], p["title"], p["status"]) for p in approved.json()["results"]] == [
        ("PDAKAR", "Free bus passes", "done"),
        ("PMILANO", "Welcome housing, 2nd", "done"),
    ]
    assert hidden.status_code == 200 and hidden["ETag"] not in (etag, approved["ETag"])
    assert [p["code"] for p in hidden.json()["results"]] == ["PMILANO"]
    assert gone.status_code == 200 and gone.json()["results"] == []


@pytest.mark.parametrize("extra", [0, 10])
def test_query_count_constant(api, pledged, extra, django_assert_num_queries):
    for n in range(extra):
        pledge(endorse(pledged, f"City {n:02}", "BR"), f"PX{n}")

    # cold: head, statements stamp, pledges stamp, statement id, pledges
    with django_assert_num_queries(5 + THROTTLE_QUERIES):
        first = api.get(PATH)
    # warm: head, statements stamp, pledges stamp
    with django_assert_num_queries(3 + THROTTLE_QUERIES):
        again = api.get(PATH, headers={"If-None-Match": first["ETag"]})

    assert (first.status_code, again.status_code) == (200, 304)
    assert first.json()["count"] == 2 + extra


def test_schema_lists_the_endpoint(client):
    document = client.get("/api/v1/schema/?format=json").json()

    operation = document["paths"]["/api/v1/events/{event_slug}/statements/{slug}/pledges/"]["get"]
    assert operation["operationId"] == "statement_pledges_list"
    assert {p["name"] for p in operation["parameters"]} >= {"region", "theme", "status", "lang"}


def test_webhook_pledge_published_payload(event, pledged, settings):
    WebhookEndpoint.objects.create(
        event=event, name="Partner", url="http://127.0.0.1:9/hook", event_types=[]
    )
    WebhookEndpoint.objects.create(
        event=event,
        name="Endorsements only",
        url="http://127.0.0.1:9/other",
        event_types=["endorsement.published"],
    )
    dakar = Pledge.objects.select_related("statement__event", "organisation").get(code="PDAKAR")

    pledge_published.send(sender=None, pledge=dakar, revision=dakar.published_revision)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.type, delivery.endpoint.name) == ("pledge.published", "Partner")
    assert dict(delivery.payload) == {
        "type": "pledge.published",
        "event": "dakar",
        "statement": "dakar-declaration",
        "pledge": "PDAKAR",
        "revision": 2,
        "titles": {"en": "Free bus passes", "fr": "Transport gratuit"},
        "status": "done",
        "organisation": {
            "slug": dakar.organisation.slug,
            "name": "Dakar",
            "country": "SN",
        },
        "url": f"{settings.SITE_URL}{PATH}",
    }
    assert SECRET_EMAIL not in json.dumps(delivery.payload)
    assert "Signatory of" not in json.dumps(delivery.payload)
