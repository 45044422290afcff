"""Documents as the public pages and a registrant's pages list them: the session page, the
edition's page, the personal agenda and the registration's own page.

Each read is one call costing two queries (the documents, then their files), whatever the
number of documents, files and versions.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from documents.access import participant_access, readable_audiences
from documents.enums import DocumentAudience, DocumentKind
from documents.models import DocumentFile
from documents.selectors.documents import (
    DocumentRead,
    document_file_url,
    documents_for_audiences,
    documents_read,
)
from events.models import Event
from forum.content import Language, Text, pick, texts_of
from forum.uploads import ALLOWED_TYPES
from registrations.models import Registration

# The order a page lists an edition's documents in: the concept note first.
KIND_ORDER = {kind: position for position, kind in enumerate(DocumentKind.values)}


@dataclass(frozen=True)
class OtherFile:
    """The file of a document in another language than the one shown."""

    language: str
    label: str
    url: str


@dataclass(frozen=True)
class ShownDocument:
    """One document in a page's list: its title and file picked in the page's language."""

    code: str
    title: Text
    kind: str  # its label
    kind_code: str
    url: str
    file: DocumentFile
    # The file's language as a Text: a fallback one is marked with {% lang_note %}.
    file_language: Text
    type_label: str
    others: list[OtherFile]
    for_participants: bool
    session_code: str | None


def _shown(read: DocumentRead) -> ShownDocument:
    file = read.file
    return ShownDocument(
        code=read.code,
        title=read.title,
        kind=read.kind_label,
        kind_code=read.document.kind,
        url=read.url(),
        file=file,
        file_language=Text(
            Language(file.language).label, lang=file.language, is_fallback=read.file_is_fallback
        ),
        type_label=ALLOWED_TYPES.get(file.content_type, ("", file.content_type))[1],
        others=[
            OtherFile(
                language=other.language,
                label=str(Language(other.language).label),
                url=document_file_url(other, document=read.document, access=read.access),
            )
            for other in read.other_files()
        ],
        for_participants=read.for_participants,
        session_code=read.session_code,
    )


def _sorted_by_kind(shown: list[ShownDocument]) -> list[ShownDocument]:
    return sorted(shown, key=lambda doc: KIND_ORDER.get(doc.kind_code, len(KIND_ORDER)))


@dataclass
class PublicDocuments:
    """What a public page shows: the public documents, and how many more there are for
    registered participants (opened from their registration link)."""

    shown: list[ShownDocument]
    for_participants: int
    in_sessions: int = 0  # (the edition's page) public documents of its sessions


def documents_session_page(*, event: Event, session_code: str, lang: str) -> PublicDocuments:
    """The published documents of one session of ``event`` for its public page."""
    rows = documents_for_audiences(
        event=event, audiences=(DocumentAudience.PUBLIC, DocumentAudience.PARTICIPANTS)
    ).filter(session__code=session_code)
    reads = list(documents_read(rows, event=event, lang=lang))
    return PublicDocuments(
        shown=[_shown(read) for read in reads if not read.for_participants],
        for_participants=sum(1 for read in reads if read.for_participants),
    )


def documents_event_page(*, event: Event, lang: str) -> PublicDocuments:
    """The published documents of the edition itself (concept note first) for its public
    page, and how many public ones its sessions have (their pages list them)."""
    rows = documents_for_audiences(
        event=event, audiences=(DocumentAudience.PUBLIC, DocumentAudience.PARTICIPANTS)
    )
    reads = list(documents_read(rows, event=event, lang=lang))
    edition = [read for read in reads if read.session_code is None]
    return PublicDocuments(
        shown=_sorted_by_kind([_shown(read) for read in edition if not read.for_participants]),
        for_participants=sum(1 for read in edition if read.for_participants),
        in_sessions=sum(
            1 for read in reads if read.session_code is not None and not read.for_participants
        ),
    )


@dataclass(frozen=True)
class SessionDocuments:
    code: str
    title: Text
    documents: list[ShownDocument]


@dataclass
class RegistrantDocuments:
    """A registrant's documents: the edition's and those of the sessions in their agenda,
    participants' ones included while their registration is approved (the links carry their
    signed access value)."""

    edition: list[ShownDocument]
    sessions: list[SessionDocuments] = field(default_factory=list)
    access: str = ""  # the registrant's signed access value (for the ZIP of everything)

    def of_session(self, code: str) -> list[ShownDocument]:
        return next((entry.documents for entry in self.sessions if entry.code == code), [])

    @property
    def by_session(self) -> dict[str, list[ShownDocument]]:
        return {entry.code: entry.documents for entry in self.sessions}

    def __bool__(self) -> bool:
        return bool(self.edition or self.sessions)


def documents_for_registrant(*, registration: Registration, lang: str) -> RegistrantDocuments:
    """The documents ``registration`` may read of its event: the edition's and those of the
    sessions bookmarked in its personal agenda (the programme's ``bookmarks`` of the
    registration, read in the same query)."""
    event = registration.event
    access = participant_access(registration)
    bookmarked = registration.bookmarks.values("session_code")
    rows = (
        documents_for_audiences(event=event, audiences=readable_audiences(participant=bool(access)))
        .filter(Q(session__isnull=True) | Q(session__code__in=bookmarked))
        .select_related("session")
    )
    reads = list(documents_read(rows, event=event, lang=lang, access=access))
    sessions: dict[str, SessionDocuments] = {}
    for read in reads:
        if read.session_code is None:
            continue
        if read.session_code not in sessions:
            session = read.document.session
            title = pick(texts_of(session, "title"), requested=lang, languages=event.languages)
            sessions[read.session_code] = SessionDocuments(read.session_code, title, [])
        sessions[read.session_code].documents.append(_shown(read))
    return RegistrantDocuments(
        edition=_sorted_by_kind([_shown(read) for read in reads if read.session_code is None]),
        sessions=sorted(sessions.values(), key=lambda entry: entry.code),
        access=access,
    )
