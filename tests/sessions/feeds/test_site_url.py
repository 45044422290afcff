"""The site's address: FORUM_SITE_URL in production; the request's (allowed) host in the demo;
calendar UIDs and frab guids the same whichever host the site is reached by."""

import json

import icalendar
import pytest
from django.urls import reverse

from forum.site import is_local_host, site_url
from tests.sessions.feeds.conftest import feed


def _ics(client, event, host: str):
    response = client.get(feed("event_ics", event), headers={"Host": host})
    return response, icalendar.Calendar.from_ical(response.content)


def _uids(calendar) -> list[str]:
    return sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))


def _urls(calendar) -> set[str]:
    return {str(e["URL"]).split("/en/")[0] for e in calendar.walk("VEVENT")}


@pytest.fixture
def demo(settings):
    """Development without FORUM_SITE_URL, as `make demo` runs."""
    settings.DEBUG = True
    settings.SITE_URL_FROM_REQUEST = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]


def test_demo_links_follow_the_request_host_and_uids_do_not(client, tricky, demo):
    _, on_localhost = _ics(client, tricky.event, "localhost:8123")
    _, on_loopback = _ics(client, tricky.event, "127.0.0.1:9000")
    frab = client.get(feed("schedule_json", tricky.event), headers={"Host": "localhost:8123"})
    frab_again = client.get(feed("schedule_json", tricky.event), headers={"Host": "127.0.0.1"})

    assert (_urls(on_localhost), _urls(on_loopback)) == (
        {"http://localhost:8123"},
        {"http://127.0.0.1:9000"},
    )
    assert _uids(on_localhost) == _uids(on_loopback)
    assert {uid.rsplit("@", 1)[1] for uid in _uids(on_localhost)} == {"127.0.0.1"}

    def guids(response) -> list[str]:
        days = json.loads(response.content)["schedule"]["conference"]["days"]
        return sorted(e["guid"] for day in days for room in day["rooms"].values() for e in room)

    assert guids(frab) == guids(frab_again)
    assert "http://localhost:8123/" in frab.content.decode()


def test_demo_refuses_a_host_not_allowed(client, tricky, demo):
    response = client.get(feed("event_ics", tricky.event), headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert b"BEGIN:VCALENDAR" not in response.content


def test_production_links_use_forum_site_url_whatever_the_host(client, tricky, settings):
    settings.SITE_URL = "https://forum.example.org"
    settings.SITE_URL_FROM_REQUEST = False
    settings.DEBUG = True  # even in development, a configured address wins
    settings.ALLOWED_HOSTS = ["forum.example.org", "other.example.org"]

    _, calendar = _ics(client, tricky.event, "other.example.org")

    assert _urls(calendar) == {"https://forum.example.org"}
    assert {uid.rsplit("@", 1)[1] for uid in _uids(calendar)} == {"forum.example.org"}


def test_site_url_outside_a_request_is_the_configured_address(settings, rf, demo):

    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(rf.get("/", HTTP_HOST="localhost:8123")) == "http://localhost:8123"
    assert reverse("feeds:widget_script") == "/widget.js"


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("localhost", True),
        ("app.localhost", True),
        ("127.0.0.1", True),
        ("[::1]", True),
        ("0.0.0.0", True),  # noqa: S104
        ("forum.example.org", False),
        ("203.0.113.9", False),
    ],
)
def test_is_local_host(host, local):
    assert is_local_host(host) is local


def test_without_debug_links_never_follow_the_request(client, tricky, settings):
    settings.DEBUG, settings.SITE_URL_FROM_REQUEST = False, True  # production, unset
    settings.ALLOWED_HOSTS = ["localhost"]

    _, calendar = _ics(client, tricky.event, "localhost:8123")

    assert _urls(calendar) == {"http://127.0.0.1:8000"}  # and the deploy check objects
