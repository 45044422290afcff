"""Feeds in any of the seven content languages: texts picked in it (fallbacks marked in each
format), labels in a language the interface speaks, one variant (ETag, cached body) each."""

import json

import icalendar
import pytest
import vobject
from django.utils import translation

from forum.content import LANGUAGE_NOTES
from tests.sessions.feeds.conftest import assert_valid_json, assert_valid_xml, feed
from tests.sessions.polyglot import make_polyglot

pytestmark = pytest.mark.django_db

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
    # The head, its publication time, the event, its snapshot, the changelogs, the documents
    # (none: no read of their files).
    with django_assert_num_queries(6):
        response = client.get(url, {"lang": lang})
    with django_assert_num_queries(0):  # the fast path
        again = client.get(url, {"lang": lang}, headers={"If-None-Match": response["ETag"]})

    assert (response.status_code, again.status_code) == (200, 304)


# --- Session texts in a fallback language, over real per-language data --------------------
# The polyglot forum works in fr, en, es; OPEN's title, the room and the track are in French and
# English only, WORK's title in all three. A Spanish reader gets French (the first fallback).


@pytest.fixture
def polyglot(db):
    return make_polyglot()


def title_note(label: str, code: str) -> str:
    """The first line announcing a title shown in ``code``, in the label language (the msgid
    is the lead's to translate; the language note already is)."""
    with translation.override(label):
        return translation.gettext("Title %(in_language)s.") % {
            "in_language": str(LANGUAGE_NOTES[code])
        }


def test_the_title_note_names_the_language_in_the_label_language():
    assert "en francés" in title_note("es", "fr")
    assert "in French" in title_note("en", "fr")


def by_uid(events) -> dict:
    return {str(e["UID"]).split(".")[0]: e for e in events}


def test_ical_in_spanish_marks_the_french_fallback_title(client, polyglot):
    response = client.get(feed("event_ics", polyglot.event), {"lang": "es"})

    parsed, read = calendars(response.content)
    events = by_uid(parsed.walk("VEVENT"))
    opening, work = events["OPEN"], events["WORK"]
    assert (str(opening["SUMMARY"]), opening["SUMMARY"].params["LANGUAGE"]) == (
        "Séance d’ouverture",
        "fr",
    )
    assert (str(work["SUMMARY"]), work["SUMMARY"].params["LANGUAGE"]) == ("Trabajo decente", "es")
    assert str(opening["DESCRIPTION"]).split("\n")[:3] == [
        title_note("es", "fr"),
        "",
        "Les villes comparent leurs notes.",
    ]
    assert str(work["DESCRIPTION"]).split("\n")[0] == "Ponente: Amina Diallo (Maire de Dakar)"
    assert (str(opening["LOCATION"]), opening["LOCATION"].params["LANGUAGE"]) == (
        "Grande salle, City hall, Lyon",
        "fr",
    )
    read_events = {e.uid.value.split(".")[0]: e for e in read.contents["vevent"]}
    assert [
        (read_events[c].summary.value, read_events[c].summary.params["LANGUAGE"])
        for c in ("OPEN", "WORK")
    ] == [("Séance d’ouverture", ["fr"]), ("Trabajo decente", ["es"])]
    assert read_events["OPEN"].description.value.split("\n")[0] == title_note("es", "fr")


def test_ical_in_french_has_french_titles_and_no_note(client, polyglot):
    response = client.get(feed("event_ics", polyglot.event), {"lang": "fr"})

    parsed, read = calendars(response.content)
    events = by_uid(parsed.walk("VEVENT"))
    assert [
        (str(events[c]["SUMMARY"]), events[c]["SUMMARY"].params["LANGUAGE"])
        for c in ("OPEN", "WORK")
    ] == [("Séance d’ouverture", "fr"), ("Travail décent", "fr")]
    assert str(events["OPEN"]["DESCRIPTION"]).split("\n")[0] == "Les villes comparent leurs notes."
    assert [e.summary.params["LANGUAGE"] for e in read.contents["vevent"]] == [["fr"], ["fr"]]


# (content language) -> titles of OPEN and WORK, their descriptions after the fallback note;
# the note's (label language, title's language), None without a note.
FRAB = {
    "en": (
        ["Opening plenary", "Decent work"],
        ["Language: English", "Language: French"],
        [None, None],
    ),
    "fr": (
        ["Séance d’ouverture", "Travail décent"],
        ["Langue : Anglais", "Langue : Français"],
        [None, None],
    ),
    "es": (
        ["Séance d’ouverture", "Trabajo decente"],
        ["Idioma: Inglés", "Idioma: Francés"],
        [("es", "fr"), None],
    ),
}


@pytest.mark.parametrize("lang", list(FRAB))
def test_frab_titles_per_language_with_the_fallback_noted(
    client, polyglot, xsd, json_validator, lang
):
    titles, languages, notes = FRAB[lang]
    descriptions = [
        "\n".join([title_note(*note), language] if note else [language])
        for language, note in zip(languages, notes, strict=True)
    ]

    xml = assert_valid_xml(
        xsd, client.get(feed("schedule_xml", polyglot.event), {"lang": lang}).content
    )
    body = assert_valid_json(
        json_validator, client.get(feed("schedule_json", polyglot.event), {"lang": lang}).content
    )

    xml_events = list(xml.iter("event"))
    json_events = [
        e
        for day in body["schedule"]["conference"]["days"]
        for room in day["rooms"].values()
        for e in room
    ]
    assert [e.findtext("title") for e in xml_events] == titles
    assert [e["title"] for e in json_events] == titles
    assert [e.findtext("description") for e in xml_events] == descriptions
    assert [e["description"] for e in json_events] == descriptions


# (content language) -> (title, title_lang) of OPEN and WORK, (room, room_lang), track name_lang
WIDGET = {
    "en": ([("Opening plenary", "en"), ("Decent work", "en")], ("Main hall", "en"), "en"),
    "fr": ([("Séance d’ouverture", "fr"), ("Travail décent", "fr")], ("Grande salle", "fr"), "fr"),
    "es": (
        [("Séance d’ouverture", "fr"), ("Trabajo decente", "es")],
        ("Grande salle", "fr"),
        "fr",
    ),
}


@pytest.mark.parametrize("lang", list(WIDGET))
def test_widget_json_gives_each_texts_language(client, polyglot, lang):
    titles, room, track_lang = WIDGET[lang]

    data = json.loads(client.get(feed("widget_json", polyglot.event), {"lang": lang}).content)

    assert [(s["title"], s["title_lang"]) for s in data["sessions"]] == titles
    assert [(s["room"], s["room_lang"]) for s in data["sessions"]] == [room, room]
    assert [t["name_lang"] for t in data["tracks"]] == [track_lang]
    assert (
        data["labels"]["in_language"]["fr"]
        == {
            "en": "in French",
            "fr": "en français",
            "es": "en francés",
        }[lang]
    )
