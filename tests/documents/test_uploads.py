"""Upload safety: what is accepted (recognised by content), what is refused with which message,
and that a refusal or a failed write stores nothing."""

import io
import unicodedata
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import translation
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader, PdfWriter

import documents.services.documents as services
import forum.uploads as uploads
from documents.models import Document, DocumentFile
from documents.services.documents import document_create, document_file_add, document_publish
from forum.uploads import UploadRefused, filename_normalise, upload_check
from tests.documents.conftest import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
REFUSED_TYPE = (
    "This kind of file is not accepted. Accepted: PDF, Word, PowerPoint, Excel, OpenDocument, "
    "PNG, JPEG."
)

# The main part of each OOXML kind: (folder, part, its content type, its root element).
OOXML_MAIN = {
    "docx": (
        "word",
        "document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Concept note</w:t></w:r></w:p></w:body></w:document>",
    ),
    "pptx": (
        "ppt",
        "presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    ),
    "xlsx": (
        "xl",
        "workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheets/></workbook>",
    ),
}


def ooxml_bytes(kind: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal OOXML package: content types, the package relationship, the main part."""
    folder, part, content_type, root = OOXML_MAIN[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{folder}/{part}" ContentType="{content_type}"/></Types>',
        )
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/officeDocument" Target="{folder}/{part}"/></Relationships>',
        )
        package.writestr(f"{folder}/{part}", f'<?xml version="1.0"?>{root}')
        for name, content in (extra or {}).items():
            package.writestr(name, content)
    return out.getvalue()


def odt_bytes() -> bytes:
    """A minimal OpenDocument text: its mimetype first and stored, as ODF requires."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", ODT, compress_type=zipfile.ZIP_STORED)
        package.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            f'manifest:media-type="{ODT}"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        package.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            "<office:body><office:text><text:p>Rapport</text:p></office:text></office:body>"
            "</office:document-content>",
        )
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Secret"))))
    writer.encrypt("a password")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def office_bomb() -> bytes:
    """A Word file of 0.5 MB whose parts expand to 520 MB of zeros."""
    out = io.BytesIO(ooxml_bytes("docx"))
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as package,
        package.open("word/media/filler.bin", "w", force_zip64=True) as part,
    ):
        zeros = bytes(1024 * 1024)
        for _ in range(520):
            part.write(zeros)
    return out.getvalue()


def jpeg_with_metadata(orientation: int = 6) -> bytes:
    """A 60×20 JPEG with a camera, a GPS position, an orientation, an XMP packet and a comment."""
    image = Image.new("RGB", (60, 20), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, 10, 20))  # a blue band on the left
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS 5D"
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 24.0)
    out = io.BytesIO()
    image.save(
        out,
        format="JPEG",
        exif=exif.tobytes(),
        xmp=b"<x:xmpmeta>Jane Doe</x:xmpmeta>",
        comment=b"Taken at home by Jane Doe",
    )
    return out.getvalue()


# --- accepted --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type", "filename"),
    [
        ("Concept note.docx", lambda: ooxml_bytes("docx"), DOCX, "Concept_note.docx"),
        ("slides.pptx", lambda: ooxml_bytes("pptx"), PPTX, "slides.pptx"),
        ("budget.xlsx", lambda: ooxml_bytes("xlsx"), XLSX, "budget.xlsx"),
        ("rapport.odt", odt_bytes, ODT, "rapport.odt"),
        ("photo.png", png_bytes, "image/png", "photo.png"),
        ("photo.jpeg", lambda: jpeg_with_metadata(1), "image/jpeg", "photo.jpg"),
    ],
)
def test_allowed_types_are_accepted_by_content(name, content, content_type, filename):
    checked = upload_check(upload(name, content()))

    assert (checked.content_type, checked.filename, checked.pages) == (
        content_type,
        filename,
        None,
    )


def test_a_pdf_is_accepted_with_its_page_count():
    content = pdf_bytes("Programme", pages=3)

    checked = upload_check(upload("programme.pdf", content))

    assert (checked.content_type, checked.filename, checked.pages) == (
        "application/pdf",
        "programme.pdf",
        3,
    )
    assert checked.size == len(content)


def test_the_extension_is_the_contents_not_the_names():
    assert upload_check(upload("paper.docx", pdf_bytes())).filename == "paper.pdf"
    assert upload_check(upload("notes", ooxml_bytes("docx"))).filename == "notes.docx"


def test_a_pdf_whose_owner_password_opens_it_is_accepted():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(pages=2))))
    writer.encrypt(user_password="", owner_password="owner only")
    out = io.BytesIO()
    writer.write(out)

    assert upload_check(upload("open.pdf", out.getvalue())).pages == 2


# --- refused, nothing stored -------------------------------------------------------------------


