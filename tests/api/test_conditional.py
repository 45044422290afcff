import pytest
from django.utils.http import http_date

from sessions.services.schedule import schedule_publish
from tests.api.conftest import THROTTLE_QUERIES, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(api, event, programme):
    return api.get(url(event, "sessions/?kind=panel"))


def test_validators_and_cache_headers(first):
    assert first["ETag"].startswith('"') and not first["ETag"].startswith("W/")
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    assert first["Vary"] == "Accept, Accept-Language, Authorization, Origin"
    assert first["Last-Modified"].endswith(" GMT")


@pytest.mark.parametrize(
    "header",
    ["{etag}", "W/{etag}", '"other", {etag}', '"other",W/{etag}', "*"],
)
def test_if_none_match_forms_answer_304_without_body(
    api, event, first, header, django_assert_num_queries
):
    with django_assert_num_queries(
        THROTTLE_QUERIES
    ):  # the fast path's cached event head; nothing rendered
        response = api.get(
            url(event, "sessions/?kind=panel"),
            headers={"If-None-Match": header.format(etag=first["ETag"])},
        )

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", first["ETag"])
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"


def test_if_none_match_other_etag_answers_200(api, event, first):
    response = api.get(url(event, "sessions/?kind=panel"), headers={"If-None-Match": '"nope"'})

    assert (response.status_code, response.content) == (200, first.content)


def test_if_modified_since(api, event, first):
    path = url(event, "sessions/?kind=panel")

    current = api.get(path, headers={"If-Modified-Since": first["Last-Modified"]})
    older = api.get(path, headers={"If-Modified-Since": http_date(0)})
    garbage = api.get(path, headers={"If-Modified-Since": "yesterday"})
    # If-None-Match wins over If-Modified-Since.
    mismatch = api.get(
        path, headers={"If-None-Match": '"nope"', "If-Modified-Since": first["Last-Modified"]}
    )

    assert [r.status_code for r in (current, older, garbage, mismatch)] == [304, 200, 200, 200]


def test_etag_depends_on_query_language_and_version(api, event, first, programme):
    other_query = api.get(url(event, "sessions/?kind=plenary"))
    other_lang = api.get(url(event, "sessions/?kind=panel&lang=fr"))
    same_normalized = api.get(url(event, "sessions/?kind=panel&page=1&utm=x"))
    programme["house"].title = "Housing first"
    programme["house"].save()
    schedule_publish(event=event, comment="v2", user=None)
    after_publish = api.get(
        url(event, "sessions/?kind=panel"), headers={"If-None-Match": first["ETag"]}
    )

    etags = {first["ETag"], other_query["ETag"], other_lang["ETag"], after_publish["ETag"]}
    assert len(etags) == 4
    assert same_normalized["ETag"] == first["ETag"]
    assert (after_publish.status_code, after_publish.json()["results"][0]["title"]) == (
        200,
        "Housing first",
    )


def test_star_on_missing_session_is_404_not_304(api, event, programme):
    response = api.get(url(event, "sessions/NOPE/"), headers={"If-None-Match": "*"})

    assert (response.status_code, response.json()["detail"]) == (
        404,
        "Not found in the published programme.",
    )


@pytest.mark.parametrize(
    "tail", ["", "schedule/", "speakers/", "rooms/", "tracks/", "schedule/versions/"]
)
def test_every_event_endpoint_revalidates(api, event, programme, tail):
    etag = api.get(url(event, tail))["ETag"]

    response = api.get(url(event, tail), headers={"If-None-Match": etag})

    assert (response.status_code, response.content) == (304, b"")


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/organisations/"])
def test_cross_event_lists_revalidate_and_change(api, event, programme, path):
    etag = api.get(path)["ETag"]

    assert api.get(path, headers={"If-None-Match": etag}).status_code == 304
    event.name = "Renamed forum"
    event.save()
    programme["org"].name = "Ville de Dakar"
    programme["org"].save()
    assert api.get(path, headers={"If-None-Match": etag}).status_code == 200
