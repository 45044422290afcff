"""The published-read fast path (api/middleware.py) answers exactly as the view would.

Each test compares a fast-path response with the view's own response to the same request
(``full``: a client whose stack lacks the fast path) byte for byte, body and headers, and
proves which one answered by counting calls into the view.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.utils.http import http_date

from api.views.base import PublishedAPIView
from events.enums import EventStatus
from forum import localcache
from sessions.services.schedule import schedule_publish
from tests.api.conftest import THROTTLE_QUERIES, url

pytestmark = pytest.mark.django_db

FAST_PATH = "api.middleware.PublishedFastPathMiddleware"
# Headers whose value is set per request by middleware outside the fast path; none today.
PER_REQUEST: set[str] = set()


@pytest.fixture
def full():
    """A client whose middleware stack has no fast path: every request reaches the view."""
    client = Client(headers={"Accept": "application/json"})
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != FAST_PATH]):
        client.handler.load_middleware()
    return client


@pytest.fixture
def view_calls(monkeypatch):
    """How many requests reached PublishedAPIView.dispatch (the fast path never does)."""
    calls = []
    dispatch = PublishedAPIView.dispatch

    def counting(self, request, *args, **kwargs):
        calls.append(request.path)
        return dispatch(self, request, *args, **kwargs)

    monkeypatch.setattr(PublishedAPIView, "dispatch", counting)
    return calls


def headers(response) -> dict:
    return {k.lower(): v for k, v in response.headers.items() if k.lower() not in PER_REQUEST}


def assert_same(fast, view):
    assert (fast.status_code, fast.content, headers(fast)) == (
        view.status_code,
        view.content,
        headers(view),
    )


def test_fast_path_is_in_the_stack_right_after_static_files():
    stack = settings.MIDDLEWARE

    assert stack.index(FAST_PATH) == stack.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    assert stack.index(FAST_PATH) > stack.index("corsheaders.middleware.CorsMiddleware")


def test_csp_changes_reach_the_fast_path(api, full, event, programme, settings):
    api.get(url(event, "schedule/"))
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}

    fast = api.get(url(event, "schedule/"))
    view = full.get(url(event, "schedule/"))

    assert fast["Content-Security-Policy"] == "default-src 'none'"
    assert "img-src 'self'" in fast["Content-Security-Policy-Report-Only"]
    assert_same(fast, view)


@pytest.mark.parametrize(
    "tail",
    [
        "schedule/",
        "sessions/",
        "sessions/?page_size=500&kind=panel",
        "sessions/?q=housing&ordering=-start",
        "speakers/",
        "rooms/",
        "tracks/",
        "documents/",
        "documents/?kind=presentation&updated_since=2030-01-01T00:00:00Z",
    ],
)
def test_warm_200_is_served_without_the_view_and_matches_it(
    api, full, event, programme, view_calls, tail, django_assert_num_queries
):
    cold = api.get(url(event, tail))
    with django_assert_num_queries(
        THROTTLE_QUERIES
    ):  # the head and the body both come from the cache
        fast = api.get(url(event, tail))
    view = full.get(url(event, tail))

    assert view_calls == [url(event, tail).split("?")[0]] * 2  # cold and full, not fast
    assert fast.status_code == 200
    assert_same(fast, view)
    assert_same(fast, cold)
    assert fast["Content-Type"] == "application/json"
    assert fast["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    assert fast["Vary"] == "Accept, Accept-Language, Authorization, Origin"
    assert fast["Content-Length"] == str(len(fast.content))
    assert fast["Content-Security-Policy"] and fast["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "conditional",
    [
        lambda r: {"If-None-Match": r["ETag"]},
        lambda r: {"If-None-Match": f'"other", W/{r["ETag"]}'},
        lambda r: {"If-None-Match": "*"},
        lambda r: {"If-Modified-Since": r["Last-Modified"]},
    ],
)
def test_304_is_served_without_the_view_and_matches_it(
    api, full, event, programme, view_calls, conditional
):
    first = full.get(url(event, "schedule/"))
    calls_before = len(view_calls)

    fast = api.get(url(event, "schedule/"), headers=conditional(first))
    view = full.get(url(event, "schedule/"), headers=conditional(first))

    assert len(view_calls) == calls_before + 1  # only the full client's
    assert (fast.status_code, fast.content, fast["ETag"]) == (304, b"", first["ETag"])
    assert_same(fast, view)


def test_304_needs_no_cached_render(api, full, event, programme, view_calls):
    etag = full.get(url(event, "sessions/?kind=panel"))["ETag"]
    from django.core.cache import cache

    cache.clear()

    localcache.clear()  # and the process's own copies
    calls_before = len(view_calls)

    response = api.get(url(event, "sessions/?kind=panel"), headers={"If-None-Match": etag})

    assert (response.status_code, len(view_calls)) == (304, calls_before)


def test_stale_validators_get_the_fresh_body(api, full, event, programme):
    api.get(url(event, "schedule/"))

    stale = {"If-None-Match": '"nope"', "If-Modified-Since": http_date(0)}
    fast = api.get(url(event, "schedule/"), headers=stale)
    view = full.get(url(event, "schedule/"), headers=stale)

    assert fast.status_code == 200
    assert_same(fast, view)


def test_head_request_matches_the_view(api, full, event, programme, view_calls):
    api.get(url(event, "schedule/"))

    fast = api.head(url(event, "schedule/"))
    view = full.head(url(event, "schedule/"))

    assert view_calls == [url(event, "schedule/")] * 2
    assert_same(fast, view)


def test_cors_headers_on_fast_path(api, full, event, programme, view_calls):
    origin = {"Origin": "https://city.example.org"}
    api.get(url(event, "schedule/"))

    fast = api.get(url(event, "schedule/"), headers=origin)
    view = full.get(url(event, "schedule/"), headers=origin)
    revalidated = api.get(
        url(event, "schedule/"), headers={**origin, "If-None-Match": fast["ETag"]}
    )

    assert len(view_calls) == 2  # the cold request and the full client's
    assert_same(fast, view)
    assert fast["Access-Control-Allow-Origin"] == "*"
    assert fast["Access-Control-Expose-Headers"] == (
        "ETag, Last-Modified, Retry-After, Content-Language"
    )
    assert (revalidated.status_code, revalidated["Access-Control-Allow-Origin"]) == (304, "*")


@pytest.mark.parametrize(
    ("request_headers", "query", "language"),
    [
        ({}, "", "en"),
        ({}, "?lang=fr", "fr"),
        ({"Accept-Language": "es-EC,es;q=0.9"}, "", "es"),
        ({"Accept-Language": "es"}, "?lang=fr", "fr"),  # ?lang wins
    ],
)
def test_language_variants_on_fast_path(
    api, full, event, programme, view_calls, request_headers, query, language
):
    path = url(event, "sessions/" + query)
    api.get(path, headers=request_headers)

    fast = api.get(path, headers=request_headers)
    view = full.get(path, headers=request_headers)

    assert len(view_calls) == 2
    assert fast["Content-Language"] == language
    assert_same(fast, view)


def test_language_variants_have_distinct_etags(api, event, programme):
    variants = [
        api.get(url(event, "schedule/"), headers=h)
        for h in ({}, {"Accept-Language": "fr"}, {"Accept-Language": "es"})
    ]
    warm = [
        api.get(url(event, "schedule/"), headers=h)
        for h in ({}, {"Accept-Language": "fr"}, {"Accept-Language": "es"})
    ]

    assert len({r["ETag"] for r in variants}) == 3
    assert [r["ETag"] for r in warm] == [r["ETag"] for r in variants]
    assert [r.content for r in warm] == [r.content for r in variants]


def test_new_publish_is_visible_at_once(api, event, programme, view_calls):
    first = api.get(url(event, "sessions/?kind=panel"))
    assert api.get(url(event, "sessions/?kind=panel")).status_code == 200  # warm, fast
    programme["house"].title = "Housing first"
    programme["house"].save()

    schedule_publish(event=event, comment="v2", user=None)
    revalidated = api.get(
        url(event, "sessions/?kind=panel"), headers={"If-None-Match": first["ETag"]}
    )
    again = api.get(url(event, "sessions/?kind=panel"))

    assert (revalidated.status_code, revalidated.json()["results"][0]["title"]) == (
        200,
        "Housing first",
    )
    assert revalidated["ETag"] != first["ETag"]
    assert (again.content, again["ETag"]) == (revalidated.content, revalidated["ETag"])
    # cold v1, cold v2 (rendered by the view); the warm ones never reached it
    assert len(view_calls) == 2


def test_unpublished_event_404s_through_the_view(api, full, event, programme, view_calls):
    etag = api.get(url(event, "schedule/"))["ETag"]
    event.status = EventStatus.DRAFT
    event.save()

    fast = api.get(url(event, "schedule/"))
    revalidated = api.get(url(event, "schedule/"), headers={"If-None-Match": etag})
    view = full.get(url(event, "schedule/"))

    assert (fast.status_code, fast.json()["detail"]) == (404, "No public event with this address.")
    assert revalidated.status_code == 404
    assert_same(fast, view)
    assert len(view_calls) == 4


def test_event_without_published_version_404s(api, event, view_calls):
    response = api.get(url(event, "schedule/"))

    assert (response.status_code, response.json()["detail"]) == (
        404,
        "Not found in the published programme.",
    )
    assert len(view_calls) == 1


def test_invalid_query_gets_the_views_400(api, full, event, programme, view_calls):
    api.get(url(event, "sessions/"))

    fast = api.get(url(event, "sessions/?page_size=100000"))
    view = full.get(url(event, "sessions/?page_size=100000"))

    assert fast.status_code == 400
    assert "page_size" in fast.json()["errors"]
    assert_same(fast, view)
    assert len(view_calls) == 3


def test_detail_endpoints_are_left_to_the_view(api, event, programme, view_calls):
    for _ in range(2):
        api.get(url(event, "sessions/OPEN/"))

    assert len(view_calls) == 2


def test_partner_keys_go_through_the_view(api, event, programme, partner_key, view_calls):
    other = type(event).objects.create(
        name="Other forum",
        slug="other-forum",
        host_city="Lima",
        host_country="PE",
        start_date=event.start_date,
        end_date=event.end_date,
        timezone="America/Lima",
        status=EventStatus.PUBLISHED,
    )
    api.get(url(event, "schedule/"))  # warm
    etag = api.get(url(event, "schedule/"))["ETag"]

    scoped = api.get(url(event, "schedule/"), headers={"Authorization": f"Api-Key {partner_key()}"})
    elsewhere = api.get(
        url(event, "schedule/"),
        headers={"Authorization": f"Api-Key {partner_key(other)}", "If-None-Match": etag},
    )
    bad = api.get(url(event, "schedule/"), headers={"Authorization": "Api-Key nope"})

    assert [scoped.status_code, elsewhere.status_code, bad.status_code] == [200, 403, 401]
    assert elsewhere.json()["detail"] == "This partner key is not valid for this event."
    assert len(view_calls) == 4  # the cold one and the three keyed ones


def test_no_personal_data_on_fast_path(api, event, programme):
    api.get(url(event, "schedule/"))

    text = api.get(url(event, "schedule/")).content.decode()

    assert "amina.private" not in text and "@" not in text


@pytest.fixture
def rates(monkeypatch):
    """Two anonymous requests a minute, three per partner key; 45 s into a minute."""
    from rest_framework.throttling import SimpleRateThrottle

    from api.throttling import PartnerRateThrottle

    previous = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {"api_anon": "2/min", "api_partner": "3/min"}
    monkeypatch.setattr(PartnerRateThrottle, "timer", lambda self: 60 * 1_000_000 + 45.0)
    yield
    SimpleRateThrottle.THROTTLE_RATES = previous


def test_anonymous_limit_applies_on_fast_path(api, event, programme, rates, view_calls):
    first = api.get(url(event, "schedule/"))  # the view renders it: counted once
    second = api.get(url(event, "schedule/"), headers={"If-None-Match": first["ETag"]})
    assert len(view_calls) == 1  # the 304 came from the fast path, and counted
    blocked = api.get(url(event, "schedule/"), headers={"If-None-Match": first["ETag"]})
    blocked_200 = api.get(url(event, "schedule/"))

    assert [first.status_code, second.status_code, blocked.status_code] == [200, 304, 429]
    assert (blocked["Retry-After"], blocked_200.status_code) == ("15", 429)
    assert blocked.json()["detail"].startswith("Request was throttled.")
    assert len(view_calls) == 3  # over the limit, the view answers the 429


def test_fast_path_misses_count_once(api, event, programme, rates, view_calls):
    """A request the fast path cannot answer is counted by the view only."""
    statuses = [api.get(url(event, f"sessions/?page={n}&page_size=1")).status_code for n in (1, 2)]

    assert statuses == [200, 200]  # two cold renders: two counts, still within the limit
    assert len(view_calls) == 2


def test_keyed_limit_is_separate_from_anonymous_fast_path(
    api, event, programme, rates, partner_key, view_calls
):
    headers = {"Authorization": f"Api-Key {partner_key()}"}
    anonymous = [api.get(url(event, "rooms/")).status_code for _ in range(3)]
    keyed = [api.get(url(event, "rooms/"), headers=headers).status_code for _ in range(4)]

    assert (anonymous, keyed) == ([200, 200, 429], [200, 200, 200, 429])


# --- the cached event head: invalidation -------------------------------------------------------


def test_renamed_slug_stops_answering_at_once(api, event, programme, view_calls):
    old = url(event, "schedule/")
    api.get(old)
    api.get(old)  # warm
    event.slug = "renamed-forum"
    event.save()

    assert api.get(old).status_code == 404
    assert api.get(url(event, "schedule/")).status_code == 200


def test_deleted_version_is_no_longer_served(api, event, programme):
    first = api.get(url(event, "schedule/"))
    second_version = schedule_publish(event=event, comment="v2", user=None)
    second = api.get(url(event, "schedule/"))
    assert second.json()["version"] == 2

    second_version.delete()  # as the admin would
    again = api.get(url(event, "schedule/"))

    assert (again.json()["version"], again["ETag"]) == (1, first["ETag"])


def test_head_read_before_an_invalidation_is_never_served(event, programme, monkeypatch):
    """A request reads the head, a publish commits, then the request caches what it read."""
    from api.selectors import published

    read = published.event_head

    def read_then_publish(*, slug):
        head = read(slug=slug)
        schedule_publish(event=event, comment="v2", user=None)  # lands between read and write
        return head

    monkeypatch.setattr(published, "event_head", read_then_publish)
    stale = published.event_head_cached(slug=event.slug)
    monkeypatch.setattr(published, "event_head", read)

    fresh = published.event_head_cached(slug=event.slug)

    assert (stale.number, fresh.number) == (1, 2)


def test_invalidation_repeats_after_commit(django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from api.selectors.published import HEAD_GENERATION_KEY
    from api.services.published import published_heads_invalidate

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        published_heads_invalidate()
        during = cache.get(HEAD_GENERATION_KEY)

    assert len(callbacks) == 1
    assert cache.get(HEAD_GENERATION_KEY) not in (None, during)


def test_warm_head_costs_no_query(event, programme, django_assert_num_queries):
    from api.selectors.published import event_head_cached
    from sessions.selectors.heads import event_head

    cold = event_head_cached(slug=event.slug)
    with django_assert_num_queries(0):
        warm = event_head_cached(slug=event.slug)

    expected = event_head(slug=event.slug)
    assert [vars(h) for h in (cold, warm)] == [vars(expected)] * 2
