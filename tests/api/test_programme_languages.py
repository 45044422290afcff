"""Programme texts over the API in the requested content language: each missing text falls back
to the first filled one in the snapshot's languages (fr, en, es), and text_languages names it."""

import pytest

from tests.api.conftest import url
from tests.sessions.polyglot import make_polyglot

pytestmark = pytest.mark.django_db


@pytest.fixture
def polyglot():
    return make_polyglot()


# (content language) -> the texts served and their languages. No Spanish but WORK's title:
# the Spanish reader gets French, the snapshot's first language.
OPEN = {
    "es": (
        "Séance d’ouverture",
        "Les villes comparent leurs notes.",
        {"title": "fr", "abstract": "fr"},
    ),
    "fr": (
        "Séance d’ouverture",
        "Les villes comparent leurs notes.",
        {"title": "fr", "abstract": "fr"},
    ),
    "en": ("Opening plenary", "Cities compare notes.", {"title": "en", "abstract": "en"}),
}
WORK = {
    "es": ("Trabajo decente", {"title": "es", "abstract": None}),
    "fr": ("Travail décent", {"title": "fr", "abstract": None}),
    "en": ("Decent work", {"title": "en", "abstract": None}),
}
ROOM = {"es": ("Grande salle", "fr"), "fr": ("Grande salle", "fr"), "en": ("Main hall", "en")}
TRACK = {
    "es": ("Mobilité climatique", "fr"),
    "fr": ("Mobilité climatique", "fr"),
    "en": ("Climate mobility", "en"),
}
SPEAKER = {
    "es": ("Maire de Dakar", "Maire depuis 2022.", {"position": "fr", "biography": "fr"}),
    "fr": ("Maire de Dakar", "Maire depuis 2022.", {"position": "fr", "biography": "fr"}),
    "en": ("Mayor of Dakar", "Mayor since 2022.", {"position": "en", "biography": "en"}),
}


def session_texts(body: dict) -> tuple:
    return (
        body["title"],
        body["abstract"],
        body["text_languages"],
        (body["room"]["name"], body["room"]["text_languages"]),
        (body["track"]["name"], body["track"]["text_languages"]),
    )


def expected_open(lang: str) -> tuple:
    room, room_lang = ROOM[lang]
    track, track_lang = TRACK[lang]
    return (*OPEN[lang], (room, {"name": room_lang}), (track, {"name": track_lang}))


def speaker_texts(body: dict) -> tuple:
    return (body["position"], body["biography"], body["text_languages"])


@pytest.mark.parametrize("lang", ["es", "fr", "en"])
def test_session_list_detail_and_schedule_pick_each_text(api, polyglot, lang):
    listed = api.get(url(polyglot.event, f"sessions/?lang={lang}"))
    detail = api.get(url(polyglot.event, f"sessions/OPEN/?lang={lang}"))
    schedule = api.get(url(polyglot.event, f"schedule/?lang={lang}"))

    results, sessions = listed.json()["results"], schedule.json()["sessions"]
    assert [s["code"] for s in results] == [s["code"] for s in sessions] == ["OPEN", "WORK"]
    assert session_texts(results[0]) == expected_open(lang)
    assert session_texts(detail.json()) == expected_open(lang)
    assert session_texts(sessions[0]) == expected_open(lang)
    assert [(s["title"], s["text_languages"]) for s in results[1:]] == [WORK[lang]]
    assert [(s["title"], s["text_languages"]) for s in sessions[1:]] == [WORK[lang]]
    assert [r["Content-Language"] for r in (listed, detail, schedule)] == [lang] * 3


@pytest.mark.parametrize("lang", ["es", "fr", "en"])
def test_speaker_position_and_biography_pick_each_text(api, polyglot, lang):
    detail = api.get(url(polyglot.event, f"speakers/MAYOR/?lang={lang}")).json()
    listed = api.get(url(polyglot.event, f"speakers/?lang={lang}")).json()["results"]
    schedule = api.get(url(polyglot.event, f"schedule/?lang={lang}")).json()["speakers"]

    assert speaker_texts(detail) == speaker_texts(listed[0]) == SPEAKER[lang]
    assert speaker_texts(schedule[0]) == SPEAKER[lang]
    assert [(s["title"], s["text_languages"]) for s in detail["sessions"]] == [
        (OPEN[lang][0], {"title": OPEN[lang][2]["title"]}),
        (WORK[lang][0], {"title": WORK[lang][1]["title"]}),
    ]


@pytest.mark.parametrize("lang", ["es", "fr", "en"])
def test_room_and_track_names_pick_each_text(api, polyglot, lang):
    rooms = api.get(url(polyglot.event, f"rooms/?lang={lang}")).json()["results"]
    tracks = api.get(url(polyglot.event, f"tracks/?lang={lang}")).json()["results"]
    schedule = api.get(url(polyglot.event, f"schedule/?lang={lang}")).json()

    room, room_lang = ROOM[lang]
    track, track_lang = TRACK[lang]
    assert [(r["name"], r["text_languages"]) for r in rooms + schedule["rooms"]] == [
        (room, {"name": room_lang})
    ] * 2
    assert [(t["name"], t["text_languages"]) for t in tracks + schedule["tracks"]] == [
        (track, {"name": track_lang})
    ] * 2


@pytest.mark.parametrize("tail", ["sessions/", "sessions/OPEN/", "schedule/", "speakers/MAYOR/"])
def test_accept_language_spanish_is_lang_es(api, polyglot, tail):
    by_header = api.get(url(polyglot.event, tail), headers={"Accept-Language": "es"})
    by_query = api.get(url(polyglot.event, f"{tail}?lang=es"))

    assert by_header.content == by_query.content
    assert (by_header["Content-Language"], by_header["ETag"]) == ("es", by_query["ETag"])


def test_lang_beats_accept_language_for_programme_texts(api, polyglot):
    response = api.get(
        url(polyglot.event, "sessions/OPEN/?lang=en"), headers={"Accept-Language": "es"}
    )
    spanish = api.get(url(polyglot.event, "sessions/OPEN/"), headers={"Accept-Language": "es"})

    assert session_texts(response.json()) == expected_open("en")
    assert session_texts(spanish.json()) == expected_open("es")
    assert (response["Content-Language"], spanish["Content-Language"]) == ("en", "es")


def test_fallback_follows_the_snapshots_languages_order(api):
    """English first: the Spanish reader now gets the English texts."""
    polyglot = make_polyglot(languages=["en", "fr", "es"])

    body = api.get(url(polyglot.event, "sessions/OPEN/?lang=es")).json()

    assert session_texts(body) == expected_open("en")
