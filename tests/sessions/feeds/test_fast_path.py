"""The published-read fast path (api/middleware.py) answers feeds exactly as their views would.

Each test compares a fast-path response with the view's own response to the same request
(``full``: a client whose stack lacks the fast path) byte for byte, status, headers and body,
and proves which one answered by counting calls into the feed views.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.utils.http import http_date

from events.enums import EventStatus
from forum import localcache
from sessions.feeds.views import PublishedFeed
from tests.sessions.feeds.conftest import feed, republish_with_changes

pytestmark = pytest.mark.django_db

FAST_PATH = "api.middleware.PublishedFastPathMiddleware"
FEEDS = [
    ("event_ics", {}),
    ("schedule_xml", {}),
    ("schedule_json", {}),
    ("widget_json", {}),
    ("session_ics", {"code": "OPEN01"}),
    ("speaker_ics", {"code": "SPK001"}),
]
LANGS = [None, "en", "fr", "es"]


@pytest.fixture
def full():
    """A client whose middleware stack has no fast path: every request reaches the view."""
    client = Client()
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != FAST_PATH]):
        client.handler.load_middleware()
    return client


@pytest.fixture
def view_calls(monkeypatch):
    """The paths of the requests that reached a feed view (the fast path never does)."""
    calls = []
    call = PublishedFeed.__call__

    def counting(self, request, *args, **kwargs):
        calls.append(request.path)
        return call(self, request, *args, **kwargs)

    monkeypatch.setattr(PublishedFeed, "__call__", counting)
    return calls


def same(fast, view) -> None:
    assert (fast.status_code, dict(fast.headers), fast.content) == (
        view.status_code,
        dict(view.headers),
        view.content,
    )


def query(lang):
    return {"lang": lang} if lang else {}


def url_of(name, tricky, kwargs):
    if name == "track_ics":
        kwargs = {"track_id": tricky.climate.pk}
    if name == "room_ics":
        kwargs = {"room_id": tricky.hall.pk}
    return feed(name, tricky.event, **kwargs)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "kwargs"), [*FEEDS, ("track_ics", {}), ("room_ics", {})])
def test_warm_200_is_served_without_the_view_and_matches_it(
    client, full, tricky, view_calls, django_assert_num_queries, name, kwargs, lang
):
    url = url_of(name, tricky, kwargs)
    cold = client.get(url, query(lang), headers={"Accept-Language": "es"})
    with django_assert_num_queries(0):  # the head and the body both come from the cache
        fast = client.get(url, query(lang), headers={"Accept-Language": "es"})
    view = full.get(url, query(lang), headers={"Accept-Language": "es"})

    assert view_calls == [url, url]  # the cold one and the full client's
    assert fast.status_code == 200
    same(fast, view)
    same(fast, cold)
    assert fast["Content-Language"] == (lang or "en")
    assert fast["Content-Length"] == str(len(fast.content))
    assert fast["X-Frame-Options"] == "DENY" and fast["Content-Security-Policy"]
    assert fast.get("Vary") is None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "conditional",
    [
        lambda r: {"If-None-Match": r["ETag"]},
        lambda r: {"If-None-Match": f'"other", W/{r["ETag"]}'},
        lambda r: {"If-None-Match": "*"},
        lambda r: {"If-Modified-Since": r["Last-Modified"]},
    ],
    ids=["etag", "etag-list", "star", "modified-since"],
)
@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_304_is_served_without_the_view_and_matches_it(
    client, full, tricky, view_calls, name, kwargs, conditional, lang
):
    url = feed(name, tricky.event, **kwargs)
    first = full.get(url, query(lang))

    fast = client.get(url, query(lang), headers=conditional(first))
    view = full.get(url, query(lang), headers=conditional(first))

    assert view_calls == [url, url]  # the full client's two, none from the fast path
    assert (fast.status_code, fast.content, fast["ETag"]) == (304, b"", first["ETag"])
    assert fast["Content-Language"] == first["Content-Language"] == (lang or "en")
    same(fast, view)


@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_304_needs_no_cached_render(client, full, tricky, view_calls, name, kwargs):
    from django.core.cache import cache

    url = feed(name, tricky.event, **kwargs)
    etag = full.get(url)["ETag"]
    cache.clear()
    localcache.clear()  # and the process's own copies

    response = client.get(url, headers={"If-None-Match": etag})

    assert (response.status_code, view_calls) == (304, [url])


def test_stale_validators_get_the_fresh_body(client, full, tricky, view_calls):
    url = feed("schedule_json", tricky.event)
    client.get(url)
    stale = {"If-None-Match": '"nope"', "If-Modified-Since": http_date(0)}

    fast = client.get(url, headers=stale)
    view = full.get(url, headers=stale)

    assert fast.status_code == 200
    same(fast, view)
    assert view_calls == [url, url]


def test_failed_precondition_matches_the_view(client, full, tricky, view_calls):
    url = feed("schedule_xml", tricky.event)
    client.get(url)

    fast = client.get(url, headers={"If-Match": '"other"'})
    view = full.get(url, headers={"If-Match": '"other"'})

    assert fast.status_code == 412
    same(fast, view)
    assert view_calls == [url, url]


@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_head_request_matches_the_view(client, full, tricky, view_calls, name, kwargs):
    url = feed(name, tricky.event, **kwargs)
    client.get(url)

    fast = client.head(url)
    view = full.head(url)

    assert view_calls == [url, url]
    same(fast, view)


def test_new_publish_is_visible_at_once(client, tricky, view_calls):
    url = feed("schedule_json", tricky.event)
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304  # fast

    republish_with_changes(tricky)  # cancels GONE05
    revalidated = client.get(url, headers={"If-None-Match": first["ETag"]})
    again = client.get(url)

    assert revalidated.status_code == 200
    assert revalidated.json()["schedule"]["version"] == "2"
    assert "GONE05" in first.content.decode() and "GONE05" not in revalidated.content.decode()
    assert revalidated["ETag"] != first["ETag"]
    assert (again.content, again["ETag"]) == (revalidated.content, revalidated["ETag"])
    assert view_calls == [url, url]  # cold v1, cold v2; the warm ones never reached it


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_each_language_is_invalidated_on_publish(client, full, tricky, view_calls, lang):
    url = feed("widget_json", tricky.event)
    before = client.get(url, {"lang": lang})
    client.get(url, {"lang": lang})  # warm

    republish_with_changes(tricky)
    fast_cold = client.get(url, {"lang": lang})
    fast = client.get(url, {"lang": lang})
    view = full.get(url, {"lang": lang})

    assert (before.json()["version"], fast.json()["version"]) == (1, 2)
    same(fast, view)
    same(fast, fast_cold)
    assert view_calls == [url, url, url]  # v1 cold, v2 cold, the full client's


def test_changed_default_language_reaches_the_fast_path(client, full, tricky):
    url = feed("event_ics", tricky.event)
    assert client.get(url)["Content-Language"] == "en"
    client.get(url)  # warm

    tricky.event.languages = ["es", "en"]
    tricky.event.save()
    fast = client.get(url)
    fast_again = client.get(url)

    assert fast["Content-Language"] == fast_again["Content-Language"] == "es"
    same(fast_again, full.get(url))


def test_missing_item_404s_through_the_view(client, full, tricky, view_calls):
    url = feed("session_ics", tricky.event, code="NOPE")
    client.get(url)

    fast = client.get(url)
    view = full.get(url)

    # (404 pages carry per-request nonces: both come from the view, as the calls show.)
    assert (fast.status_code, view.status_code) == (404, 404)
    assert view_calls == [url, url, url]


def test_unpublished_event_404s_through_the_view(client, full, tricky, view_calls):
    url = feed("schedule_xml", tricky.event)
    etag = client.get(url)["ETag"]
    client.get(url)  # warm
    tricky.event.status = EventStatus.DRAFT
    tricky.event.save()

    fast = client.get(url)
    revalidated = client.get(url, headers={"If-None-Match": etag})
    view = full.get(url)

    assert (fast.status_code, revalidated.status_code, view.status_code) == (404, 404, 404)
    assert len(view_calls) == 4  # the cold 200, then the three 404s


def test_frab_before_the_first_publish_404s_through_the_view(client, full, event, view_calls):
    url = feed("schedule_json", event)

    responses = [client.get(url), client.get(url), full.get(url)]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert view_calls == [url] * 3


def test_the_widget_frame_is_left_to_the_stack(client, full, tricky):
    """Not a published-read view: its frame-ancestors policy comes from its decorators."""
    client.get(feed("widget_frame", tricky.event))

    fast = client.get(feed("widget_frame", tricky.event))
    view = full.get(feed("widget_frame", tricky.event))

    same(fast, view)
    assert "frame-ancestors *" in fast["Content-Security-Policy"]
    assert "X-Frame-Options" not in fast
