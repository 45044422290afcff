from datetime import timedelta

import pytest

from events.services.teams import team_add_member
from sessions.models import Session
from sessions.services.schedule import schedule_publish
from tests.browser import log_in
from tests.factories import EventFactory, UserFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    TrackFactory,
    at,
)


@pytest.fixture
def programme(transactional_db):
    event = EventFactory(name="Mayoral Forum — Quito", slug="quito", timezone="America/Guayaquil")
    plenary_hall = RoomFactory(event=event, name="Plenary Hall", capacity=500, order=1)
    side_room = RoomFactory(event=event, name="Sala Pichincha", capacity=80, order=2)
    climate = TrackFactory(event=event, name="Climate mobility", colour="#1d6b32")
    services = TrackFactory(event=event, name="Access to services", colour="#0b5394")
    opening = SessionFactory(
        event=event,
        code="OPEN",
        title="Opening plenary",
        room=plenary_hall,
        track=services,
        start=at(event, 0, 9),
        end=at(event, 0, 10),
    )
    climate_panel = SessionFactory(
        event=event,
        code="CLIM",
        title="Cities on the move: climate and displacement",
        room=side_room,
        track=climate,
        start=at(event, 0, 9),
        end=at(event, 0, 10),
    )
    SessionRoleFactory(session=opening, role="chair")
    SessionRoleFactory(session=climate_panel, role="moderator")
    organiser = UserFactory(username="aminata")
    team_add_member(event=event, team_name="Programme", user=organiser, can_manage_programme=True)
    return event


def test_organiser_moves_a_session_and_sees_the_conflict(
    live_server, page, programme, screenshot, axe_serious
):
    timetable = "/en/manage/quito/timetable/"
    log_in(page, live_server, username="aminata", next_path=timetable)
    assert page.locator("#conflict-count").inner_text() == "0"
    assert axe_serious(page) == []
    screenshot(page, "timetable-before")

    # Drag the climate panel into the Plenary Hall at the time the opening plenary holds it.
    card = page.locator('.tt-session[data-session-code="CLIM"]')
    hall = page.locator("th[data-room]", has_text="Plenary Hall").first.get_attribute("data-room")
    target = page.locator(f'td.tt-cell[data-room="{hall}"][data-time="09:00"]').first
    with page.expect_navigation():
        card.drag_to(target)

    assert page.locator("#conflict-count").inner_text() == "1"
    conflict = page.locator("#conflicts li")
    assert conflict.get_attribute("data-kind") == "room_double_booked"
    assert sorted(conflict.get_attribute("data-sessions").split()) == ["CLIM", "OPEN"]
    assert page.locator('.tt-session.has-conflict[data-session-code="CLIM"]').count() == 1
    screenshot(page, "timetable-conflict")
    moved = Session.objects.get(code="CLIM")
    assert (moved.room.name, moved.start) == ("Plenary Hall", at(programme, 0, 9))
    assert page.js_errors == []


def test_public_agenda_shows_the_published_version_and_filters(
    live_server, page, programme, screenshot, axe_serious
):
    schedule_publish(event=programme, comment="First programme", user=None, notify=False)
    # A working change after the publish stays invisible.
    Session.objects.filter(code="OPEN").update(title="Opening plenary (unpublished title)")
    Session.objects.filter(code="CLIM").update(
        start=at(programme, 1, 14), end=at(programme, 1, 14) + timedelta(hours=1)
    )

    page.goto(f"{live_server.url}/en/events/quito/programme/")
    titles = page.locator(".agenda-title a").all_inner_texts()
    assert titles == ["Opening plenary", "Cities on the move: climate and displacement"]
    assert "America/Guayaquil" in page.locator("main").inner_text()
    assert axe_serious(page) == []
    screenshot(page, "agenda-list")

    page.select_option("#filter-track", label="Climate mobility")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**track=*")
    assert page.locator(".agenda-title a").all_inner_texts() == [
        "Cities on the move: climate and displacement"
    ]

    page.select_option("#filter-view", "grid")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**view=grid*")
    assert page.locator(".agenda-grid thead th").all_inner_texts() == ["Time", "Sala Pichincha"]
    assert axe_serious(page) == []
    screenshot(page, "agenda-grid-filtered")

    page.goto(f"{live_server.url}/fr/events/quito/programme/sessions/OPEN/")
    assert page.locator("h1").inner_text() == "Opening plenary"
    assert axe_serious(page) == []
    screenshot(page, "session-fr")
    assert page.js_errors == []
