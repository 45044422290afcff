"""The organisers' documents workspace: the list and its filters, a new document, a document's
page (details, new versions, version history, publish and withdraw, history); refusals shown on
their field with nothing stored; who gets in; the sessions workspace's links to it."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from documents.enums import DocumentAudience, DocumentKind, DocumentState
from documents.models import Document, documents_storage
from documents.services.documents import document_create, document_file_add, document_publish
from forum.uploads import upload_check
from tests.documents.conftest import pdf_bytes, png_bytes, upload
from tests.factories import EventFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def url(name, event, **kwargs):
    return reverse(f"documents_manage:{name}", kwargs={"event_slug": event.slug, **kwargs})


def file_url(document, language, version=None):
    kwargs = {"code": document.code, "language": language}
    if version:
        return reverse("documents:file_version", kwargs={**kwargs, "version": version})
    return reverse("documents:file", kwargs=kwargs)


def row_codes(response) -> list[str]:
    return re.findall(r'<tr data-document-code="([^"]+)"', response.text)


def stored(row) -> bytes:
    with documents_storage().open(row.file.name) as handle:
        return handle.read()


def stored_files(location) -> list[str]:
    return sorted(str(p.relative_to(location)) for p in location.rglob("*") if p.is_file())


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, username="programme", can_manage_programme=True)
    client.force_login(user)
    return user


def make_document(event, *, title="Water paper", language="en", session=None, **kwargs):
    return document_create(
        event=event,
        kind=kwargs.pop("kind", DocumentKind.BACKGROUND_PAPER),
        title={language: title},
        language=language,
        upload=upload_check(upload("paper.pdf", pdf_bytes(title))),
        session=session,
        **kwargs,
    )


def new_post(**overrides) -> dict:
    return {
        "kind": "background_paper",
        "session": "",
        "audience": "participants",
        "title_es": "Agua para todos",
        "title_en": "Water for all",
        "title_fr": "",
        "language": "en",
        **overrides,
    }


# --- A new document ---------------------------------------------------------------------------


def test_new_document_is_a_draft_with_its_titles_and_first_file(client, event, manager):
    session = SessionFactory(event=event, code="WAT01")
    content = pdf_bytes("Water for all", pages=2)

    response = client.post(
        url("document_new", event),
        new_post(session=str(session.pk), file=upload("Water for all.pdf", content)),
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("document", event, code=document.code)
    assert (
        document.kind,
        document.session,
        document.audience,
        document.state,
        document.title_es,
        document.title_en,
        document.title_fr,
        document.speaker,
    ) == (
        "background_paper",
        session,
        "participants",
        "draft",
        "Agua para todos",
        "Water for all",
        "",
        None,
    )
    assert list(
        document.files.values_list("language", "version", "filename", "pages", "uploaded_by")
    ) == [("en", 1, "Water_for_all.pdf", 2, "programme")]
    assert client.get(file_url(document, "en")).getvalue() == content


def test_new_document_form_shows_a_title_column_per_working_language(client, event, manager):
    response = client.get(url("document_new", event))

    form = response.context["form"]
    assert form.translated["title"].codes == ["es", "en", "fr"]
    assert [code for code, _label in form.fields["language"].choices] == [
        "es",
        "en",
        "fr",
        "ar",
        "pt",
        "ru",
        "zh",
    ]
    assert form.fields["session"].choices == [("", "The edition itself")]
    assert '<fieldset class="translated" id="translated-title">' in response.text


def test_new_document_of_a_refused_type_stores_nothing(client, event, manager, _documents_storage):
    response = client.post(
        url("document_new", event),
        new_post(file=upload("notes.pdf", b"#!/bin/sh\necho not a pdf\n", "application/pdf")),
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": [
            "This kind of file is not accepted. Accepted: PDF, Word, PowerPoint, Excel, "
            "OpenDocument, PNG, JPEG."
        ]
    }
    assert Document.objects.count() == 0
    assert stored_files(_documents_storage) == []


def test_new_document_too_large_stores_nothing(
    client, event, manager, settings, _documents_storage
):
    settings.FORUM_DOCUMENT_MAX_BYTES = 1000

    response = client.post(
        url("document_new", event), new_post(file=upload("big.pdf", pdf_bytes(pages=3)))
    )

    errors = response.context["form"].errors["file"]
    assert len(errors) == 1
    assert re.fullmatch(
        r"The file is \d\.\d\xa0KB; files of up to 1000\xa0bytes are accepted\.", errors[0]
    )
    assert (Document.objects.count(), stored_files(_documents_storage)) == (0, [])


def test_new_document_without_a_title_refused(client, event, manager, _documents_storage):
    response = client.post(
        url("document_new", event),
        new_post(title_es="", title_en="", file=upload("p.pdf", pdf_bytes())),
    )

    assert response.context["form"].errors == {"title_es": ["Write it in at least one language."]}
    assert (Document.objects.count(), stored_files(_documents_storage)) == (0, [])


def test_new_document_refuses_another_events_session(client, event, manager):
    other = SessionFactory(event=EventFactory())

    response = client.post(
        url("document_new", event),
        new_post(session=str(other.pk), file=upload("p.pdf", pdf_bytes())),
    )

    assert response.context["form"].errors == {
        "session": [f"Select a valid choice. {other.pk} is not one of the available choices."]
    }
    assert Document.objects.count() == 0


def test_new_document_from_a_session_page_preselects_the_session(client, event, manager):
    session = SessionFactory(event=event, code="WAT01", title="Water")

    response = client.get(url("document_new", event), {"session": "WAT01"})

    assert response.context["form"]["session"].value() == str(session.pk)


# --- One document -----------------------------------------------------------------------------


def test_upload_adds_a_version_and_the_history_lists_every_version(client, event, manager):
    document = make_document(event)
    first = document.files.get()
    second_content = pdf_bytes("Water paper, revised", pages=3)

    response = client.post(
        url("document_upload", event, code=document.code),
        {"language": "en", "file": upload("revised.pdf", second_content)},
    )
    client.post(
        url("document_upload", event, code=document.code),
        {"language": "fr", "file": upload("eau.pdf", pdf_bytes("Eau"))},
    )

    assert response.status_code == 302
    assert list(
        document.files.order_by("language", "version").values_list(
            "language", "version", "filename", "pages"
        )
    ) == [("en", 1, "paper.pdf", 1), ("en", 2, "revised.pdf", 3), ("fr", 1, "eau.pdf", 1)]
    page = client.get(url("document", event, code=document.code))
    versions = page.context["versions"]
    assert [
        (v["language"], [row.version for row, _url, _type in v["files"]]) for v in versions
    ] == [
        ("en", [2, 1]),
        ("fr", [1]),
    ]
    assert [url for _row, url, _type in versions[0]["files"]] == [
        file_url(document, "en", 2),
        file_url(document, "en", 1),
    ]
    assert re.findall(r'<tr data-version="(\d+)">', page.text) == ["2", "1", "1"]
    assert f'<a href="{file_url(document, "en", 1)}">paper.pdf</a>' in page.text
    assert "<td>PDF</td>" in page.text
    # Each version is downloadable as it was.
    assert client.get(file_url(document, "en", 1)).getvalue() == stored(first)
    assert client.get(file_url(document, "en", 2)).getvalue() == second_content
    assert client.get(file_url(document, "en")).getvalue() == second_content


def test_upload_of_a_refused_file_is_shown_on_the_field_and_stores_nothing(
    client, event, manager, _documents_storage
):
    document = make_document(event)
    before = stored_files(_documents_storage)

    response = client.post(
        url("document_upload", event, code=document.code),
        {"language": "en", "file": upload("x.png", b"\x89PNG\r\n\x1a\nbroken", "image/png")},
    )

    assert response.status_code == 400
    assert response.context["upload"].errors == {
        "file": ["This image is damaged or too large to be read."]
    }
    assert document.files.count() == 1
    assert stored_files(_documents_storage) == before


def test_image_upload_is_reencoded_without_its_metadata(client, event, manager):
    document = make_document(event)

    client.post(
        url("document_upload", event, code=document.code),
        {"language": "es", "file": upload("foto.png", png_bytes(with_text_chunk="Jane Doe"))},
    )

    row = document.files.get(language="es")
    assert (row.content_type, row.filename, row.pages) == ("image/png", "foto.png", None)
    assert b"Jane Doe" not in stored(row)


def test_details_are_saved_in_each_language(client, event, manager):
    document = make_document(event, title="Water paper")
    session = SessionFactory(event=event, code="WAT01")

    response = client.post(
        url("document", event, code=document.code),
        {
            "kind": "report",
            "session": str(session.pk),
            "audience": "organisers",
            "title_es": "Informe del agua",
            "title_en": "Water report",
            "title_fr": "",
        },
    )

    document.refresh_from_db()
    assert response.status_code == 302
    assert (
        document.kind,
        document.session,
        document.audience,
        document.title_es,
        document.title_en,
    ) == ("report", session, "organisers", "Informe del agua", "Water report")


def test_publish_and_withdraw(client, event, manager):
    document = make_document(event)

    published = client.post(url("document_publish", event, code=document.code), follow=True)
    document.refresh_from_db()
    assert document.state == DocumentState.PUBLISHED
    assert [str(m) for m in published.context["messages"]] == [
        "“Water paper” is published: its readers see it now."
    ]
    assert 'id="withdraw-button"' in published.text
    assert 'id="publish-button"' not in published.text

    withdrawn = client.post(url("document_withdraw", event, code=document.code), follow=True)
    document.refresh_from_db()
    assert document.state == DocumentState.WITHDRAWN
    assert [str(m) for m in withdrawn.context["messages"]] == [
        "“Water paper” has been withdrawn: only organisers see it now."
    ]
    again = client.post(url("document_withdraw", event, code=document.code), follow=True)
    assert [str(m) for m in again.context["messages"]] == [
        "Only a published document can be withdrawn."
    ]


def test_document_page_shows_its_history(client, event, manager):
    document = make_document(event, actor=manager)
    document_publish(document=document, actor=manager)

    page = client.get(url("document", event, code=document.code))

    assert [(line.actor, str(line.action), line.kind) for line in page.context["history"]] == [
        ("programme", "published", "document"),
        ("programme", "created", "document file"),
        ("programme", "created", "document"),
    ]
    assert 'id="document-history"' in page.text


# --- The list ---------------------------------------------------------------------------------


@pytest.fixture
def several(event):
    water = SessionFactory(event=event, code="WAT01", title="Water")
    energy = SessionFactory(event=event, code="ENE01", title="Energy")
    note = make_document(event, title="Concept note", kind=DocumentKind.CONCEPT_NOTE)
    document_file_add(
        document=note, language="fr", upload=upload_check(upload("n.pdf", pdf_bytes("Note")))
    )
    document_file_add(
        document=note, language="fr", upload=upload_check(upload("n2.pdf", pdf_bytes("Note 2")))
    )
    document_publish(document=note)
    slides = make_document(
        event, title="Water slides", kind=DocumentKind.PRESENTATION, session=water
    )
    paper = make_document(
        event,
        title="Energy paper",
        session=energy,
        audience=DocumentAudience.PARTICIPANTS,
    )
    document_publish(document=paper)
    return {"note": note, "slides": slides, "paper": paper, "water": water, "energy": energy}


def test_list_shows_every_document_with_languages_and_versions(client, event, manager, several):
    response = client.get(url("documents", event))

    rows = {row["document"].code: row for row in response.context["rows"]}
    note = rows[several["note"].code]
    assert note["languages"] == [("en", "English", 1), ("fr", "French", 2)]
    assert len(rows) == 3
    assert (
        '<span class="language-version" data-language="fr"><abbr title="French">FR</abbr> v2</span>'
        in response.text
    )
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"session": "edition"}, ["note"]),
        ({"kind": "presentation"}, ["slides"]),
        ({"state": "draft"}, ["slides"]),
        ({"state": "published"}, ["note", "paper"]),
        ({"audience": "participants"}, ["paper"]),
        ({"q": "energy"}, ["paper"]),
    ],
)
def test_list_filters(client, event, manager, several, query, expected):
    response = client.get(url("documents", event), query)

    assert sorted(row_codes(response)) == sorted(several[name].code for name in expected)


def test_list_filters_by_session(client, event, manager, several):
    response = client.get(url("documents", event), {"session": several["water"].pk})

    assert row_codes(response) == [several["slides"].code]


@pytest.mark.parametrize("count", [1, 6])
def test_list_query_count_is_fixed(client, event, manager, django_assert_num_queries, count):
    session = SessionFactory(event=event, code="WAT01")
    for number in range(count):
        document = make_document(event, title=f"Paper {number}", session=session)
        document_file_add(
            document=document,
            language="fr",
            upload=upload_check(upload("f.pdf", pdf_bytes("F"))),
        )

    # session, user, event, team flags, sessions for the filter, the count, the documents with
    # their sessions and speakers, their files
    with django_assert_num_queries(8):
        response = client.get(url("documents", event), {"state": "draft"})

    assert len(row_codes(response)) == count


# --- Who gets in ------------------------------------------------------------------------------


def test_organiser_of_another_event_gets_404_on_the_workspace_and_a_draft(
    client, event, organiser_of
):
    document = make_document(event)
    stranger = organiser_of(EventFactory(), can_manage_programme=True)
    client.force_login(stranger)

    responses = [
        client.get(url("documents", event)),
        client.get(url("document_new", event)),
        client.get(url("document", event, code=document.code)),
        client.post(url("document_publish", event, code=document.code)),
        client.get(file_url(document, "en")),
        client.get(file_url(document, "en", 1)),
    ]

    assert [r.status_code for r in responses] == [404] * 6
    document.refresh_from_db()
    assert document.state == DocumentState.DRAFT


def test_organiser_without_the_programme_flag_gets_404(client, event, organiser_of):
    client.force_login(organiser_of(event, can_manage_registrations=True))

    assert client.get(url("documents", event)).status_code == 404


def test_anonymous_goes_to_the_login_page(client, event):
    response = client.get(url("documents", event))

    assert (response.status_code, response["Location"]) == (
        302,
        f"/en/accounts/login/?next={url('documents', event)}",
    )


def test_organiser_of_the_event_reads_a_draft_file(client, event, manager):
    content = pdf_bytes("Draft paper")
    document = document_create(
        event=event,
        kind=DocumentKind.REPORT,
        title={"en": "Draft"},
        language="en",
        upload=upload_check(upload("draft.pdf", content)),
    )

    response = client.get(file_url(document, "en"))

    assert (response.status_code, response.getvalue()) == (200, content)
    assert response["Content-Disposition"] == 'inline; filename="draft.pdf"'


# --- The sessions workspace links to a session's documents ------------------------------------


def test_session_page_links_to_its_documents(client, event, manager, several):
    water = several["water"]
    make_document(event, title="More slides", session=water)

    response = client.get(
        reverse("programme_manage:session_edit", kwargs={"event_slug": event.slug, "code": "WAT01"})
    )

    assert (
        f'<a href="{url("documents", event)}?session={water.pk}" id="session-documents-link">'
        "Documents (2)</a>"
    ) in response.text


def test_sessions_list_counts_documents_per_session(client, event, manager, several):
    response = client.get(reverse("programme_manage:sessions", kwargs={"event_slug": event.slug}))

    counts = {s.code: s.documents_count for s, _conflict in response.context["rows"]}
    assert counts == {"WAT01": 1, "ENE01": 1}


@pytest.mark.parametrize("versions", [1, 5])
def test_document_page_query_count_is_fixed(
    client, event, manager, django_assert_num_queries, versions
):
    document = make_document(event, session=SessionFactory(event=event, code="WAT01"))
    for number in range(versions - 1):
        document_file_add(
            document=document,
            language="fr" if number % 2 else "en",
            upload=upload_check(upload("v.pdf", pdf_bytes(f"Version {number}"))),
        )

    # session, user, event, team flags, the document with its session and speaker, its
    # files, the sessions to choose from, the audit entries of it and its files (their
    # content types are cached since the writes above)
    with django_assert_num_queries(8):
        response = client.get(url("document", event, code=document.code))

    assert sum(len(v["files"]) for v in response.context["versions"]) == versions


@pytest.mark.parametrize("cut", ["inside the file", "before the closing boundary"])
def test_an_upload_cut_off_halfway_stores_nothing(client, event, manager, _documents_storage, cut):
    """The connection drops while the file is being sent: what arrived is not a whole file,
    and nothing is kept, neither a row nor a file."""
    boundary = "----forumboundary"
    content = pdf_bytes("Interrupted", pages=3)
    parts = []
    for name, value in new_post().items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    head = (
        "".join(parts).encode()
        + (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="paper.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
    )
    body = head + (content[: len(content) // 2] if cut == "inside the file" else content + b"\r\n")
    # The client builds its request from these bytes; the token comes from the page, as a
    # browser's would.
    page = client.get(url("document_new", event))
    token = page.context["csrf_token"]
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{token}\r\n"
    ).encode() + body

    response = client.generic(
        "POST",
        url("document_new", event),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )

    assert response.status_code == 400
    # Django's multipart parser keeps no file part whose closing boundary never came.
    assert response.context["form"].errors == {"file": ["This field is required."]}
    assert Document.objects.count() == 0
    assert stored_files(_documents_storage) == []


def test_list_in_french_marks_a_title_in_another_language(client, event, manager):
    event.languages = ["fr", "en"]
    event.save(update_fields=["languages"])
    document = make_document(event, title="Water paper")

    with translation.override("fr"):
        response = client.get(url("documents", event))

    link = re.search(
        rf'<a href="[^"]*/{document.code}/"([^>]*)>Water paper</a> (<span class="lang-note">[^<]*</span>)',
        response.text,
    )
    assert link.groups() == (' lang="en" dir="ltr"', '<span class="lang-note">(en anglais)</span>')
