"""What an uploaded file (a document, a nomination letter, a registrant's answer) must be before anything is stored: small enough, of an
allowed type recognised by its content (never by its name), readable, and without what it
should not carry (images lose their metadata, office files their macros).

``upload_check`` reads the file and returns a ``CheckedFile`` ready to store, or raises
``UploadRefused`` with a translated message; nothing is written either way.
"""

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from forum.errors import ServiceError

# Recognised type (by content) -> (extension it is stored under, a name people know it by).
ALLOWED_TYPES = {
    "application/pdf": ("pdf", "PDF"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "Word"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "pptx",
        "PowerPoint",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", "Excel"),
    "application/vnd.oasis.opendocument.text": ("odt", "OpenDocument"),
    "application/vnd.oasis.opendocument.presentation": ("odp", "OpenDocument"),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods", "OpenDocument"),
    "image/png": ("png", "PNG"),
    "image/jpeg": ("jpg", "JPEG"),
}
IMAGE_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG"}
# What an image's info may keep when it is drawn again: how its pixels read, nothing about them.
PIXEL_INFO = {"transparency"}
# An office file is a ZIP archive: refuse one whose parts would expand beyond this.
MAX_EXPANDED_BYTES = 500 * 1024 * 1024
FILENAME_MAX = 100
FILENAME_MAX_BYTES = 200  # in UTF-8
CHUNK = 64 * 1024


class UploadRefused(ServiceError):
    """An uploaded file was refused; nothing was stored."""

    code = "file"


@dataclass(frozen=True)
class CheckedFile:
    """An accepted file: what to store, under which name, and what is known of it."""

    content: File
    filename: str
    content_type: str
    size: int
    sha256: str
    pages: int | None


def allowed_types_text() -> str:
    """The accepted kinds of file, for help texts and refusals."""
    return ", ".join(dict.fromkeys(label for _ext, label in ALLOWED_TYPES.values()))


def filename_normalise(name: str, extension: str) -> str:
    """A safe download name: the last path part of ``name``, in Unicode NFC, letters, digits,
    dashes, dots and underscores only, at most ``FILENAME_MAX`` characters and
    ``FILENAME_MAX_BYTES`` bytes, ending in the extension of the type the content was
    recognised as."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    stem = unicodedata.normalize("NFC", base).rsplit(".", 1)[0] if "." in base else base
    try:
        stem = get_valid_filename(stem.strip(" .-_"))
    except SuspiciousFileOperation:
        stem = ""
    stem = stem.strip("._-")[: FILENAME_MAX - len(extension) - 1]
    # A name is a path part in the storage too: at most 255 bytes on most file systems.
    while len(f"{stem}.{extension}".encode()) > FILENAME_MAX_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip("._-")
    return f"{stem or 'document'}.{extension}"


def _digest(content: File) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    content.seek(0)
    for chunk in iter(lambda: content.read(CHUNK), b""):
        sha.update(chunk)
        size += len(chunk)
    content.seek(0)
    return sha.hexdigest(), size


def _pdf_pages(content: File) -> int:
    # pypdf brings its font tools (~30 MB): loaded with the first PDF upload, not by every
    # process whose pages import the upload checks.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    content.seek(0)
    try:
        reader = PdfReader(content)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadRefused(
                _("This PDF is protected by a password: upload a copy without one.")
            )
        pages = len(reader.pages)
    except UploadRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise UploadRefused(_("This PDF is damaged and cannot be read.")) from exc
    finally:
        content.seek(0)
    if pages < 1:
        raise UploadRefused(_("This PDF has no pages."))
    return pages


def _office_check(content: File) -> None:
    content.seek(0)
    try:
        with zipfile.ZipFile(content) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(_("This file is damaged and cannot be read.")) from exc
    finally:
        content.seek(0)
    if sum(info.file_size for info in infos) > MAX_EXPANDED_BYTES:
        raise UploadRefused(_("This file expands to too much data to be accepted."))
    if any(PurePosixPath(info.filename).name.lower() == "vbaproject.bin" for info in infos):
        raise UploadRefused(
            _("This file contains macros: save it without them (or as a PDF) and upload it again.")
        )


def _image_reencoded(content: File, fmt: str) -> ContentFile:
    """The image drawn again, without its metadata (camera, place, author): only the
    pixels, turned upright, and the colour profile are kept."""
    content.seek(0)
    try:
        with Image.open(content) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            icc = image.info.get("icc_profile")
            # Pillow writes some of what it read back (a JPEG's comment): keep only what
            # the pixels need.
            upright.info = {k: v for k, v in upright.info.items() if k in PIXEL_INFO}
            if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            options = {"icc_profile": icc} if icc else {}
            if fmt == "JPEG":
                options.update(quality=90, optimize=True)
            upright.save(out, format=fmt, **options)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UploadRefused(_("This image is damaged or too large to be read.")) from exc
    return ContentFile(out.getvalue())


def upload_check(uploaded: File, *, max_bytes: int | None = None) -> CheckedFile:
    """Accept ``uploaded`` (a Django ``UploadedFile`` or any ``File``) or refuse it."""
    max_bytes = settings.FORUM_DOCUMENT_MAX_BYTES if max_bytes is None else max_bytes
    if uploaded is None or not uploaded.size:
        raise UploadRefused(_("The file is empty."))
    if uploaded.size > max_bytes:
        raise UploadRefused(
            _("The file is %(size)s; files of up to %(max)s are accepted.")
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(max_bytes)}
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise UploadRefused(
            _("This kind of file is not accepted. Accepted: %(types)s.")
            % {"types": allowed_types_text()}
        )
    extension = ALLOWED_TYPES[kind.mime][0]
    content, pages = uploaded, None
    if kind.mime == "application/pdf":
        pages = _pdf_pages(uploaded)
    elif kind.mime in IMAGE_TYPES:
        content = _image_reencoded(uploaded, IMAGE_TYPES[kind.mime])
    else:
        _office_check(uploaded)
    sha256, size = _digest(content)
    if size > max_bytes:  # an image can grow when it is drawn again
        raise UploadRefused(
            _("The file is %(size)s; files of up to %(max)s are accepted.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)}
        )
    return CheckedFile(
        content=content,
        filename=filename_normalise(getattr(uploaded, "name", "") or "", extension),
        content_type=kind.mime,
        size=size,
        sha256=sha256,
        pages=pages,
    )
