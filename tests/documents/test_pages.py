"""Documents on the public pages (a session's, the edition's), on a registrant's pages (the
personal agenda, the registration's own page) and on a speaker's invitation page: who sees
which document, by which link, in which language; query counts pinned."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation

from documents.access import participant_access
from documents.enums import DocumentAudience, DocumentKind
from documents.models import Document
from documents.services.documents import (
    DocumentError,
    document_create,
    document_file_add,
    document_publish,
)
from forum.uploads import upload_check
from registrations.services.registrations import registration_cancel
from sessions.models import Session, Speaker
from sessions.services.agenda import bookmark_add
from sessions.services.speakers import speaker_invite
from tests.documents.conftest import pdf_bytes, upload
from tests.factories import CategoryFactory, EventFactory, register

pytestmark = pytest.mark.django_db


def page_url(name, event, **kwargs):
    return reverse(f"programme:{name}", kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def same_second(monkeypatch):
    """Access values signed during the test carry one timestamp, so a value the page signed
    equals the one the test signs afterwards (they differ once a second boundary passes)."""
    import time

    from django.core import signing

    stamp = signing.b62_encode(int(time.time()))
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: stamp)


def file_url(document, language, access=""):
    url = reverse("documents:file", kwargs={"code": document.code, "language": language})
    return f"{url}?{urlencode({'access': access})}" if access else url


def document_codes(response) -> list[str]:
    return re.findall(r'<li data-document-code="([^"]+)"', response.text)


def add(event, *, title, session=None, language="en", content=None, publish=True, **kwargs):
    titles = title if isinstance(title, dict) else {language: title}
    document = document_create(
        event=event,
        kind=kwargs.pop("kind", DocumentKind.BACKGROUND_PAPER),
        title=titles,
        language=language,
        upload=upload_check(upload("file.pdf", content or pdf_bytes(str(title)))),
        session=session,
        **kwargs,
    )
    if publish:
        document_publish(document=document)
    return document


@pytest.fixture
def programme(event, published):
    """Sessions S0, S1 and S2 of a published programme (event languages: es, en, fr); the
    event's registration is open."""
    now = timezone.now()
    event.registration_opens_at = now - timedelta(days=30)
    event.registration_closes_at = now + timedelta(days=30)
    event.save(update_fields=["registration_opens_at", "registration_closes_at"])
    return published(3)


@pytest.fixture
def papers(event, programme):
    s0 = programme[0]
    slides_content = pdf_bytes("Water slides", pages=4)
    slides = add(
        event,
        title={"en": "Water slides", "es": "Diapositivas del agua"},
        session=s0,
        kind=DocumentKind.PRESENTATION,
        content=slides_content,
    )
    document_file_add(
        document=slides, language="fr", upload=upload_check(upload("eau.pdf", pdf_bytes("Eau")))
    )
    paper_content = pdf_bytes("Participants paper", pages=2)
    paper = add(
        event,
        title="Participants paper",
        session=s0,
        audience=DocumentAudience.PARTICIPANTS,
        content=paper_content,
    )
    draft = add(event, title="Draft paper", session=s0, publish=False)
    private = add(event, title="Organisers' notes", session=s0, audience="organisers")
    report = add(event, title="Report", kind=DocumentKind.REPORT)
    note = add(event, title="Concept note", kind=DocumentKind.CONCEPT_NOTE)
    edition_paper = add(event, title="Delegates' brief", audience=DocumentAudience.PARTICIPANTS)
    return {
        "slides": slides,
        "slides_content": slides_content,
        "paper": paper,
        "paper_content": paper_content,
        "draft": draft,
        "private": private,
        "report": report,
        "note": note,
        "edition_paper": edition_paper,
    }


# --- The session page -------------------------------------------------------------------------


def test_session_page_lists_public_documents_and_counts_participants_ones(client, event, papers):
    response = client.get(page_url("session", event, code="S0"))

    slides = papers["slides"]
    assert document_codes(response) == [slides.code]
    assert (
        f'<a href="{file_url(slides, "en")}" class="document-title">Water slides</a>'
        in response.text
    )
    size = filesizeformat(papers["slides"].files.get(language="en").size)
    assert (
        f'<span class="meta document-facts">Presentation · PDF, {size}, 4 pages</span>'
    ) in response.text
    assert (
        f'Also in: <a href="{file_url(slides, "fr")}" hreflang="fr" class="document-language">'
        "French</a>"
    ) in response.text
    assert re.search(r'<p class="meta" id="participant-documents">(.*?)</p>', response.text)[1] == (
        "One document here is for registered participants: they open it from the link they "
        "received when registering."
    )
    for hidden in ("paper", "draft", "private", "note"):
        assert papers[hidden].code not in response.text


