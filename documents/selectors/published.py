"""What partners read of an event's documents: the public ones, and the codes of those that
were public once and are no longer (so an incremental sync learns they are gone).

Two queries whatever the number of documents and files (``documents_queryset``).
"""

from dataclasses import dataclass
from datetime import datetime

from documents.enums import DocumentState
from documents.selectors.documents import DocumentRead, document_read, documents_queryset
from events.models import Event


@dataclass(frozen=True)
class DocumentGone:
    """A document public once and now withdrawn or no longer public: only its code and
    when it changed, never its title, session, kind or files."""

    code: str
    updated_at: datetime
    state: str = DocumentState.WITHDRAWN


def documents_published(*, event: Event, lang: str) -> list[DocumentRead | DocumentGone]:
    """Every document of ``event`` that everyone could read once: the public ones (published, for
    everyone, with a file) as a reader of ``lang`` sees them, the others as ``DocumentGone``;
    ordered by code.

    ``event`` needs its ``pk`` and ``languages`` only.
    """
    # By code: a stable order whatever changes, so a partner paging through never skips one.
    rows = documents_queryset(event=event).filter(public_at__isnull=False).order_by("code")
    out: list[DocumentRead | DocumentGone] = []
    for document in rows:
        public = document.is_public
        read = document_read(document, lang=lang, languages=event.languages) if public else None
        if read is not None and read.file is not None:
            out.append(read)
        else:
            out.append(DocumentGone(code=document.code, updated_at=document.updated_at))
    return out
