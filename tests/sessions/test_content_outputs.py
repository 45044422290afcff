"""Public pages show each text in the page's language, else in the event's languages in order,
and mark a text shown in another language (its ``lang``/``dir`` and a note such as "(in
French)" in the page's language)."""

import pytest
from django.urls import reverse
from django.utils import translation

from sessions.services.schedule import schedule_publish
from tests.factories import EventFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)

pytestmark = pytest.mark.django_db

NOTES = {
    "en": {"fr": "(in French)", "en": "(in English)"},
    "fr": {"fr": "(en français)", "en": "(en anglais)"},
    "es": {"fr": "(en francés)", "en": "(en inglés)"},
}


def fallback(code: str, page: str) -> tuple[str, str]:
    """The attributes on the element holding a text in ``code``, and the note after it."""
    return f' lang="{code}" dir="ltr"', f' <span class="lang-note">{NOTES[page][code]}</span>'


@pytest.fixture
def forum():
    """Working languages French, English, Spanish: French and English complete, session
    "HOUSE" without a Spanish title or abstract, the speaker's position in English only, her
    biography and the event's tagline in French and English. Version 2 renames "OPEN" in
    French only."""
    event = EventFactory(
        languages=["fr", "en", "es"],
        name_en="Mayors' Forum",
        name_fr="Forum des maires",
        name_es="Foro de alcaldes",
        tagline_en="Cities meet",
        tagline_fr="Les villes se rencontrent",
        description_en="Three days.",
        description_fr="Trois jours.",
        description_es="Tres días.",
    )
    hall = RoomFactory(event=event, name_en="Main hall", name_fr="Grande salle", name_es="Sala")
    track = TrackFactory(event=event, name_en="Climate", name_fr="Climat", name_es="Clima")
    mayor = SpeakerFactory(
        event=event,
        code="MAYOR",
        name="Amina Diallo",
        position_en="Mayor",
        biography_en="Mayor since 2022.",
        biography_fr="Maire depuis 2022.",
    )
    opening = SessionFactory(
        event=event,
        code="OPEN",
        title_en="Opening",
        title_fr="Ouverture",
        title_es="Apertura",
        abstract_en="Welcome.",
        abstract_fr="Bienvenue.",
        abstract_es="Bienvenida.",
        room=hall,
        track=track,
    )
    house = SessionFactory(
        event=event,
        code="HOUSE",
        title_en="Housing",
        title_fr="Logement",
        abstract_en="Homes for all.",
        abstract_fr="Un toit pour tous.",
        room=hall,
        track=track,
        start=at(event, 0, 14),
    )
    SessionRoleFactory(session=opening, speaker=mayor, role="chair")
    SessionRoleFactory(session=house, speaker=mayor, role="panellist")
    schedule_publish(event=event, comment="", user=None, notify=False)
    opening.title_fr = "Grande ouverture"
    opening.save()
    schedule_publish(event=event, comment="", user=None, notify=False)
    return event


def page(client, lang: str, name: str, event, **kwargs) -> str:
    with translation.override(lang):
        path = reverse(name, kwargs=kwargs or {"event_slug": event.slug})
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def agenda(client, lang, event):
    return page(client, lang, "programme:agenda", event)


def session(client, lang, event):
    return page(client, lang, "programme:session", event, event_slug=event.slug, code="HOUSE")


def speaker(client, lang, event):
    return page(client, lang, "programme:speaker", event, event_slug=event.slug, code="MAYOR")


def changelog(client, lang, event):
    return page(client, lang, "programme:changelog", event)


def event_page(client, lang, event):
    return page(client, lang, "events:detail", event, slug=event.slug)


