"""Webhook endpoints never reach into our own network, and redirects are not followed."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from api.models import WebhookDelivery, WebhookEndpoint
from api.services.deliveries import webhook_deliver

pytestmark = pytest.mark.django_db(transaction=True)

INTERNAL = [
    "https://127.0.0.1/hook",
    "https://localhost/hook",
    "https://10.0.0.5/hook",
    "https://192.168.1.1/hook",
    "https://172.16.0.1/hook",
    "https://100.64.0.1/hook",  # carrier-grade NAT
    "https://169.254.169.254/latest/meta-data/",  # cloud metadata
    "https://0.0.0.0/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[fe80::1]/hook",
    "https://[fd00::1]/hook",
    "https://224.0.0.1/hook",
    "https://240.0.0.1/hook",
]


class Server:
    """A loopback HTTP server answering ``status`` (with ``location``); records requests."""

    def __init__(self, status=204, location=""):
        outer = self
        self.received, self.status, self.location = [], status, location

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                outer.received.append((self.command, self.headers["Host"], self.rfile.read(length)))
                self.send_response(outer.status)
                if outer.location:
                    self.send_header("Location", outer.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _any

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers():
    made = []

    def make(**kwargs):
        made.append(Server(**kwargs))
        return made[-1]

    yield make
    for server in made:
        server.close()


def deliver(event, url):
    endpoint = WebhookEndpoint.objects.create(event=event, name="City", url=url)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, type="schedule.published", payload={"event": event.slug}
    )
    return webhook_deliver(delivery_id=delivery.pk)


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_are_refused_on_save(event, settings, url):
    settings.FORUM_WEBHOOK_ALLOWED_NETWORKS = []
    endpoint = WebhookEndpoint(event=event, name="City", url=url)

    with pytest.raises(ValidationError) as excinfo:
        endpoint.full_clean()

    assert excinfo.value.message_dict == {
        "url": ["This address leads into a private, loopback or otherwise internal network."]
    }


def test_https_is_required_unless_switched_off(event, settings):
    settings.FORUM_WEBHOOK_REQUIRE_HTTPS = True
    plain = WebhookEndpoint(event=event, name="City", url="http://93.184.215.14/hook")
    secure = WebhookEndpoint(event=event, name="City", url="https://93.184.215.14/hook")

    with pytest.raises(ValidationError) as excinfo:
        plain.full_clean()
    secure.full_clean()
    settings.FORUM_WEBHOOK_REQUIRE_HTTPS = False
    plain.full_clean()

    assert excinfo.value.message_dict == {"url": ["Use an https:// address."]}


def test_allowed_networks_admit_an_intranet_partner(event, settings):
    settings.FORUM_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8", "10.20.0.0/16"]

    for url in ("https://127.0.0.1:8443/hook", "https://10.20.3.4/hook"):
        WebhookEndpoint(event=event, name="City", url=url).full_clean()

    with pytest.raises(ValidationError):
        WebhookEndpoint(event=event, name="City", url="https://10.21.0.1/hook").full_clean()


def test_delivery_refuses_an_internal_address_saved_before_the_check(event, settings, servers):
    settings.FORUM_WEBHOOK_ALLOWED_NETWORKS = []
    settings.FORUM_WEBHOOK_REQUIRE_HTTPS = False
    receiver = servers()

    delivery = deliver(event, receiver.url)

    assert receiver.received == []
    assert (delivery.state, delivery.last_status) == ("retrying", None)
    assert delivery.last_error == (
        "EgressRefused: This address leads into a private, loopback or otherwise internal network."
    )


def test_redirects_are_a_failed_attempt_and_never_followed(event, settings, servers):
    settings.FORUM_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.FORUM_WEBHOOK_REQUIRE_HTTPS = False
    inside = servers()
    redirecting = servers(status=302, location=inside.url)

    delivery = deliver(event, redirecting.url)

    assert [method for method, _host, _body in redirecting.received] == ["POST"]
    assert inside.received == []
    assert (delivery.state, delivery.last_status) == ("retrying", 302)


def test_the_host_is_resolved_once_and_the_checked_address_is_the_one_called(
    event, settings, servers, monkeypatch
):
    """A DNS answer that changes between the check and the connection changes nothing."""
    settings.FORUM_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.FORUM_WEBHOOK_REQUIRE_HTTPS = False
    receiver = servers()
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1", "10.0.0.1", "10.0.0.1"])  # rebinding after the first answer
    asked = []

    def rebinding(host, port, *args, **kwargs):
        if host != "partner.example":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    delivery = deliver(event, f"http://partner.example:{receiver.port}/hook")

    assert asked == ["partner.example"]
    assert [(m, h) for m, h, _b in receiver.received] == [
        ("POST", f"partner.example:{receiver.port}")
    ]
    assert (delivery.state, delivery.last_status) == ("delivered", 204)
