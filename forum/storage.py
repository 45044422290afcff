"""Private file storage: where documents, nomination letters and registrants' uploaded answers
are kept (``STORAGES["documents"]``: a private folder or an S3 bucket, from
``FORUM_STORAGE_URL``), never a folder the web server serves. Personal files (letters,
answers) live under ``personal/``."""

import logging

from django.core.files.storage import Storage, storages
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

PERSONAL_PREFIX = "personal/"


class _PrivateStorage(Storage):
    """``STORAGES["documents"]`` as it is configured when used, not when a model was loaded:
    every attribute is the configured storage's (a FileField keeps the storage it was given
    for good)."""

    def __getattribute__(self, name):
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["documents"], name)


_PRIVATE_STORAGE = _PrivateStorage()


def private_storage() -> Storage:
    """The private storage (callable, so a FileField's migration names it, not its settings)."""
    return _PRIVATE_STORAGE


def file_store(name: str, content) -> str:
    """Write ``content`` under ``name`` (a name no other file has: it holds a random part) in
    the private storage; a write that stops halfway (a full disk, a lost connection) leaves no
    part behind. Returns the name stored."""
    content.seek(0)
    try:
        return private_storage().save(name, content)
    except BaseException:
        file_discard(name)
        raise


def file_discard(name: str) -> None:
    """Delete a stored file whose row was never written (or was erased): a file that cannot be
    deleted is logged, never raised, since nothing refers to it any more."""
    if not name:
        return
    try:
        private_storage().delete(name)
    except Exception:
        # The name may hold a person's name (a letter's file name): log its folder only.
        logger.exception("a private file in %s could not be deleted", name.rsplit("/", 2)[0])


def private_download(name: str, *, filename: str, content_type: str, size: int | None = None):
    """A stored private file as a download: always an attachment, never sniffed or run as a
    page of this site (sandboxed), never cached. A file missing from the storage is a 404."""
    if not name:
        raise Http404
    try:
        handle = private_storage().open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    if size is not None:
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response
