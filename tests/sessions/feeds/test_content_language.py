"""Feeds in any of the seven content languages: texts picked in it (fallbacks marked in each
format), labels in a language the interface speaks, one variant (ETag, cached body) each."""

import json

import icalendar
import pytest
import vobject
from django.utils import translation

from forum.content import Text
from sessions.feeds.frab import schedule_json_render, schedule_xml_render
from sessions.feeds.ical import calendar_render
from sessions.feeds.views import _feed_data
from sessions.feeds.widget import widget_json_render
from sessions.selectors.feeds import version_meta_latest
from tests.sessions.feeds import test_frab
from tests.sessions.feeds.conftest import feed
from tests.sessions.feeds.test_frab import assert_valid_json, assert_valid_xml

pytestmark = pytest.mark.django_db

# The frab schemas, loaded as test_frab.py loads them.
xsd, json_validator = test_frab.xsd, test_frab.json_validator

NAMES = {"en": "Manila Forum", "fr": "Forum de Manille", "ar": "منتدى مانيلا"}
# (content language) -> (event name served, its language, label language)
SERVED = {
    "en": ("Manila Forum", "en", "en"),
    "fr": ("Forum de Manille", "fr", "fr"),
    "es": ("Manila Forum", "en", "es"),  # no Spanish name: the event's first language
    "ar": ("منتدى مانيلا", "ar", "en"),  # labels: the event's first the interface speaks
    "pt": ("Manila Forum", "en", "en"),
}


@pytest.fixture
def named(tricky):
    """The tricky forum (en, es, fr) named in English, French and Arabic; its venue named in
    English and French."""
    event = tricky.event
    for code, name in NAMES.items():
        setattr(event, f"name_{code}", name)
    event.save()
    event.venue.name_fr = "Hôtel de ville de Quezon City"
    event.venue.save()
    return tricky


def calendars(content: bytes):
    text = content.decode()
    return icalendar.Calendar.from_ical(text), vobject.readOne(text)


@pytest.mark.parametrize("lang", list(SERVED))
def test_event_calendar_in_each_language(client, named, lang):
    name, name_lang, label = SERVED[lang]

    response = client.get(feed("event_ics", named.event), {"lang": lang})

    parsed, read = calendars(response.content)
    assert response["Content-Language"] == lang
    assert (str(parsed["NAME"]), parsed["NAME"].params["LANGUAGE"]) == (name, name_lang)
    assert (read.contents["name"][0].value, read.contents["name"][0].params["LANGUAGE"]) == (
        name,
        [name_lang],
    )
    assert read.contents["description"][0].params["LANGUAGE"] == [label]
    assert str(parsed["DESCRIPTION"]).startswith(
        {"en": "Programme of", "fr": "Programme de", "es": "Programa de"}[label]
    )
    assert len(read.contents["vevent"]) == len(parsed.walk("VEVENT")) == 6


@pytest.mark.parametrize(
    ("lang", "location", "location_lang"),
    [
        ("en", "Quezon City Hall, Quezon City", "en"),
        ("fr", "Hôtel de ville de Quezon City, Quezon City", "fr"),
        ("es", "Quezon City Hall, Quezon City", "en"),
        ("ar", "Quezon City Hall, Quezon City", "en"),
    ],
)
def test_location_says_the_venue_names_language(client, named, lang, location, location_lang):
    response = client.get(feed("session_ics", named.event, code="NIGHT3"), {"lang": lang})

    parsed, read = calendars(response.content)
    (night,) = parsed.walk("VEVENT")
    assert (str(night["LOCATION"]), night["LOCATION"].params["LANGUAGE"]) == (
        location,
        location_lang,
    )
    assert read.vevent.location.params["LANGUAGE"] == [location_lang]


@pytest.mark.parametrize("lang", list(SERVED))
def test_frab_in_each_language_is_valid(client, named, xsd, json_validator, lang):
    name = SERVED[lang][0]

    xml = client.get(feed("schedule_xml", named.event), {"lang": lang})
    document = assert_valid_xml(xsd, xml.content)
    body = assert_valid_json(
        json_validator, client.get(feed("schedule_json", named.event), {"lang": lang}).content
    )

    assert xml["Content-Language"] == lang
    assert document.findtext("conference/title") == name
    assert body["schedule"]["conference"]["title"] == name
    # <language> stays the language the session is held in.
    assert [e.findtext("language") for e in document.iter("event")][:2] == ["en", "zh"]


@pytest.mark.parametrize("lang", list(SERVED))
def test_widget_json_in_each_language(client, named, lang):
    name, name_lang, label = SERVED[lang]

    data = json.loads(client.get(feed("widget_json", named.event), {"lang": lang}).content)

    assert (data["lang"], data["label_lang"]) == (lang, label)
    assert (data["event"]["name"], data["event"]["name_lang"]) == (name, name_lang)
    assert (
        data["labels"]["in_language"]["en"]
        == {
            "en": "in English",
            "fr": "en anglais",
            "es": "en inglés",
        }[label]
    )
    assert sorted(data["labels"]["in_language"]) == ["ar", "en", "es", "fr", "pt", "ru", "zh"]


