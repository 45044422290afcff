"""Documents in a browser: a speaker uploads a presentation through their invitation link, an
organiser publishes it from the documents workspace, and it appears on the public session
page with a working download and in the session's API ``documents``; a paper for registered
participants is not linked for an anonymous visitor and its address gives the 404 page, while
a registrant opens it from their agenda."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from documents.enums import DocumentAudience, DocumentKind
from documents.models import Document
from documents.services.documents import document_create, document_publish
from events.services.teams import team_add_member
from forum.uploads import upload_check
from sessions.enums import SpeakerState
from sessions.services.agenda import bookmark_add
from sessions.services.schedule import schedule_publish
from sessions.services.speakers import speaker_invite
from tests.browser import log_in
from tests.documents.conftest import pdf_bytes, upload
from tests.factories import CategoryFactory, EventFactory, UserFactory, register
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory, at


@pytest.fixture
def forum(transactional_db):
    event = EventFactory(
        name="Urban Forum 2031",
        slug="urban-2031",
        languages=["en", "fr"],
        registration_open=True,
    )
    session = SessionFactory(
        event=event,
        code="WATER1",
        title="Water for all",
        start=at(event, 0, 10),
        end=at(event, 0, 11),
    )
    speaker = SpeakerFactory(
        event=event, code="AMINA1", name="Amina Diallo", state=SpeakerState.CONFIRMED
    )
    SessionRoleFactory(session=session, speaker=speaker, role="panellist")
    schedule_publish(event=event, comment="First programme", user=None, notify=False)
    team_add_member(
        event=event,
        team_name="Programme",
        user=UserFactory(username="aminata"),
        can_manage_programme=True,
    )
    paper_content = pdf_bytes("Delegates' brief")
    paper = document_create(
        event=event,
        kind=DocumentKind.BACKGROUND_PAPER,
        title={"en": "Delegates' water brief"},
        language="en",
        upload=upload_check(upload("brief.pdf", paper_content)),
        session=session,
        audience=DocumentAudience.PARTICIPANTS,
    )
    document_publish(document=paper)
    registration, manage_token = register(CategoryFactory(event=event))
    bookmark_add(registration=registration, code="WATER1")
    return {
        "event": event,
        "token": speaker_invite(speaker=speaker),
        "paper": paper,
        "paper_content": paper_content,
        "manage_token": manage_token,
    }


def test_speaker_uploads_organiser_publishes_public_reads(
    live_server, page, forum, screenshot, axe_serious, tmp_path
):
    violations = {}
    slides = tmp_path / "Water slides.pdf"
    slides.write_bytes(pdf_bytes("Water for all: the slides", pages=3))
    notes = tmp_path / "notes.pdf"
    notes.write_bytes(b"Plain text notes, not a PDF.\n")

    # The speaker uploads their presentation through their link.
    page.goto(f"{live_server.url}/en/events/urban-2031/speaker/{forum['token']}/")
    section = page.locator("#presentations")
    assert section.locator("h2").inner_text() == "Presentations"
    form = page.locator("#presentation-form")
    form.get_by_label("Session").select_option("WATER1")
    form.get_by_label("Title of the presentation").fill("Water for all: the slides")
    form.get_by_label("Language of the file").select_option("en")
    form.locator("input[type=file]").set_input_files(str(slides))
    violations["speaker link"] = axe_serious(page)
    form.get_by_role("button", name="Upload the presentation").click()
    page.wait_for_selector(".messages")
    assert page.locator(".messages").inner_text() == (
        "Thank you: the organisers will publish your presentation after a look."
    )
    uploaded = Document.objects.get(speaker__code="AMINA1")
    item = page.locator(f"#my-presentations li[data-document-code='{uploaded.code}']")
    assert item.locator(".document-state").inner_text() == "Waiting for the organisers"
    assert item.locator(".document-files li").all_inner_texts() == [
        f"English: version 1, Water_slides.pdf ({_size(uploaded)})"
    ]
    violations["speaker link after upload"] = axe_serious(page)
    screenshot(page, "documents-speaker-link")

    # An organiser finds it in the workspace and publishes it.
    log_in(page, live_server, username="aminata", next_path="/en/manage/urban-2031/documents/")
    page.wait_for_selector("#documents")
    rows = page.locator("#documents tbody tr")
    assert rows.count() == 2
    row = page.locator(f"#documents tr[data-document-code='{uploaded.code}']")
    assert [cell.strip() for cell in row.locator("th, td").all_inner_texts()] == [
        "Water for all: the slides from Mayor Amina Diallo",
        "WATER1 Water for all",
        "Presentation",
        "Everyone",
        "Draft",
        "EN v1",
    ]
    violations["workspace list"] = axe_serious(page)
    screenshot(page, "documents-workspace-list")
    # A file that is not one of the accepted kinds is refused on its field, nothing stored.
    page.locator("#new-document").click()
    page.wait_for_url("**/manage/urban-2031/documents/new/")
    new = page.locator("#document-form")
    new.get_by_label("Kind").select_option("concept_note")
    new.locator("#translated-title").get_by_label("English").fill("Concept note")
    new.locator("input[type=file]").set_input_files(str(notes))
    new.get_by_role("button", name="Add the document").click()
    page.wait_for_selector(".errorlist")
    assert page.locator("#document-form .errorlist").all_inner_texts() == [
        "This kind of file is not accepted. Accepted: PDF, Word, PowerPoint, Excel, "
        "OpenDocument, PNG, JPEG."
    ]
    assert Document.objects.count() == 2
    violations["workspace new document refused"] = axe_serious(page)
    screenshot(page, "documents-workspace-new-refused")
    page.goto(f"{live_server.url}/en/manage/urban-2031/documents/")
    row.get_by_role("link", name="Water for all: the slides").click()
    page.wait_for_url(f"**/manage/urban-2031/documents/{uploaded.code}/")
    assert page.locator("#versions-en tbody tr").count() == 1
    violations["workspace document"] = axe_serious(page)
    screenshot(page, "documents-workspace-document")
    page.locator("#publish-button").click()
    page.wait_for_selector(".messages")
    assert page.locator(".messages").inner_text() == (
        "“Water for all: the slides” is published: its readers see it now."
    )
    assert page.locator("#document-state").inner_text() == "Published"
    screenshot(page, "documents-workspace-published")

    # An anonymous visitor sees it on the session page and downloads it.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/en/events/urban-2031/programme/sessions/WATER1/")
    page.wait_for_selector("#session-documents")
    assert page.locator("#documents li").count() == 1
    link = page.locator(f"#documents li[data-document-code='{uploaded.code}'] a.document-title")
    assert link.inner_text() == "Water for all: the slides"
    href = link.get_attribute("href")
    assert href == reverse("documents:file", kwargs={"code": uploaded.code, "language": "en"})
    assert page.locator("#participant-documents").inner_text() == (
        "One document here is for registered participants: they open it from the link they "
        "received when registering."
    )
    assert forum["paper"].code not in page.content()
    violations["session page"] = axe_serious(page)
    screenshot(page, "documents-session-page")
    download = page.request.get(f"{live_server.url}{href}")
    assert (download.status, download.headers["content-type"]) == (200, "application/pdf")
    assert download.body() == slides.read_bytes()

    # The partner API lists it on the session (and not the participants' paper).
    api = page.request.get(
        f"{live_server.url}/api/v1/events/urban-2031/sessions/WATER1/",
        headers={"Accept": "application/json"},
    )
    assert api.status == 200
    listed = api.json()["documents"]
    assert [(d["code"], d["kind"], d["title"]) for d in listed] == [
        (uploaded.code, "presentation", "Water for all: the slides")
    ]
    assert [(f["language"], f["version"], f["url"]) for f in listed[0]["files"]] == [
        ("en", 1, f"{live_server.url}{href}")
    ]

    # The edition's page points to the session documents through the programme.
    page.goto(f"{live_server.url}/en/events/urban-2031/")
    page.wait_for_selector("#event-documents")
    assert page.locator("#session-documents-note").inner_text() == (
        "One document of a session is on that session’s page: find it through the programme."
    )
    violations["event page"] = axe_serious(page)
    screenshot(page, "documents-event-page")

    # The participants' paper is refused to them with the 404 page.
    paper_url = reverse("documents:file", kwargs={"code": forum["paper"].code, "language": "en"})
    response = page.goto(f"{live_server.url}{paper_url}")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    violations["404"] = axe_serious(page)
    screenshot(page, "documents-participants-paper-404")

    # A registrant who bookmarked the session opens it from their agenda.
    page.goto(f"{live_server.url}/en/r/{forum['manage_token']}/agenda/")
    page.wait_for_selector("#agenda-mine")
    paper = page.locator(
        f"#agenda-mine li[data-document-code='{forum['paper'].code}'] a.document-title"
    )
    assert paper.inner_text() == "Delegates' water brief"
    assert "?access=" in paper.get_attribute("href")
    violations["agenda"] = axe_serious(page)
    screenshot(page, "documents-agenda")
    opened = page.request.get(f"{live_server.url}{paper.get_attribute('href')}")
    assert (opened.status, opened.body()) == (200, forum["paper_content"])

    assert violations == {name: [] for name in violations}
    # The only console errors are the browser's notes of the refused file's 400 (the form
    # shown again) and of the participants' paper's 404.
    assert page.js_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
        "Failed to load resource: the server responded with a status of 404 (Not Found)",
    ]


def _size(document) -> str:
    return filesizeformat(document.files.get().size)
