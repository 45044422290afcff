"""The stable download address: who gets a file, and how it is sent."""

import pytest

from events.enums import EventStatus
from tests.documents.conftest import pdf_bytes
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_public_file_of_an_event_not_yet_public_is_for_its_organisers_only(
    client, add_document, organiser_of
):
    event = EventFactory(status=EventStatus.DRAFT)
    document = add_document(event, "Concept note", {"en": ("concept.pdf", pdf_bytes("Draft"))})
    url = f"/documents/{document.code}/en/"

    assert client.get(url).status_code == 404
    client.force_login(organiser_of(EventFactory(), username="elsewhere"))
    assert client.get(url).status_code == 404
    client.force_login(organiser_of(event, username="host"))
    response = client.get(url)
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")
    with document.files.get().file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_a_public_file_names_itself_and_never_runs_as_a_page(client, add_document, event):
    document = add_document(
        event, "Slides", {"fr": ("Présentation finale.PDF", pdf_bytes("Slides"))}
    )

    response = client.get(f"/documents/{document.code}/fr/")

    file = document.files.get()
    body = b"".join(response.streaming_content)
    assert (response.status_code, len(body)) == (200, file.size)
    assert {
        name: response[name]
        for name in (
            "Content-Type",
            "Content-Disposition",
            "ETag",
            "Cache-Control",
            "X-Content-Type-Options",
            "Content-Security-Policy",
        )
    } == {
        "Content-Type": "application/pdf",
        "Content-Disposition": "inline; filename*=utf-8''Pr%C3%A9sentation_finale.pdf",
        "ETag": f'"{file.sha256}"',
        "Cache-Control": "public, max-age=300",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    again = client.get(f"/documents/{document.code}/fr/", HTTP_IF_NONE_MATCH=f'"{file.sha256}"')
    assert (again.status_code, again["ETag"]) == (304, f'"{file.sha256}"')
    assert client.get(f"/documents/{document.code}/en/").status_code == 404  # no English file
    assert client.get(f"/documents/{document.code}/fr/v2/").status_code == 404
    first = client.get(f"/documents/{document.code}/fr/v1/")
    assert b"".join(first.streaming_content) == body
