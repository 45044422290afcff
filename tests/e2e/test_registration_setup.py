"""Registration set-up in a browser: an organiser raises a category's capacity and sees the
waiting list move, then invites a list of people from a CSV file and sees them listed."""

import tempfile
from pathlib import Path

import pytest

from events.services.teams import team_add_member
from registrations.models import Invitation
from tests.browser import PASSWORD, log_in
from tests.factories import CategoryFactory, EventFactory, UserFactory, register


def shot(page, name: str) -> None:
    """A full-page screenshot in the temporary directory, as wreg-<name>.png."""
    page.screenshot(path=str(Path(tempfile.gettempdir()) / f"wreg-{name}.png"), full_page=True)


@pytest.fixture
def setup_event(transactional_db):
    event = EventFactory(
        registration_open=True, name="Mayoral Forum — Dakar", slug="dakar", timezone="Africa/Dakar"
    )
    mayors = CategoryFactory(event=event, name="Mayors", name_fr="Maires", capacity=1, order=1)
    register(mayors, given_name="Aminata", family_name="Diallo")
    waiting, _ = register(mayors, given_name="Kofi", family_name="Mensah")
    secretariat = UserFactory(username="secretariat")
    secretariat.set_password(PASSWORD)
    secretariat.save()
    team_add_member(
        event=event, team_name="Secretariat", user=secretariat, can_manage_registrations=True
    )
    return event, mayors, waiting


def test_raise_capacity_then_invite_from_a_csv(
    live_server, page, setup_event, axe_serious, tmp_path
):
    _event, mayors, waiting = setup_event
    log_in(
        page,
        live_server,
        username="secretariat",
        next_path="/en/manage/dakar/registrations/categories/",
    )

    row = page.locator(f"tr[data-category='{mayors.pk}']")
    assert (row.locator(".seats-taken").inner_text(), row.locator(".waitlisted").inner_text()) == (
        "1",
        "1",
    )
    assert axe_serious(page) == []
    shot(page, "categories")

    row.get_by_role("link", name="Mayors").click()
    page.get_by_label("Capacity").fill("2")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/en/manage/dakar/registrations/categories/")
    assert "1 person was promoted from the waiting list." in page.locator(".messages").inner_text()
    assert (row.locator(".seats-taken").inner_text(), row.locator(".waitlisted").inner_text()) == (
        "2",
        "0",
    )
    shot(page, "capacity-raised")
    waiting.refresh_from_db()
    assert waiting.state == "confirmed"

    page.goto(f"{live_server.url}/en/manage/dakar/registrations/{waiting.reference}/")
    assert "Promoted from the waiting list" in page.locator("#history").inner_text()
    shot(page, "history")
    assert axe_serious(page) == []

    page.get_by_role("navigation", name="Registrations").get_by_role(
        "link", name="Invitations"
    ).click()
    upload = tmp_path / "invitees.csv"
    upload.write_text(
        "email,name,organisation\nfatou@dakar.example,Fatou Ndiaye,\nbad-address,Jo,\n",
        encoding="utf-8",
    )
    page.locator("#upload-category").select_option(str(mayors.pk))
    page.get_by_label("List of invitees (CSV)").set_input_files(str(upload))
    page.get_by_role("button", name="Create the invitations").click()
    assert page.locator("#row-errors").inner_text() == "Row 3: Enter a valid email address."
    assert Invitation.objects.count() == 0
    shot(page, "invitations-errors")
    assert axe_serious(page) == []

    upload.write_text(
        "email,name\nfatou@dakar.example,Fatou Ndiaye\njo@lome.example,Jo Agbeko\n",
        encoding="utf-8",
    )
    page.locator("#upload-category").select_option(str(mayors.pk))
    page.get_by_label("List of invitees (CSV)").set_input_files(str(upload))
    page.get_by_role("button", name="Create the invitations").click()
    assert "2 invitations created." in page.locator(".messages").inner_text()
    listed = page.locator("#invitations tbody tr")
    assert listed.count() == 2
    assert "Fatou Ndiaye" in page.locator("#invitations").inner_text()
    assert "0 / 1" in listed.first.locator(".uses").inner_text()
    shot(page, "invitations")
    assert axe_serious(page) == []
    assert page.js_errors == []
