"""Reads of the organisers' documents workspace: the list, one document with its version
history, its audit lines, and the event's sessions to attach documents to."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from documents.models import Document, DocumentFile
from documents.selectors.documents import documents_queryset
from events.models import AuditEntry, Event
from forum.content import CONTENT_LANGUAGES


def documents_for_organiser(*, event: Event) -> QuerySet[Document]:
    """Every document of ``event`` whatever its state, with its session, the speaker who
    uploaded it and all its files (three queries however many there are)."""
    return documents_queryset(event=event).select_related("session", "speaker")


def document_get_for_organiser(*, event: Event, code: str) -> Document:
    """One document of ``event`` by its code; a 404 for any other event's."""
    return get_object_or_404(documents_for_organiser(event=event), code=code)


def sessions_for_documents(*, event: Event) -> list:
    """The event's sessions (the programme's model, named by the document's foreign key: this
    app never imports the programme), in code order."""
    session_model = Document._meta.get_field("session").related_model
    return list(session_model.objects.filter(event=event).order_by("code"))


@dataclass(frozen=True)
class LanguageVersions:
    language: str
    versions: list[DocumentFile]  # newest first

    @property
    def latest(self) -> DocumentFile:
        return self.versions[0]


def document_versions(document: Document) -> list[LanguageVersions]:
    """``document``'s files by language (in the content languages' order), newest first;
    read from the files ``documents_queryset`` prefetched."""
    by_language: dict[str, list[DocumentFile]] = {}
    for row in document.all_files:
        by_language.setdefault(row.language, []).append(row)
    return [
        LanguageVersions(code, sorted(by_language[code], key=lambda f: -f.version))
        for code in CONTENT_LANGUAGES
        if code in by_language
    ]


def document_audit_entries(*, document: Document) -> QuerySet[AuditEntry]:
    """The audit entries of ``document`` and of its files, newest first (one query)."""
    types = ContentType.objects.get_for_models(Document, DocumentFile, for_concrete_models=False)
    file_ids = [str(row.pk) for row in document.all_files]
    return AuditEntry.objects.filter(
        Q(content_type=types[Document], object_id=str(document.pk))
        | Q(content_type=types[DocumentFile], object_id__in=file_ids),
        event=document.event_id,
    ).select_related("actor", "content_type", "event")


def documents_uploaded_by(*, event: Event, speaker_id: int) -> list[Document]:
    """The documents a speaker uploaded through their link, with their sessions and files
    (two queries), in their sessions' order."""
    return list(
        documents_queryset(event=event)
        .filter(speaker_id=speaker_id)
        .select_related("session")
        .order_by("session__code", "created_at", "pk")
    )
