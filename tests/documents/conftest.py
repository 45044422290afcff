"""Document fixtures: real files made with the project's own PDF and image tools."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
