"""Writes to documents: create one with its first file, add a file (a language, or a new
version of one), change its title, kind, audience or session, publish and withdraw it.

Files are written to the documents storage *before* the database rows, then the rows in one
transaction; if that transaction fails the file is deleted again, so a refused or interrupted
write leaves neither a row nor a file. Callers must not wrap these in their own transaction
(a rollback there would leave the file behind).

Every write is recorded in the event's audit log. When what the public sees of an event's
documents changes, the event's ``documents_revision`` is counted up (the published outputs'
validators read it) and ``forum.signals.documents_changed`` is sent.
"""

import logging
import secrets
from collections.abc import Mapping

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.enums import DocumentAudience, DocumentKind, DocumentState
from documents.models import Document, DocumentFile
from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import (
    CONTENT_LANGUAGES,
    clean_texts,
    content_write,
    merged_texts,
    write_texts,
)
from forum.errors import ServiceError
from forum.locking import lock_one
from forum.signals import documents_changed
from forum.storage import file_discard, file_store
from forum.uploads import CheckedFile

logger = logging.getLogger(__name__)


class DocumentError(ServiceError):
    """A document write was refused; ``code`` names the field a form maps it to."""


def _public_changed(document: Document) -> None:
    """Count the change in the event's documents revision and tell the subscribers; the first
    time everyone may read the document is recorded."""
    if document.is_public and document.public_at is None:
        document.public_at = timezone.now()
        document.save(update_fields=["public_at"])
    Event.objects.filter(pk=document.event_id).update(
        documents_revision=F("documents_revision") + 1
    )
    documents_changed.send(
        sender=Document, event=document.event, document=document, published=document.is_public
    )


def _language_clean(language: str) -> str:
    if language not in CONTENT_LANGUAGES:
        raise DocumentError(_("Choose the language the file is written in."), code="language")
    return language


def _titles_clean(document: Document, title: Mapping[str, str]) -> dict[str, str]:
    max_length = Document._meta.get_field("title").max_length
    cleaned = clean_texts(title, field="title", max_length=max_length, error=DocumentError)
    merged = merged_texts(document, "title", cleaned)
    if not any(merged.values()):
        first = next(iter(title), "en")
        raise DocumentError(_("Enter a title in at least one language."), code=f"title_{first}")
    return cleaned


def _choices_clean(*, kind: str, audience: str) -> None:
    if kind not in DocumentKind.values:
        raise DocumentError(_("Choose what kind of document this is."), code="kind")
    if audience not in DocumentAudience.values:
        raise DocumentError(_("Choose who may read this document."), code="audience")


def _session_clean(*, event: Event, session, speaker) -> None:
    if session is not None and session.event_id != event.pk:
        raise DocumentError(_("Choose one of this event's sessions."), code="session")
    if speaker is not None:
        if speaker.event_id != event.pk or session is None:
            raise DocumentError(_("Choose one of your sessions."), code="session")
        if not session.roles.filter(speaker_id=speaker.pk).exists():
            raise DocumentError(_("Choose one of your sessions."), code="session")


def _stored_name(*, document: Document, language: str, upload: CheckedFile) -> str:
    """A name no one can guess: the event, the document, a random part, the file name."""
    return (
        f"{document.event_id}/{document.code}/{language}-{secrets.token_urlsafe(12)}/"
        f"{upload.filename}"
    )


def _file_row(
    *, document: Document, language: str, version: int, name: str, upload: CheckedFile, by: str
) -> DocumentFile:
    return DocumentFile.objects.create(
        document=document,
        language=language,
        version=version,
        file=name,
        filename=upload.filename,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        pages=upload.pages,
        uploaded_by=by[:200],
    )


def _uploader(*, speaker, actor, actor_label: str) -> str:
    """Who uploaded a file, as its version history names them."""
    if speaker is not None:
        return str(speaker)
    return str(actor) if actor else actor_label


def _audit_file(*, event: Event, row: DocumentFile, actor, actor_label: str) -> None:
    audit_record(
        event=event,
        obj=row,
        action=AuditAction.CREATED,
        actor=actor,
        actor_label=actor_label,
        changes=audit_diff(
            {},
            {
                "language": row.language,
                "version": row.version,
                "filename": row.filename,
                "size": row.size,
                "sha256": row.sha256,
            },
        ),
    )


def document_create(
    *,
    event: Event,
    kind: str,
    title: Mapping[str, str],
    language: str,
    upload: CheckedFile,
    session=None,
    audience: str = DocumentAudience.PUBLIC,
    speaker=None,
    actor=None,
    actor_label: str = "organiser",
) -> Document:
    """A new draft document of ``event`` (or of one of its ``session``s) with its first file,
    version 1 in ``language``. ``speaker``: a speaker uploading through their link, to one of
    their own sessions."""
    _choices_clean(kind=kind, audience=audience)
    _session_clean(event=event, session=session, speaker=speaker)
    language = _language_clean(language)
    document = Document(event=event, session=session, kind=kind, audience=audience, speaker=speaker)
    titles = _titles_clean(document, title)
    name = file_store(
        _stored_name(document=document, language=language, upload=upload), upload.content
    )
    try:
        with transaction.atomic():
            write_texts(document, "title", titles)
            with content_write():
                document.save()
            audit_record(
                event=event,
                obj=document,
                action=AuditAction.CREATED,
                actor=actor,
                actor_label=actor_label,
                changes=audit_diff({}, audit_snapshot(document)),
            )
            by = _uploader(speaker=speaker, actor=actor, actor_label=actor_label)
            row = _file_row(
                document=document, language=language, version=1, name=name, upload=upload, by=by
            )
            _audit_file(event=event, row=row, actor=actor, actor_label=actor_label)
    except BaseException:
        file_discard(name)
        raise
    logger.info("document %s created", document.code)
    return document


