"""'Download all material': the edition's and a session's ZIP, as each requester may read it."""

import hashlib
import io
import zipfile
from datetime import UTC

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from documents.archives import documents_archive
from documents.models import DocumentFile
from documents.services.documents import document_file_add, document_withdraw
from events.enums import EventStatus
from forum.uploads import upload_check
from tests.documents.conftest import pdf_bytes, png_bytes, upload
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def edition_url(event, access=""):
    url = reverse("documents:edition_zip", kwargs={"event_slug": event.slug})
    return f"{url}?access={access}" if access else url


def session_url(event, code):
    return reverse("documents:session_zip", kwargs={"event_slug": event.slug, "code": code})


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def stored_bytes(file: DocumentFile) -> bytes:
    with storages["documents"].open(file.file.name, "rb") as handle:
        return handle.read()


@pytest.fixture
def material(event, published, add_document):
    """Two sessions (S0, S1) and documents of every audience and state."""
    sessions = published(2)
    docs = {
        "concept": add_document(
            event,
            "Concept note",
            {
                "en": ("Concept note.pdf", pdf_bytes("Concept")),
                "fr": ("Note.pdf", pdf_bytes("Note")),
            },
            kind="concept_note",
        ),
        "slides": add_document(
            event,
            "Slides",
            {"en": ("slides.png", png_bytes())},
            session=sessions[0],
            kind="presentation",
        ),
        "paper": add_document(event, "Paper", session=sessions[1]),
        "participants": add_document(
            event,
            "Delegates' brief",
            {"en": ("brief.pdf", pdf_bytes("Brief"))},
            audience="participants",
        ),
        "organisers": add_document(
            event,
            "Logistics",
            {"en": ("logistics.pdf", pdf_bytes("Logistics"))},
            audience="organisers",
        ),
        "draft": add_document(
            event, "Draft", {"en": ("draft.pdf", pdf_bytes("Draft"))}, publish=False
        ),
    }
    return sessions, docs


