"""Document fixtures: real files made with the project's own PDF and image tools."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF
from PIL import Image


def pdf_bytes(text: str = "Background paper", pages: int = 1) -> bytes:
    pdf = FPDF()
    for number in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        pdf.cell(text=f"{text} - page {number + 1}")
    return bytes(pdf.output())


def png_bytes(*, with_text_chunk: str = "") -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    if with_text_chunk:
        info.add_text("Author", with_text_chunk)
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def pdf_upload():
    def make(name="paper.pdf", text="Background paper", pages=1):
        return upload(name, pdf_bytes(text, pages), "application/pdf")

    return make


@pytest.fixture
def add_document():
    """add_document(event, title, files={lang: (name, bytes)}, session=, audience=, publish=)
    -> the document, created and given its files through the real services."""
    from documents.services.documents import document_create, document_file_add, document_publish
    from documents.uploads import upload_check

    def make(
        event,
        title="Background paper",
        files=None,
        *,
        session=None,
        audience="public",
        kind="background_paper",
        publish=True,
    ):
        files = files or {"en": ("paper.pdf", pdf_bytes(title))}
        (language, (name, content)), *others = files.items()
        document = document_create(
            event=event,
            kind=kind,
            title={"en": title},
            language=language,
            upload=upload_check(upload(name, content)),
            session=session,
            audience=audience,
        )
        for language, (name, content) in others:
            document_file_add(
                document=document, language=language, upload=upload_check(upload(name, content))
            )
        if publish:
            document = document_publish(document=document)
        return document

    return make


@pytest.fixture
def participant_access(event):
    """An approved registration's signed access value for ``event``'s documents."""
    from documents.access import participant_access as access_for
    from tests.factories import CategoryFactory, register

    now = timezone.now()
    event.registration_opens_at = now - timedelta(days=1)
    event.registration_closes_at = now + timedelta(days=30)
    event.save(update_fields=["registration_opens_at", "registration_closes_at"])
    registration, _token = register(CategoryFactory(event=event))
    value = access_for(registration)
    assert value, registration.state
    return value
