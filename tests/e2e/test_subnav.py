"""The event pages' sub-navigation is a row of links on every page, the event page included."""

import pytest

from tests.sessions.feeds.conftest import make_tricky


@pytest.fixture
def forum(transactional_db):
    return make_tricky()


@pytest.mark.parametrize("path", ["", "programme/", "programme/speakers/", "programme/changes/"])
def test_sub_navigation_is_a_row(page, forum, live_server, path):
    page.goto(f"{live_server.url}/en/events/forum-manila/{path}")

    nav = page.locator("nav.programme-nav ul")
    style = nav.evaluate("ul => [getComputedStyle(ul).display, getComputedStyle(ul).listStyleType]")
    boxes = [item.bounding_box() for item in nav.locator("li").all()]

    assert style == ["flex", "none"]
    assert len({round(box["y"]) for box in boxes}) == 1  # one row at desktop width
    assert page.js_errors == []
