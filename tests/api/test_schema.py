"""The OpenAPI document is the contract: schemathesis checks every operation against it."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = pytest.mark.django_db


def _load_schema():
    """The same document /api/v1/schema/ serves, loaded at collection against the WSGI app.

    (schemathesis' lazy ``from_fixture`` loader does not run under pytest 9.)
    """
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()


@pytest.fixture
def _keep_test_connection():
    """Requests through the WSGI handler would close the test's connection, as Django's own
    test client prevents; do the same here."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, event, programme, _keep_test_connection):
    if "event_slug" in (case.path_parameters or {}):
        case.path_parameters["event_slug"] = event.slug  # random slugs would only find 404s
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


def test_schema_documents_every_error_response(client):
    document = client.get("/api/v1/schema/?format=json").json()

    operations = [op for path in document["paths"].values() for op in path.values()]
    # 12 programme and event operations + 4 for statements + 2 for documents + session links
    assert len(operations) == 19
    for operation in operations:
        if operation["operationId"] == "session_links_list":
            # Private and never cached (no validators: no 304); it takes no parameter (no 400).
            assert sorted(operation["responses"]) == ["200", "401", "403", "404", "429"]
            continue
        assert sorted(operation["responses"]) == ["200", "304", "400", "401", "403", "404", "429"]
    assert "Forum-Signature" in document["info"]["description"]
    assert "hmac.compare_digest" in document["info"]["description"]


def test_docs_page_uses_local_assets_and_its_own_csp(client):
    response = client.get("/api/v1/docs/")
    script = client.get("/api/v1/docs/?script=")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "<script>" not in html
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    # Directive order varies between runs: compare parsed directives, not the header text.
    assert (policy["style-src"], policy["script-src"]) == ("'self' 'unsafe-inline'", "'self'")
    assert (script.status_code, script["Content-Type"]) == (200, "application/javascript")


def test_cors_any_origin_without_credentials(client, event, programme):
    response = client.get(
        f"/api/v1/events/{event.slug}/rooms/", headers={"Origin": "https://city.example"}
    )
    preflight = client.options(
        f"/api/v1/events/{event.slug}/rooms/",
        headers={
            "Origin": "https://city.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization, if-none-match",
        },
    )
    site = client.get("/healthz", headers={"Origin": "https://city.example"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in site


def test_every_operation_allows_anonymous_calls_or_a_partner_key(client):
    document = client.get("/api/v1/schema/?format=json").json()

    securities = {
        (method, path): operation["security"]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert len(securities) == 19
    # Session links need a key granted their scope: the one operation without anonymous calls.
    assert securities.pop(("get", "/api/v1/events/{event_slug}/session-links/")) == [
        {"PartnerKey": []}
    ]
    assert {str(security) for security in securities.values()} == {str([{}, {"PartnerKey": []}])}
    assert document["components"]["securitySchemes"]["PartnerKey"]["type"] == "apiKey"


def test_options_on_the_docs_page_lists_the_methods_without_a_server_error(client):
    client.raise_request_exception = False

    response = client.options("/api/v1/docs/")

    assert (response.status_code, response["Allow"], response.content) == (
        200,
        "GET, HEAD, OPTIONS",
        b"",
    )
