"""Serving: strong ETags and 304s, CORS, content types, caching by version, pinned queries."""

import pytest
from django.core.cache import cache

from forum import localcache
from sessions.services.schedule import schedule_publish
from tests.sessions.feeds.conftest import feed
from tests.sessions.polyglot import make_polyglot

pytestmark = pytest.mark.django_db

FEEDS = [
    ("event_ics", {}, "text/calendar; charset=utf-8"),
    ("schedule_xml", {}, "application/xml; charset=utf-8"),
    ("schedule_json", {}, "application/json"),
    ("widget_json", {}, "application/json"),
    ("session_ics", {"code": "S0"}, "text/calendar; charset=utf-8"),
    ("speaker_ics", {"code": "P0"}, "text/calendar; charset=utf-8"),
]


@pytest.mark.parametrize(("name", "kwargs", "content_type"), FEEDS)
def test_feed_headers(client, event, published, name, kwargs, content_type):
    published(1)

    response = client.get(feed(name, event, **kwargs))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")


@pytest.mark.parametrize(("name", "kwargs", "content_type"), FEEDS)
def test_if_none_match_answers_304_without_body(
    client, event, published, name, kwargs, content_type
):
    published(1)
    etag = client.get(feed(name, event, **kwargs))["ETag"]

    response = client.get(feed(name, event, **kwargs), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Access-Control-Allow-Origin"] == "*"


def test_etag_changes_with_a_new_version_and_with_the_language(client, event, published):
    published(1)
    url = feed("event_ics", event)
    v1 = client.get(url)["ETag"]
    v1_fr = client.get(url, {"lang": "fr"})["ETag"]
    schedule_publish(event=event, comment="again", user=None, notify=False)

    response = client.get(url, headers={"If-None-Match": v1})

    assert response.status_code == 200
    assert len({v1, v1_fr, response["ETag"]}) == 3


@pytest.fixture
def full():
    """A client whose middleware stack has no fast path: every request reaches the view."""
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()
    fast = "api.middleware.PublishedFastPathMiddleware"
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != fast]):
        client.handler.load_middleware()
    return client


def test_rendering_is_cached_by_version(client, full, event, published, django_assert_num_queries):
    published(1)
    url = feed("event_ics", event)
    first = client.get(url).content

    # Warm: the fast path answers from the cached event head and render, no query.
    with django_assert_num_queries(0):
        assert client.get(url).content == first
    # The view alone reads the event head (one query), then the cached render.
    with django_assert_num_queries(1):
        assert full.get(url).content == first
    cache.clear()
    localcache.clear()  # and the process's own copies
    # Cold: the head, its version's publication time, the event, the snapshot, the changelogs.
    with django_assert_num_queries(5):
        assert client.get(url).content == first  # rendering is deterministic


# Queries of a first (uncached) render: the head, its publication time, the event, its snapshot,
# the changelogs; and for the feeds that list documents, the sessions' public documents (none
# here: one query, no read of their files).
COLD = {"event_ics": 5, "schedule_xml": 6, "schedule_json": 6, "widget_json": 6}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("name", ["event_ics", "schedule_xml", "schedule_json", "widget_json"])
def test_query_count_does_not_grow_with_sessions(
    client, full, event, published, django_assert_num_queries, count, name
):
    published(count)

    with django_assert_num_queries(COLD[name]):
        response = client.get(feed(name, event))
    assert response.status_code == 200
    revalidate = {"If-None-Match": response["ETag"]}
    # A 304 costs no query on the fast path, the event head through the view.
    with django_assert_num_queries(0):
        assert client.get(feed(name, event), headers=revalidate).status_code == 304
    with django_assert_num_queries(1):
        assert full.get(feed(name, event), headers=revalidate).status_code == 304


def test_feeds_live_outside_the_language_prefix(event):
    assert feed("event_ics", event) == f"/events/{event.slug}/schedule.ics"
    assert feed("schedule_xml", event) == f"/events/{event.slug}/schedule.xml"
    assert feed("schedule_json", event) == f"/events/{event.slug}/schedule.json"
    assert feed("session_ics", event, code="ABC") == f"/events/{event.slug}/sessions/ABC.ics"
    assert feed("track_ics", event, track_id=4) == f"/events/{event.slug}/tracks/4.ics"
    assert feed("room_ics", event, room_id=5) == f"/events/{event.slug}/rooms/5.ics"
    assert feed("speaker_ics", event, code="P1") == f"/events/{event.slug}/speakers/P1.ics"


def test_feeds_accept_only_reads(client, event, published):
    published(1)

    response = client.post(feed("event_ics", event))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("languages", [["en"], ["fr", "en", "es"]])
@pytest.mark.parametrize("name", ["event_ics", "schedule_xml", "schedule_json", "widget_json"])
def test_query_count_does_not_grow_with_the_events_languages(
    client, full, django_assert_num_queries, languages, name
):
    """The same pins with texts filled in three languages, asked in a missing one (es)."""
    event = make_polyglot(languages=languages).event
    url = feed(name, event)

    with django_assert_num_queries(COLD[name]):
        response = client.get(url, {"lang": "es"})
    revalidate = {"If-None-Match": response["ETag"]}
    with django_assert_num_queries(0):
        fast = client.get(url, {"lang": "es"}, headers=revalidate)
    with django_assert_num_queries(1):
        viewed = full.get(url, {"lang": "es"}, headers=revalidate)

    assert (response.status_code, fast.status_code, viewed.status_code) == (200, 304, 304)
    assert response["Content-Language"] == "es"
