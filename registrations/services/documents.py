"""PDF documents: visa invitation letters and badges (fpdf2, with a vendored DejaVu Sans so
any name renders — Müller, Dělegát, Nguyễn — whatever fonts the server has).

Letters are written in the registrant's language and carry a reference that embassies check on
the public verification page; badges carry the ticket secret as a QR code (segno). Both are
for in-person participants only: an online registrant neither travels nor enters the venue.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from registrations.enums import Participation, RegistrationState
from registrations.models import Registration, TravelSupportDecision, VisaLetter
from registrations.services.checkin import ticket_secret, ticket_secrets
from registrations.services.in_person import in_person_required
from registrations.services.registrations import REFERENCE_ALPHABET, RegistrationError

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVu"
INK = (33, 37, 41)
MUTED = (90, 98, 106)
LETTERHEAD = (11, 83, 148)
A6 = (105.0, 148.5)  # a quarter of A4, so four badges fill a sheet exactly


class DocumentError(RegistrationError):
    code = "document"


def _pdf(*, format="A4", title: str) -> "FPDF":
    from fpdf import FPDF  # fpdf2 and its font tools (~30 MB) load with the first PDF

    pdf = FPDF(orientation="portrait", unit="mm", format=format)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_creator("forum")
    pdf.set_text_color(*INK)
    return pdf


def _date(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = (colour or "#0b5394").lstrip("#")
    try:
        return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return (11, 83, 148)


def _text_on(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever reads better on ``rgb`` (WCAG relative luminance)."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
    return (0, 0, 0) if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else (255, 255, 255)


# --- visa letters ------------------------------------------------------------------------------


def visa_letter_available(registration: Registration) -> bool:
    """Whether the registrant gets a letter: confirmed, in person, asked for one in a category
    that offers it. Pages offer the download only then."""
    return (
        registration.state == RegistrationState.CONFIRMED
        and registration.participation == Participation.IN_PERSON
        and registration.visa_letter_requested
        and registration.category.visa_letter_offered
    )


def _letter_reference() -> str:
    return "VL-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def visa_letter_issue(*, registration: Registration) -> VisaLetter:
    """The registration's letter record (its reference is stable across downloads)."""
    in_person_required(registration, code="visa_letter_online")
    if not visa_letter_available(registration):
        raise DocumentError(
            _("A visa invitation letter is issued to confirmed registrations that asked for one.")
        )
    if not registration.passport_number:
        raise DocumentError(_("The letter needs the passport details, which are missing."))
    existing = VisaLetter.objects.filter(registration=registration).first()
    if existing:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return VisaLetter.objects.create(
                    registration=registration, reference=_letter_reference()
                )
        except IntegrityError:  # the same registration at once, or a reference collision
            existing = VisaLetter.objects.filter(registration=registration).first()
            if existing:
                return existing
    raise DocumentError("could not allocate a letter reference")


@dataclass(frozen=True)
class LetterCheck:
    valid: bool
    holder: str = ""
    event: str = ""
    start_date: date | None = None
    end_date: date | None = None


def visa_letter_verify(*, reference: str) -> LetterCheck:
    """What an embassy may learn from a reference: valid or not, whose, for which event.

    A letter stops being valid when its registration is no longer confirmed or its registrant
    now takes part online (they no longer travel to the forum)."""
    reference = "".join(reference.split()).upper()[:20]
    if not reference:
        return LetterCheck(False)
    letter = (
        VisaLetter.objects.select_related("registration__event").filter(reference=reference).first()
    )
    if (
        letter is None
        or letter.registration.state != RegistrationState.CONFIRMED
        or letter.registration.participation != Participation.IN_PERSON
    ):
        return LetterCheck(False)
    registration = letter.registration
    return LetterCheck(
        True,
        holder=f"{registration.given_name} {registration.family_name}",
        event=registration.event.name,
        start_date=registration.event.start_date,
        end_date=registration.event.end_date,
    )


