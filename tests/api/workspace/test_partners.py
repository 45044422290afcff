"""The partner access page and its services: keys, webhook endpoints, deliveries."""

import logging

import pytest
from django.urls import reverse

from api.enums import DeliveryState
from api.models import PartnerKey, WebhookDelivery, WebhookEndpoint
from api.services import deliveries
from api.services.keys import (
    PartnerKeyError,
    partner_key_authenticate,
    partner_key_create,
    partner_key_issue,
    partner_key_revoke_for_event,
)
from api.services.webhooks import (
    WebhookError,
    webhook_delivery_retry,
    webhook_endpoint_create,
    webhook_endpoint_rotate,
    webhook_endpoint_set_active,
    webhook_endpoint_update,
)
from events.models import AuditAction, AuditEntry
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db
PUBLIC = "https://93.184.215.14/hook"


def audit_text() -> str:
    return str(list(AuditEntry.objects.values_list("changes", "note", "object_repr")))


@pytest.fixture
def page_url(quito):
    return reverse("partners_manage:partners", kwargs={"event_slug": quito.slug})


def test_partner_key_issue_scopes_the_key_and_records_it_without_the_secret(
    quito, secretariat, caplog
):
    caplog.set_level(logging.DEBUG)

    key, secret = partner_key_issue(event=quito, name="City of Quito website", user=secretariat)

    assert list(key.events.all()) == [quito]
    assert (key.created_by, key.prefix, secret[:9]) == (secretariat, secret[:9], key.prefix)
    assert partner_key_authenticate(raw=secret).pk == key.pk
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.changes) == (
        AuditAction.CREATED,
        {
            "name": [None, "City of Quito website"],
            "prefix": [None, key.prefix],
            "scopes": [None, []],
        },
    )
    assert secret not in audit_text() and key.key_hash not in audit_text()
    assert secret not in caplog.text


def test_key_page_shows_the_secret_once(quito, secretariat, client_of, page_url, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_of(secretariat)

    response = client.post(page_url, {"action": "key_create", "key-name": "City site"})

    key = PartnerKey.objects.get()
    secret = response.context["revealed"]["secret"]
    assert (response.status_code, partner_key_authenticate(raw=secret).pk) == (200, key.pk)
    assert f'value="{secret}"' in response.text
    assert "it is shown only this once and cannot be shown again" in response.text
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    again = client.get(page_url)
    assert secret not in again.text
    assert f"<code>{key.prefix}…</code>" in again.text
    assert secret not in audit_text() and secret not in caplog.text


def test_key_without_a_name_is_refused(quito, secretariat, client_of, page_url):
    response = client_of(secretariat).post(page_url, {"action": "key_create", "key-name": " "})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert PartnerKey.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_revoke_a_key_of_this_event_only(quito, secretariat, client_of, page_url):
    key, secret = partner_key_issue(event=quito, name="City site", user=secretariat)

    response = client_of(secretariat).post(
        page_url, {"action": "key_revoke", "key": key.pk}, follow=True
    )

    key.refresh_from_db()
    assert key.revoked_at is not None
    assert partner_key_authenticate(raw=secret) is None
    assert "The key “City site (" in response.text
    entry = AuditEntry.objects.get(action=AuditAction.REVOKED)
    assert entry.changes == {"revoked_at": [None, key.revoked_at.isoformat()]}


def test_revoke_a_key_shared_with_another_event_removes_this_event_only(quito, secretariat):
    berlin = EventFactory(slug="berlin")
    key, _secret = partner_key_create(name="UN-Habitat", events=[quito, berlin])

    partner_key_revoke_for_event(event=quito, key=key, user=secretariat)

    key.refresh_from_db()
    assert (key.revoked_at, list(key.events.all())) == (None, [berlin])
    entry = AuditEntry.objects.get()
    assert (entry.event, entry.action, entry.note) == (
        quito,
        AuditAction.REVOKED,
        "access to this event removed; other events keep theirs",
    )
    with pytest.raises(PartnerKeyError):
        partner_key_revoke_for_event(event=quito, key=key, user=secretariat)


def test_a_key_of_another_event_cannot_be_revoked_from_this_page(
    quito, secretariat, client_of, page_url
):
    key, _ = partner_key_create(name="Berlin", events=[EventFactory(slug="berlin")])
    response = client_of(secretariat).post(page_url, {"action": "key_revoke", "key": key.pk})
    assert response.status_code == 404
    assert PartnerKey.objects.get(pk=key.pk).revoked_at is None


def test_endpoint_create_records_it_without_its_secret(quito, secretariat, caplog):
    caplog.set_level(logging.DEBUG)

    endpoint, secret = webhook_endpoint_create(
        event=quito,
        user=secretariat,
        name="City site",
        url=PUBLIC,
        event_types=["schedule.published"],
    )

    assert (endpoint.url, endpoint.event_types, endpoint.secret) == (
        PUBLIC,
        ["schedule.published"],
        secret,
    )
    assert AuditEntry.objects.get().changes == {
        "disabled_reason": [None, ""],
        "event_types": [None, ["schedule.published"]],
        "is_active": [None, True],
        "name": [None, "City site"],
        "url": [None, PUBLIC],
    }
    assert secret not in audit_text() and secret not in caplog.text


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "https://127.0.0.1/hook",
            "This address leads into a private, loopback or otherwise internal network.",
        ),
        (
            "https://[::1]/hook",
            "This address leads into a private, loopback or otherwise internal network.",
        ),
        ("not an address", "Enter a valid http:// or https:// address."),
    ],
)
def test_endpoint_page_refuses_a_url_that_is_not_public(
    quito, secretariat, client_of, page_url, url, message
):
    response = client_of(secretariat).post(
        page_url,
        {"action": "endpoint_create", "endpoint-name": "Intranet", "endpoint-url": url},
    )
    assert response.status_code == 400
    assert message in response.text
    assert WebhookEndpoint.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_endpoint_page_refuses_an_unknown_event_type(quito, secretariat, client_of, page_url):
    response = client_of(secretariat).post(
        page_url,
        {
            "action": "endpoint_create",
            "endpoint-name": "City",
            "endpoint-url": PUBLIC,
            "endpoint-event_types": ["registration.created"],
        },
    )
    assert "Select a valid choice. registration.created is not one of the available choices." in (
        response.text
    )
    assert WebhookEndpoint.objects.count() == 0
    with pytest.raises(WebhookError) as refused:
        webhook_endpoint_create(
            event=quito, user=secretariat, name="City", url=PUBLIC, event_types=["nope"]
        )
    assert refused.value.code == "event_types"


