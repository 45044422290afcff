"""Subscribe links on the public programme pages, and the sub-navigation's styles."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from sessions.models import Room, Track

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def url(name, event, **kwargs):
    return reverse(f"programme:{name}", kwargs={"event_slug": event.slug, **kwargs})


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (data-subscribe, class, href)
        self.kind = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and "data-subscribe" in attrs:
            self.kind = attrs["data-subscribe"]
        elif tag == "a" and self.kind and attrs.get("class", "").startswith("subscribe-"):
            self.links.append((self.kind, attrs["class"], attrs["href"]))

    def handle_endtag(self, tag):
        if tag == "p":
            self.kind = None


def subscribe_links(response) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(response.content.decode())
    return parser.links


def both(kind: str, path: str, lang: str = "en") -> list[tuple[str, str, str]]:
    return [
        (kind, "subscribe-webcal", f"webcal://127.0.0.1:8000{path}?lang={lang}"),
        (kind, "subscribe-https", f"{SITE}{path}?lang={lang}"),
    ]


def test_agenda_offers_the_programme_feed(client, event, published, django_assert_num_queries):
    published(2)

    with django_assert_num_queries(2):  # the event, the latest version: the links cost nothing
        response = client.get(url("agenda", event))

    assert subscribe_links(response) == both("programme", f"/events/{event.slug}/schedule.ics")


def test_agenda_of_a_track_and_a_room_offers_their_feeds(
    client, event, published, django_assert_num_queries
):
    published(2)
    track, room = Track.objects.get(event=event), Room.objects.get(event=event)

    with django_assert_num_queries(2):
        response = client.get(url("agenda", event), {"track": track.pk, "room": room.pk})
    unknown = client.get(url("agenda", event), {"track": 999999})

    assert subscribe_links(response) == [
        *both("programme", f"/events/{event.slug}/schedule.ics"),
        *both("track", f"/events/{event.slug}/tracks/{track.pk}.ics"),
        *both("room", f"/events/{event.slug}/rooms/{room.pk}.ics"),
    ]
    assert [kind for kind, _c, _h in subscribe_links(unknown)] == ["programme", "programme"]


def test_session_page_adds_the_session_to_a_calendar(
    client, event, published, django_assert_num_queries
):
    published(1)

    # the event, the latest version, the session's documents (none), its public recording,
    # its published report (none)
    with django_assert_num_queries(5):
        response = client.get(url("session", event, code="S0"))

    path = f"/events/{event.slug}/sessions/S0.ics"
    assert subscribe_links(response) == [
        ("session", "subscribe-https", f"{SITE}{path}?lang=en"),
        ("session", "subscribe-webcal", f"webcal://127.0.0.1:8000{path}?lang=en"),
    ]
    assert "Add to calendar (.ics)" in response.text
    track = Track.objects.get(event=event)
    assert f'href="{url("agenda", event)}?track={track.pk}"' in response.text


def test_speaker_page_offers_the_speakers_feed(client, event, published, django_assert_num_queries):
    published(1)

    with django_assert_num_queries(2):
        response = client.get(url("speaker", event, code="P0"))

    assert subscribe_links(response) == both("speaker", f"/events/{event.slug}/speakers/P0.ics")


def test_feed_labels_follow_the_page_language(client, event, published):
    published(1)

    response = client.get(f"/fr{url('agenda', event)[3:]}")

    assert subscribe_links(response) == both(
        "programme", f"/events/{event.slug}/schedule.ics", lang="fr"
    )


def test_subscribe_links_lead_to_the_feeds(client, event, published):
    published(1)

    response = client.get(url("session", event, code="S0"))
    for _kind, _class, href in subscribe_links(response):
        if href.startswith(SITE):
            feed = client.get(href.removeprefix(SITE))
            assert (feed.status_code, feed["Content-Type"]) == (
                200,
                "text/calendar; charset=utf-8",
            )


def _stylesheets(response) -> str:
    """The text of every local stylesheet the page links to."""
    css = []
    for href in re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', response.text):
        with open(finders.find(href), encoding="utf-8") as handle:
            css.append(handle.read())
    return "\n".join(css)


@pytest.mark.parametrize("page", ["event", "agenda", "speakers", "changelog"])
def test_sub_navigation_is_styled_as_a_row_on_every_page(client, event, published, page):
    published(1)
    address = (
        reverse("events:detail", kwargs={"slug": event.slug})
        if page == "event"
        else url(page, event)
    )

    response = client.get(address)

    assert 'class="programme-nav"' in response.text
    assert re.search(
        r"\.programme-nav ul \{[^}]*list-style: none;[^}]*display: flex;", _stylesheets(response)
    )
