"""Visa letters and badges: read back what the PDFs say, decode the QR, check who may get them."""

import io
from datetime import date

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from events.services.teams import team_add_member
from forum.tokens import token_hash
from registrations.enums import RegistrationState as S
from registrations.models import Ticket, VisaLetter
from registrations.services.checkin import ticket_secret
from registrations.services.documents import badges_pdf, visa_letter_pdf
from registrations.services.registrations import registration_cancel
from tests.factories import CategoryFactory, EventFactory, UserFactory, register

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def qr_codes(content: bytes, page: int = 0, scale: float = 4) -> list[str]:
    pdf = pypdfium2.PdfDocument(content)
    image = pdf[page].render(scale=scale).to_pil()
    pdf.close()
    return sorted(result.text for result in zxingcpp.read_barcodes(image))


@pytest.fixture
def event(db):
    return EventFactory(
        registration_open=True,
        name="Mayoral Forum Quito",
        slug="quito",
        start_date=date(2031, 3, 4),
        end_date=date(2031, 3, 6),
    )


@pytest.fixture
def delegates(event):
    return CategoryFactory(
        event=event, name="Delegate", visa_letter_offered=True, badge_colour="#0b5394"
    )


@pytest.fixture
def visitor(delegates):
    """A confirmed delegate who asked for a visa letter."""
    return register(
        delegates,
        honorific="Dr",
        given_name="Thị Minh",
        family_name="Nguyễn",
        position="Directora de Movilidad Humana",
        organisation_name_new="Municipio de Quito",
        nationality="VN",
        visa_letter_requested=True,
        passport_number="C1234567",
        passport_expiry=date(2033, 5, 1),
        date_of_birth=date(1984, 2, 29),
        email="nguyen@example.org",
    )


def test_letter_says_who_when_and_why(visitor):
    registration, _token = visitor

    content = visa_letter_pdf(registration=registration)

    [text] = pdf_text(content)
    letter = VisaLetter.objects.get(registration=registration)
    assert letter.reference.startswith("VL-") and len(letter.reference) == 13
    for expected in (
        "Mayoral Forum Quito",
        f"Reference: {letter.reference}",
        "Invitation letter for a visa application",
        "Dr Thị Minh Nguyễn",
        "C1234567",
        "May 1, 2033",
        "Feb. 29, 1984",
        "Vietnam",
        "from March 4, 2031 to March 6, 2031",
        "Municipio de Quito",
        f"http://127.0.0.1:8000/en/letters/verify/ by entering the reference {letter.reference}",
        "does not commit the organisers to any financial obligation",
    ):
        assert expected in text, expected
    # A second download is the same letter.
    visa_letter_pdf(registration=registration)
    assert VisaLetter.objects.filter(registration=registration).count() == 1


def test_letter_is_written_in_the_registrants_language(delegates):
    registration, _token = register(
        delegates,
        given_name="Dělegát",
        family_name="Müller",
        language="fr",
        visa_letter_requested=True,
        passport_number="X99",
    )

    [text] = pdf_text(visa_letter_pdf(registration=registration))

    assert "Dělegát Müller" in text
    assert "/fr/letters/verify/" in text


def test_verification_page_shows_name_event_dates_but_no_passport(client, visitor):
    registration, _token = visitor
    visa_letter_pdf(registration=registration)
    reference = VisaLetter.objects.get().reference

    response = client.post("/en/letters/verify/", {"reference": f" {reference.lower()} "})

    body = response.content.decode()
    result = response.context["result"]
    assert (result.valid, result.holder, result.event) == (
        True,
        "Thị Minh Nguyễn",
        "Mayoral Forum Quito",
    )
    assert "Valid letter" in body and "Thị Minh Nguyễn" in body
    assert "March 4, 2031 – March 6, 2031" in body
    assert "C1234567" not in body and "1984" not in body


def test_verification_refuses_unknown_and_withdrawn_letters(client, visitor):
    registration, _token = visitor
    visa_letter_pdf(registration=registration)
    reference = VisaLetter.objects.get().reference

    unknown = client.post("/en/letters/verify/", {"reference": "VL-NOTAREALONE"})
    registration_cancel(registration=registration, actor_label="registrant")
    withdrawn = client.post("/en/letters/verify/", {"reference": reference})

    for response in (unknown, withdrawn):
        body = response.content.decode()
        assert response.context["result"].valid is False
        assert "Not valid" in body and "Nguyễn" not in body


