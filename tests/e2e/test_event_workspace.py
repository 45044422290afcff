"""An organiser runs the event from the workspace: settings, a colleague invited, a partner key."""

import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.core import mail

from api.models import PartnerKey
from api.services.keys import partner_key_authenticate
from events.models import AuditEntry, Event
from events.rules import TEAM_PERMISSIONS
from events.services.teams import team_add_member
from tests.factories import EventFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def forum(transactional_db):
    event = EventFactory(
        name="Mayoral Forum on Mobility, Migration and Development — Dakar 2031",
        slug="dakar",
        host_city="Dakar",
        host_country="SN",
        start_date=date(2031, 3, 4),
        end_date=date(2031, 3, 6),
        timezone="Africa/Dakar",
        capacity=300,
    )
    amina = UserFactory(username="amina", first_name="Amina", last_name="Diallo")
    team_add_member(
        event=event,
        team_name="Secretariat",
        user=amina,
        **dict.fromkeys(TEAM_PERMISSIONS, True),
    )
    return event


def shot(page, name: str) -> None:
    """Screenshots to look at, outside the repository: <tmp>/wevent-<name>.png."""
    page.screenshot(path=str(Path(tempfile.gettempdir()) / f"wevent-{name}.png"), full_page=True)


def test_organiser_edits_settings_invites_a_colleague_and_creates_a_partner_key(
    live_server, page, forum, axe_serious
):
    base = f"{live_server.url}/en"
    page.goto(f"{base}/accounts/login/?next=/en/manage/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/manage/")
    assert axe_serious(page) == []

    # Settings: from the dashboard, a bad window first, then a good change.
    page.get_by_role("link", name="Event settings").click()
    page.wait_for_url(f"{base}/manage/dakar/settings/")
    page.locator("#translated-tagline").get_by_label("English").fill(
        "Cities building inclusive futures"
    )
    page.get_by_label("Overall capacity").fill("350")
    page.get_by_label("Registration opens").fill("2031-01-10T09:00")
    page.get_by_label("Registration closes").fill("2031-01-01T09:00")
    page.get_by_role("button", name="Save the settings").click()
    page.wait_for_selector("#form-errors")
    assert (
        "Registration must close after it opens."
        in page.locator("form#event-settings").inner_text()
    )
    assert Event.objects.get(slug="dakar").tagline == ""
    shot(page, "settings-error")
    assert axe_serious(page) == []
    page.get_by_label("Registration closes").fill("2031-02-20T18:00")
    page.get_by_role("button", name="Save the settings").click()
    page.wait_for_selector(".message-success")
    assert page.locator(".messages").inner_text() == "The event settings have been saved."
    event = Event.objects.get(slug="dakar")
    assert (event.tagline, event.capacity) == ("Cities building inclusive futures", 350)
    shot(page, "settings")
    assert axe_serious(page) == []

    # Teams: invite a colleague by email.
    page.get_by_role("navigation", name="Event workspace").get_by_role("link", name="Teams").click()
    page.wait_for_url(f"{base}/manage/dakar/team/")
    page.get_by_label("Email address").fill("moussa.sow@example.org")
    page.get_by_role("button", name="Invite", exact=True).click()
    page.wait_for_selector(".message-success")
    assert page.locator(".messages").inner_text() == (
        "moussa.sow@example.org was invited; they will receive a link to choose a password."
    )
    assert "invited, no password yet" in page.locator("#team-1, section.team").first.inner_text()
    assert [m.to for m in mail.outbox] == [["moussa.sow@example.org"]]
    shot(page, "teams")
    assert axe_serious(page) == []

    # Partner access: a key, its secret shown once.
    page.get_by_role("link", name="Partner access").click()
    page.wait_for_url(f"{base}/manage/dakar/partners/")
    page.locator("#id_key-name").fill("City of Dakar website")
    page.get_by_role("button", name="Create the key").click()
    page.wait_for_selector("#secret-once")
    secret = page.locator("#secret-value").input_value()
    key = PartnerKey.objects.get()
    assert partner_key_authenticate(raw=secret).pk == key.pk
    shot(page, "partner-key")
    assert axe_serious(page) == []
    page.goto(f"{base}/manage/dakar/partners/")
    assert page.locator("#secret-once").count() == 0
    assert secret not in page.content()
    assert f"{key.prefix}…" in page.locator("#partner-keys").inner_text()
    assert secret not in str(list(AuditEntry.objects.values_list("changes", "note")))
    assert page.js_errors == []
