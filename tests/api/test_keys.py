from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import PartnerKey
from api.services.keys import partner_key_revoke
from forum.tokens import token_hash
from tests.api.conftest import THROTTLE_QUERIES, url
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_key_stored_hashed_and_shown_once(partner_key):
    raw = partner_key()

    key = PartnerKey.objects.get()
    assert raw.startswith("fk_") and len(raw) > 40
    assert (key.key_hash, key.prefix) == (token_hash(raw), raw[:9])
    assert raw not in str(PartnerKey.objects.values().get())


def test_scoped_key_reads_its_event(api, event, programme, partner_key):
    response = api.get(
        url(event, "sessions/"), headers={"Authorization": f"Api-Key {partner_key()}"}
    )

    assert (response.status_code, response.json()["count"]) == (200, 3)


def test_key_for_another_event_is_403(api, event, programme, partner_key):
    other = EventFactory()
    response = api.get(
        url(event, "sessions/"), headers={"Authorization": f"Api-Key {partner_key(other)}"}
    )

    assert (response.status_code, response.json()["detail"]) == (
        403,
        "This partner key is not valid for this event.",
    )


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Api-Key fk_wrong", "This partner key is unknown or revoked."),
        ("Bearer abc", "Send a partner key as “Authorization: Api-Key <key>”."),
        ("Api-Key", "Send a partner key as “Authorization: Api-Key <key>”."),
    ],
)
def test_bad_key_is_401(api, event, programme, header, detail):
    response = api.get(url(event, "sessions/"), headers={"Authorization": header})

    assert (response.status_code, response.json()["detail"]) == (401, detail)
    assert response["WWW-Authenticate"] == "Api-Key"


def test_revoked_key_is_401(api, event, programme, partner_key):
    raw = partner_key()
    partner_key_revoke(key=PartnerKey.objects.get())

    response = api.get(url(event, "sessions/"), headers={"Authorization": f"Api-Key {raw}"})

    assert (response.status_code, response.json()["detail"]) == (
        401,
        "This partner key is unknown or revoked.",
    )


def test_last_used_recorded_at_most_once_a_minute(
    api, event, programme, partner_key, django_assert_num_queries
):
    raw = partner_key()
    headers = {"Authorization": f"Api-Key {raw}"}
    path = url(event, "rooms/")
    api.get(path, headers=headers)  # warms the render cache
    first = PartnerKey.objects.get().last_used_at

    with django_assert_num_queries(
        3 + THROTTLE_QUERIES
    ):  # key, its events, the event+version; no update
        api.get(path, headers=headers)
    PartnerKey.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    with django_assert_num_queries(4 + THROTTLE_QUERIES):  # … plus the update of last_used_at
        api.get(path, headers=headers)

    assert first is not None
    assert PartnerKey.objects.get().last_used_at > first


def test_admin_creates_key_and_shows_it_once(client, event, administrator):
    user = administrator
    client.force_login(user)

    response = client.post(
        "/en/admin/api/partnerkey/add/", {"name": "Quito city website", "events": [event.pk]}
    )

    key = PartnerKey.objects.get()
    raw = response.context["secret"]
    assert (response.status_code, key.name, key.created_by) == (200, "Quito city website", user)
    assert key.key_hash == token_hash(raw)
    assert raw in response.content.decode()
    assert raw not in client.get(f"/en/admin/api/partnerkey/{key.pk}/change/").content.decode()


def test_admin_refuses_organisers_their_partner_keys_are_in_the_workspace(
    client, event, organiser_of, partner_key
):
    partner_key(event)
    client.force_login(organiser_of(event, can_change_event=True))

    response = client.get("/en/admin/api/partnerkey/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/en/admin/login/?next=/en/admin/api/partnerkey/",
    )