@pytest.mark.parametrize("name", ["event_ics", "schedule_xml", "schedule_json", "widget_json"])
def test_each_content_language_is_its_own_variant(client, named, name):
    langs = ["en", "fr", "es", "ar", "pt", "ru", "zh"]
    url = feed(name, named.event)
    first = {lang: client.get(url, {"lang": lang}) for lang in langs}
    again = {
        lang: client.get(url, {"lang": lang}, headers={"If-None-Match": first[lang]["ETag"]})
        for lang in langs
    }
    crossed = client.get(url, {"lang": "ar"}, headers={"If-None-Match": first["en"]["ETag"]})

    assert len({response["ETag"] for response in first.values()}) == len(langs)
    assert [again[lang].status_code for lang in langs] == [304] * len(langs)
    assert [again[lang]["Content-Language"] for lang in langs] == langs
    assert (crossed.status_code, crossed.content) == (200, first["ar"].content)


def test_a_language_that_is_no_content_language_gives_the_events_first(client, named):
    named.event.languages = ["fr", "en"]
    named.event.save()

    response = client.get(feed("schedule_json", named.event), {"lang": "de"})

    assert response["Content-Language"] == "fr"
    assert json.loads(response.content)["schedule"]["conference"]["title"] == "Forum de Manille"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_query_count_is_the_same_in_every_language(client, named, django_assert_num_queries, lang):
    url = feed("schedule_json", named.event)
    # The head, its publication time, the event, its snapshot, the changelogs.
    with django_assert_num_queries(5):
        response = client.get(url, {"lang": lang})
    with django_assert_num_queries(0):  # the fast path
        again = client.get(url, {"lang": lang}, headers={"If-None-Match": response["ETag"]})

    assert (response.status_code, again.status_code) == (200, 304)


# --- A session title shown in a fallback language, in each renderer ---------------------------
# Published programmes carry plain strings until snapshot texts record their language; these
# render a programme whose title is a forum.content.Text, as the readers will give it.


def fallback_data(tricky, *, content: str, label: str, title_lang: str):
    event = tricky.event
    data = _feed_data(event, version_meta_latest(event=event), content, label)
    opening = data.programme.session("OPEN01")
    opening.title = Text(opening.title, lang=title_lang, is_fallback=title_lang != content)
    return data


def test_ical_marks_a_fallback_title(tricky):
    data = fallback_data(tricky, content="en", label="en", title_lang="fr")

    body = calendar_render(data=data, sessions=data.programme.sessions, name="x", path="/x.ics")

    parsed = icalendar.Calendar.from_ical(body)
    opening = next(e for e in parsed.walk("VEVENT") if str(e["UID"]).startswith("OPEN01."))
    assert opening["SUMMARY"].params["LANGUAGE"] == "fr"
    assert str(opening["DESCRIPTION"]).split("\n")[:2] == ["Title in French.", ""]
    assert vobject.readOne(body.decode()).vevent.summary.params["LANGUAGE"] == ["fr"]


def test_ical_title_in_the_content_language_has_no_note(tricky):
    data = fallback_data(tricky, content="ar", label="en", title_lang="ar")

    body = calendar_render(data=data, sessions=data.programme.sessions, name="x", path="/x.ics")

    opening = next(
        e
        for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
        if str(e["UID"]).startswith("OPEN01.")
    )
    assert opening["SUMMARY"].params["LANGUAGE"] == "ar"
    assert str(opening["DESCRIPTION"]).startswith("Cities compare notes.")


def test_frab_notes_a_fallback_title_in_the_description(tricky, xsd, json_validator):
    data = fallback_data(tricky, content="es", label="en", title_lang="en")

    with translation.override("en"):
        xml = assert_valid_xml(xsd, schedule_xml_render(data=data))
        body = assert_valid_json(json_validator, schedule_json_render(data=data))

    descriptions = {e.get("guid"): e.findtext("description") for e in xml.iter("event")}
    rooms = [r for day in body["schedule"]["conference"]["days"] for r in day["rooms"].values()]
    opening = next(e for room in rooms for e in room if e["title"].startswith("Opening"))
    assert (
        descriptions[opening["guid"]]
        == opening["description"]
        == ("Title in English.\nLanguage: English")
    )
    others = [e for room in rooms for e in room if e is not opening]
    assert [e["description"].startswith("Title") for e in others] == [False] * len(others)


def test_widget_json_gives_each_titles_language(tricky):
    data = fallback_data(tricky, content="fr", label="fr", title_lang="en")

    document = json.loads(widget_json_render(data=data))

    by_code = {s["code"]: s for s in document["sessions"]}
    assert (by_code["OPEN01"]["title_lang"], by_code["CJK002"]["title_lang"]) == ("en", None)
    assert document["labels"]["in_language"]["en"] == "en anglais"
