"""The widget on partner pages in several languages: it follows the page's <html lang> (or an
explicit data-lang) when that is a content language, else the event's first language, and marks
a text shown in another language."""

import http.server
import threading
from functools import partial

import pytest

from tests.sessions.feeds.conftest import make_tricky

PAGE = """<!doctype html>
<html lang="{html_lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Partner</title></head>
<body><script src="{origin}/widget.js" data-event="forum-manila"{data_lang} async></script></body></html>"""

CASES = {
    "fr-FR.html": ("fr-FR", ""),  # the page's language, with a region
    "de.html": ("de", ""),  # a language the event does not have
    "explicit.html": ("fr", ' data-lang="es"'),  # data-lang wins over the page
}


@pytest.fixture
def forum(transactional_db):
    return make_tricky()  # languages en, es, fr


@pytest.fixture
def partner_site(tmp_path, live_server):
    for name, (html_lang, data_lang) in CASES.items():
        (tmp_path / name).write_text(
            PAGE.format(html_lang=html_lang, data_lang=data_lang, origin=live_server.url)
        )
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("name", "lang", "link"),
    [
        ("fr-FR.html", "fr", "Programme complet"),
        ("de.html", "en", "Full programme"),
        ("explicit.html", "es", "Programa completo"),
    ],
)
def test_widget_speaks_the_host_pages_language(page, forum, partner_site, name, lang, link):
    page.goto(f"{partner_site}/{name}")

    widget = page.locator("section.fw")
    widget.get_by_role("tab").first.wait_for()

    assert widget.get_attribute("lang") == lang
    assert widget.get_by_role("link", name=link).count() == 1
    assert page.js_errors == []


def test_widget_marks_a_name_shown_in_another_language(page, forum, partner_site):
    page.goto(f"{partner_site}/fr-FR.html")  # the forum has no French name

    heading = page.locator("section.fw h2")
    heading.wait_for()

    name = heading.locator("[lang=en]")
    assert (name.text_content(), name.get_attribute("dir")) == ("Forum <Manila> & “Friends”", "ltr")
    assert heading.locator(".lang-note").text_content().strip() == "(en anglais)"
    assert page.js_errors == []
