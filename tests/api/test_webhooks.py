"""Webhooks against a real loopback HTTP server; the signature is checked independently."""

import hashlib
import hmac
import io
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from api.enums import DeliveryState
from api.models import WebhookDelivery, WebhookEndpoint
from api.services.deliveries import retry_delay, webhook_deliver
from sessions.services.schedule import schedule_publish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _loopback_partners(settings):
    """These partners listen on this machine, as an intranet deployment would allow."""
    settings.FORUM_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.FORUM_WEBHOOK_REQUIRE_HTTPS = False


@pytest.fixture
def receiver():
    """A loopback server answering ``receiver.status``; it records what it received."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            server.received.append({"headers": dict(self.headers), "body": body})
            self.send_response(server.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.received, server.status = [], 204
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def independent_verify(secret: str, header: str, body: bytes) -> bool:
    fields = dict(part.split("=", 1) for part in header.split(","))
    mac = hmac.new(secret.encode(), fields["t"].encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(mac.hexdigest(), fields["v1"])


def test_publish_posts_signed_notification(event, programme, receiver, settings):
    endpoint = WebhookEndpoint.objects.create(event=event, name="City", url=receiver.url)
    schedule_publish(event=event, comment="v2", user=None)

    (request,) = receiver.received  # the fixture's first publish had no endpoint yet
    payload = json.loads(request["body"])
    delivery = WebhookDelivery.objects.get()
    assert payload == {
        "id": str(delivery.uuid),
        "type": "schedule.published",
        "event": event.slug,
        "version": 2,
        "url": f"{settings.SITE_URL}/api/v1/events/{event.slug}/schedule/",
    }
    assert independent_verify(
        endpoint.secret, request["headers"]["Forum-Signature"], request["body"]
    )
    assert not independent_verify(
        "whsec_other", request["headers"]["Forum-Signature"], request["body"]
    )
    assert (request["headers"]["Forum-Event"], request["headers"]["Forum-Delivery"]) == (
        "schedule.published",
        str(delivery.uuid),
    )
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 204)


def test_failure_is_retried_with_exponential_backoff(event, programme, receiver):
    WebhookEndpoint.objects.create(event=event, name="City", url=receiver.url)
    receiver.status = 500
    schedule_publish(event=event, comment="v2", user=None)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("retrying", 1, 500)
    assert delivery.next_attempt_at - delivery.created_at == pytest.approx(
        timedelta(seconds=30), abs=timedelta(seconds=5)
    )

    # Not due yet: nothing is sent.
    assert webhook_deliver(delivery_id=delivery.pk).attempts == 1
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    receiver.status = 200
    out = io.StringIO()
    call_command("webhooks_retry", stdout=out)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, len(receiver.received)) == ("delivered", 2, 2)
    assert out.getvalue() == "1 deliveries retried\n"


def test_backoff_schedule_and_give_up_after_a_day(event, receiver):
    assert [retry_delay(n) for n in (1, 2, 3, 10, 11, 20)] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(seconds=30 * 512),
        timedelta(hours=6),
        timedelta(hours=6),
    ]
    receiver.status = 503
    endpoint = WebhookEndpoint.objects.create(event=event, name="City", url=receiver.url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, type="schedule.published", payload={"event": event.slug}
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - timedelta(hours=23, minutes=59), attempts=12
    )

    delivery = webhook_deliver(delivery_id=delivery.pk)

    assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == ("failed", 13, None)


def test_unreachable_endpoint_records_the_error(event):
    endpoint = WebhookEndpoint.objects.create(event=event, name="City", url="http://127.0.0.1:9/")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, type="schedule.published", payload={"event": event.slug}
    )

    delivery = webhook_deliver(delivery_id=delivery.pk)

    assert (delivery.state, delivery.last_status) == ("retrying", None)
    assert delivery.last_error.startswith("ConnectionRefusedError")


def test_410_gone_disables_the_endpoint(event, programme, receiver):
    endpoint = WebhookEndpoint.objects.create(event=event, name="City", url=receiver.url)
    receiver.status = 410
    schedule_publish(event=event, comment="v2", user=None)
    schedule_publish(event=event, comment="v3", user=None)

    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.disabled_reason) == (False, "410 Gone")
    assert list(WebhookDelivery.objects.values_list("state", flat=True)) == [DeliveryState.GONE]
    assert len(receiver.received) == 1


def test_endpoint_event_types_filter(event, programme, receiver):
    WebhookEndpoint.objects.create(
        event=event, name="Other", url=receiver.url, event_types=["endorsement.published"]
    )
    schedule_publish(event=event, comment="v2", user=None)

    assert (WebhookDelivery.objects.count(), receiver.received) == (0, [])


def test_rolled_back_publish_sends_nothing(event, programme, receiver):
    from django.db import transaction

    WebhookEndpoint.objects.create(event=event, name="City", url=receiver.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        schedule_publish(event=event, comment="v2", user=None)
        raise RuntimeError

    assert (WebhookDelivery.objects.count(), receiver.received) == (0, [])


def test_delivery_log_in_the_admin_is_for_superusers_only(client, event, organiser_of):
    """Organisers read their event's deliveries on its partner access page, not in the admin."""
    from tests.factories import EventFactory

    mine = WebhookEndpoint.objects.create(event=event, name="Mine", url="https://a.example/")
    theirs = WebhookEndpoint.objects.create(
        event=EventFactory(), name="Theirs", url="https://b.example/"
    )
    for endpoint in (mine, theirs):
        WebhookDelivery.objects.create(endpoint=endpoint, type="schedule.published", payload={})
    url = "/en/admin/api/webhookdelivery/"
    outsider = UserFactory(is_staff=True)
    refused = []
    for user in (organiser_of(event, can_change_event=True), outsider):
        client.force_login(user)
        response = client.get(url)
        refused.append((response.status_code, response["Location"]))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(url)

    assert refused == [(302, f"/en/admin/login/?next={url}")] * 2
    assert sorted(d.endpoint.name for d in response.context["cl"].result_list) == [
        "Mine",
        "Theirs",
    ]
