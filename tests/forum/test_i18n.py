"""French and Spanish are working languages: catalogues complete, no English left on pages."""

import re
from html import unescape
from pathlib import Path

import polib
import pytest

from events.enums import EventStatus
from events.models import Event
from tests.factories import EventFactory

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_catalogue_is_complete_and_has_no_fuzzy_entries(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))

    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert len(po.translated_entries()) > 100


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_compiled_catalogue_matches_the_source(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))

    # Keyed by context too: "created" as an audit action is not "created" as a field name.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo if not e.msgid_plural}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries() if not e.msgid_plural}
    assert compiled == source


def english_only_strings(lang: str) -> set[str]:
    """Catalogue msgids whose translation differs: seeing one on a /fr/ page is a leak."""
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    return {
        e.msgid
        for e in po.translated_entries()
        if e.msgstr != e.msgid and "%" not in e.msgid and "<" not in e.msgid and len(e.msgid) > 3
    }


def visible_text(html: str) -> set[str]:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    # Language names in the switcher are endonyms on purpose ("English" on a French page).
    html = re.sub(r'<select id="language-select".*?</select>', " ", html, flags=re.S)
    # So are other links marked with their own language (lang="en" "English" beside Français).
    html = re.sub(r'<(a|span|option)\b[^>]*\blang="[a-z]{2}"[^>]*>.*?</\1>', " ", html, flags=re.S)
    return {unescape(t).strip() for t in re.split(r"<[^>]+>", html) if t.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("path", ["/", "/events/quito/", "/accounts/login/", "/events/nowhere/"])
def test_public_pages_have_no_english_left(client, lang, path):
    EventFactory(slug="quito", name="Foro de Alcaldes — Quito", tagline="", description="")
    EventFactory(slug="old", name="Foro — Quezon City", status=EventStatus.ARCHIVED)

    response = client.get(f"/{lang}{path}")

    leaks = visible_text(response.content.decode()) & english_only_strings(lang)
    assert leaks == set()
    assert f'<html lang="{lang}">' in response.content.decode()


@pytest.mark.django_db
def test_demo_pages_have_no_english_left_in_french_and_spanish(client):
    from django.core.management import call_command

    from outcomes.models import Statement
    from sessions.selectors.public import programme_latest

    call_command("seed_demo", "--allow-production", stdout=None)
    dakar = "mayoral-forum-dakar"
    programme = programme_latest(event=Event.objects.get(slug=dakar), lang="en")
    statement = Statement.objects.get(event__slug="mayoral-forum-quezon-city")
    paths = [
        "/",
        f"/events/{dakar}/",
        f"/events/{dakar}/programme/",
        f"/events/{dakar}/programme/?view=grid",
        f"/events/{dakar}/programme/speakers/",
        f"/events/{dakar}/programme/changes/",
        f"/events/{dakar}/programme/sessions/{programme.sessions[0].code}/",
        f"/events/{dakar}/programme/speakers/{next(iter(programme.speakers))}/",
        f"/events/{dakar}/register/",
        f"/events/{dakar}/register/link/",
        "/events/mayoral-forum-quezon-city/statements/",
        f"/events/mayoral-forum-quezon-city/statements/{statement.slug}/",
        "/letters/verify/",
    ]
    leaks = {}
    for lang in ("fr", "es"):
        english = english_only_strings(lang)
        for path in paths:
            response = client.get(f"/{lang}{path}")
            assert response.status_code == 200, path
            found = visible_text(response.content.decode()) & english
            if found:
                leaks[f"/{lang}{path}"] = sorted(found)

    assert leaks == {}
