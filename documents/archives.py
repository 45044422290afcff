"""The "download all material" ZIP of an edition's (or one session's) documents, as the
requester may read them, streamed in constant memory.

The archive is never built nor kept on the server: its members (the latest version of each
readable document in each language) are read from the database, and the ZIP is generated
while it is sent, each file read from the storage in chunks when its turn comes. Members are
stored (no compression: PDFs and office files are compressed already), so the archive's
length is known before the first byte, and the bytes depend only on the member list: the
names, the files' contents and their upload dates. The strong ETag is a hash of that list,
so it is the cache: the same set of file versions is the same ETag and the same bytes,
a client or shared cache revalidates with If-None-Match (304), and a new version, a
withdrawal or a change of audience makes a new ETag. No ZIP bytes are cached here.
"""

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import PurePosixPath

from zipstream import ZIP_STORED, ZipStream
from zipstream.ng import ZipStreamInfo

from documents.enums import DocumentAudience, DocumentState
from documents.models import Document, DocumentFile, documents_storage
from events.models import Event

CHUNK = 256 * 1024
# What a member needs of its file row (and of its document, for a name taken twice).
MEMBER_FIELDS = (
    "pk",
    "document_id",
    "document__code",
    "language",
    "version",
    "file",
    "filename",
    "size",
    "sha256",
    "created_at",
)


@dataclass(frozen=True)
class ArchiveMember:
    """One file in the archive, under its path there."""

    name: str
    file: DocumentFile


@dataclass(frozen=True)
class DocumentsArchive:
    """What one requester gets: the members, in order, and whether all are public."""

    members: list[ArchiveMember]
    public: bool

    @property
    def etag(self) -> str:
        """A strong ETag: a hash of the member list (path, file id and content hash each)."""
        digest = hashlib.sha256()
        for member in self.members:
            digest.update(f"{member.name}\0{member.file.pk}\0{member.file.sha256}\n".encode())
        return f'"{digest.hexdigest()}"'

    def stream(self) -> "DatedZipStream":
        """The ZIP, generated as it is iterated; ``len()`` is its size in bytes."""
        archive = DatedZipStream(compress_type=ZIP_STORED, sized=True)
        for member in self.members:
            archive.add_dated(
                _file_chunks(member.file.file.name),
                member.name,
                size=member.file.size,
                date_time=member.file.created_at.astimezone(UTC).timetuple()[:6],
            )
        return archive


class DatedZipStream(ZipStream):
    """A ``ZipStream`` whose members carry the date they are given (zipstream-ng dates data
    it did not read from a path "now", which would change the bytes on every download).

    It adds stored members of known size only: the one case archives need. It builds on
    zipstream-ng's internals (``_queue``, ``_pos``, ``_track``, ``_filelist``), pinned at 1.9.3;
    tests check the archive is valid and the same bytes twice."""

    def add_dated(self, chunks, arcname: str, *, size: int, date_time: tuple) -> None:
        self.add(chunks, arcname, size=size)
        self._queue[-1]["date_time"] = tuple(date_time)

    def _gen_file_entry(self, *, iterable, size, arcname, date_time, **options):
        info = ZipStreamInfo(arcname, date_time)
        info.external_attr = 0o600 << 16  # -rw-------
        info.file_size = size
        info.compress_type = ZIP_STORED
        info._compresslevel = None
        info.header_offset = self._pos
        for data in info._file_data(iterable):
            yield self._track(data)
        if info.file_size != size:
            raise RuntimeError(f"{arcname}: {info.file_size} bytes read, {size} expected")
        self._filelist.append(info)


def _file_chunks(name: str) -> Iterator[bytes]:
    """The stored file's bytes in chunks; nothing is opened before the first one is asked for.

    From an S3 bucket the object's body is streamed as it arrives (django-storages' file
    objects download a whole object first)."""
    storage = documents_storage()
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:
        body = bucket.Object(storage._normalize_name(name)).get()["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()
        return
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def _folder(session_code: str | None, event: Event) -> str:
    """A member's folder: its session's code, or the event's slug; never a path elsewhere."""
    return re.sub(r"[^\w-]", "_", session_code) if session_code else event.slug


def _unique(name: str, taken: set[str], code: str) -> str:
    """``name``, or (taken already) the same with the document's code before the extension."""
    if name not in taken:
        return name
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{code}{path.suffix}"))


def documents_archive(
    *, event: Event, audiences, session_code: str | None = None
) -> DocumentsArchive:
    """The archive of ``event``'s published documents of ``audiences`` (its own and all its
    sessions'), or of one session's only: the latest file of each language, under
    ``<session code, or the event's slug>/<language>/<file name>``. Two queries, whatever
    the number of documents and files."""
    documents = Document.objects.filter(
        event=event, state=DocumentState.PUBLISHED, audience__in=list(audiences)
    )
    if session_code is not None:
        documents = documents.filter(session__code=session_code)
    audience_of, folder_of = {}, {}
    for pk, audience, folder in documents.values_list("pk", "audience", "session__code"):
        audience_of[pk], folder_of[pk] = audience, _folder(folder, event)
    latest: dict[tuple[int, str], DocumentFile] = {}
    files = DocumentFile.objects.filter(document_id__in=list(audience_of)).select_related(
        "document"
    )
    for file in files.only(*MEMBER_FIELDS).order_by("document_id", "language", "-version"):
        latest.setdefault((file.document_id, file.language), file)
    ordered = sorted(
        latest.values(), key=lambda f: (folder_of[f.document_id], f.language, f.document_id)
    )
    members, taken = [], set()
    for file in ordered:
        name = _unique(
            f"{folder_of[file.document_id]}/{file.language}/{file.filename}",
            taken,
            file.document.code,
        )
        taken.add(name)
        members.append(ArchiveMember(name=name, file=file))
    public = all(audience_of[m.file.document_id] == DocumentAudience.PUBLIC for m in members)
    return DocumentsArchive(members=members, public=public)