def visa_letter_pdf(*, registration: Registration) -> bytes:
    """The invitation letter on the event's letterhead, in the registrant's language."""
    letter = visa_letter_issue(registration=registration)
    event = registration.event
    decision = TravelSupportDecision.objects.filter(registration=registration).first()
    with translation.override(registration.language):
        pdf = _pdf(title=_("Invitation letter") + f" {letter.reference}")
        pdf.set_margins(20, 18, 20)
        pdf.set_auto_page_break(True, margin=18)
        pdf.add_page()
        width = pdf.w - 40
        # Letterhead: the event, its host and venue, under a coloured rule.
        pdf.set_fill_color(*LETTERHEAD)
        pdf.rect(0, 0, pdf.w, 8, style="F")
        pdf.set_y(16)
        pdf.set_font(FONT, "B", 15)
        pdf.set_text_color(*LETTERHEAD)
        pdf.multi_cell(width, 7, event.name, align="L", new_x="LMARGIN")
        pdf.set_text_color(*MUTED)
        pdf.set_font(FONT, "", 9)
        if event.tagline:
            pdf.multi_cell(width, 4.5, event.tagline, align="L", new_x="LMARGIN")
        venue = event.venue
        place = f"{event.host_city}, {event.host_country.name}"
        if venue:
            address = ", ".join(line.strip() for line in venue.address.splitlines() if line.strip())
            parts = (
                [venue.name, address]
                if event.host_city in address
                else [venue.name, address, place]
            )
            place = " · ".join(p for p in parts if p)
        pdf.multi_cell(width, 4.5, place, align="L", new_x="LMARGIN")
        pdf.ln(3)
        pdf.set_draw_color(*LETTERHEAD)
        pdf.set_line_width(0.6)
        pdf.line(20, pdf.get_y(), pdf.w - 20, pdf.get_y())
        pdf.ln(6)
        pdf.set_text_color(*INK)
        pdf.set_font(FONT, "", 10)
        pdf.cell(width / 2, 5, _("Reference: %(reference)s") % {"reference": letter.reference})
        pdf.cell(
            width / 2,
            5,
            formats.date_format(letter.issued_at.date(), "DATE_FORMAT"),
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(6)
        pdf.set_font(FONT, "B", 13)
        pdf.multi_cell(
            width,
            7,
            _("Invitation letter for a visa application"),
            align="L",
            new_x="LMARGIN",
        )
        pdf.ln(3)
        pdf.set_font(FONT, "", 10.5)
        pdf.multi_cell(
            width, 5.5, _("To the consular section concerned,"), align="L", new_x="LMARGIN"
        )
        pdf.ln(2)
        dates = {"start": _date(event.start_date), "end": _date(event.end_date)}
        body = _(
            "The organisers of the %(event)s have the honour to confirm that the person named "
            "below is registered to take part in the forum, which will be held in %(city)s, "
            "%(country)s, from %(start)s to %(end)s."
        ) % {
            "event": event.name,
            "city": event.host_city,
            "country": event.host_country.name,
            **dates,
        }
        pdf.multi_cell(width, 5.5, body, align="J", new_x="LMARGIN")
        pdf.ln(4)
        rows = [
            (_("Name"), registration.full_name),
            (_("Date of birth"), _date(registration.date_of_birth)),
            (_("Nationality"), registration.nationality.name or "—"),
            (_("Passport number"), registration.passport_number),
            (_("Passport valid until"), _date(registration.passport_expiry)),
            (_("Position"), registration.position or "—"),
            (_("Organisation"), registration.organisation_label or "—"),
            (_("Participation"), registration.category.display_name),
        ]
        pdf.set_fill_color(241, 245, 249)
        for label, value in rows:
            pdf.set_font(FONT, "B", 10)
            pdf.cell(52, 7, f"  {label}", fill=True)
            pdf.set_font(FONT, "", 10)
            pdf.multi_cell(width - 52, 7, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        purpose = _(
            "The purpose of the visit is to attend the forum's plenary sessions, panels and "
            "working meetings on human mobility, migration and development. We kindly ask you "
            "to grant the visa needed for the duration of the event."
        )
        pdf.multi_cell(width, 5.5, purpose, align="J", new_x="LMARGIN")
        pdf.ln(2)
        if decision and decision.covers:
            costs = _(
                "The organisers cover the following for this participant: %(items)s. Other "
                "costs are the participant's responsibility."
            ) % {"items": ", ".join(decision.covers)}
        else:
            costs = _(
                "This letter does not commit the organisers to any financial obligation: travel, "
                "accommodation and other costs are the participant's responsibility."
            )
        pdf.multi_cell(width, 5.5, costs, align="J", new_x="LMARGIN")
        pdf.ln(2)
        verify = _(
            "Embassies and consulates can verify this letter at %(url)s by entering the "
            "reference %(reference)s."
        ) % {
            "url": f"{settings.SITE_URL}/{registration.language}/letters/verify/",
            "reference": letter.reference,
        }
        pdf.multi_cell(width, 5.5, verify, align="L", new_x="LMARGIN")
        pdf.ln(10)
        pdf.multi_cell(width, 5.5, _("For the organising secretariat"), align="L", new_x="LMARGIN")
        pdf.set_font(FONT, "B", 10.5)
        pdf.multi_cell(width, 5.5, event.name, align="L", new_x="LMARGIN")
    return bytes(pdf.output())


# --- badges ------------------------------------------------------------------------------------


def _fit(pdf: "FPDF", text: str, width: float, size: float, minimum: float, style="B") -> float:
    pdf.set_font(FONT, style, size)
    while size > minimum and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font(FONT, style, size)
    return size


def _badge(pdf: "FPDF", registration: Registration, secret: str, x: float, y: float) -> None:
    w, h = A6
    colour = _hex_rgb(registration.category.badge_colour)
    on_colour = _text_on(colour)
    inner = w - 14
    # Category band.
    pdf.set_fill_color(*colour)
    pdf.rect(x, y, w, 26, style="F")
    pdf.set_text_color(*on_colour)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_xy(x + 7, y + 4)
    pdf.multi_cell(inner, 3.4, registration.event.name, align="C", max_line_height=3.4)
    category = registration.category.display_name.upper()
    _fit(pdf, category, inner, 15, 9)
    pdf.set_xy(x + 7, y + 15)
    pdf.cell(inner, 7, category, align="C")
    # Person.
    pdf.set_text_color(*INK)
    top = y + 33
    if registration.honorific:
        pdf.set_font(FONT, "", 10)
        pdf.set_xy(x + 7, top)
        pdf.cell(inner, 5, registration.honorific, align="C")
    top += 6
    for part in (registration.given_name, registration.family_name):
        _fit(pdf, part, inner, 20, 11)
        pdf.set_xy(x + 7, top)
        pdf.cell(inner, 9, part, align="C")
        top += 9
    top += 2
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    for line, style in ((registration.position, ""), (registration.organisation_label, "B")):
        if not line:
            continue
        pdf.set_font(FONT, style, 9)
        pdf.set_xy(x + 7, top)
        pdf.multi_cell(inner, 4.2, line, align="C", max_line_height=4.2)
        top = pdf.get_y() + 1
    # QR code and its typed form.
    import segno

    qr = segno.make(secret, error="m")
    image = BytesIO()
    qr.save(image, kind="png", scale=10, border=2)
    image.seek(0)
    size = 36
    pdf.image(image, x=x + (w - size) / 2, y=y + h - size - 14, w=size, h=size)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_xy(x + 7, y + h - 13)
    pdf.cell(inner, 4, secret, align="C")
    pdf.set_fill_color(*colour)
    pdf.rect(x, y + h - 6, w, 6, style="F")


def badge_available(registration: Registration) -> bool:
    """Whether the registrant has a badge: confirmed and in person. Pages offer it only then."""
    return (
        registration.state == RegistrationState.CONFIRMED
        and registration.participation == Participation.IN_PERSON
    )


@dataclass(frozen=True)
class BadgeSheet:
    content: bytes
    printed: int
    skipped_online: int  # confirmed registrants who take part online: no badge for them


def badges_sheet_pdf(*, registrations: list[Registration]) -> BadgeSheet:
    """A4 sheets of four badges for organisers to print: the confirmed in-person registrants
    among ``registrations``; says how many confirmed online ones it left out.

    Refuses (``badge_online``) when every confirmed registrant given takes part online."""
    confirmed = [r for r in registrations if r.state == RegistrationState.CONFIRMED]
    in_person = [r for r in confirmed if r.participation == Participation.IN_PERSON]
    skipped = len(confirmed) - len(in_person)
    if confirmed and not in_person:
        in_person_required(confirmed[0], code="badge_online")
    return BadgeSheet(
        content=badges_pdf(registrations=in_person, sheet=True),
        printed=len(in_person),
        skipped_online=skipped,
    )


def badges_pdf(*, registrations: list[Registration], sheet: bool = False) -> bytes:
    """One A6 badge per page, or A4 sheets of four with cut lines for organisers to print.

    Every registration must take part in person (``badge_online`` otherwise: a sheet leaves
    online registrants out first, through ``badges_sheet_pdf``)."""
    registrations = [r for r in registrations if r.state == RegistrationState.CONFIRMED]
    if not registrations:
        raise DocumentError(_("Badges are printed for confirmed registrations only."))
    for registration in registrations:
        in_person_required(registration, code="badge_online")
    if len(registrations) == 1:
        secrets_by_id = {registrations[0].pk: ticket_secret(registration=registrations[0])}
    else:
        secrets_by_id = ticket_secrets(registrations=registrations)
    pdf = _pdf(format="A4" if sheet else A6, title=_("Badges"))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    positions = [(0, 0), (A6[0], 0), (0, A6[1]), (A6[0], A6[1])] if sheet else [(0, 0)]
    for index, registration in enumerate(registrations):
        slot = index % len(positions)
        if slot == 0:
            pdf.add_page()
            if sheet:
                pdf.set_draw_color(190, 190, 190)
                pdf.set_line_width(0.2)
                pdf.set_dash_pattern(dash=2, gap=2)
                pdf.line(A6[0], 0, A6[0], pdf.h)
                pdf.line(0, A6[1], pdf.w, A6[1])
                pdf.set_dash_pattern()
        x, y = positions[slot]
        _badge(pdf, registration, secrets_by_id[registration.pk], x, y)
    return bytes(pdf.output())