def document_file_add(
    *,
    document: Document,
    language: str,
    upload: CheckedFile,
    speaker=None,
    actor=None,
    actor_label: str = "organiser",
) -> DocumentFile:
    """A file of ``document`` in ``language``: version 1 of a new language, or the next
    version of one it has (earlier versions are kept). A speaker may add files to the drafts
    they uploaded only; once published, new versions come from the organisers."""
    language = _language_clean(language)
    name = file_store(
        _stored_name(document=document, language=language, upload=upload), upload.content
    )
    try:
        with transaction.atomic():
            document = lock_one(Document.objects.select_related("event"), document.pk)
            if speaker is not None and (
                document.speaker_id != speaker.pk or document.state != DocumentState.DRAFT
            ):
                raise DocumentError(
                    _(
                        "This document is no longer a draft: send the new version to the "
                        "organisers."
                    ),
                    code="file",
                )
            last = document.files.filter(language=language).aggregate(v=Max("version"))["v"]
            by = _uploader(speaker=speaker, actor=actor, actor_label=actor_label)
            row = _file_row(
                document=document,
                language=language,
                version=(last or 0) + 1,
                name=name,
                upload=upload,
                by=by,
            )
            _audit_file(event=document.event, row=row, actor=actor, actor_label=actor_label)
            document.save(update_fields=["updated_at"])
            if document.is_public:
                _public_changed(document)
    except BaseException:
        file_discard(name)
        raise
    logger.info("document %s: %s version %s", document.code, language, row.version)
    return row


@transaction.atomic
def document_update(
    *,
    document: Document,
    kind: str,
    title: Mapping[str, str],
    audience: str,
    session=None,
    actor=None,
) -> Document:
    """Change what a document is, its title ({code: text}; languages left out keep theirs),
    who may read it, or the session it belongs to (None: the whole edition)."""
    _choices_clean(kind=kind, audience=audience)
    document = lock_one(Document.objects.select_related("event"), document.pk)
    _session_clean(event=document.event, session=session, speaker=None)
    before, was_public = audit_snapshot(document), document.is_public
    titles = _titles_clean(document, title)
    document.kind, document.audience, document.session = kind, audience, session
    write_texts(document, "title", titles)
    with content_write():
        document.save()
    changes = audit_diff(before, audit_snapshot(document))
    audit_record(
        event=document.event, obj=document, action=AuditAction.CHANGED, actor=actor, changes=changes
    )
    if changes and (was_public or document.is_public):
        _public_changed(document)
    return document


@transaction.atomic
def document_publish(*, document: Document, actor=None) -> Document:
    """Show the document to its audience (again, after a withdrawal)."""
    document = lock_one(Document.objects.select_related("event"), document.pk)
    if document.state == DocumentState.PUBLISHED:
        return document
    if not document.files.exists():
        raise DocumentError(_("Upload a file before publishing the document."), code="file")
    before = audit_snapshot(document, ["state", "published_at"])
    document.state = DocumentState.PUBLISHED
    document.published_at = document.published_at or timezone.now()
    document.save(update_fields=["state", "published_at", "updated_at"])
    audit_record(
        event=document.event,
        obj=document,
        action=AuditAction.PUBLISHED,
        actor=actor,
        changes=audit_diff(before, audit_snapshot(document, ["state", "published_at"])),
    )
    if document.audience == DocumentAudience.PUBLIC:
        _public_changed(document)
    logger.info("document %s published", document.code)
    return document


@transaction.atomic
def document_withdraw(*, document: Document, actor=None) -> Document:
    """Hide a published document from its audience; organisers still see it and its files,
    and may publish it again."""
    document = lock_one(Document.objects.select_related("event"), document.pk)
    if document.state != DocumentState.PUBLISHED:
        raise DocumentError(_("Only a published document can be withdrawn."), code="state")
    before = audit_snapshot(document, ["state"])
    document.state = DocumentState.WITHDRAWN
    document.save(update_fields=["state", "updated_at"])
    audit_record(
        event=document.event,
        obj=document,
        action=AuditAction.WITHDRAWN,
        actor=actor,
        changes=audit_diff(before, audit_snapshot(document, ["state"])),
    )
    if document.audience == DocumentAudience.PUBLIC:
        _public_changed(document)
    logger.info("document %s withdrawn", document.code)
    return document


def document_deleted_receive(sender, *, instance: Document, **kwargs) -> None:
    """A document public once was deleted (by a cascade or the shell, no service deletes
    one): count the event's documents revision so cached partner outputs drop it."""
    if instance.public_at is not None:
        Event.objects.filter(pk=instance.event_id).update(
            documents_revision=F("documents_revision") + 1
        )
