"""Check-in at the door, keyboard only, and pictures of the badge and letter PDFs to look at."""

from datetime import date

import pypdfium2
import pytest

from events.services.teams import team_add_member
from registrations.services.checkin import ticket_secret
from registrations.services.documents import badges_pdf, visa_letter_pdf
from tests.e2e.conftest import ARTIFACTS
from tests.factories import CategoryFactory, EventFactory, UserFactory, VenueFactory, register

PASSWORD = "correct horse battery staple"


@pytest.fixture
def forum(transactional_db):
    venue = VenueFactory(
        name="Centre International de Conférences Abdou Diouf",
        city="Diamniadio",
        address="Pôle urbain de Diamniadio\nDakar, Senegal",
        country="SN",
    )
    event = EventFactory(
        registration_open=True,
        name="Mayoral Forum on Mobility, Migration and Development — Dakar 2031",
        tagline="Cities building inclusive futures for migrants and displaced people",
        slug="dakar",
        host_city="Dakar",
        host_country="SN",
        venue=venue,
        start_date=date(2031, 3, 4),
        end_date=date(2031, 3, 6),
        timezone="Africa/Dakar",
    )
    heads = CategoryFactory(
        event=event, name="Head of delegation", visa_letter_offered=True, badge_colour="#8a1c1c"
    )
    desk = UserFactory(username="desk")
    team_add_member(event=event, team_name="Desk", user=desk, can_manage_registrations=True)
    mayor, _ = register(
        heads,
        honorific="H.E.",
        given_name="Thị Minh",
        family_name="Nguyễn",
        position="Vice-Mayor for Social Inclusion and Human Mobility",
        organisation_name_new="Ho Chi Minh City People's Committee",
        nationality="VN",
        visa_letter_requested=True,
        passport_number="C1234567",
        passport_expiry=date(2033, 5, 1),
        date_of_birth=date(1984, 2, 29),
    )
    return event, mayor


def render(content: bytes, name: str, scale: float = 2) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = pypdfium2.PdfDocument(content)
    pdf[0].render(scale=scale).to_pil().save(ARTIFACTS / f"{name}.png")
    pdf.close()


def test_check_in_by_typing_the_code(live_server, page, forum, screenshot, axe_serious):
    _event, mayor = forum
    secret = ticket_secret(registration=mayor)
    url = f"{live_server.url}/en/manage/dakar/check-in/"
    page.goto(f"{live_server.url}/en/accounts/login/?next=/en/manage/dakar/check-in/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(url)

    # The field has focus on arrival: staff type (or a scanner "types") and press Enter.
    assert page.evaluate("document.activeElement.name") == "secret"
    page.keyboard.type(secret.lower().replace("-", " "))
    page.keyboard.press("Enter")
    page.wait_for_selector("#check-in-result")
    result = page.locator("#check-in-result")
    assert result.get_attribute("role") == "status"
    assert result.locator("h2").inner_text() == "Checked in"
    assert page.locator("#check-in-name").inner_text() == "H.E. Thị Minh Nguyễn"
    assert page.locator("#check-in-count").inner_text() == (
        "1 of 1 confirmed in-person participants checked in."
    )
    screenshot(page, "checkin-ok")

    page.keyboard.type(secret)
    page.keyboard.press("Enter")
    page.wait_for_selector(".check-in-already")
    assert page.locator("#check-in-result h2").inner_text() == "Already checked in"
    assert "This badge was checked in at" in page.locator("#check-in-result").inner_text()

    page.get_by_label("Ticket code").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
    page.get_by_role("button", name="Check in").click()
    page.wait_for_selector(".check-in-unknown")
    assert page.locator("#check-in-result").get_attribute("role") == "alert"
    assert page.locator("#check-in-result h2").inner_text() == "Refused: unknown ticket"
    screenshot(page, "checkin-refused")
    assert axe_serious(page) == []
    assert page.js_errors == []


def test_badge_and_letter_pictures(forum):
    event, mayor = forum
    others = [
        register(
            CategoryFactory(event=event, name="Press", badge_colour="#f1c232"),
            given_name="Dělegát",
            family_name="Müller-Lüdenscheidt-Wolfsburg",
            position="Correspondent",
            organisation_name_new="Deutsche Welle",
        )[0]
    ]

    render(badges_pdf(registrations=[mayor]), "badge")
    render(badges_pdf(registrations=[mayor, *others], sheet=True), "badge-sheet", scale=1.5)
    render(visa_letter_pdf(registration=mayor), "letter")

    for name in ("badge", "badge-sheet", "letter"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 20_000


def test_a_lost_badge_is_replaced_and_its_code_refused_at_the_door(
    live_server, page, forum, screenshot, axe_serious
):
    _event, mayor = forum
    lost = ticket_secret(registration=mayor)
    detail = f"/en/manage/dakar/registrations/{mayor.reference}/"
    page.goto(f"{live_server.url}/en/accounts/login/?next={detail}")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{detail}")

    badge = page.get_by_role("region", name="Badge")
    assert badge.get_by_role("link", name="Print the badge (PDF)").get_attribute("href") == (
        f"/en/manage/dakar/documents/{mayor.reference}/badge.pdf"
    )
    with page.expect_navigation():
        badge.get_by_role("button", name="Replace a lost badge").click()
    assert page.locator(".messages").inner_text() == (
        "The badge of H.E. Thị Minh Nguyễn has been replaced: the lost one no longer checks in. "
        "Print the new one."
    )
    assert "Badge code" in page.locator("#history").inner_text()
    screenshot(page, "badge-replaced")
    assert axe_serious(page) == []

    page.goto(f"{live_server.url}/en/manage/dakar/check-in/")
    page.get_by_label("Ticket code").fill(lost)
    page.get_by_role("button", name="Check in").click()
    page.wait_for_selector(".check-in-unknown")
    assert page.locator("#check-in-result h2").inner_text() == "Refused: unknown ticket"
    assert page.js_errors == []
