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
        renamed = {
            "en": f"Renamed ({french}): “{before}” is now “{after}”",
            "fr": f"Renommée ({french}) : « {before} » devient « {after} »",
            "es": f"Renombrada ({french}): «{before}» pasa a ser «{after}»",
        }
        return [renamed[lang]]
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


# --- The data migration: stored versions become format 2 ------------------------------------

FORMAT_1 = {
    "format": 1,
    "timezone": "America/Guayaquil",
    "rooms": [{"id": 1, "name": "Main hall", "capacity": 500, "has_booths": True}],
    "tracks": [{"id": 2, "name": "Climate", "colour": "#0b5394"}],
    "sessions": [
        {
            "code": "A",
            "title": "Opening",
            "abstract": "",
            "kind": "panel",
            "state": "confirmed",
            "track": 2,
            "room": 1,
            "start": "2030-01-01T15:00:00+00:00",
            "end": "2030-01-01T16:00:00+00:00",
            "spoken_language": "en",
            "interpretation_languages": [],
            "roles": [{"speaker": "MAYOR", "role": "chair"}],
        }
    ],
    "speakers": [
        {
            "code": "MAYOR",
            "honorific": "Mayor",
            "name": "Amina Diallo",
            "position": "Mayor",
            "organisation": "City of Testing",
            "biography": "",
            "photo": "",
        }
    ],
    "updated": {
        "at": "2030-01-01T00:00:00+00:00",
        "sessions": {"A": {"number": 2, "at": "2030-01-01T00:00:00+00:00"}},
        "speakers": {},
        "withdrawn": {
            "B": {
                "code": "B",
                "title": "Housing",
                "abstract": "Homes.",
                "state": "cancelled",
                "roles": [],
                "updated": {"number": 2, "at": "2030-01-01T00:00:00+00:00"},
            }
        },
    },
}
CHANGES_1 = {
    "added": [{"code": "A", "title": "Opening"}],
    "cancelled": [{"code": "B", "title": "Housing"}],
    "moved": [
        {
            "code": "A",
            "title": "Opening",
            "before": {"start": None, "end": None, "room": ""},
            "after": {"start": "2030", "end": "2030", "room": "Main hall"},
        }
    ],
    "retitled": [{"code": "A", "before": "Start", "after": "Opening"}],
    "speakers_changed": [
        {"code": "A", "title": "Opening", "added": [], "removed": []},
    ],
}


def test_migration_upgrades_stored_versions_to_format_2_and_back(event):
    """Texts written before were English: a string becomes {"en": text}, "" becomes {}."""
    import copy
    from importlib import import_module

    from django.apps import apps

    from sessions.models import ScheduleVersion

    migration = import_module("sessions.migrations.0008_snapshots_in_every_language")
    event.languages = ["fr", "en"]
    event.save()
    version = ScheduleVersion.objects.create(
        event=event, number=1, snapshot=copy.deepcopy(FORMAT_1), changes=copy.deepcopy(CHANGES_1)
    )

    migration.to_format_2(apps, None)
    version.refresh_from_db()
    upgraded = version.snapshot, version.changes
    migration.to_format_2(apps, None)  # a format 2 version is left as it is
    version.refresh_from_db()
    twice = version.snapshot, version.changes
    migration.to_format_1(apps, None)
    version.refresh_from_db()

    snapshot, changes = upgraded
    assert (snapshot["format"], snapshot["languages"]) == (2, ["fr", "en"])
    assert snapshot["rooms"][0]["name"] == {"en": "Main hall"}
    assert snapshot["tracks"][0]["name"] == {"en": "Climate"}
    assert {k: snapshot["sessions"][0][k] for k in ("title", "abstract")} == {
        "title": {"en": "Opening"},
        "abstract": {},
    }
    assert {k: snapshot["speakers"][0][k] for k in ("position", "biography")} == {
        "position": {"en": "Mayor"},
        "biography": {},
    }
    tomb = snapshot["updated"]["withdrawn"]["B"]
    assert (tomb["title"], tomb["abstract"]) == ({"en": "Housing"}, {"en": "Homes."})
    assert changes == {
        "added": [{"code": "A", "title": {"en": "Opening"}}],
        "cancelled": [{"code": "B", "title": {"en": "Housing"}}],
        "moved": [
            {
                "code": "A",
                "title": {"en": "Opening"},
                "before": {"start": None, "end": None, "room": {}},
                "after": {"start": "2030", "end": "2030", "room": {"en": "Main hall"}},
            }
        ],
        "retitled": [
            {
                "code": "A",
                "before": {"en": "Start"},
                "after": {"en": "Opening"},
                "languages": ["en"],
            }
        ],
        "speakers_changed": [
            {"code": "A", "title": {"en": "Opening"}, "added": [], "removed": []},
        ],
        "languages": ["fr", "en"],
    }
    assert twice == upgraded
    assert (version.snapshot, version.changes) == (FORMAT_1, CHANGES_1)


def test_upgraded_version_reads_on_the_pages(client, event):
    """A version stored before format 2 renders once the migration has run."""
    import copy
    from importlib import import_module

    from django.apps import apps

    from sessions.models import ScheduleVersion

    migration = import_module("sessions.migrations.0008_snapshots_in_every_language")
    snapshot = copy.deepcopy(FORMAT_1)
    room = RoomFactory(event=event, name="Main hall")
    snapshot["rooms"][0]["id"] = room.pk
    snapshot["sessions"][0]["room"] = room.pk
    ScheduleVersion.objects.create(
        event=event, number=1, snapshot=snapshot, changes=copy.deepcopy(CHANGES_1)
    )
    migration.to_format_2(apps, None)

    body = page(client, "fr", "programme:session", event, event_slug=event.slug, code="A")

    attrs, note = fallback("en", "fr")
    assert f"<h1{attrs}>Opening</h1>{note}" in body


def test_speaker_email_names_a_french_rename_and_picks_the_rest_in_her_language(
    forum, django_capture_on_commit_callbacks
):
    from django.core import mail

    from sessions.models import Session, Speaker

    Speaker.objects.filter(event=forum, code="MAYOR").update(language="es")
    opening = Session.objects.get(event=forum, code="OPEN")
    opening.title_fr = "Ouverture solennelle"
    opening.start = at(forum, 0, 11)
    opening.end = at(forum, 0, 12)
    opening.save()

    with django_capture_on_commit_callbacks(execute=True):
        schedule_publish(event=forum, comment="", user=None)

    [message] = mail.outbox
    assert "Foro de alcaldes" in message.subject
    start = at(forum, 0, 10).strftime("%Y-%m-%d")
    # Moved: the title and the room in Spanish; renamed: the French titles.
    assert (
        f"- La sesión «Apertura» se ha trasladado de {start} 10:00 Sala a {start} 11:00 Sala.\n"
        "- «Grande ouverture» ahora se titula «Ouverture solennelle».\n"
    ) in message.body


def test_ical_sequence_counts_a_french_only_rename(forum):
    from sessions.selectors.feeds import session_revisions

    revisions = session_revisions(event=forum, up_to=2)

    assert {code: r.sequence for code, r in revisions.items()} == {"OPEN": 1, "HOUSE": 0}


def test_programme_reads_a_regional_code_as_its_language(forum):
    from sessions.selectors.public import programme_latest

    programme = programme_latest(event=forum, lang="es-MX")

    assert [
        (s.code, str(s.title), s.title.lang, s.title.is_fallback) for s in programme.sessions
    ] == [("OPEN", "Apertura", "es", False), ("HOUSE", "Logement", "fr", True)]
