"""Reads of documents for pages, the API and the feeds.

Every read costs the same two queries whatever the number of documents and files: the
documents (with their session's code), and their files (every version, newest first).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import F, Prefetch, QuerySet
from django.urls import reverse

from documents.enums import DocumentAudience, DocumentKind, DocumentState
from documents.models import Document, DocumentFile
from events.models import Event
from forum.content import Text, fallback_order, pick, texts_of


@dataclass
class DocumentRead:
    """A document as one reader sees it: its title and its file picked in the reader's
    language (the page's, else the event's fallback order), and the other languages' files."""

    document: Document
    title: Text
    file: DocumentFile | None  # the latest version in the picked language
    files: dict[str, DocumentFile]  # language -> its latest version
    versions: dict[str, list[DocumentFile]] = field(default_factory=dict)  # newest first
    access: str = ""  # a registrant's signed access value, added to the links
    requested: str = ""  # the reader's language

    @property
    def code(self) -> str:
        return self.document.code

    @property
    def kind_label(self) -> str:
        return str(DocumentKind(self.document.kind).label)

    @property
    def for_participants(self) -> bool:
        return self.document.audience == DocumentAudience.PARTICIPANTS

    @property
    def session_code(self) -> str | None:
        return getattr(self.document, "session_code", None)

    @property
    def file_is_fallback(self) -> bool:
        """The picked file is in another language than the one asked for."""
        return self.file is not None and self.file.language != self.requested

    def url(self, language: str | None = None) -> str:
        """The stable address of the latest file in ``language`` (default: the picked one)."""
        chosen = self.files.get(language) if language else self.file
        if chosen is None:
            return ""
        return document_file_url(chosen, document=self.document, access=self.access)

    def other_files(self) -> list[DocumentFile]:
        return [f for code, f in self.files.items() if self.file is None or f.pk != self.file.pk]


def document_file_url(
    file: DocumentFile, *, document: Document, access: str = "", version: bool = False
) -> str:
    """The site-relative address of ``file``: the latest of its language, or (``version``) this
    very version."""
    kwargs = {"code": document.code, "language": file.language}
    if version:
        kwargs["version"] = file.version
        url = reverse("documents:file_version", kwargs=kwargs)
    else:
        url = reverse("documents:file", kwargs=kwargs)
    return f"{url}?{urlencode({'access': access})}" if access else url


def _files_prefetch() -> Prefetch:
    return Prefetch(
        "files", queryset=DocumentFile.objects.order_by("language", "-version"), to_attr="all_files"
    )


def documents_queryset(*, event: Event) -> QuerySet[Document]:
    return (
        Document.objects.filter(event=event)
        .annotate(session_code=F("session__code"))
        .prefetch_related(_files_prefetch())
        .order_by("session_id", "kind", "title_en", "pk")
    )


def document_read(document: Document, *, lang: str, languages) -> DocumentRead:
    """``document`` (read through ``documents_queryset``) as a reader of ``lang`` sees it."""
    versions: dict[str, list[DocumentFile]] = defaultdict(list)
    for row in getattr(document, "all_files", None) or document.files.order_by(
        "language", "-version"
    ):
        versions[row.language].append(row)
    files = {code: rows[0] for code, rows in versions.items()}
    order = fallback_order(lang, languages)
    chosen = next((files[code] for code in order if code in files), None)
    files = {code: files[code] for code in order if code in files}
    return DocumentRead(
        document=document,
        title=pick(texts_of(document, "title"), requested=lang, languages=languages),
        file=chosen,
        files=files,
        versions=dict(versions),
        requested=lang,
    )


def documents_for_audiences(*, event: Event, audiences) -> QuerySet[Document]:
    """The published documents of ``event`` whose audience is one of ``audiences``, read
    through ``documents_queryset`` (narrow it further before reading)."""
    return documents_queryset(event=event).filter(
        state=DocumentState.PUBLISHED, audience__in=list(audiences)
    )


def documents_read(rows, *, event: Event, lang: str, access: str = ""):
    """``rows`` as readers of ``lang`` see them, those without a file left out."""
    for document in rows:
        read = document_read(document, lang=lang, languages=event.languages)
        if read.file is not None:
            read.access = access
            yield read


def documents_readable(
    *, event: Event, lang: str, audiences, access: str = ""
) -> list[DocumentRead]:
    """The published documents of ``event`` whose audience is one of ``audiences`` and that
    have a file, as a reader of ``lang`` sees them (two queries)."""
    rows = documents_for_audiences(event=event, audiences=audiences)
    return list(documents_read(rows, event=event, lang=lang, access=access))


def documents_grouped(reads: list[DocumentRead]) -> tuple[list[DocumentRead], dict]:
    """(the edition's documents, {session code: its documents})."""
    edition, by_session = [], defaultdict(list)
    for read in reads:
        if read.session_code is None:
            edition.append(read)
        else:
            by_session[read.session_code].append(read)
    return edition, dict(by_session)