def test_endpoint_page_create_shows_the_secret_once(quito, secretariat, client_of, page_url):
    client = client_of(secretariat)
    response = client.post(
        page_url,
        {
            "action": "endpoint_create",
            "endpoint-name": "City site",
            "endpoint-url": PUBLIC,
            "endpoint-event_types": ["schedule.published"],
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert f'value="{endpoint.secret}"' in response.text
    assert endpoint.secret not in client.get(page_url).text


def test_endpoint_rotate_shows_the_new_secret_once_and_logs_no_secret(
    quito, secretariat, client_of, page_url
):
    endpoint, old = webhook_endpoint_create(
        event=quito, user=secretariat, name="City", url=PUBLIC, event_types=[]
    )
    client = client_of(secretariat)

    response = client.post(page_url, {"action": "endpoint_rotate", "endpoint": endpoint.pk})

    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert f'value="{endpoint.secret}"' in response.text
    entry = AuditEntry.objects.latest("pk")
    assert (entry.changes, entry.note) == ({"secret": [None, None]}, "signing secret replaced")
    assert old not in audit_text() and endpoint.secret not in audit_text()


def test_endpoint_update_and_pause_and_resume(quito, secretariat, client_of):
    endpoint, _ = webhook_endpoint_create(
        event=quito, user=secretariat, name="City", url=PUBLIC, event_types=[]
    )
    edit = reverse(
        "partners_manage:endpoint_edit", kwargs={"event_slug": quito.slug, "pk": endpoint.pk}
    )
    client = client_of(secretariat)

    refused = client.post(edit, {"endpoint-name": "City", "endpoint-url": "https://10.0.0.5/x"})
    assert refused.status_code == 400
    assert WebhookEndpoint.objects.get().url == PUBLIC

    client.post(
        edit,
        {
            "endpoint-name": "City of Quito",
            "endpoint-url": PUBLIC + "/v2",
            "endpoint-event_types": ["endorsement.published"],
        },
    )
    webhook_endpoint_set_active(event=quito, endpoint=endpoint, user=secretariat, active=False)
    webhook_endpoint_set_active(event=quito, endpoint=endpoint, user=secretariat, active=True)

    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.url, endpoint.event_types, endpoint.is_active) == (
        "City of Quito",
        PUBLIC + "/v2",
        ["endorsement.published"],
        True,
    )
    changes = list(AuditEntry.objects.order_by("pk").values_list("changes", flat=True))[1:]
    assert changes == [
        {
            "event_types": [[], ["endorsement.published"]],
            "name": ["City", "City of Quito"],
            "url": [PUBLIC, PUBLIC + "/v2"],
        },
        {"disabled_reason": ["", "disabled by an organiser"], "is_active": [True, False]},
        {"disabled_reason": ["disabled by an organiser", ""], "is_active": [False, True]},
    ]


def test_endpoint_services_refuse_an_endpoint_of_another_event(quito, secretariat):
    foreign = WebhookEndpoint.objects.create(
        event=EventFactory(slug="berlin"), name="Berlin", url=PUBLIC
    )
    with pytest.raises(WebhookError):
        webhook_endpoint_update(
            event=quito, endpoint=foreign, user=secretariat, name="x", url=PUBLIC, event_types=[]
        )
    with pytest.raises(WebhookError):
        webhook_endpoint_rotate(event=quito, endpoint=foreign, user=secretariat)
    assert WebhookEndpoint.objects.get().name == "Berlin"


def failed_delivery(endpoint) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        type="schedule.published",
        payload={"type": "schedule.published", "event": endpoint.event.slug},
        state=DeliveryState.FAILED,
        attempts=9,
        last_status=503,
    )


