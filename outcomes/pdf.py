"""The adopted text with its signatories as a PDF (fpdf2, DejaVu fonts for every script).

The fonts are the ones vendored in registrations/fonts/ (with their licence) for letters and badges;
the PDF reads only public data: the adopted version and published endorsements.
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from outcomes.models import Endorsement, Statement
from outcomes.text import sections_split

FONTS = Path(settings.BASE_DIR) / "registrations" / "fonts"
FAMILY = "DejaVu"


def _line(pdf: FPDF, *args, **kwargs) -> None:
    """A paragraph that leaves the cursor at the left margin of the next line."""
    pdf.multi_cell(*args, new_x="LMARGIN", new_y="NEXT", **kwargs)


class _Document(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-14)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 8, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")


def statement_pdf(
    *,
    statement: Statement,
    language: str,
    text: str,
    endorsements: list[Endorsement],
    generated_on: date,
) -> bytes:
    """Render the adopted ``text`` (already chosen in ``language``) and the signatories."""
    with translation.override(language):
        pdf = _Document(format="A4")
        pdf.footer_text = statement.title
        pdf.set_title(statement.title)
        pdf.set_creator("forum")
        pdf.set_lang(language)
        regular, bold = str(FONTS / "DejaVuSans.ttf"), str(FONTS / "DejaVuSans-Bold.ttf")
        # Markdown emphasis needs italic faces: DejaVu Sans stands in (upright) for them.
        pdf.add_font(FAMILY, "", regular)
        pdf.add_font(FAMILY, "I", regular)
        pdf.add_font(FAMILY, "B", bold)
        pdf.add_font(FAMILY, "BI", bold)
        pdf.set_margins(20, 18, 20)
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_page()
        pdf.set_font(FAMILY, "B", 18)
        _line(pdf, 0, 9, statement.title)
        pdf.ln(2)
        pdf.set_font(FAMILY, "", 10)
        pdf.set_text_color(70, 70, 70)
        adopted = formats.date_format(statement.adopted_on, "DATE_FORMAT")
        _line(
            pdf,
            0,
            6,
            _("%(event)s. Adopted on %(date)s.") % {"event": statement.event.name, "date": adopted},
        )
        pdf.set_text_color(0, 0, 0)
        pdf.ln(4)
        for section in sections_split(text):
            if section.heading:
                pdf.set_font(FAMILY, "B", 13 if section.level <= 2 else 11)
                _line(pdf, 0, 7, section.title)
                pdf.ln(1)
            pdf.set_font(FAMILY, "", 10.5)
            pdf.write_html(str(section.html), font_family=FAMILY)
            pdf.ln(3)
        pdf.add_page()
        pdf.set_font(FAMILY, "B", 14)
        _line(
            pdf,
            0,
            8,
            _("Signatories (%(count)s)") % {"count": len(endorsements)},
        )
        pdf.set_font(FAMILY, "", 9)
        pdf.set_text_color(70, 70, 70)
        _line(
            pdf,
            0,
            5,
            _("As of %(date)s.") % {"date": formats.date_format(generated_on, "DATE_FORMAT")},
        )
        pdf.set_text_color(0, 0, 0)
        pdf.ln(2)
        for endorsement in endorsements:
            organisation = endorsement.organisation
            pdf.set_font(FAMILY, "B", 10)
            _line(pdf, 0, 5.5, f"{organisation.name} ({organisation.country.name})")
            pdf.set_font(FAMILY, "", 9.5)
            _line(pdf, 0, 5, f"{endorsement.signatory}, {endorsement.signatory_title}")
            _line(
                pdf,
                0,
                5,
                _("Verified as: %(method)s") % {"method": endorsement.get_method_display()},
            )
            pdf.ln(1.5)
        return bytes(pdf.output())
