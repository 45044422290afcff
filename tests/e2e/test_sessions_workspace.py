"""Browser test of the organisers' sessions workspace: create a session with two speakers,
see the conflict it would create, fix it, save."""

import pytest

from events.services.teams import team_add_member
from sessions.models import Session
from tests.browser import log_in
from tests.factories import EventFactory, UserFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    at,
)


@pytest.fixture
def workspace(transactional_db):
    event = EventFactory(name="Mayoral Forum — Quito", slug="quito", timezone="America/Guayaquil")
    hall = RoomFactory(event=event, name="Plenary Hall", capacity=500, order=1)
    RoomFactory(event=event, name="Sala Pichincha", capacity=80, order=2)
    ana = SpeakerFactory(event=event, honorific="Mayor", name="Ana Ortega")
    SpeakerFactory(event=event, honorific="Dr", name="Bo Lindqvist")
    opening = SessionFactory(
        event=event,
        code="OPEN",
        title="Opening plenary",
        room=hall,
        start=at(event, 0, 9),
        end=at(event, 0, 10),
    )
    SessionRoleFactory(session=opening, speaker=ana, role="chair")
    organiser = UserFactory(username="aminata")
    team_add_member(event=event, team_name="Programme", user=organiser, can_manage_programme=True)
    return event


def test_organiser_creates_a_session_sees_the_conflict_fixes_it_and_saves(
    live_server, page, workspace, screenshot, axe_serious
):
    log_in(page, live_server, username="aminata", next_path="/en/manage/")
    page.get_by_role("link", name="Sessions", exact=True).click()
    page.wait_for_url("**/en/manage/quito/sessions/")
    assert page.locator("#result-count").inner_text() == "1 session found."
    assert axe_serious(page) == []
    screenshot(page, "sessions-workspace-list")

    page.get_by_role("link", name="New session").click()
    page.wait_for_url("**/sessions/new/")
    page.locator("#translated-title").get_by_label("English").fill("Cities and water")
    page.get_by_label("Kind").select_option(label="Panel")
    page.get_by_label("Confirmed").check()
    page.get_by_label("Day").fill(workspace.start_date.isoformat())
    page.get_by_label("Start:", exact=True).fill("09:30")
    page.get_by_label("End:", exact=True).fill("10:30")
    page.get_by_label("Room:", exact=True).select_option(label="Sala Pichincha")
    page.get_by_label("Speaker 1", exact=True).select_option(
        label="Mayor Ana Ortega (City of Testing)"
    )
    page.get_by_label("Role of speaker 1").select_option(label="Moderator")
    page.get_by_label("Speaker 2", exact=True).select_option(
        label="Dr Bo Lindqvist (City of Testing)"
    )
    page.get_by_label("Order of speaker 2").fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Check for conflicts").click()

    day = workspace.start_date.isoformat()
    warnings = page.locator("#preview-conflicts li")
    assert warnings.all_inner_texts() == [
        "Speaker in two sessions at once: Mayor Ana Ortega is in “Opening plenary” and "
        f"“Cities and water” at {day} 09:30."
    ]
    assert page.get_by_role("button", name="Save anyway").is_visible()
    assert Session.objects.filter(event=workspace).count() == 1
    assert axe_serious(page) == []
    screenshot(page, "sessions-workspace-conflict")

    # The fix: after the opening plenary.
    page.get_by_label("Start:", exact=True).fill("10:00")
    page.get_by_label("End:", exact=True).fill("11:00")
    page.get_by_role("button", name="Save", exact=True).click()

    page.wait_for_url("**/en/manage/quito/sessions/*/")
    assert page.locator(".messages").inner_text() == "“Cities and water” has been created."
    session = Session.objects.get(event=workspace, title="Cities and water")
    assert (session.start, session.end, session.room.name) == (
        at(workspace, 0, 10),
        at(workspace, 0, 11),
        "Sala Pichincha",
    )
    assert list(session.roles.values_list("speaker__name", "role", "order")) == [
        ("Ana Ortega", "moderator", 0),
        ("Bo Lindqvist", "speaker", 1),
    ]
    assert (
        "Moderator: Mayor Ana Ortega; Speaker: Dr Bo Lindqvist"
        in page.locator("#session-history").inner_text()
    )
    assert axe_serious(page) == []
    screenshot(page, "sessions-workspace-saved")
    assert page.js_errors == []
