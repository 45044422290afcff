"""Nominations in a browser: a ministry's focal point registers two delegates and sends their
nomination letter, the quota refuses a third, an organiser verifies the letter and the
delegates are confirmed and told so by email."""

from datetime import date

import pytest
from django.core import mail

from events.services.teams import team_add_member
from registrations.enums import LetterState
from registrations.enums import RegistrationState as S
from registrations.models import NominationLetter, Registration
from registrations.services.focal_points import focal_point_designate
from tests.browser import log_in
from tests.documents.conftest import pdf_bytes
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, UserFactory


@pytest.fixture
def nominations(transactional_db, tmp_path):
    event = EventFactory(
        registration_open=True,
        name="Mayoral Forum on Mobility, Migration and Development — Dakar 2031",
        slug="dakar",
        host_city="Dakar",
        start_date=date(2031, 3, 4),
        end_date=date(2031, 3, 6),
        timezone="Africa/Dakar",
        languages=["en", "fr", "es"],
    )
    CategoryFactory(event=event, name="Delegate", order=1)
    government = CategoryFactory(
        event=event,
        name="Government delegate",
        name_fr="Délégué·e gouvernemental·e",
        order=2,
        invitation_only=True,
        is_public=False,
        waitlist_enabled=False,
        organisation_quota=2,
        requires_nomination_letter=True,
    )
    ministry = OrganisationFactory(
        name="Ministry of Interior and Decentralisation of Senegal", country="SN"
    )
    secretariat = UserFactory(username="secretariat")
    team_add_member(
        event=event,
        team_name="Secretariat",
        user=secretariat,
        can_manage_registrations=True,
        can_view_personal_data=True,
    )
    _focal_point, token = focal_point_designate(
        event=event,
        organisation=ministry,
        name="Mame Diarra Sarr",
        email="md.sarr@interieur.gouv.sn",
        language="en",
        user=secretariat,
    )
    letter = tmp_path / "note-verbale-014.pdf"
    letter.write_bytes(pdf_bytes("Note verbale 014/2031"))
    return event, government, token, letter


def register(page, *, given, family, email, language):
    form = page.locator("#register-form")
    form.get_by_label("Category").select_option(label="Government delegate")
    form.get_by_label("Given name").fill(given)
    form.get_by_label("Family name").fill(family)
    form.get_by_label("Their email", exact=False).and_(form.get_by_role("textbox")).fill(email)
    form.get_by_label("Language for their emails").select_option(language)
    form.get_by_label("This person agrees").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Register").click()


def test_focal_point_nominates_organiser_verifies_quota_refuses_the_third(
    live_server, page, nominations, screenshot, axe_serious
):
    event, _government, token, letter = nominations
    focal_page = f"{live_server.url}/en/fp/{token}/"

    page.goto(focal_page)
    assert page.locator("h1").inner_text() == (
        "Focal point of Ministry of Interior and Decentralisation of Senegal"
    )
    assert axe_serious(page) == []
    register(
        page, given="Ousmane", family="Diagne", email="o.diagne@interieur.gouv.sn", language="fr"
    )
    assert "Ousmane Diagne is registered" in page.locator(".messages").inner_text()
    register(page, given="Khady", family="Faye", email="k.faye@interieur.gouv.sn", language="en")

    rows = page.locator("#organisation-registrations tbody tr")
    assert rows.count() == 2
    assert "Credentials pending" in rows.nth(0).inner_text()

    # Their nomination letter, naming both.
    letter_form = page.locator("#letter-form")
    letter_form.locator("input[type=file]").set_input_files(str(letter))
    letter_form.get_by_label("Ousmane Diagne").check()
    letter_form.get_by_label("Khady Faye").check()
    with page.expect_navigation():
        letter_form.get_by_role("button", name="Send the letter").click()
    assert page.locator("#letters li").count() == 1
    assert "To be checked" in page.locator("#letters li").inner_text()
    screenshot(page, "focal-point-two-nominated-letter-sent")

    # A third person is beyond the ministry's quota of two.
    register(page, given="Cheikh", family="Mbaye", email="c.mbaye@interieur.gouv.sn", language="fr")
    error = page.locator("#register-form").inner_text()
    assert (
        "“Ministry of Interior and Decentralisation of Senegal” has reached its quota of 2 "
        "people in “Government delegate”." in error
    )
    assert page.locator("#register-form").get_by_label("Given name").input_value() == "Cheikh"
    assert axe_serious(page) == []
    screenshot(page, "focal-point-quota-refusal")
    assert Registration.objects.filter(event=event).count() == 2

    # The secretariat checks the letter and verifies it.
    mail.outbox.clear()
    log_in(
        page,
        live_server,
        username="secretariat",
        next_path=f"/en/manage/{event.slug}/registrations/credentials/",
    )
    queue = page.locator("main")
    assert "note-verbale-014.pdf" in queue.inner_text()
    assert axe_serious(page) == []
    screenshot(page, "credentials-queue-pending")
    with page.expect_navigation():
        page.get_by_role("button", name="Verify", exact=True).first.click()
    assert "is verified" in page.locator(".messages").inner_text()
    screenshot(page, "credentials-queue-verified")

    letter_row = NominationLetter.objects.get()
    assert letter_row.state == LetterState.VERIFIED
    states = dict(Registration.objects.values_list("family_name", "state"))
    assert states == {"Diagne": S.CONFIRMED, "Faye": S.CONFIRMED}
    approved = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert approved == [
        ("k.faye@interieur.gouv.sn", f"Registration approved: {event.name}"),
        ("o.diagne@interieur.gouv.sn", f"Inscription approuvée : {event.name}"),
    ]

    # The organisations' overview: the ministry has used its quota, nothing waits for a letter.
    page.goto(f"{live_server.url}/en/manage/{event.slug}/registrations/organisations/")
    ministry_row = page.locator("tr", has_text="Ministry of Interior").first.inner_text()
    assert "Mame Diarra Sarr" in ministry_row
    assert axe_serious(page) == []
    screenshot(page, "organisations-overview")

    # Back on the focal point's page, the letter and the people show as verified and confirmed.
    page.goto(focal_page)
    assert "Verified" in page.locator("#letters li").inner_text()
    assert page.locator("#organisation-registrations").inner_text().count("Confirmed") == 2
    screenshot(page, "focal-point-after-verification")
    assert page.js_errors == []