def names_and_files(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_edition_zip_anonymous_has_the_public_documents_bytes_for_bytes(client, event, material):
    _sessions, docs = material

    response = client.get(edition_url(event))
    body = body_of(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Length"] == str(len(body))
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}-documents.zip"'
    assert response["Cache-Control"] == "public, max-age=300"
    members = names_and_files(body)
    assert list(members) == [
        "S0/en/slides.png",
        "S1/en/paper.pdf",
        f"{event.slug}/en/Concept_note.pdf",
        f"{event.slug}/fr/Note.pdf",
    ]
    expected = {
        "S0/en/slides.png": docs["slides"].files.get(),
        "S1/en/paper.pdf": docs["paper"].files.get(),
        f"{event.slug}/en/Concept_note.pdf": docs["concept"].files.get(language="en"),
        f"{event.slug}/fr/Note.pdf": docs["concept"].files.get(language="fr"),
    }
    for name, file in expected.items():
        assert members[name] == stored_bytes(file)
        assert hashlib.sha256(members[name]).hexdigest() == file.sha256


def test_members_are_stored_and_dated_by_their_upload(client, event, material):
    _sessions, docs = material
    file = docs["paper"].files.get()

    body = body_of(client.get(session_url(event, "S1")))

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        (info,) = archive.infolist()
    assert info.filename == "S1/en/paper.pdf"
    assert info.compress_type == zipfile.ZIP_STORED
    assert info.file_size == file.size
    uploaded = file.created_at.astimezone(UTC)
    # ZIP dates count seconds in twos.
    assert info.date_time == (*uploaded.timetuple()[:5], uploaded.second // 2 * 2)


def test_same_versions_give_the_same_bytes_and_etag(client, event, material):
    first = client.get(edition_url(event))
    first_body = body_of(first)
    second = client.get(edition_url(event))

    assert body_of(second) == first_body
    assert second["ETag"] == first["ETag"]
    assert first["ETag"].startswith('"') and len(first["ETag"]) == 66


def test_a_new_version_changes_the_etag_and_the_member(client, event, material):
    _sessions, docs = material
    before = client.get(edition_url(event))
    body_of(before)

    row = document_file_add(
        document=docs["paper"],
        language="en",
        upload=upload_check(upload("paper-v2.pdf", pdf_bytes("Version 2"))),
    )
    after = client.get(edition_url(event))
    members = names_and_files(body_of(after))

    assert after["ETag"] != before["ETag"]
    assert row.version == 2
    assert "S1/en/paper.pdf" not in members
    assert members["S1/en/paper-v2.pdf"] == stored_bytes(row)


def test_if_none_match_answers_304_without_opening_a_file(client, event, material, monkeypatch):
    etag = client.get(edition_url(event))["ETag"]
    opened = []
    storage = storages["documents"]
    monkeypatch.setattr(storage, "open", lambda name, mode="rb": opened.append(name))

    response = client.get(edition_url(event), HTTP_IF_NONE_MATCH=f'"other", {etag}')

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""
    assert opened == []
    assert client.get(edition_url(event), HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get(edition_url(event), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_head_tells_the_length_without_reading_a_file(client, event, material, monkeypatch):
    full = client.get(edition_url(event))
    length = len(body_of(full))
    opened = []
    monkeypatch.setattr(storages["documents"], "open", lambda name, mode="rb": opened.append(name))

    response = client.head(edition_url(event))

    assert response.status_code == 200
    assert (response["Content-Length"], response["ETag"]) == (str(length), full["ETag"])
    assert response.content == b""
    assert opened == []


def test_withdrawing_a_document_changes_the_archive(client, event, material):
    _sessions, docs = material
    before = client.get(session_url(event, "S0"))["ETag"]

    document_withdraw(document=docs["slides"])

    assert client.get(session_url(event, "S0")).status_code == 404
    assert client.get(edition_url(event))["ETag"] != before


def test_participant_access_adds_documents_for_participants(
    client, event, material, participant_access
):
    response = client.get(edition_url(event, participant_access))

    members = names_and_files(body_of(response))
    assert f"{event.slug}/en/brief.pdf" in members
    assert f"{event.slug}/en/logistics.pdf" not in members
    assert len(members) == 5
    assert response["Cache-Control"] == "private, no-store"


def test_a_forged_or_other_events_access_is_anonymous(client, event, material):
    from documents.access import participant_access
    from tests.factories import CategoryFactory, register

    registration, _token = register(CategoryFactory())

    for access in ("forged", participant_access(registration)):
        response = client.get(edition_url(event, access))
        members = names_and_files(body_of(response))
        assert len(members) == 4, access
        assert response["Cache-Control"] == "public, max-age=300"


def test_organiser_of_the_event_gets_every_published_document(
    client, event, material, organiser_of
):
    client.force_login(organiser_of(event))

    response = client.get(edition_url(event))

    members = names_and_files(body_of(response))
    assert sorted(members) == sorted(
        [
            "S0/en/slides.png",
            "S1/en/paper.pdf",
            f"{event.slug}/en/Concept_note.pdf",
            f"{event.slug}/fr/Note.pdf",
            f"{event.slug}/en/brief.pdf",
            f"{event.slug}/en/logistics.pdf",
        ]
    )
    assert response["Cache-Control"] == "private, no-store"


def test_organiser_of_another_event_gets_the_public_archive(client, event, material, organiser_of):
    anonymous = client.get(edition_url(event))
    client.force_login(organiser_of(EventFactory()))

    response = client.get(edition_url(event))

    assert response["ETag"] == anonymous["ETag"]
    assert len(names_and_files(body_of(response))) == 4


def test_session_zip_holds_that_sessions_documents_only(client, event, material):
    response = client.get(session_url(event, "S0"))

    assert list(names_and_files(body_of(response))) == ["S0/en/slides.png"]
    assert (
        response["Content-Disposition"] == f'attachment; filename="{event.slug}-S0-documents.zip"'
    )


def test_nothing_to_download_is_404(client, event, published, add_document):
    published(1)
    add_document(event, "Draft", publish=False)
    add_document(event, "Brief", audience="participants")

    assert client.get(edition_url(event)).status_code == 404
    assert client.get(session_url(event, "S0")).status_code == 404
    assert client.get(session_url(event, "NOPE")).status_code == 404
    assert client.get("/events/no-such-event/documents.zip").status_code == 404


def test_an_event_that_is_not_public_is_404_but_for_its_organisers(
    client, event, material, organiser_of
):
    event.status = EventStatus.DRAFT
    event.save()

    assert client.get(edition_url(event)).status_code == 404
    client.force_login(organiser_of(event))
    assert len(names_and_files(body_of(client.get(edition_url(event))))) == 6


def test_the_same_file_name_twice_gets_the_document_code(client, event, published, add_document):
    (session,) = published(1)
    first = add_document(event, "A", {"en": ("notes.pdf", pdf_bytes("A"))}, session=session)
    second = add_document(event, "B", {"en": ("notes.pdf", pdf_bytes("B"))}, session=session)

    members = names_and_files(body_of(client.get(session_url(event, "S0"))))

    assert sorted(members) == sorted(["S0/en/notes.pdf", f"S0/en/notes-{second.code}.pdf"])
    assert members["S0/en/notes.pdf"] == stored_bytes(first.files.get())


@pytest.mark.parametrize("count", [1, 3])
def test_archive_queries_do_not_grow_with_documents(
    client, event, add_document, django_assert_num_queries, count
):
    for i in range(count):
        add_document(
            event,
            f"Paper {i}",
            {"en": ("p.pdf", pdf_bytes(str(i))), "fr": ("p.pdf", pdf_bytes(str(i)))},
        )

    # The event; the documents; their files (the anonymous requester has no team to look up).
    with django_assert_num_queries(3):
        response = client.get(edition_url(event))
    assert len(names_and_files(body_of(response))) == 2 * count


def test_the_stream_is_lazy(event, add_document, monkeypatch):
    """The first chunk is out before the second file is opened: files are read in turn."""
    for i in range(3):
        add_document(event, f"Paper {i}", {"en": (f"p{i}.pdf", pdf_bytes(str(i)))})
    archive = documents_archive(event=event, audiences=["public"])
    storage = storages["documents"]
    opened = []
    real_open = storage.open

    def recording_open(name, mode="rb"):
        opened.append(name)
        return real_open(name, mode)

    monkeypatch.setattr(storage, "open", recording_open)
    stream = archive.stream()
    chunks = iter(stream)

    header = next(chunks)
    assert opened == []
    assert header.startswith(b"PK\x03\x04")
    next(chunks)
    assert opened == [archive.members[0].file.file.name]
    rest = b"".join(chunks)
    assert opened == [member.file.file.name for member in archive.members]
    assert len(header) + len(rest) < len(stream)


@pytest.mark.parametrize("count", [1, 3])
def test_archive_queries_for_a_participant_and_an_organiser(
    client, event, add_document, participant_access, organiser_of, django_assert_num_queries, count
):
    for i in range(count):
        add_document(
            event, f"Brief {i}", {"en": ("b.pdf", pdf_bytes(str(i)))}, audience="participants"
        )

    # The event; the registration the access value names; the documents; their files.
    with django_assert_num_queries(4):
        response = client.get(edition_url(event, participant_access))
    assert len(names_and_files(body_of(response))) == count

    client.force_login(organiser_of(event))
    # The session and its user; their teams; the event; the documents; their files.
    with django_assert_num_queries(6):
        response = client.get(edition_url(event))
    assert len(names_and_files(body_of(response))) == count


def test_a_session_code_never_makes_a_path_outside_its_folder(event, published, add_document):
    (session,) = published(1)
    session.code = "../x"
    session.save(update_fields=["code"])
    add_document(event, "Slides", {"en": ("slides.pdf", pdf_bytes())}, session=session)

    archive = documents_archive(event=event, audiences=["public"], session_code="../x")

    assert [member.name for member in archive.members] == ["___x/en/slides.pdf"]


def test_only_documents_for_participants_are_404_to_everyone_else(
    client, event, add_document, participant_access, organiser_of
):
    from documents.access import participant_access as access_for
    from tests.factories import CategoryFactory, register

    add_document(event, "Brief", {"en": ("brief.pdf", pdf_bytes("Brief"))}, audience="participants")
    other_registration, _token = register(CategoryFactory())
    other_access = access_for(other_registration)

    assert client.get(edition_url(event)).status_code == 404
    assert client.get(edition_url(event, other_access)).status_code == 404
    client.force_login(organiser_of(EventFactory()))
    assert client.get(edition_url(event)).status_code == 404
    client.logout()
    participant = client.get(edition_url(event, participant_access))
    assert list(names_and_files(body_of(participant))) == [f"{event.slug}/en/brief.pdf"]
    client.force_login(organiser_of(event))
    organiser = client.get(edition_url(event))
    assert list(names_and_files(body_of(organiser))) == [f"{event.slug}/en/brief.pdf"]


def test_a_stored_file_that_changed_size_stops_the_stream(event, add_document):
    """The length was announced from the rows: a file that no longer matches ends the
    download with an error (the client sees it cut short), never with other bytes."""
    document = add_document(event, "Paper", {"en": ("p.pdf", pdf_bytes())})
    file = document.files.get()
    with storages["documents"].open(file.file.name, "wb") as handle:
        handle.write(b"%PDF-1.7 shorter")
    archive = documents_archive(event=event, audiences=["public"])

    with pytest.raises(RuntimeError, match=r"16 bytes read, \d+ expected"):
        b"".join(archive.stream())
