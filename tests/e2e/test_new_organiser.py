"""A new organiser builds a programme from nothing in the workspace, never opening /admin/:
a track and a room, two speakers, a session that would double-book one of them (the conflict
is shown, then fixed), publishing, and the session in the public agenda."""

import pytest

from events.services.teams import team_add_member
from sessions.models import Session
from tests.browser import log_in
from tests.factories import EventFactory, UserFactory


@pytest.fixture
def new_event(transactional_db):
    event = EventFactory(
        name="Mayoral Forum — Marrakech", slug="marrakech", timezone="Africa/Casablanca"
    )
    organiser = UserFactory(username="nadia")
    team_add_member(
        event=event,
        team_name="Secretariat",
        user=organiser,
        can_manage_programme=True,
        can_change_event=True,
    )
    return event


def test_a_new_organiser_builds_and_publishes_a_programme_without_the_admin(
    live_server, page, new_event, screenshot, axe_serious
):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    base = f"{live_server.url}/en/manage/marrakech"
    day = new_event.start_date.isoformat()
    violations = {}

    log_in(page, live_server, username="nadia", next_path="/en/manage/")

    page.get_by_role("link", name="Tracks", exact=True).click()
    page.get_by_role("link", name="Add a track").click()
    page.locator("#translated-name").get_by_label("English").fill("Climate mobility")
    page.get_by_label("Colour").fill("#1d6b32")
    violations["track form"] = axe_serious(page)
    page.get_by_role("button", name="Create the track").click()
    assert page.locator(".messages").inner_text() == "Track “Climate mobility” created."

    page.get_by_role("link", name="Rooms", exact=True).click()
    page.get_by_role("link", name="Add a room").click()
    page.locator("#translated-name").get_by_label("English").fill("Salle Atlas")
    page.get_by_label("Capacity").fill("300")
    page.get_by_label("Interpretation booths").check()
    page.get_by_role("button", name="Create the room").click()
    assert page.locator(".messages").inner_text() == "Room “Salle Atlas” created."
    violations["rooms"] = axe_serious(page)

    for honorific, name in [("Mayor", "Ana Ortega"), ("Dr", "Bo Lindqvist")]:
        page.goto(f"{base}/speakers/")
        page.get_by_role("link", name="Add a speaker").click()
        page.get_by_label("Honorific").fill(honorific)
        page.get_by_label("Name:", exact=True).fill(name)
        page.get_by_label("Organisation").fill("Marrakech")
        page.get_by_role("button", name="Create the speaker").click()
        assert page.locator(".messages").inner_text() == f"Speaker “{honorific} {name}” created."
    violations["speakers"] = axe_serious(page)

    def check_conflicts():
        # The check posts the form and the page comes back with the preview: wait for it.
        with page.expect_navigation():
            page.get_by_role("button", name="Check for conflicts").click()

    def session(title, start, end, speakers):
        page.goto(f"{base}/sessions/new/")
        page.locator("#translated-title").get_by_label("English").fill(title)
        page.get_by_label("Kind").select_option(label="Panel")
        page.get_by_label("Track").select_option(label="Climate mobility")
        page.get_by_label("Confirmed").check()
        page.get_by_label("Day").fill(day)
        page.get_by_label("Start:", exact=True).fill(start)
        page.get_by_label("End:", exact=True).fill(end)
        page.get_by_label("Room:", exact=True).select_option(label="Salle Atlas")
        for number, (speaker, role) in enumerate(speakers, start=1):
            page.get_by_label(f"Speaker {number}", exact=True).select_option(label=speaker)
            page.get_by_label(f"Role of speaker {number}").select_option(label=role)
            page.get_by_label(f"Order of speaker {number}").fill(str(number))
        check_conflicts()

    def kinds():
        return sorted(
            w.split(":")[0] for w in page.locator("#preview-conflicts li").all_inner_texts()
        )

    ana, bo = "Mayor Ana Ortega (Marrakech)", "Dr Bo Lindqvist (Marrakech)"
    session("Opening plenary", "09:00", "10:00", [(ana, "Chair")])
    # Speakers added by the organiser have not accepted yet: a warning, not a refusal.
    assert kinds() == ["Speaker not yet confirmed"]
    page.get_by_role("button", name="Save anyway").click()
    assert page.locator(".messages").inner_text() == "“Opening plenary” has been created."

    session("Cities and climate mobility", "09:30", "10:30", [(ana, "Moderator"), (bo, "Speaker")])
    assert kinds() == [
        "Speaker in two sessions at once",
        "Speaker not yet confirmed",
        "Speaker not yet confirmed",
        "Two sessions in one room at once",
    ]
    assert (
        "Mayor Ana Ortega is in “Opening plenary” and “Cities and climate mobility” at "
        f"{day} 09:30." in page.locator("#preview-conflicts").inner_text()
    )
    violations["conflict preview"] = axe_serious(page)
    screenshot(page, "new-organiser-conflict")
    assert Session.objects.filter(event=new_event).count() == 1

    # The fix: after the opening plenary; only the speakers' answers are still awaited.
    page.get_by_label("Start:", exact=True).fill("10:00")
    page.get_by_label("End:", exact=True).fill("11:00")
    check_conflicts()
    assert kinds() == ["Speaker not yet confirmed", "Speaker not yet confirmed"]
    page.get_by_role("button", name="Save anyway").click()
    assert (
        page.locator(".messages").inner_text() == "“Cities and climate mobility” has been created."
    )
    created = Session.objects.get(event=new_event, title="Cities and climate mobility")

    page.goto(f"{base}/timetable/")
    page.get_by_label("What changed (shown on the public changelog)").fill("First programme")
    page.get_by_role("button", name="Publish the working programme").click()
    assert page.locator(".messages").inner_text() == "Version 1 of the programme is now public."
    violations["timetable"] = axe_serious(page)

    page.goto(f"{live_server.url}/en/events/marrakech/programme/sessions/{created.code}/")
    body = page.locator("main").inner_text()
    assert "Cities and climate mobility" in body
    assert "Salle Atlas" in body and "Climate mobility" in body
    # Speakers appear publicly once they accept their invitation, not before.
    assert "Ana Ortega" not in body and "Bo Lindqvist" not in body
    screenshot(page, "new-organiser-public-session")

    # Every write of the afternoon, newest first, on the event's audit log.
    opening = Session.objects.get(event=new_event, title="Opening plenary")
    page.goto(f"{base}/audit/")
    lines = page.locator("#audit-log > li > p:first-child").all_inner_texts()
    assert [line.split(" · ", 1)[1] for line in lines] == [
        "nadia · published · Schedule version Mayoral Forum — Marrakech v1",
        f"nadia · created · Session {created.code} · Cities and climate mobility",
        f"nadia · created · Session {opening.code} · Opening plenary",
        "nadia · created · Speaker Dr Bo Lindqvist",
        "nadia · created · Speaker Mayor Ana Ortega",
        "nadia · created · Room Salle Atlas",
        "nadia · created · Track Climate mobility",
    ]
    violations["audit log"] = axe_serious(page)
    screenshot(page, "new-organiser-audit-log")

    assert {name: found for name, found in violations.items() if found} == {}
    assert [url for url in requested if "/admin/" in url] == []
    assert page.js_errors == []
