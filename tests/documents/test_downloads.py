"""The stable download address: who gets a file, and how it is sent."""

import io
import re
import zipfile

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


def test_a_superuser_in_no_team_reads_a_draft(client, add_document, event, administrator):
    document = add_document(event, "Run of show", publish=False)

    assert client.get(f"/documents/{document.code}/en/").status_code == 404
    client.force_login(administrator)
    response = client.get(f"/documents/{document.code}/en/")
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")
    assert len(b"".join(response.streaming_content)) == document.files.get().size


def test_pages_link_the_download_all_zip(client, add_document, event, published):
    (session, *_rest) = published(2)
    add_document(event, "Concept note", kind="concept_note")
    add_document(event, "Slides", session=session, kind="presentation")

    session_page = client.get(f"/en/events/{event.slug}/programme/sessions/{session.code}/")
    event_page = client.get(f"/en/events/{event.slug}/")

    zip_links = r'<p class="document-archive"><a href="([^"]+)" download>'
    assert re.findall(zip_links, session_page.text) == [
        f"/events/{event.slug}/sessions/{session.code}/documents.zip"
    ]
    assert re.findall(zip_links, event_page.text) == [f"/events/{event.slug}/documents.zip"]
    names = zipfile.ZipFile(
        io.BytesIO(
            b"".join(client.get(re.findall(zip_links, event_page.text)[0]).streaming_content)
        )
    ).namelist()
    assert sorted(names) == sorted([f"{event.slug}/en/paper.pdf", f"{session.code}/en/paper.pdf"])


def test_a_registrants_agenda_links_the_zip_of_what_they_may_read(
    client, add_document, event, published
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import CategoryFactory, register

    now = timezone.now()
    event.registration_opens_at = now - timedelta(days=1)
    event.registration_closes_at = now + timedelta(days=30)
    event.save(update_fields=["registration_opens_at", "registration_closes_at"])
    published(1)
    add_document(event, "Briefing", audience="participants", kind="other")
    _registration, token = register(CategoryFactory(event=event))

    agenda = client.get(f"/en/r/{token}/agenda/")
    (link,) = re.findall(r'<p class="document-archive"><a href="([^"]+)" download>', agenda.text)

    assert link.startswith(f"/events/{event.slug}/documents.zip?access=")
    archive = client.get(link.replace("&amp;", "&"))
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert (names, archive["Cache-Control"]) == (
        [f"{event.slug}/en/paper.pdf"],
        "private, no-store",
    )
    assert client.get(f"/events/{event.slug}/documents.zip").status_code == 404
