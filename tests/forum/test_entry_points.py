"""The deploy checks and the WSGI/ASGI entry points, run as a server runs them."""

import asyncio
import io
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core.checks import Warning
from django.db import connections

import forum.wsgi
from forum.asgi import application as asgi_application
from forum.checks import documents_storage_check, site_url_check

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "debug, site_url, ids",
    [
        (True, "", []),
        (False, "", ["forum.W001"]),
        (False, "http://localhost:8000", ["forum.W001"]),
        (False, "http://127.0.0.1", ["forum.W001"]),
        (False, "http://forum.example.org", ["forum.W002"]),
        (False, "https://forum.example.org", []),
    ],
)
def test_site_url_deploy_check(settings, debug, site_url, ids):
    settings.DEBUG = debug
    settings.SITE_URL = site_url
    found = site_url_check(None)
    assert [w.id for w in found] == ids
    assert all(isinstance(w, Warning) for w in found)


@pytest.mark.parametrize(
    "folder, ids",
    [
        ("media/documents", ["forum.W003"]),
        ("media", ["forum.W003"]),
        ("static/documents", ["forum.W003"]),
        ("private/documents", []),
    ],
)
def test_document_files_never_lie_in_a_served_folder(settings, tmp_path, folder, ids):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / folder)},
        },
    }
    assert [w.id for w in documents_storage_check(None)] == ids


def test_site_url_check_names_the_address_links_would_use(settings):
    settings.DEBUG = False
    settings.SITE_URL = ""
    (warning,) = site_url_check(None)
    assert warning.msg.endswith("would point at nothing.")
    assert (
        warning.hint == "Set FORUM_SITE_URL to the public address, e.g. https://forum.example.org."
    )


def _wsgi_get(path: str) -> tuple[str, dict]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = status

    body = b"".join(forum.wsgi.application(environ, start_response))
    return started["status"], json.loads(body)


# Served as a server serves it: each request opens and closes its own database connection.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("broker, starts", [(False, 1), (True, 0)])
def test_wsgi_starts_the_embedded_job_runner_only_without_a_broker(monkeypatch, broker, starts):
    calls = []
    monkeypatch.setattr(forum.wsgi, "has_broker", lambda: broker)
    monkeypatch.setattr(forum.wsgi.runner, "ensure_started", lambda: calls.append(1))
    status, body = _wsgi_get("/healthz")
    assert (status, body["checks"], len(calls)) == (
        "200 OK",
        {"database": "ok", "cache": "ok"},
        starts,
    )


def test_asgi_serves_without_persistent_connections():
    # Each ASGI request runs its sync code in a thread of its own: a kept connection would
    # stay open after every request. The ASGI entry point turns them off, as Django advises.
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_CONN_MAX_AGE"}
    environment["DATABASE_URL"] = "postgres://forum@127.0.0.1:5432/forum"
    code = "import forum.asgi; from django.db import connection; print(connection.settings_dict['CONN_MAX_AGE'])"
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout == "0\n"


@pytest.mark.django_db(transaction=True)
def test_asgi_application_answers_healthz(monkeypatch):
    # As the ASGI entry point configures it (the test process loaded its settings already).
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    # In a thread of its own: browser tests leave an event loop running in the main thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        start, body = pool.submit(asyncio.run, _asgi_get("/healthz")).result(timeout=30)
    assert start["status"] == 200
    assert json.loads(body["body"])["checks"] == {"database": "ok", "cache": "ok"}


async def _asgi_get(path: str) -> tuple[dict, dict]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
    }
    communicator = ApplicationCommunicator(asgi_application, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(timeout=10)
    body = await communicator.receive_output(timeout=10)
    await communicator.wait(timeout=10)
    return start, body
