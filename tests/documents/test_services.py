"""The document services: drafts, versions, publication, the audit log, and what tells the
published outputs that the public documents changed (the revision and the signal)."""

import pytest

from documents.enums import DocumentAudience, DocumentKind, DocumentState
from documents.models import Document, DocumentFile
from documents.services.documents import (
    DocumentError,
    document_create,
    document_file_add,
    document_publish,
    document_update,
    document_withdraw,
)
from events.models import AuditEntry
from forum.signals import documents_changed
from forum.uploads import upload_check
from tests.documents.conftest import pdf_bytes, upload
from tests.factories import EventFactory
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def checked(text="Paper", name="paper.pdf"):
    return upload_check(upload(name, pdf_bytes(text)))


@pytest.fixture
def sent():
    """The documents_changed signals sent during the test: (event id, code, published)."""
    calls = []

    def receive(sender, *, event, document, published, **kwargs):
        calls.append((event.pk, document.code, published))

    documents_changed.connect(receive, dispatch_uid="test-documents-changed")
    yield calls
    documents_changed.disconnect(dispatch_uid="test-documents-changed")


def revision(event) -> int:
    event.refresh_from_db(fields=["documents_revision"])
    return event.documents_revision


def new_document(event, **options):
    defaults = {
        "kind": DocumentKind.BACKGROUND_PAPER,
        "title": {"en": "Housing and migration", "fr": "Logement et migration"},
        "language": "en",
        "upload": checked(),
    }
    return document_create(event=event, **(defaults | options))


def test_a_new_document_is_a_draft_with_version_1_and_is_audited(event, sent):
    document = new_document(event)

    assert (document.state, document.audience, document.published_at) == ("draft", "public", None)
    assert (document.title_en, document.title_fr, document.title) == (
        "Housing and migration",
        "Logement et migration",
        "Housing and migration",
    )
    assert list(document.files.values_list("language", "version", "pages")) == [("en", 1, 1)]
    entries = AuditEntry.objects.filter(event=event).order_by("pk")
    assert [(e.action, e.content_type.model) for e in entries] == [
        ("created", "document"),
        ("created", "documentfile"),
    ]
    file = document.files.get()
    assert entries[1].changes == {
        "filename": [None, "paper.pdf"],
        "language": [None, "en"],
        "sha256": [None, file.sha256],
        "size": [None, file.size],
        "version": [None, 1],
    }
    assert (revision(event), sent) == (0, [])


def test_publishing_a_public_document_counts_the_revision_and_tells_once(event, sent):
    document = new_document(event)

    document_publish(document=document)
    document_publish(document=document)  # already published: nothing more

    document.refresh_from_db()
    assert document.state == DocumentState.PUBLISHED and document.published_at is not None
    assert document.public_at is not None and document.public_at >= document.published_at
    assert revision(event) == 1
    assert sent == [(event.pk, document.code, True)]


def test_a_new_version_of_a_published_document_keeps_the_old_one_and_tells(event, sent):
    document = new_document(event)
    document_publish(document=document)

    second = document_file_add(document=document, language="en", upload=checked("Revised"))
    french = document_file_add(document=document, language="fr", upload=checked("Révisé"))

    assert (second.version, french.version) == (2, 1)
    assert sorted(document.files.values_list("language", "version")) == [
        ("en", 1),
        ("en", 2),
        ("fr", 1),
    ]
    first = document.files.get(language="en", version=1)
    assert first.sha256 != second.sha256
    assert revision(event) == 3
    assert [published for _e, _c, published in sent] == [True, True, True]


def test_documents_for_participants_or_organisers_never_touch_the_public_revision(event, sent):
    for audience in (DocumentAudience.PARTICIPANTS, DocumentAudience.ORGANISERS):
        document = new_document(event, audience=audience)
        document_publish(document=document)
        document_file_add(document=document, language="en", upload=checked("v2"))
        document_withdraw(document=document)
        document.refresh_from_db()
        assert document.public_at is None  # never public: partners are never told of it

    assert (revision(event), sent) == (0, [])


def test_a_public_document_made_private_or_withdrawn_tells_it_is_gone(event, sent):
    document = new_document(event)
    document_publish(document=document)

    document_update(
        document=document,
        kind=document.kind,
        title={"en": "Housing and migration"},
        audience=DocumentAudience.PARTICIPANTS,
    )
    document_update(  # a private document's new title: the public sees nothing of it
        document=document,
        kind=document.kind,
        title={"en": "Housing"},
        audience=DocumentAudience.PARTICIPANTS,
    )
    other = new_document(event)
    document_publish(document=other)
    document_withdraw(document=other)

    assert sent == [
        (event.pk, document.code, True),
        (event.pk, document.code, False),
        (event.pk, other.code, True),
        (event.pk, other.code, False),
    ]
    assert revision(event) == 4
    other.refresh_from_db()
    assert other.state == DocumentState.WITHDRAWN
    with pytest.raises(DocumentError) as refused:
        document_withdraw(document=other)
    assert refused.value.code == "state"


def test_a_title_is_needed_in_one_language_and_a_language_must_be_known(event):
    with pytest.raises(DocumentError) as refused:
        new_document(event, title={"en": "  ", "fr": ""})
    assert (refused.value.code, refused.value.message) == (
        "title_en",
        "Enter a title in at least one language.",
    )
    with pytest.raises(DocumentError) as refused:
        new_document(event, language="xx")
    assert refused.value.code == "language"
    with pytest.raises(DocumentError) as refused:
        new_document(event, kind="minutes")
    assert refused.value.code == "kind"
    assert (Document.objects.count(), DocumentFile.objects.count()) == (0, 0)


def test_a_document_belongs_to_a_session_of_its_own_event(event):
    elsewhere = SessionFactory(event=EventFactory())

    with pytest.raises(DocumentError) as refused:
        new_document(event, session=elsewhere)

    assert (refused.value.code, Document.objects.count()) == ("session", 0)


def test_a_speaker_uploads_to_their_own_sessions_and_only_drafts(event, _documents_storage):
    mine, theirs = SessionFactory(event=event), SessionFactory(event=event)
    speaker = SpeakerFactory(event=event)
    SessionRoleFactory(session=mine, speaker=speaker)

    with pytest.raises(DocumentError) as refused:
        new_document(event, session=theirs, speaker=speaker, kind=DocumentKind.PRESENTATION)
    assert refused.value.code == "session"
    with pytest.raises(DocumentError):
        new_document(event, session=None, speaker=speaker, kind=DocumentKind.PRESENTATION)

    slides = new_document(event, session=mine, speaker=speaker, kind=DocumentKind.PRESENTATION)
    again = document_file_add(document=slides, language="en", upload=checked(), speaker=speaker)
    assert (slides.speaker_id, again.version, again.uploaded_by) == (
        speaker.pk,
        2,
        str(speaker),
    )
    other_speaker = SpeakerFactory(event=event)
    with pytest.raises(DocumentError):
        document_file_add(document=slides, language="en", upload=checked(), speaker=other_speaker)
    document_publish(document=slides)
    with pytest.raises(DocumentError) as refused:
        document_file_add(document=slides, language="fr", upload=checked(), speaker=speaker)
    assert refused.value.code == "file"
    assert slides.files.count() == 2
    stored = sorted(p.name for p in _documents_storage.rglob("*") if p.is_file())
    assert stored == ["paper.pdf", "paper.pdf"]  # the refused files were deleted again
