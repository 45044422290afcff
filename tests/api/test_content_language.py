"""The API serves content in any of the seven content languages, says which language each text
was served in (text_languages), and labels in English, French or Spanish."""

import pytest

from api.serializers.sessions import SessionSerializer
from api.serializers.speakers import SpeakerSerializer
from forum.content import Text
from sessions.selectors.public import PublicRoom, PublicSession, PublicTrack
from sessions.services.schedule import schedule_publish
from tests.api.conftest import THROTTLE_QUERIES, url
from tests.factories import EventFactory, VenueFactory
from tests.sessions.factories import SessionFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum():
    """Works in fr, en, es. The name is in every language but Russian and Chinese, the tagline
    in French and English only, the description in English only; one published session."""
    venue = VenueFactory(name="City hall")
    venue.name_fr = "Hôtel de ville"
    venue.save()
    event = EventFactory(slug="urban-forum", languages=["fr", "en", "es"], venue=venue)
    texts = {
        "name": {
            "en": "Urban Forum",
            "fr": "Forum urbain",
            "es": "Foro urbano",
            "ar": "المنتدى الحضري",
            "pt": "Fórum Urbano",
        },
        "tagline": {"en": "Cities together", "fr": "Les villes ensemble"},
        "description": {"en": "Three days in the city."},
    }
    for field, values in texts.items():
        for code, value in values.items():
            setattr(event, f"{field}_{code}", value)
    event.save()
    SessionFactory(event=event, code="OPEN", start=at(event, 0, 9), end=at(event, 0, 10))
    schedule_publish(event=event, comment="", user=None)
    return event


# (content language, name, tagline, description, text_languages)
EXPECTED = {
    "en": ("Urban Forum", "Cities together", "Three days in the city.", ("en", "en", "en")),
    "fr": ("Forum urbain", "Les villes ensemble", "Three days in the city.", ("fr", "fr", "en")),
    # Missing in Spanish: the event's first language (French), then English.
    "es": ("Foro urbano", "Les villes ensemble", "Three days in the city.", ("es", "fr", "en")),
    "ar": ("المنتدى الحضري", "Les villes ensemble", "Three days in the city.", ("ar", "fr", "en")),
    "pt": ("Fórum Urbano", "Les villes ensemble", "Three days in the city.", ("pt", "fr", "en")),
    "ru": ("Forum urbain", "Les villes ensemble", "Three days in the city.", ("fr", "fr", "en")),
}


def texts(body: dict) -> tuple:
    return (
        body["name"],
        body["tagline"],
        body["description"],
        tuple(body["text_languages"][f] for f in ("name", "tagline", "description")),
    )


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_event_texts_in_the_requested_language(api, forum, lang):
    response = api.get(url(forum, f"?lang={lang}"))

    assert texts(response.json()) == EXPECTED[lang]
    assert response["Content-Language"] == lang


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_schedule_document_carries_the_event_in_the_requested_language(api, forum, lang):
    response = api.get(url(forum, f"schedule/?lang={lang}"))

    assert texts(response.json()["event"]) == EXPECTED[lang]
    assert response["Content-Language"] == lang


@pytest.mark.parametrize(
    ("lang", "venue", "venue_lang"),
    [("fr", "Hôtel de ville", "fr"), ("en", "City hall", "en"), ("es", "Hôtel de ville", "fr")],
)
def test_venue_name_follows_the_events_fallback_order(api, forum, lang, venue, venue_lang):
    body = api.get(url(forum, f"?lang={lang}")).json()

    assert (body["venue"]["name"], body["venue"]["text_languages"]) == (
        venue,
        {"name": venue_lang},
    )


def test_event_list_picks_each_events_texts(api, forum):
    body = api.get("/api/v1/events/?lang=es").json()

    assert [texts(item) for item in body["results"]] == [EXPECTED["es"]]


def test_lang_beats_accept_language(api, forum):
    response = api.get(url(forum, "?lang=es"), headers={"Accept-Language": "fr, en;q=0.5"})

    assert texts(response.json()) == EXPECTED["es"]
    assert response["Content-Language"] == "es"


def test_accept_language_names_any_content_language(api, forum):
    response = api.get(url(forum), headers={"Accept-Language": "pt-BR, en;q=0.8"})

    assert texts(response.json()) == EXPECTED["pt"]
    assert response["Content-Language"] == "pt"


def test_accept_language_in_a_missing_language_serves_the_fallback(api, forum):
    forum.name_pt = ""
    forum.save()

    response = api.get(url(forum), headers={"Accept-Language": "pt"})

    assert texts(response.json()) == (
        "Forum urbain",
        "Les villes ensemble",
        "Three days in the city.",
        ("fr", "fr", "en"),
    )
    assert response["Content-Language"] == "pt"


def test_accept_language_without_a_content_language_is_english(api, forum):
    response = api.get(url(forum), headers={"Accept-Language": "de, it;q=0.5"})

    assert texts(response.json()) == EXPECTED["en"]
    assert response["Content-Language"] == "en"


def test_unknown_lang_is_refused(api, forum):
    response = api.get(url(forum, "?lang=de"))

    assert (response.status_code, list(response.json()["errors"])) == (400, ["lang"])