def test_session_page_in_spanish_marks_the_file_in_another_language(client, event, papers):
    response = client.get(
        reverse("programme:session", kwargs={"event_slug": event.slug, "code": "S0"}).replace(
            "/en/", "/es/", 1
        )
    )

    slides = papers["slides"]
    # The title is in Spanish; the file exists in English and French only: the English one
    # (the event's next language) is linked and marked.
    assert (
        f'<a href="{file_url(slides, "en")}" class="document-title">Diapositivas del agua</a>'
    ) in response.text
    facts = re.search(r'<span class="meta document-facts">(.*?)</span>\n', response.text)[1]
    with translation.override("es"):
        size = filesizeformat(slides.files.get(language="en").size)
    assert facts == (
        f'Presentación · PDF, {size}, 4 páginas <span class="lang-note">(en inglés)</span>'
    )


def test_session_page_in_french_marks_the_title_in_another_language(client, event, papers):
    response = client.get(
        reverse("programme:session", kwargs={"event_slug": event.slug, "code": "S0"}).replace(
            "/en/", "/fr/", 1
        )
    )

    slides = papers["slides"]
    assert (
        f'<a href="{file_url(slides, "fr")}" class="document-title" lang="es" dir="ltr">'
        "Diapositivas del agua</a>"
    ) in response.text


def test_session_without_documents_has_no_documents_section(client, event, papers):
    response = client.get(page_url("session", event, code="S1"))

    assert 'id="session-documents"' not in response.text


@pytest.mark.parametrize("count", [1, 5])
def test_session_page_query_count_with_documents(
    client, event, programme, django_assert_num_queries, count
):
    for number in range(count):
        document = add(event, title=f"Paper {number}", session=programme[0])
        document_file_add(
            document=document,
            language="fr",
            upload=upload_check(upload("f.pdf", pdf_bytes("F"))),
        )
    add(event, title="For participants", session=programme[0], audience="participants")

    # the event, the latest version, the documents, their files, the public recording, the
    # published report (none)
    with django_assert_num_queries(6):
        response = client.get(page_url("session", event, code="S0"))

    assert len(document_codes(response)) == count


# --- Who may open which file ------------------------------------------------------------------


def test_anonymous_reads_public_files_only(client, event, papers):
    public = client.get(file_url(papers["slides"], "en"))

    assert (public.status_code, public.getvalue()) == (200, papers["slides_content"])
    for name in ("paper", "draft", "private", "edition_paper"):
        assert client.get(file_url(papers[name], "en")).status_code == 404


def test_registrant_access_opens_the_participants_paper(client, event, papers):
    registration, _token = register(CategoryFactory(event=event))
    access = participant_access(registration)

    response = client.get(file_url(papers["paper"], "en", access))

    assert (response.status_code, response.getvalue()) == (200, papers["paper_content"])
    assert response["Cache-Control"] == "private, no-store"
    # Organisers' documents and drafts stay closed to participants.
    assert client.get(file_url(papers["private"], "en", access)).status_code == 404
    assert client.get(file_url(papers["draft"], "en", access)).status_code == 404


def test_another_events_registrant_access_gives_404(client, event, papers):
    other, _token = register(CategoryFactory(event=EventFactory(registration_open=True)))

    response = client.get(file_url(papers["paper"], "en", participant_access(other)))

    assert response.status_code == 404


def test_cancelled_registrants_access_gives_404(client, event, papers):
    registration, _token = register(CategoryFactory(event=event))
    access = participant_access(registration)
    registration_cancel(registration=registration, actor_label="registrant")

    assert client.get(file_url(papers["paper"], "en", access)).status_code == 404


# --- The edition's page -----------------------------------------------------------------------


def test_event_page_lists_the_editions_documents_concept_note_first(client, event, papers):
    response = client.get(reverse("events:detail", kwargs={"slug": event.slug}))

    assert document_codes(response) == [papers["note"].code, papers["report"].code]
    assert re.search(r'<p class="meta" id="participant-documents">(.*?)</p>', response.text)[1] == (
        "One document here is for registered participants: they open it from the link they "
        "received when registering."
    )
    agenda = page_url("agenda", event)
    assert (
        '<p id="session-documents-note">One document of a session is on that session’s page: '
        f'find it through the <a href="{agenda}">programme</a>.</p>'
    ) in response.text


@pytest.mark.parametrize("count", [1, 5])
def test_event_page_query_count_with_documents(
    client, event, programme, django_assert_num_queries, count
):
    for number in range(count):
        add(event, title=f"Paper {number}")
        add(event, title=f"Slides {number}", session=programme[number % 3])

    with django_assert_num_queries(EVENT_PAGE_QUERIES):
        response = client.get(reverse("events:detail", kwargs={"slug": event.slug}))

    assert len(document_codes(response)) == count