def test_retry_now_sends_a_failed_delivery_again_through_its_job(
    quito, secretariat, client_of, page_url, monkeypatch, django_capture_on_commit_callbacks
):
    endpoint, _ = webhook_endpoint_create(
        event=quito, user=secretariat, name="City", url=PUBLIC, event_types=[]
    )
    delivery = failed_delivery(endpoint)
    posted = []
    monkeypatch.setattr(deliveries, "_post", lambda **kw: posted.append(kw["url"]) or 204)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(secretariat).post(
            page_url, {"action": "delivery_retry", "delivery": delivery.pk}, follow=True
        )

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status, posted) == (
        DeliveryState.DELIVERED,
        10,
        204,
        [PUBLIC],
    )
    assert "The delivery is being sent again." in response.text
    entry = AuditEntry.objects.latest("pk")
    assert (entry.changes, entry.note) == (
        {"state": ["failed", "retrying"]},
        "sent again by hand",
    )


def test_retry_refuses_a_delivered_delivery(quito, secretariat):
    endpoint, _ = webhook_endpoint_create(
        event=quito, user=secretariat, name="City", url=PUBLIC, event_types=[]
    )
    delivery = failed_delivery(endpoint)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.DELIVERED)
    with pytest.raises(WebhookError) as refused:
        webhook_delivery_retry(event=quito, delivery=delivery, user=secretariat)
    assert refused.value.code == "state"


def test_delivery_log_shows_the_latest_50(quito, secretariat, client_of, page_url):
    endpoint, _ = webhook_endpoint_create(
        event=quito, user=secretariat, name="City", url=PUBLIC, event_types=[]
    )
    for _ in range(52):
        failed_delivery(endpoint)

    response = client_of(secretariat).get(page_url)

    assert len(response.context["deliveries"]) == 50
    assert response.text.count(">Retry now</button>") == 50
    assert "HTTP 503" in response.text


@pytest.mark.parametrize("count", [2, 20])
def test_partner_page_query_count_does_not_grow(
    quito, secretariat, client_of, page_url, django_assert_num_queries, count
):
    for i in range(count):
        partner_key_create(name=f"Partner {i}", events=[quito], user=UserFactory())
        endpoint = WebhookEndpoint.objects.create(event=quito, name=f"Site {i}", url=PUBLIC)
        failed_delivery(endpoint)
    client = client_of(secretariat)

    # session, user, event, permissions, keys, endpoints, deliveries
    with django_assert_num_queries(7):
        response = client.get(page_url)
    assert response.text.count("Revoke the key of") == count


# --- The session links scope ------------------------------------------------------------------


def test_key_created_with_the_session_links_scope(quito, secretariat, client_of, page_url):
    response = client_of(secretariat).post(
        page_url, {"action": "key_create", "key-name": "Webcast partner", "key-session_links": "on"}
    )

    key = PartnerKey.objects.get()
    assert (response.status_code, key.scopes) == (200, ["session_links"])
    assert AuditEntry.objects.get().changes["scopes"] == [None, ["session_links"]]
    assert "Let Webcast partner read session links" not in response.text
    assert "Withdraw session links from Webcast partner" in response.text


def test_key_created_without_the_scope_by_default(quito, secretariat, client_of, page_url):
    client_of(secretariat).post(page_url, {"action": "key_create", "key-name": "City site"})

    assert PartnerKey.objects.get().scopes == []


def test_grant_and_withdraw_the_scope_on_an_existing_key(quito, secretariat, client_of, page_url):
    key, _secret = partner_key_issue(event=quito, name="City site", user=secretariat)
    client = client_of(secretariat)

    granted = client.post(page_url, {"action": "key_links_grant", "key": key.pk}, follow=True)
    key.refresh_from_db()
    scopes_after_grant = key.scopes
    client.post(page_url, {"action": "key_links_withdraw", "key": key.pk})
    key.refresh_from_db()

    assert (scopes_after_grant, key.scopes) == (["session_links"], [])
    assert "may now read session links." in granted.text
    assert [e.changes["scopes"] for e in AuditEntry.objects.order_by("pk")[1:]] == [
        [[], ["session_links"]],
        [["session_links"], []],
    ]


def test_scope_on_a_key_shared_with_another_event_is_refused(
    quito, secretariat, client_of, page_url
):
    key, _secret = partner_key_create(name="Shared", events=[quito, EventFactory()])

    response = client_of(secretariat).post(
        page_url, {"action": "key_links_grant", "key": key.pk}, follow=True
    )

    key.refresh_from_db()
    assert key.scopes == []
    assert "This key reads other events too: create a new key for this event instead." in (
        response.text
    )
