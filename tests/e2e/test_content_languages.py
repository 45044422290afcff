"""Content in the event's working languages, as readers and an organiser meet it: the French
agenda in French, a Spanish reader shown the French text of a session with no Spanish title
(marked as French), and an organiser filling the missing Spanish texts, the completeness view
counting them in the working programme at once and in the public one after publishing."""

import pytest

from events.services.teams import team_add_member
from tests.browser import log_in
from tests.factories import UserFactory
from tests.sessions.polyglot import make_polyglot


@pytest.fixture
def forum(transactional_db):
    programme = make_polyglot()
    team_add_member(
        event=programme.event,
        team_name="Programme",
        user=UserFactory(username="aminata"),
        can_manage_programme=True,
    )
    return programme


def _missing(page, table: str, kind: str, lang: str) -> str:
    return page.locator(f"#{table} tr[data-kind='{kind}'] td[data-lang='{lang}']").inner_text()


def test_readers_get_their_language_and_an_organiser_fills_the_spanish_gaps(
    live_server, page, forum, screenshot, axe_serious
):
    violations = {}
    public = f"{live_server.url}/{{lang}}/events/urban-forum/programme/"

    page.goto(public.format(lang="fr"))
    titles = page.locator(".agenda-title")
    assert titles.all_inner_texts() == ["Séance d’ouverture", "Travail décent"]
    assert page.locator(".agenda-title .lang-note").count() == 0
    violations["agenda fr"] = axe_serious(page)
    screenshot(page, "content-agenda-fr")

    page.goto(public.format(lang="es"))
    assert titles.all_inner_texts() == ["Séance d’ouverture (en francés)", "Trabajo decente"]
    opening = page.locator("[data-session-code='OPEN'] .agenda-title a")
    assert (opening.get_attribute("lang"), opening.get_attribute("dir")) == ("fr", "ltr")
    assert page.locator("[data-session-code='WORK'] .agenda-title a").get_attribute("lang") is None
    violations["agenda es"] = axe_serious(page)
    screenshot(page, "content-agenda-es-fallback")

    log_in(page, live_server, username="aminata", next_path="/en/manage/urban-forum/translations/")
    assert _missing(page, "translation-gaps", "session", "es") == "1"
    assert _missing(page, "published-gaps", "session", "es") == "1"
    assert page.locator("#missing-es-session + ul li").all_inner_texts() == [
        "Opening plenary title, abstract"
    ]
    violations["translations"] = axe_serious(page)
    screenshot(page, "content-completeness-before")

    page.locator("#missing-es-session + ul li a").click()
    page.wait_for_url("**/manage/urban-forum/sessions/OPEN/")
    page.locator("#translated-title").get_by_label("Spanish").fill("Sesión de apertura")
    page.locator("#translated-abstract").get_by_label("Spanish").fill(
        "Las ciudades comparan sus notas."
    )
    violations["session form"] = axe_serious(page)
    screenshot(page, "content-session-form-side-by-side")
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.locator(".messages").inner_text() == "“Opening plenary” has been saved."

    page.goto(f"{live_server.url}/en/manage/urban-forum/translations/")
    assert _missing(page, "translation-gaps", "session", "es") == "0"
    assert _missing(page, "published-gaps", "session", "es") == "1"

    page.goto(f"{live_server.url}/en/manage/urban-forum/timetable/")
    page.get_by_label("What changed (shown on the public changelog)").fill("Spanish texts")
    page.get_by_role("button", name="Publish the working programme").click()
    assert page.locator(".messages").inner_text() == "Version 2 of the programme is now public."

    page.goto(f"{live_server.url}/en/manage/urban-forum/translations/")
    assert _missing(page, "published-gaps", "session", "es") == "0"
    screenshot(page, "content-completeness-after-publish")

    page.goto(f"{live_server.url}/es/events/urban-forum/programme/sessions/OPEN/")
    assert page.locator("h1").inner_text() == "Sesión de apertura"
    abstract = page.locator(".abstract")
    assert abstract.inner_text() == "Las ciudades comparan sus notas."
    assert abstract.get_attribute("lang") is None
    violations["session es"] = axe_serious(page)
    screenshot(page, "content-session-es")

    assert {name: found for name, found in violations.items() if found} == {}
    assert page.js_errors == []