# the event, whether its call for side events is published, the documents, their files
EVENT_PAGE_QUERIES = 4


# --- A registrant's pages ---------------------------------------------------------------------


@pytest.fixture
def registrant(event, papers):
    registration, token = register(CategoryFactory(event=event))
    bookmark_add(registration=registration, code="S0")
    return registration, token


def test_agenda_lists_edition_and_bookmarked_sessions_documents_with_access(
    client, event, papers, registrant, same_second
):
    registration, token = registrant

    response = client.get(reverse("my_agenda", kwargs={"token": token}))

    access = participant_access(registration)
    documents = response.context["documents"]
    assert [doc.code for doc in documents.edition] == [
        papers["note"].code,
        papers["edition_paper"].code,
        papers["report"].code,
    ]
    # In the session: a background paper, then a presentation (by kind).
    assert [doc.code for doc in documents.of_session("S0")] == [
        papers["paper"].code,
        papers["slides"].code,
    ]
    paper_link = file_url(papers["paper"], "en", access)
    assert f'<a href="{paper_link}" class="document-title">Participants paper</a>' in response.text
    assert "for registered participants" in response.text
    opened = client.get(paper_link)
    assert (opened.status_code, opened.getvalue()) == (200, papers["paper_content"])


def test_agenda_of_an_unbookmarked_session_lists_only_the_editions(client, event, papers):
    registration, token = register(CategoryFactory(event=event))
    bookmark_add(registration=registration, code="S1")

    response = client.get(reverse("my_agenda", kwargs={"token": token}))

    documents = response.context["documents"]
    assert (documents.of_session("S0"), documents.of_session("S1")) == ([], [])
    assert papers["paper"].code not in response.text


@pytest.mark.parametrize("count", [1, 5])
def test_agenda_query_count_with_documents(
    client, event, programme, django_assert_num_queries, count
):
    registration, token = register(CategoryFactory(event=event))
    bookmark_add(registration=registration, code="S0")
    for number in range(count):
        add(event, title=f"Paper {number}", audience="participants")
        add(event, title=f"Slides {number}", session=programme[0])
        add(event, title=f"Other {number}", session=programme[1])

    with django_assert_num_queries(AGENDA_QUERIES):
        response = client.get(reverse("my_agenda", kwargs={"token": token}))

    documents = response.context["documents"]
    assert (len(documents.edition), len(documents.of_session("S0"))) == (count, count)


# registration, latest version, bookmarks, the sessions' streams and recordings, documents,
# their files, the calendar feed
AGENDA_QUERIES = 7


def test_manage_page_lists_the_registrants_documents(
    client, event, papers, registrant, same_second
):
    registration, token = registrant

    response = client.get(reverse("registration_manage", kwargs={"token": token}))

    access = participant_access(registration)
    section = re.search(r'<section[^>]*id="forum-documents">(.*?)</section>', response.text, re.S)[
        1
    ]
    assert re.findall(r'<li data-document-code="([^"]+)"', section) == [
        papers["note"].code,
        papers["edition_paper"].code,
        papers["report"].code,
        *(d.code for d in sorted([papers["paper"], papers["slides"]], key=lambda d: d.title_en)),
    ]
    assert '<h3 data-session-code="S0">Session number 0</h3>' in section
    assert file_url(papers["edition_paper"], "en", access) in section


def test_pending_registrant_sees_public_documents_only(client, event, papers):
    category = CategoryFactory(event=event, requires_approval=True)
    registration, token = register(category)
    assert registration.state == "pending_approval"

    response = client.get(reverse("registration_manage", kwargs={"token": token}))

    section = re.search(r'<section[^>]*id="forum-documents">(.*?)</section>', response.text, re.S)[
        1
    ]
    assert re.findall(r'<li data-document-code="([^"]+)"', section) == [
        papers["note"].code,
        papers["report"].code,
    ]
    assert "access=" not in section


# --- Speakers upload through their link -------------------------------------------------------


@pytest.fixture
def speaker_link(event, programme):
    """(speaker P0 of session S0, their link); P1 speaks in S1."""
    speaker = Speaker.objects.get(event=event, code="P0")
    token = speaker_invite(speaker=speaker)
    return speaker, page_url("speaker_invitation", event, token=token)


def presentation_post(session="S0", **overrides):
    return {
        "action": "presentation",
        "presentation-session": session,
        "presentation-title": "My slides",
        "presentation-language": "fr",
        "presentation-file": upload("Mes diapos.pdf", pdf_bytes("Slides", pages=3)),
        **overrides,
    }


