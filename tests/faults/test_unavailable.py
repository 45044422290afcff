"""A stopped database or cache answers 503 with Retry-After: a page, or JSON under /api/.

These run in-process with the failure injected from outside (every query refused, or one
function raising the driver's error); tests/faults/test_services_stopped.py stops real servers.
"""

import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.fixture
def database_down():
    with connection.execute_wrapper(refuse_every_query):
        yield


def assert_page_503(response, language, retry_after="30"):
    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert (response["Retry-After"], response["Content-Language"]) == (retry_after, language)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    if language == "en":  # the other languages once the catalogues are translated
        assert "<h1>Unavailable for a moment</h1>" in html
    assert f'href="/{language}/"' in html  # the brand link stays in the visitor's language


def test_pages_answer_a_translated_503_when_every_query_fails(event, database_down):
    client = Client(raise_request_exception=False)

    home = client.get("/fr/")
    event_page = client.get(f"/es/events/{event.slug}/")
    register = client.post(f"/en/events/{event.slug}/register/", {"given_name": "Ana"})

    assert_page_503(home, "fr")
    assert_page_503(event_page, "es")
    assert_page_503(register, "en")


def test_a_logged_in_organiser_gets_503_when_the_session_cannot_be_read(client, event):
    client.force_login(UserFactory(is_staff=True))
    client.raise_request_exception = False

    with connection.execute_wrapper(refuse_every_query):
        dashboard = client.get("/en/manage/")

    assert_page_503(dashboard, "en")
    assert "Log out" not in dashboard.content.decode()


def test_api_answers_json_503_with_retry_after(event, database_down):
    client = Client(raise_request_exception=False, headers={"Accept-Language": "fr"})

    listing = client.get("/api/v1/events/")
    detail = client.get(f"/api/v1/events/{event.slug}/sessions/")

    for response in (listing, detail):
        assert (response.status_code, response["Content-Type"]) == (503, "application/json")
        assert (response["Retry-After"], response["Content-Language"]) == ("30", "fr")
        assert list(response.json()) == ["detail", "errors"]
        assert response.json()["errors"] == {}
    spanish = client.get("/api/v1/events/?lang=es")
    unknown = client.get("/api/v1/events/?lang=de")
    assert (spanish["Content-Language"], unknown["Content-Language"]) == ("es", "fr")


def test_a_lock_timeout_asks_to_retry_sooner(monkeypatch, client):
    class LockNotAvailable(Exception):  # psycopg's class name for a lock timeout
        pass

    def busy():
        try:
            raise LockNotAvailable("canceling statement due to lock timeout")
        except LockNotAvailable as exc:
            raise OperationalError(str(exc)) from exc

    monkeypatch.setattr("forum.views.event_home_lists", busy)

    response = client.get("/en/")

    assert_page_503(response, "en", retry_after="5")


def test_a_stopped_cache_answers_503_and_logs_one_line_without_the_path(
    monkeypatch, client, caplog
):
    def cache_down():
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("forum.views.event_home_lists", cache_down)

    with caplog.at_level(logging.INFO):
        response = client.get("/es/")

    assert_page_503(response, "es")
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "forum.middleware",
            "WARNING",
            "cache unavailable (ConnectionError) on GET home; answered 503",
        )
    ]


class _SessionSaveFails:
    """A middleware standing in for one that meets the stopped database after the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.get_response(request)
        raise OperationalError("server closed the connection unexpectedly")


def test_a_failure_in_a_middleware_after_the_view_answers_503_too(settings, event, caplog):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.faults.test_unavailable._SessionSaveFails"]
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.INFO):
        page = client.get("/fr/")
        api = client.get("/api/v1/events/")

    assert_page_503(page, "fr")
    assert (api.status_code, api["Content-Type"], api["Retry-After"]) == (
        503,
        "application/json",
        "30",
    )
    # One line each from this project, none from Django's request logger.
    assert [r.name for r in caplog.records if r.levelno >= logging.WARNING] == [
        "forum.middleware",
        "forum.middleware",
    ]


def test_any_other_error_still_answers_the_500_page(monkeypatch, client):
    def broken():
        raise ZeroDivisionError

    monkeypatch.setattr("forum.views.event_home_lists", broken)
    client.raise_request_exception = False

    response = client.get("/en/")

    assert (response.status_code, "Retry-After" in response) == (500, False)
    assert "Something went wrong" in response.content.decode()