def _expected(kind: str, lang: str) -> list[str]:
    """Fragments the page in ``lang`` must hold, exactly."""
    fr_attrs, fr_note = fallback("fr", lang)
    en_attrs, en_note = fallback("en", lang)
    house = {"en": "Housing", "fr": "Logement", "es": "Logement"}[lang]
    house_marks = (fr_attrs, fr_note) if lang == "es" else ("", "")
    if kind == "agenda":
        return [
            f'/HOUSE/"{house_marks[0]}>{house}</a>{house_marks[1]}</h3>',
            '<span class="room">{}</span>'.format(
                {"en": "Main hall", "fr": "Grande salle", "es": "Sala"}[lang]
            ),
        ]
    if kind == "session":
        abstract = {"en": "Homes for all.", "fr": "Un toit pour tous.", "es": "Un toit pour tous."}
        return [
            f"<h1{house_marks[0]}>{house}</h1>{house_marks[1]}",
            f'<div class="abstract"{house_marks[0]}><p>{abstract[lang]}</p></div>{house_marks[1]}',
        ]
    if kind == "speaker":
        biography = {"en": "Mayor since 2022.", "fr": "Maire depuis 2022."}
        bio_lang = "en" if lang == "en" else "fr"
        bio_marks = (fr_attrs, fr_note) if lang == "es" else ("", "")
        position = "Mayor" if lang == "en" else f"<span{en_attrs}>Mayor</span>{en_note}"
        return [
            f'<div class="biography"{bio_marks[0]}><p>{biography[bio_lang]}</p></div>'
            f"{bio_marks[1]}",
            f'<p class="tagline">{position}, City of Testing</p>',
            f"{house_marks[0]}>{house}</a>{house_marks[1]} · ",
        ]
    if kind == "changelog":
        # The French-only rename, shown in French whatever the page's language.
        if lang == "fr":
            before, after = "Ouverture", "Grande ouverture"
        else:
            before = f"<span{fr_attrs}>Ouverture</span>{fr_note}"
            after = f"<span{fr_attrs}>Grande ouverture</span>{fr_note}"
        french = {"en": "French", "fr": "Français", "es": "Francés"}[lang]
        return [f"Renamed ({french}): “{before}” is now “{after}”"]
    tagline = {"en": "Cities meet", "fr": "Les villes se rencontrent"}
    name = {"en": "Mayors&#x27; Forum", "fr": "Forum des maires", "es": "Foro de alcaldes"}[lang]
    if lang == "es":
        tagline_html = f'<p class="tagline"{fr_attrs}>Les villes se rencontrent</p>{fr_note}'
    else:
        tagline_html = f'<p class="tagline">{tagline[lang]}</p>'
    return [f"<h1>{name}</h1>", tagline_html]


PAGES = {
    "agenda": agenda,
    "session": session,
    "speaker": speaker,
    "changelog": changelog,
    "event": event_page,
}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_shows_each_text_in_its_language_or_marks_the_fallback(client, forum, kind, lang):
    body = PAGES[kind](client, lang, forum)

    missing = [fragment for fragment in _expected(kind, lang) if fragment not in body]

    assert missing == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_in_a_complete_language_marks_nothing_in_the_programme(client, forum, lang):
    body = session(client, lang, forum)

    assert 'class="lang-note"' not in body.split("<dl class=")[0].split("<article")[1]


def test_french_only_rename_is_a_retitle_in_french(forum):
    version = forum.schedule_versions.get(number=2)

    assert version.changes["retitled"] == [
        {
            "code": "OPEN",
            "before": {"en": "Opening", "fr": "Ouverture", "es": "Apertura"},
            "after": {"en": "Opening", "fr": "Grande ouverture", "es": "Apertura"},
            "languages": ["fr"],
        }
    ]
    assert version.changes["languages"] == ["fr", "en", "es"]


def test_first_translation_is_not_a_retitle_but_a_removed_one_is(forum):
    from sessions.models import Session

    house = Session.objects.get(event=forum, code="HOUSE")
    house.title_es = "Vivienda"
    house.save()
    added = schedule_publish(event=forum, comment="", user=None, notify=False)
    house.title_fr = ""
    house.save()
    removed = schedule_publish(event=forum, comment="", user=None, notify=False)

    assert added.changes["retitled"] == []
    assert removed.changes["retitled"] == [
        {
            "code": "HOUSE",
            "before": {"en": "Housing", "fr": "Logement", "es": "Vivienda"},
            "after": {"en": "Housing", "es": "Vivienda"},
            "languages": ["fr"],
        }
    ]


def test_room_translated_later_moves_nothing(forum):
    from sessions.models import Room

    Room.objects.filter(event=forum).update(name_pt="Sala principal")

    version = schedule_publish(event=forum, comment="", user=None, notify=False)

    assert (version.changes["moved"], version.changes["retitled"]) == ([], [])


def test_api_changes_pick_the_retitle_in_the_asked_language(client, forum):
    path = reverse("api:changes", kwargs={"event_slug": forum.slug, "number": 2})

    english = client.get(path, {"lang": "en"}).json()["changes"]["retitled"]
    french = client.get(path, {"lang": "fr"}).json()["changes"]["retitled"]

    expected = {"code": "OPEN", "before": "Ouverture", "after": "Grande ouverture"}
    assert english == [{**expected, "languages": ["fr"]}]
    assert french == [{**expected, "languages": ["fr"]}]