def test_speaker_uploads_a_presentation_as_a_draft(client, event, speaker_link):
    speaker, link = speaker_link

    response = client.post(link, presentation_post(), follow=True)

    document = Document.objects.get()
    assert (
        document.kind,
        document.session.code,
        document.speaker,
        document.state,
        document.audience,
        document.title_fr,
        document.title_en,
    ) == ("presentation", "S0", speaker, "draft", "public", "My slides", None)
    assert list(document.files.values_list("language", "version", "filename", "pages")) == [
        ("fr", 1, "Mes_diapos.pdf", 3)
    ]
    assert [str(m) for m in response.context["messages"]] == [
        "Thank you: the organisers will publish your presentation after a look."
    ]
    item = re.search(
        rf'<li data-document-code="{document.code}" data-state="draft">(.*?)</form>',
        response.text,
        re.S,
    )[1]
    assert '<span class="document-state">Waiting for the organisers</span>' in item
    assert "French: version 1, Mes_diapos.pdf" in item


def test_speaker_cannot_upload_to_another_speakers_session(client, event, speaker_link):
    _speaker, link = speaker_link

    response = client.post(link, presentation_post(session="S1"))

    assert response.status_code == 400
    assert response.context["presentation_form"].errors == {
        "session": ["Select a valid choice. S1 is not one of the available choices."]
    }
    assert Document.objects.count() == 0


def test_the_service_refuses_a_speaker_another_session(event, speaker_link):
    speaker, _link = speaker_link
    other = Session.objects.get(event=event, code="S1")

    with pytest.raises(DocumentError) as refused:
        document_create(
            event=event,
            kind=DocumentKind.PRESENTATION,
            title={"en": "Not mine"},
            language="en",
            upload=upload_check(upload("x.pdf", pdf_bytes())),
            session=other,
            speaker=speaker,
        )

    assert (refused.value.code, refused.value.message) == (
        "session",
        "Choose one of your sessions.",
    )
    assert Document.objects.count() == 0


def test_speaker_refused_file_type_stores_nothing(client, event, speaker_link, _documents_storage):
    _speaker, link = speaker_link

    response = client.post(
        link, presentation_post(**{"presentation-file": upload("x.pdf", b"plain text")})
    )

    assert response.context["presentation_form"].errors == {
        "file": [
            "This kind of file is not accepted. Accepted: PDF, Word, PowerPoint, Excel, "
            "OpenDocument, PNG, JPEG."
        ]
    }
    assert Document.objects.count() == 0
    assert [p for p in _documents_storage.rglob("*") if p.is_file()] == []


def test_speaker_adds_a_version_to_their_draft_until_it_is_published(client, event, speaker_link):
    speaker, link = speaker_link
    client.post(link, presentation_post())
    document = Document.objects.get()

    added = client.post(
        link,
        {
            "action": "presentation_version",
            "document": document.code,
            f"version-{document.code}-language": "fr",
            f"version-{document.code}-file": upload("v2.pdf", pdf_bytes("Slides v2")),
        },
    )
    document_publish(document=document)
    refused = client.post(
        link,
        {
            "action": "presentation_version",
            "document": document.code,
            f"version-{document.code}-language": "fr",
            f"version-{document.code}-file": upload("v3.pdf", pdf_bytes("Slides v3")),
        },
    )

    assert added.status_code == 302
    assert list(document.files.values_list("version", "filename", "uploaded_by")) == [
        (2, "v2.pdf", speaker.display_name),
        (1, "Mes_diapos.pdf", speaker.display_name),
    ]
    assert refused.status_code == 400
    assert refused.context["presentations"][0]["state"] == "Published"
    assert refused.context["presentations"][0]["form"] is None


def test_speaker_cannot_add_a_version_to_another_speakers_document(
    client, event, programme, speaker_link
):
    _speaker, link = speaker_link
    other = Speaker.objects.get(event=event, code="P1")
    theirs = add(
        event,
        title="Their slides",
        session=programme[1],
        speaker=other,
        publish=False,
    )

    response = client.post(
        link,
        {
            "action": "presentation_version",
            "document": theirs.code,
            f"version-{theirs.code}-language": "en",
            f"version-{theirs.code}-file": upload("x.pdf", pdf_bytes("Mine now")),
        },
    )

    assert response.status_code == 400
    assert theirs.files.count() == 1
    assert theirs.code not in response.text


def test_speaker_page_query_count_with_presentations(
    client, event, programme, speaker_link, django_assert_num_queries
):
    speaker, link = speaker_link
    for number in range(3):
        add(event, title=f"Slides {number}", session=programme[0], speaker=speaker, publish=False)

    # event, speaker, roles with sessions, the speaker's documents, their files
    with django_assert_num_queries(5):
        response = client.get(link)

    assert len(response.context["presentations"]) == 3
