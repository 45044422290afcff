"""The widget on a partner's page served from another origin, and the organisers' builder."""

import http.server
import threading
from functools import partial

import pytest

from tests.sessions.feeds.conftest import make_tricky

PARTNER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>City of Partners — events</title>
<style>body {{ font-family: Georgia, serif; background: #fdf6e3; }}
li {{ color: rgb(0, 128, 0) !important; }} button {{ font-size: 40px; }}</style></head>
<body><h1>City of Partners</h1><p>Our city takes part in the forum:</p>
<script src="{origin}/widget.js" data-event="forum-manila" data-lang="en" async></script>
</body></html>"""


@pytest.fixture
def forum(transactional_db):
    return make_tricky()


@pytest.fixture
def partner_site(tmp_path, live_server):
    """A static page on another origin (127.0.0.1 vs the live server's localhost, other port)."""
    (tmp_path / "index.html").write_text(PARTNER_PAGE.format(origin=live_server.url))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def codes(page) -> list[str]:
    return page.locator("li[data-code]").evaluate_all("items => items.map(i => i.dataset.code)")


def test_widget_on_a_partner_page(page, forum, live_server, partner_site, screenshot):
    assert not live_server.url.startswith(partner_site)
    page.goto(f"{partner_site}/index.html")

    tabs = page.get_by_role("tab")
    tabs.first.wait_for()
    assert tabs.all_inner_texts() == ["Mon 10 Mar", "Tue 11 Mar", "Wed 12 Mar"]
    assert tabs.nth(0).get_attribute("aria-selected") == "true"
    assert codes(page) == ["OPEN01", "CJK002", "NIGHT3"]
    # The host page's styles stay out of the shadow root.
    colour = page.locator("li[data-code=OPEN01]").evaluate("li => getComputedStyle(li).color")
    assert colour != "rgb(0, 128, 0)"

    page.get_by_label("Track").select_option(label="Climate & <mobility>")
    assert codes(page) == ["OPEN01"]

    tabs.nth(0).focus()
    page.keyboard.press("ArrowRight")
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    assert (
        page.evaluate("document.activeElement.shadowRoot.activeElement.textContent") == "Tue 11 Mar"
    )
    assert codes(page) == ["MOVE04"]
    page.keyboard.press("End")
    assert tabs.nth(2).get_attribute("aria-selected") == "true"
    assert codes(page) == ["KEEP06"]
    page.keyboard.press("ArrowRight")  # wraps round to the first day
    assert tabs.nth(0).get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert codes(page) == ["MOVE04"]

    link = page.get_by_role("link", name="Skills partnerships")
    assert link.get_attribute("href") == (
        f"{live_server.url}/en/events/forum-manila/programme/sessions/MOVE04/"
    )
    screenshot(page, "widget-partner-page")
    assert page.js_errors == []


def test_widget_in_an_iframe_on_a_partner_page(page, forum, live_server, partner_site, screenshot):
    (page.context.new_page()).close()
    page.goto(f"{partner_site}/index.html")
    page.evaluate(
        """url => { const f = document.createElement('iframe'); f.src = url; f.title = 'Programme';
        f.width = '100%'; f.height = '500'; document.body.append(f); }""",
        f"{live_server.url}/events/forum-manila/widget/?lang=fr",
    )
    frame = page.frame_locator("iframe")
    frame.get_by_role("tab").first.wait_for()
    assert frame.locator("li[data-code]").count() == 3
    assert (
        frame.get_by_role("link", name="Opening & welcome <plenary>").get_attribute("target")
        == "_top"
    )
    screenshot(page, "widget-partner-iframe")
    assert page.js_errors == []


def test_widget_builder_is_accessible(page, forum, live_server, screenshot, axe_serious):
    from events.services.teams import team_add_member
    from tests.factories import UserFactory

    user = UserFactory(username="widgetorga")
    team_add_member(event=forum.event, team_name="Comms", user=user)
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Username").fill("widgetorga")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/en/manage/forum-manila/widget/")

    page.locator("#widget-preview").get_by_role("tab").first.wait_for()
    page.locator("#widget-lang").select_option("fr")
    page.wait_for_function(
        "() => document.getElementById('widget-snippet').value.includes('data-lang=\"fr\"')"
    )
    snippet = page.locator("#widget-snippet").input_value()
    assert snippet == (
        '<script src="http://127.0.0.1:8000/widget.js" data-event="forum-manila" '
        'data-lang="fr" async></script>'
    )
    page.locator("#widget-preview").locator("section.fw[lang=fr]").wait_for()
    screenshot(page, "widget-builder")
    assert axe_serious(page) == []
    assert page.js_errors == []
