"""Browser test of a session's Links page: a refused link shown on its field, then the
meeting link and the webcast per language saved, and the saved links listed to open."""

import pytest

from events.services.teams import team_add_member
from sessions.models import SessionStream
from tests.browser import log_in
from tests.factories import EventFactory, UserFactory
from tests.sessions.factories import RoomFactory, SessionFactory


@pytest.fixture
def plenary(transactional_db):
    event = EventFactory(name="Mayoral Forum — Quito", slug="quito", timezone="America/Guayaquil")
    hall = RoomFactory(event=event, name="Plenary Hall", capacity=500, has_streaming=True)
    session = SessionFactory(
        event=event,
        code="OPEN",
        title="Opening plenary",
        room=hall,
        spoken_language="es",
        interpretation_languages=["en", "fr"],
    )
    organiser = UserFactory(username="aminata")
    team_add_member(event=event, team_name="Programme", user=organiser, can_manage_programme=True)
    return session


def test_organiser_sets_the_links_of_a_plenary(live_server, page, plenary, screenshot, axe_serious):
    log_in(page, live_server, username="aminata", next_path="/en/manage/quito/sessions/OPEN/")
    page.get_by_role("link", name="Meeting, webcast and recording links").click()
    page.wait_for_url("**/en/manage/quito/sessions/OPEN/links/")
    labels = page.locator("#stream-fields label").all_inner_texts()
    assert labels == ["Floor (original sound):", "Spanish:", "English:", "French:"]

    page.get_by_label("Meeting link for speakers").fill("javascript:alert(1)")
    page.get_by_label("Floor (original sound)").fill("https://webcast.example.org/q/floor")
    page.get_by_label("French").fill("https://webcast.example.org/q/fr")
    page.get_by_role("button", name="Save the links").click()

    assert page.locator("#id_meeting_url_error").inner_text() == (
        "Enter a secure link starting with https://."
    )
    assert axe_serious(page) == []
    screenshot(page, "session-links-refused")
    assert not SessionStream.objects.exists()

    page.get_by_label("Meeting link for speakers").fill("https://meet.example.org/j/42?pwd=x")
    page.get_by_role("button", name="Save the links").click()

    page.wait_for_url("**/en/manage/quito/sessions/OPEN/links/")
    assert page.locator("#current-links li").all_inner_texts() == [
        "Meeting link for speakers: https://meet.example.org/j/42?pwd=x",
        "Webcast, Floor (original sound): https://webcast.example.org/q/floor",
        "Webcast, French: https://webcast.example.org/q/fr",
    ]
    assert page.get_by_label("French").input_value() == "https://webcast.example.org/q/fr"
    assert axe_serious(page) == []
    screenshot(page, "session-links-saved")
