import json

import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_reports_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr("forum.views.cache.set", broken)

    response = client.get("/healthz")

    assert (response.status_code, json.loads(response.content)) == (
        503,
        {"status": "error", "checks": {"database": "ok", "cache": "error"}},
    )


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    def broken():
        raise OSError("database unreachable")

    monkeypatch.setattr(connection, "cursor", broken)

    response = client.get("/healthz")

    assert (response.status_code, json.loads(response.content)) == (
        503,
        {"status": "error", "checks": {"database": "error", "cache": "ok"}},
    )


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    response = client.post("/healthz")

    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")
