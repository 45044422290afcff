"""The organiser sets up the programme in their workspace: a track, a room, the rooms' order,
and two records of one speaker merged into one."""

import pytest

from events.services.teams import team_add_member
from sessions.models import Room, SessionRole, Speaker, Track
from tests.browser import log_in
from tests.factories import EventFactory, UserFactory
from tests.sessions.factories import RoomFactory, SessionFactory, SessionRoleFactory, SpeakerFactory


@pytest.fixture
def workspace(transactional_db):
    event = EventFactory(name="Mayoral Forum — Quito", slug="quito", timezone="America/Guayaquil")
    hall = RoomFactory(event=event, name="Plenary Hall", capacity=500, order=1)
    RoomFactory(event=event, name="Sala Pichincha", capacity=80, order=2)
    opening = SessionFactory(event=event, code="OPEN", title="Opening plenary", room=hall)
    panel = SessionFactory(event=event, code="CLIM", title="Climate and displacement", room=hall)
    keep = SpeakerFactory(
        event=event, code="KEEP01", honorific="Mayor", name="Amina Diallo", email=""
    )
    duplicate = SpeakerFactory(
        event=event, code="DUPL01", honorific="", name="A. Diallo", email="amina@example.org"
    )
    SpeakerFactory(event=event, code="OTHER1", name="Paulo Mendes")
    SessionRoleFactory(session=opening, speaker=keep, role="chair")
    SessionRoleFactory(session=panel, speaker=duplicate, role="panellist")
    organiser = UserFactory(username="aminata")
    team_add_member(event=event, team_name="Programme", user=organiser, can_manage_programme=True)
    return event


def test_organiser_sets_up_tracks_rooms_and_merges_a_speaker(
    live_server, page, workspace, screenshot, axe_serious
):
    base = "/en/manage/quito"
    log_in(page, live_server, username="aminata", next_path=f"{base}/tracks/")

    # A track, with its colour.
    page.get_by_role("link", name="Add a track").click()
    page.locator("#translated-name").get_by_label("English").fill("Climate mobility")
    page.get_by_label("Colour").fill("#1d6b32")
    assert axe_serious(page) == []
    page.get_by_role("button", name="Create the track").click()
    page.wait_for_url(f"{live_server.url}{base}/tracks/")
    assert page.locator("#tracks tbody th").all_inner_texts() == ["Climate mobility"]
    assert page.locator("#tracks svg.swatch rect").get_attribute("fill") == "#1d6b32"
    assert axe_serious(page) == []
    screenshot(page, "workspace-tracks")

    # A room, then moved up one place with its button.
    page.goto(f"{live_server.url}{base}/rooms/")
    page.get_by_role("link", name="Add a room").click()
    page.locator("#translated-name").get_by_label("English").fill("Annex")
    page.get_by_label("Capacity").fill("40")
    page.get_by_label("Interpretation booths").check()
    page.get_by_role("button", name="Create the room").click()
    page.wait_for_url(f"{live_server.url}{base}/rooms/")
    assert page.locator("#rooms tbody th").all_inner_texts() == [
        "Plenary Hall",
        "Sala Pichincha",
        "Annex",
    ]
    page.get_by_role("button", name="Move Annex up").click()
    page.wait_for_url("**/rooms/#room-*")
    assert page.locator("#rooms tbody th").all_inner_texts() == [
        "Plenary Hall",
        "Annex",
        "Sala Pichincha",
    ]
    assert page.get_by_role("button", name="Move Plenary Hall up").is_disabled()
    assert axe_serious(page) == []
    screenshot(page, "workspace-rooms")

    # The speakers directory: tick the two records of one person, compare, merge.
    page.get_by_role("navigation", name="Programme").get_by_role("link", name="Speakers").click()
    page.wait_for_url(f"{live_server.url}{base}/speakers/")
    assert page.locator("#result-count").inner_text() == "3 speakers found."
    assert axe_serious(page) == []
    screenshot(page, "workspace-speakers")
    page.get_by_label("Select Mayor Amina Diallo (KEEP01) to merge").check()
    page.get_by_label("Select A. Diallo (DUPL01) to merge").check()
    page.get_by_role("button", name="Merge the two selected…").click()
    page.wait_for_url("**/speakers/merge/?*")
    assert axe_serious(page) == []
    screenshot(page, "workspace-merge")
    page.get_by_label("Mayor Amina Diallo (KEEP01)").check()
    page.get_by_role("button", name="Merge and delete the other record").click()
    page.wait_for_url(f"{live_server.url}{base}/speakers/KEEP01/")
    assert "A. Diallo was merged into Mayor Amina Diallo." in page.locator(".messages").inner_text()
    assert page.locator("#history .audit-entry").first.inner_text().count("merged") == 1
    assert axe_serious(page) == []
    screenshot(page, "workspace-speaker-merged")

    assert list(Room.objects.order_by("order").values_list("name", flat=True)) == [
        "Plenary Hall",
        "Annex",
        "Sala Pichincha",
    ]
    assert list(Track.objects.values_list("name", "colour")) == [("Climate mobility", "#1d6b32")]
    assert sorted(Speaker.objects.values_list("code", flat=True)) == ["KEEP01", "OTHER1"]
    assert sorted(SessionRole.objects.values_list("session__code", "speaker__code", "role")) == [
        ("CLIM", "KEEP01", "panellist"),
        ("OPEN", "KEEP01", "chair"),
    ]
    assert Speaker.objects.get(code="KEEP01").email == "amina@example.org"
    assert page.js_errors == []
