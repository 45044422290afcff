"""Payments tests: a fake Stripe (localstripe) on loopback, and signed webhook deliveries.

localstripe implements PaymentIntents, refunds and signed webhooks, but sends each webhook
once and ignores idempotency keys: replays, out-of-order deliveries and forged requests are
built here, signed as Stripe signs them (HMAC-SHA256 over ``timestamp.payload``).
"""

import hashlib
import hmac
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest

from events.services.teams import team_add_member
from tests.factories import CategoryFactory, EventFactory, UserFactory

WEBHOOK_SECRET = "whsec_forum_test_secret"
SERVER = (
    "import sys, logging; from aiohttp import web; from localstripe.server import app; "
    "logging.disable(logging.CRITICAL); "
    "web.run_app(app, host='127.0.0.1', port=int(sys.argv[1]), print=None, access_log=None)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    """A localstripe server on a free loopback port for the whole session."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("localstripe did not start")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def stripe_on(settings, localstripe_url):
    """Stripe switched on and pointed at localstripe."""
    settings.STRIPE_SECRET_KEY = "sk_test_forum"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_forum"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe_url
    return localstripe_url


@pytest.fixture
def stripe_off(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.FORUM_BANK_TRANSFER_DETAILS = "Banque de Dakar\nIBAN SN08 SN01 0015 2000 0000 0000 01"
    return settings


@pytest.fixture
def fee_category(db):
    """An approval-first category with a fee, as the demo's observers."""
    event = EventFactory(registration_open=True, name="Mayoral Forum Dakar", slug="dakar")
    return CategoryFactory(
        event=event,
        name="Observer",
        requires_approval=True,
        fee=Decimal("150.00"),
        currency="EUR",
        visa_letter_offered=True,
        badge_colour="#38761d",
    )


@pytest.fixture
def treasurer(fee_category):
    """An organiser of the event who manages registrations (and so payments)."""
    user = UserFactory(username="treasurer")
    team_add_member(
        event=fee_category.event,
        team_name="Registrations",
        user=user,
        can_manage_registrations=True,
    )
    return user


def sign(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signature}"


def stripe_event(event_type: str, obj: dict, *, event_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "id": event_id or f"evt_{secrets.token_hex(8)}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "api_version": "2024-06-20",
            "data": {"object": obj},
        }
    ).encode()


def deliver(client, payload: bytes, signature: str | None = None):
    headers = {} if signature == "" else {"HTTP_STRIPE_SIGNATURE": signature or sign(payload)}
    return client.post(
        "/payments/stripe/webhook/", data=payload, content_type="application/json", **headers
    )


def register_webhook(localstripe_url: str, url: str) -> None:
    """Have localstripe send its events to ``url`` (``unregister_webhook`` stops it)."""
    data = urllib.parse.urlencode({"url": url, "secret": WEBHOOK_SECRET}).encode()
    with urllib.request.urlopen(f"{localstripe_url}/_config/webhooks/forum", data, timeout=5):  # noqa: S310 - loopback http
        pass


def unregister_webhook(localstripe_url: str) -> None:
    # localstripe cannot delete a webhook: point it at the discard port, where nothing listens.
    register_webhook(localstripe_url, "http://127.0.0.1:9/")


def pay_server_side(localstripe_url: str, intent_id: str, payment_method: str):
    """What the Payment Element does in the browser: attach a test card and confirm."""
    import stripe

    client = stripe.StripeClient("sk_test_forum", base_addresses={"api": localstripe_url})
    client.v1.payment_intents.update(intent_id, params={"payment_method": payment_method})
    try:
        return client.v1.payment_intents.confirm(intent_id)
    except stripe.CardError as exc:
        return exc