def damaged_pdf() -> bytes:
    content = pdf_bytes(pages=3)
    return content[: len(content) // 2]


REFUSALS = [
    ("program.pdf", lambda: b"MZ\x90\x00\x03\x00\x00\x00" + bytes(500), REFUSED_TYPE),
    (
        "page.pdf",
        lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        REFUSED_TYPE,
    ),
    (
        "drawing.pdf",
        lambda: (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>"
        ),
        REFUSED_TYPE,
    ),
    ("notes.txt", lambda: b"Just some notes.\n" * 20, REFUSED_TYPE),
    ("archive.pdf", lambda: zipfile_bytes(), REFUSED_TYPE),
    ("empty.pdf", lambda: b"", "The file is empty."),
    ("broken.pdf", damaged_pdf, "This PDF is damaged and cannot be read."),
    (
        "secret.pdf",
        encrypted_pdf,
        "This PDF is protected by a password: upload a copy without one.",
    ),
    (
        "macros.docx",
        lambda: ooxml_bytes("docx", extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
        "This file contains macros: save it without them (or as a PDF) and upload it again.",
    ),
    ("bomb.docx", office_bomb, "This file expands to too much data to be accepted."),
    ("blank.pdf", lambda: pdf_without_pages(), "This PDF has no pages."),
    (
        "cut.docx",
        lambda: ooxml_bytes("docx")[:600],
        "This file is damaged and cannot be read.",
    ),
    (
        "cut.png",
        lambda: png_bytes()[:60],
        "This image is damaged or too large to be read.",
    ),
]


def pdf_without_pages() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def zipfile_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not an office file")
    return out.getvalue()


def stored_files(location) -> list:
    return [path for path in location.rglob("*") if path.is_file()]


@pytest.mark.parametrize(("name", "content", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_files_store_nothing(event, _documents_storage, name, content, message):
    with pytest.raises(UploadRefused) as refused:
        document_create(
            event=event,
            kind="background_paper",
            title={"en": "Paper"},
            language="en",
            upload=upload_check(upload(name, content())),
        )

    assert refused.value.message == message
    assert refused.value.code == "file"
    assert stored_files(_documents_storage) == []
    assert (Document.objects.count(), DocumentFile.objects.count()) == (0, 0)


def test_an_oversize_file_is_refused_with_both_sizes(settings, _documents_storage):
    settings.FORUM_DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(UploadRefused) as refused:
        upload_check(upload("big.pdf", b"%PDF-1.7\n" + bytes(1527)))

    assert refused.value.message == (
        "The file is 1.5\xa0KB; files of up to 1000\xa0bytes are accepted."
    )
    assert stored_files(_documents_storage) == []


def test_refusals_are_translated_when_raised(monkeypatch):
    """Every refusal goes through gettext in the language active when it is raised."""
    monkeypatch.setattr(uploads, "_", lambda text: f"[{translation.get_language()}] {text}")

    with translation.override("fr"), pytest.raises(UploadRefused) as refused:
        upload_check(upload("notes.txt", b"Just some notes.\n" * 20))
    with translation.override("es"), pytest.raises(UploadRefused) as empty:
        upload_check(upload("empty.pdf", b""))

    assert refused.value.message.startswith("[fr] This kind of file is not accepted.")
    assert empty.value.message == "[es] The file is empty."


# --- file names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\talk.pdf", "talk.pdf"),
        ("Re\u0301sume\u0301 final.PDF", "R\u00e9sum\u00e9_final.pdf"),  # NFD in, NFC out
        ("...", "document.pdf"),
        (".....pdf", "document.pdf"),
        ("", "document.pdf"),
        ("  -rapport_.pdf", "rapport.pdf"),
        ("<b>alert(1)</b>.pdf", "b.pdf"),  # the last path part only
        ("<script>alert(1).pdf", "scriptalert1.pdf"),
        ("a b\u202egpj.pdf", "a_bgpj.pdf"),  # a right-to-left override dropped
        ("x" * 300 + ".pdf", "x" * 96 + ".pdf"),
        ("\u62a5" * 300 + ".pdf", "\u62a5" * 65 + ".pdf"),  # 195 bytes + .pdf
    ],
)
def test_filenames_are_normalised(name, normalised):
    result = filename_normalise(name, "pdf")

    assert result == normalised
    assert unicodedata.is_normalized("NFC", result)
    assert len(result) <= 100
    assert len(result.encode()) <= 200


def test_a_long_unicode_name_is_stored(event, _documents_storage):
    document = document_create(
        event=event,
        kind="report",
        title={"en": "Report"},
        language="en",
        upload=upload_check(upload("\u62a5\u544a" * 150 + ".pdf", pdf_bytes())),
    )

    row = document.files.get()
    assert row.filename == "\u62a5\u544a" * 32 + "\u62a5.pdf"
    assert [path.name for path in stored_files(_documents_storage)] == [row.filename]


# --- images --------------------------------------------------------------------------------------


def test_a_jpeg_loses_its_metadata_and_is_turned_upright():
    raw = jpeg_with_metadata(orientation=6)
    assert Image.open(io.BytesIO(raw)).getexif()[0x010F] == "Canon"

    checked = upload_check(upload("holiday.jpg", raw))
    data = checked.content.read()
    image = Image.open(io.BytesIO(data))

    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(0x8825) == {}
    assert set(image.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density"}
    assert (b"Canon" in data, b"Jane" in data, b"EOS" in data) == (False, False, False)
    # Orientation 6 (turn 90° clockwise to view): 60×20 becomes 20×60, the left band on top.
    assert image.size == (20, 60)
    red, _green, blue = image.getpixel((10, 5))
    assert blue > 150 and red < 80
    assert checked.size == len(data)


def test_a_png_loses_its_text_chunks():
    info = PngInfo()
    info.add_text("Author", "Jane Doe")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>Jane Doe</x:xmpmeta>")
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(
        out, format="PNG", pnginfo=info, exif=exif.tobytes()
    )

    data = upload_check(upload("chart.png", out.getvalue())).content.read()
    image = Image.open(io.BytesIO(data))

    assert image.info == {}
    assert dict(image.getexif()) == {}
    assert (b"Jane" in data, b"Canon" in data) == (False, False)
    assert image.size == (40, 30)
    assert image.getpixel((0, 0)) == (200, 30, 30)


def test_a_png_keeps_its_transparency():
    image = Image.new("P", (4, 4), 1)
    image.putpalette([0, 0, 0, 255, 0, 0])
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=1)

    back = Image.open(io.BytesIO(upload_check(upload("dot.png", out.getvalue())).content.read()))

    assert back.info == {"transparency": 1}


# --- a write that fails after the file was stored -------------------------------------------------


def audit_fails(**kwargs):
    raise RuntimeError("audit log unavailable")


def test_document_create_failing_in_the_database_deletes_the_file(
    event, _documents_storage, monkeypatch
):
    monkeypatch.setattr(services, "audit_record", audit_fails)

    with pytest.raises(RuntimeError, match="audit log unavailable"):
        document_create(
            event=event,
            kind="report",
            title={"en": "Report"},
            language="en",
            upload=upload_check(upload("report.pdf", pdf_bytes())),
        )

    assert stored_files(_documents_storage) == []
    assert (Document.objects.count(), DocumentFile.objects.count()) == (0, 0)


def test_a_new_version_failing_in_the_database_deletes_its_file(
    event, _documents_storage, monkeypatch
):
    document = document_create(
        event=event,
        kind="report",
        title={"en": "Report"},
        language="en",
        upload=upload_check(upload("report.pdf", pdf_bytes("v1"))),
    )
    (first,) = stored_files(_documents_storage)
    monkeypatch.setattr(services, "audit_record", audit_fails)

    with pytest.raises(RuntimeError, match="audit log unavailable"):
        document_file_add(
            document=document,
            language="en",
            upload=upload_check(upload("report.pdf", pdf_bytes("v2"))),
        )

    assert stored_files(_documents_storage) == [first]
    assert list(document.files.values_list("language", "version")) == [("en", 1)]


def test_an_upload_interrupted_while_stored_leaves_nothing(event, _documents_storage, monkeypatch):
    """The storage write itself stops halfway (a full disk, a lost connection to the bucket):
    no row is written, and the part already written is not left behind."""
    storage = storages["documents"]
    real_save = storage._save

    def save_half(name, content):
        real_save(name, ContentFile(content.read(content.size // 2)))
        assert len(stored_files(_documents_storage)) == 1
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "_save", save_half)
    with pytest.raises(OSError, match="No space left"):
        document_create(
            event=event,
            kind="report",
            title={"en": "Report"},
            language="en",
            upload=upload_check(upload("report.pdf", pdf_bytes())),
        )

    assert stored_files(_documents_storage) == []
    assert (Document.objects.count(), DocumentFile.objects.count()) == (0, 0)


# --- versions ------------------------------------------------------------------------------------


def test_versions_are_kept_and_each_downloadable(event, client):
    v1, v2, french = pdf_bytes("Version 1"), pdf_bytes("Version 2"), pdf_bytes("Version 1 fr")
    document = document_create(
        event=event,
        kind="report",
        title={"en": "Report"},
        language="en",
        upload=upload_check(upload("report.pdf", v1)),
    )
    document_file_add(
        document=document, language="en", upload=upload_check(upload("report.pdf", v2))
    )
    document_file_add(
        document=document, language="fr", upload=upload_check(upload("rapport.pdf", french))
    )
    document_publish(document=document)

    def get(language, version=None):
        kwargs = {"code": document.code, "language": language}
        if version:
            kwargs["version"] = version
        name = "documents:file_version" if version else "documents:file"
        response = client.get(reverse(name, kwargs=kwargs))
        return response.status_code, b"".join(getattr(response, "streaming_content", [b""]))

    assert list(document.files.values_list("language", "version")) == [
        ("en", 2),
        ("en", 1),
        ("fr", 1),
    ]
    assert get("en") == (200, v2)
    assert get("en", 1) == (200, v1)
    assert get("en", 2) == (200, v2)
    assert get("fr") == (200, french)
    assert get("fr", 1) == (200, french)
    assert get("en", 3)[0] == 404
    assert get("fr", 2)[0] == 404
    assert get("es")[0] == 404