def test_registrant_downloads_own_letter_through_the_manage_link(client, visitor, delegates):
    _registration, token = visitor
    _other, other_token = register(delegates, given_name="Otro", family_name="Registro")

    mine = client.get(f"/en/r/{token}/letter.pdf")
    theirs = client.get(f"/en/r/{other_token}/letter.pdf")  # did not ask for a letter
    forged = client.get("/en/r/not-a-token/letter.pdf")

    assert (mine.status_code, mine["Content-Type"]) == (200, "application/pdf")
    assert "Nguyễn" in pdf_text(mine.content)[0]
    assert (theirs.status_code, forged.status_code) == (404, 404)


def test_organiser_letter_needs_the_personal_data_permission(client, visitor, event):
    registration, _token = visitor
    url = f"/en/manage/quito/documents/{registration.reference}/letter.pdf"
    manager = UserFactory(username="manager")
    team_add_member(event=event, team_name="Desk", user=manager, can_manage_registrations=True)
    privacy = UserFactory(username="privacy")
    team_add_member(event=event, team_name="Visa", user=privacy, can_view_personal_data=True)
    outsider = UserFactory(username="outsider")
    team_add_member(
        event=EventFactory(slug="elsewhere"),
        team_name="Other",
        user=outsider,
        can_view_personal_data=True,
    )

    anonymous = client.get(url)
    client.force_login(manager)
    without = client.get(url)
    client.force_login(outsider)
    other_event = client.get(url)
    client.force_login(privacy)
    allowed = client.get(url)

    assert (anonymous.status_code, anonymous["Location"]) == (
        302,
        f"/en/accounts/login/?next={url}",
    )
    assert (without.status_code, other_event.status_code) == (404, 404)
    assert allowed.status_code == 200
    assert "C1234567" in pdf_text(allowed.content)[0]


def test_badge_shows_the_person_and_a_qr_with_the_ticket_secret(visitor):
    registration, _token = visitor

    content = badges_pdf(registrations=[registration])

    [text] = pdf_text(content)
    secret = ticket_secret(registration=registration)
    for expected in (
        "DELEGATE",
        "Dr",
        "Thị Minh",
        "Nguyễn",
        "Directora de Movilidad Humana",
        "Municipio de Quito",
        "Mayoral Forum Quito",
        secret,
    ):
        assert expected in text, expected
    assert qr_codes(content) == [secret]
    assert Ticket.objects.get(registration=registration).secret_hash == token_hash(secret)
    assert secret not in str(Ticket.objects.values().get())


def test_badge_sheet_puts_four_per_page_and_filters_by_category(client, event, delegates):
    press = CategoryFactory(event=event, name="Press", badge_colour="#674ea7")
    people = [register(delegates, family_name=f"Delegate{i}")[0] for i in range(5)]
    journalist, _ = register(press, family_name="Journalist")
    register(delegates, family_name="Cancelled")
    registration_cancel(registration=people[-1], actor_label="registrant")
    manager = UserFactory(username="badges")
    team_add_member(event=event, team_name="Desk", user=manager, can_manage_registrations=True)
    client.force_login(manager)

    everyone = client.get("/en/manage/quito/badges.pdf")
    only_press = client.get(f"/en/manage/quito/badges.pdf?category={press.pk}")

    pages = pdf_text(everyone.content)
    assert len(pages) == 2  # 4 + 2 confirmed (the cancelled one has no badge)
    assert "Delegate4" not in " ".join(pages)
    assert len(qr_codes(everyone.content, page=0)) == 4
    assert qr_codes(only_press.content) == [ticket_secret(registration=journalist)]
    assert "JOURNALIST" not in pdf_text(only_press.content)[0]
    assert "Journalist" in pdf_text(only_press.content)[0]


def test_badge_access(client, visitor, event, delegates):
    _registration, token = visitor
    pending_category = CategoryFactory(event=event, name="Observer", requires_approval=True)
    pending, pending_token = register(pending_category)
    outsider = UserFactory(username="programme")
    team_add_member(event=event, team_name="Programme", user=outsider, can_manage_programme=True)

    own = client.get(f"/en/r/{token}/badge.pdf")
    not_confirmed = client.get(f"/en/r/{pending_token}/badge.pdf")
    anonymous_sheet = client.get("/en/manage/quito/badges.pdf")
    client.force_login(outsider)
    programme_staff = client.get("/en/manage/quito/badges.pdf")

    assert own.status_code == 200 and "Nguyễn" in pdf_text(own.content)[0]
    assert pending.state == S.PENDING_APPROVAL and not_confirmed.status_code == 404
    assert anonymous_sheet.status_code == 302
    assert programme_staff.status_code == 404