@pytest.mark.parametrize("tail", ["", "schedule/", "sessions/"])
def test_etag_differs_per_content_language_and_each_revalidates(api, forum, tail):
    langs = ["en", "fr", "es", "ar", "pt"]
    first = {lang: api.get(url(forum, f"{tail}?lang={lang}")) for lang in langs}
    again = {
        lang: api.get(
            url(forum, f"{tail}?lang={lang}"), headers={"If-None-Match": first[lang]["ETag"]}
        )
        for lang in langs
    }
    crossed = api.get(url(forum, f"{tail}?lang=fr"), headers={"If-None-Match": first["es"]["ETag"]})

    assert len({response["ETag"] for response in first.values()}) == len(langs)
    assert [again[lang].status_code for lang in langs] == [304] * len(langs)
    assert [again[lang]["Content-Language"] for lang in langs] == langs
    assert (crossed.status_code, crossed.content) == (200, first["fr"].content)


def test_accept_language_and_lang_share_one_variant(api, forum):
    by_header = api.get(url(forum), headers={"Accept-Language": "ar"})
    by_query = api.get(url(forum, "?lang=ar"))
    revalidated = api.get(url(forum, "?lang=ar"), headers={"If-None-Match": by_header["ETag"]})

    assert (by_header["ETag"], by_header.content) == (by_query["ETag"], by_query.content)
    assert (revalidated.status_code, revalidated["Content-Language"]) == (304, "ar")
    assert texts(by_query.json()) == EXPECTED["ar"]


@pytest.mark.parametrize(
    ("lang", "state_label", "content_language"),
    [
        ("en", "Confirmed", "en"),
        ("fr", "Confirmée", "fr"),
        ("es", "Confirmada", "es"),
        # Not a language of the interface: the event's first one it speaks (it works in ar,
        # fr), whatever Accept-Language says.
        ("ar", "Confirmée", "ar"),
        ("zh", "Confirmée", "zh"),
    ],
)
def test_labels_are_in_a_language_the_interface_speaks(
    api, forum, lang, state_label, content_language
):
    forum.languages = ["ar", "fr"]
    forum.save()

    response = api.get(url(forum, f"sessions/OPEN/?lang={lang}"), headers={"Accept-Language": "es"})

    assert (response.json()["state_label"], response["Content-Language"]) == (
        state_label,
        content_language,
    )


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_event_endpoint_costs_the_same_in_every_language(
    api, forum, django_assert_num_queries, lang
):
    # Cold: the head, the version's publication time, the event row, its documents (none, so
    # no read of their files); then the head alone.
    with django_assert_num_queries(4 + THROTTLE_QUERIES):
        first = api.get(url(forum, f"?lang={lang}"))
    with django_assert_num_queries(1 + THROTTLE_QUERIES):
        revalidated = api.get(url(forum, f"?lang={lang}"), headers={"If-None-Match": first["ETag"]})

    assert (first.status_code, revalidated.status_code) == (200, 304)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_schedule_costs_the_same_in_every_language(api, forum, django_assert_num_queries, lang):
    # Cold: the head, the publication time, the snapshot, the event row, the documents (none);
    # warm: the fast path.
    with django_assert_num_queries(5 + THROTTLE_QUERIES):
        first = api.get(url(forum, f"schedule/?lang={lang}"))
    with django_assert_num_queries(0 + THROTTLE_QUERIES):
        again = api.get(url(forum, f"schedule/?lang={lang}"))

    assert (first.status_code, again.content) == (200, first.content)


def test_schema_lists_the_content_languages_and_text_languages(client):
    document = client.get("/api/v1/schema/?format=json").json()

    parameters = document["paths"]["/api/v1/events/{event_slug}/schedule/"]["get"]["parameters"]
    (lang,) = [p for p in parameters if p["name"] == "lang"]
    session = document["components"]["schemas"]["SessionTextLanguages"]
    assert lang["schema"]["enum"] == ["en", "fr", "es", "ar", "pt", "ru", "zh"]
    assert sorted(session["properties"]) == ["abstract", "title"]
    assert session["properties"]["title"]["nullable"] is True


# --- Programme texts: the serializers report the language each Text carries ----------------


def test_session_serializer_reports_each_texts_language():
    room = PublicRoom(1, Text("Salle A", lang="fr", is_fallback=True), 10, True)
    track = PublicTrack(2, Text("Climat", lang="fr", is_fallback=True), "#000000")
    session = PublicSession(
        code="OPEN",
        title=Text("Opening", lang="en", is_fallback=True),
        abstract=Text("", lang=None),
        kind="panel",
        state="confirmed",
        track=track,
        room=room,
        start=at(EventFactory.build(), 0, 9),
        end=at(EventFactory.build(), 0, 10),
        spoken_language="en",
        interpretation_languages=[],
    )
    session.updated_at, session.updated_in_version = session.start, 1

    body = SessionSerializer(session).data

    assert body["text_languages"] == {"title": "en", "abstract": None}
    assert (body["room"]["text_languages"], body["track"]["text_languages"]) == (
        {"name": "fr"},
        {"name": "fr"},
    )


def test_plain_strings_have_no_known_language():
    serializer = SpeakerSerializer()

    assert serializer.fields["text_languages"].to_representation(
        type("S", (), {"position": "Mayor", "biography": ""})()
    ) == {"position": None, "biography": None}
