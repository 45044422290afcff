"""The translation page: which texts lack which working language, and the CSV/XLIFF round
trip with a translator (export, import all or nothing, audit)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from events.models import AuditEntry, Event, Venue
from registrations.models import RegistrationCategory
from sessions.enums import SessionState, SpeakerState
from sessions.models import Room, ScheduleVersion, Session, Speaker, Track
from sessions.selectors.translations import published_gaps, translation_gaps
from sessions.services.translations import (
    TranslationImportError,
    translation_units,
    translations_csv,
    translations_import,
    translations_xliff,
)
from tests.factories import CategoryFactory, EventFactory, VenueFactory
from tests.sessions.factories import RoomFactory, SessionFactory, SpeakerFactory, TrackFactory

pytestmark = pytest.mark.django_db

HEADER = "id,source_lang,source,target_lang,target\r\n"


def url(name, event, **query):
    base = reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug})
    if query:
        base += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return base


@pytest.fixture
def organiser(organiser_of, dakar):
    return organiser_of(dakar, can_manage_programme=True)


@pytest.fixture
def manager(client, organiser):
    client.force_login(organiser)
    return client


def build_event(languages, slug="dakar") -> Event:
    """A small event: gaps in every kind, and rows the counts must leave out."""
    event = EventFactory(
        slug=slug,
        languages=languages,
        name="Dakar Forum",
        name_fr="Forum de Dakar",
        tagline="Cities act",
        venue=VenueFactory(name="CICAD"),
    )
    room = RoomFactory(event=event, name="Hall", name_fr="Salle", name_es="Sala")
    track = TrackFactory(event=event, name="Climate")
    SessionFactory(
        event=event,
        code="S1",
        room=room,
        track=track,
        title="Water",
        title_fr="Eau",
        abstract="Rivers",
    )
    SessionFactory(
        event=event,
        code="S2",
        room=room,
        title="Housing",
        title_fr="Logement",
        title_es="Vivienda",
        abstract="",
    )
    SessionFactory(event=event, code="S3", room=room, title="", title_fr="Atelier", abstract="")
    SessionFactory(event=event, code="S9", room=room, title="Gone", state=SessionState.CANCELLED)
    SpeakerFactory(event=event, code="P1", name="Aminata Touré", position="Mayor", biography="")
    SpeakerFactory(
        event=event,
        code="P2",
        position="Mayor",
        position_fr="Maire",
        position_es="Alcaldesa",
        state=SpeakerState.INVITED,
    )
    SpeakerFactory(event=event, code="P9", position="Mayor", state=SpeakerState.DECLINED)
    CategoryFactory(event=event, name="Delegate", name_fr="Délégué", name_es="Delegado")
    return event


@pytest.fixture
def dakar():
    return build_event(["en", "fr", "es"])


# --- Completeness ------------------------------------------------------------------------


def test_translation_gaps_counts_rows_lacking_each_language(dakar):
    gaps = translation_gaps(event=dakar)

    assert gaps.counts() == {
        "event": {"en": 0, "fr": 1, "es": 1},  # tagline in English only, name not in Spanish
        "venue": {"en": 0, "fr": 1, "es": 1},
        "session": {"en": 1, "fr": 1, "es": 2},  # S1 and S3; S2 complete, S9 cancelled
        "speaker": {"en": 0, "fr": 1, "es": 1},  # P1; P2 complete, P9 declined
        "track": {"en": 0, "fr": 1, "es": 1},
        "room": {"en": 0, "fr": 0, "es": 0},
        "category": {"en": 0, "fr": 0, "es": 0},
    }
    assert [gaps.kind(name).total for name in ("event", "venue", "session", "speaker")] == [
        1,
        1,
        3,
        2,
    ]


def test_translation_gaps_lists_the_rows_lacking_a_language_with_their_edit_links(dakar):
    track = Track.objects.get(event=dakar)

    gaps = translation_gaps(event=dakar)

    sessions = gaps.kind("session")
    assert [(row.key, row.label, row.url, row.fields) for row in sessions.rows["fr"]] == [
        ("S1", "Water", "/en/manage/dakar/sessions/S1/", ("abstract",)),
    ]
    assert [(row.key, row.label, row.fields) for row in sessions.rows["es"]] == [
        ("S1", "Water", ("title", "abstract")),
        ("S3", "Atelier", ("title",)),
    ]
    assert [(row.key, row.field_labels) for row in sessions.rows["en"]] == [("S3", ("title",))]
    assert [(row.key, row.url) for row in gaps.kind("track").rows["es"]] == [
        (str(track.pk), f"/en/manage/dakar/tracks/{track.pk}/")
    ]
    assert [(row.key, row.url, row.fields) for row in gaps.kind("event").rows["es"]] == [
        ("event", "/en/manage/dakar/settings/", ("name", "tagline"))
    ]
    assert [(row.key, row.label) for row in gaps.kind("speaker").rows["fr"]] == [
        ("P1", "Aminata Touré")
    ]


def test_translation_gaps_of_a_category_link_to_its_edit_page(dakar):
    category = CategoryFactory(event=dakar, name="Observer", description="Watches")

    gaps = translation_gaps(event=dakar)

    assert [(row.key, row.url, row.fields) for row in gaps.kind("category").rows["fr"]] == [
        (
            str(category.pk),
            f"/en/manage/dakar/registrations/categories/{category.pk}/",
            ("name", "description"),
        )
    ]


FORMAT_2 = {
    "format": 2,
    "languages": ["en", "fr", "es"],
    "timezone": "Africa/Dakar",
    "rooms": [{"id": 1, "name": {"en": "Hall", "fr": "Salle", "es": "Sala"}}],
    "tracks": [{"id": 2, "name": {"fr": "Climat"}, "colour": "#000000"}],
    "sessions": [
        {
            "code": "S1",
            "title": {"en": "Water", "fr": "Eau"},
            "abstract": {"en": "Rivers"},
            "state": "confirmed",
        },
        {
            "code": "S2",
            "title": {"en": "Housing", "fr": "Logement", "es": "Vivienda"},
            "abstract": {},
            "state": "confirmed",
        },
        {"code": "S9", "title": {"en": "Gone"}, "abstract": {}, "state": "cancelled"},
    ],
    "speakers": [
        {"code": "P1", "name": "Aminata Touré", "position": {"en": "Mayor"}, "biography": {}},
        {
            "code": "P2",
            "name": "Ana",
            "position": {"en": "Mayor", "fr": "Maire", "es": "Alcaldesa"},
            "biography": {"fr": "Maire depuis 2020."},
        },
    ],
}


def test_published_gaps_read_a_format_2_snapshot():
    assert published_gaps(FORMAT_2, languages=["en", "fr", "es"]) == {
        "session": {"en": 0, "fr": 1, "es": 1},
        "speaker": {"en": 1, "fr": 1, "es": 2},
        "track": {"en": 1, "fr": 0, "es": 1},
        "room": {"en": 0, "fr": 0, "es": 0},
    }


def test_translation_gaps_count_the_latest_published_version(dakar):
    ScheduleVersion.objects.create(event=dakar, number=1, snapshot={"sessions": []}, changes={})
    ScheduleVersion.objects.create(event=dakar, number=2, snapshot=FORMAT_2, changes={})

    gaps = translation_gaps(event=dakar)

    assert (gaps.published_number, gaps.published["speaker"]) == (
        2,
        {"en": 1, "fr": 1, "es": 2},
    )


@pytest.mark.parametrize("languages", [["en"], ["en", "fr", "es"]])
def test_translation_gaps_query_count_does_not_grow_with_languages(
    languages, django_assert_num_queries
):
    event = build_event(languages)
    ScheduleVersion.objects.create(event=event, number=1, snapshot=FORMAT_2, changes={})
    event = Event.objects.get(pk=event.pk)

    # The venue, sessions, speakers, tracks, rooms, categories, the latest version.
    with django_assert_num_queries(7):
        gaps = translation_gaps(event=event)

    assert list(gaps.counts()["session"]) == languages


# --- Export ------------------------------------------------------------------------------


@pytest.fixture
def small():
    """An event in English and French with one of each kind a translator gets."""
    event = EventFactory(
        slug="thies",
        languages=["en", "fr"],
        name="Thiès Forum",
        tagline="Cities act",
        tagline_fr="Les villes agissent",
        venue=VenueFactory(name="CICAD"),
    )
    room = RoomFactory(event=event, name="Hall")
    SessionFactory(
        event=event, code="S1", room=room, title="Water", abstract='Rivers, "deltas"\nand coasts'
    )
    SpeakerFactory(event=event, code="P1", position="Mayor", position_fr="Maire", biography="")
    return event


def test_export_csv_of_the_missing_texts(small):
    room = Room.objects.get(event=small)

    units = translation_units(event=small, source_lang="en", target_lang="fr", only_missing=True)

    assert translations_csv(units=units, source_lang="en", target_lang="fr") == (
        "\ufeff" + HEADER + "event:name,en,Thiès Forum,fr,\r\n"
        "venue:name,en,CICAD,fr,\r\n"
        "session:S1:title,en,Water,fr,\r\n"
        'session:S1:abstract,en,"Rivers, ""deltas""\nand coasts",fr,\r\n'
        f"room:{room.pk}:name,en,Hall,fr,\r\n"
    ).encode("utf-8")


def test_export_xliff_of_all_texts(small):
    room = Room.objects.get(event=small)

    units = translation_units(event=small, source_lang="en", target_lang="fr", only_missing=False)

    assert translations_xliff(
        units=units, source_lang="en", target_lang="fr", original="thies"
    ).decode() == (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '  <file source-language="en" target-language="fr" datatype="plaintext"'
        ' original="thies">\n'
        "    <body>\n"
        '      <trans-unit id="event:name">\n'
        "        <source>Thiès Forum</source>\n"
        "        <target />\n"
        "      </trans-unit>\n"
        '      <trans-unit id="event:tagline">\n'
        "        <source>Cities act</source>\n"
        "        <target>Les villes agissent</target>\n"
        "      </trans-unit>\n"
        '      <trans-unit id="venue:name">\n'
        "        <source>CICAD</source>\n"
        "        <target />\n"
        "      </trans-unit>\n"
        '      <trans-unit id="session:S1:title">\n'
        "        <source>Water</source>\n"
        "        <target />\n"
        "      </trans-unit>\n"
        '      <trans-unit id="session:S1:abstract">\n'
        '        <source>Rivers, "deltas"\nand coasts</source>\n'
        "        <target />\n"
        "      </trans-unit>\n"
        '      <trans-unit id="speaker:P1:position">\n'
        "        <source>Mayor</source>\n"
        "        <target>Maire</target>\n"
        "      </trans-unit>\n"
        f'      <trans-unit id="room:{room.pk}:name">\n'
        "        <source>Hall</source>\n"
        "        <target />\n"
        "      </trans-unit>\n"
        "    </body>\n"
        "  </file>\n"
        "</xliff>\n"
    )


def test_export_from_another_source_language_skips_texts_blank_in_it(small):
    units = translation_units(event=small, source_lang="fr", target_lang="en", only_missing=False)

    assert [(unit.id, unit.source, unit.target) for unit in units] == [
        ("event:tagline", "Les villes agissent", "Cities act"),
        ("speaker:P1:position", "Maire", "Mayor"),
    ]


# --- Import ------------------------------------------------------------------------------


def texts(event) -> dict:
    """Every translated column of the event's rows, to show an import changed nothing else."""
    columns = {
        Session: (
            "code",
            "title",
            "title_en",
            "title_fr",
            "abstract",
            "abstract_en",
            "abstract_fr",
        ),
        Speaker: ("code", "position", "position_en", "position_fr", "biography_en", "biography_fr"),
        Room: ("pk", "name", "name_en", "name_fr"),
        Track: ("pk", "name_en", "name_fr"),
        RegistrationCategory: ("pk", "name_en", "name_fr", "description_en", "description_fr"),
    }
    state = {
        model._meta.label: list(model.objects.filter(event=event).order_by("pk").values(*fields))
        for model, fields in columns.items()
    }
    state["event"] = list(
        Event.objects.filter(pk=event.pk).values("name", "name_en", "name_fr", "tagline_fr")
    )
    state["venue"] = list(Venue.objects.filter(pk=event.venue_id).values("name", "name_fr"))
    state["audit"] = AuditEntry.objects.count()
    return state


@pytest.mark.parametrize("kind", ["csv", "xliff"])
@pytest.mark.parametrize("only_missing", [True, False])
def test_reimporting_an_unchanged_export_writes_nothing(small, kind, only_missing):
    units = translation_units(
        event=small, source_lang="en", target_lang="fr", only_missing=only_missing
    )
    if kind == "csv":
        data = translations_csv(units=units, source_lang="en", target_lang="fr")
    else:
        data = translations_xliff(units=units, source_lang="en", target_lang="fr", original="x")
    before = texts(small)

    result = translations_import(event=small, data=data, actor=None)

    assert (result.rows, result.texts, texts(small)) == (0, 0, before)


def test_import_of_a_french_title_changes_only_that_text(small, organiser_of):
    user = organiser_of(small, can_manage_programme=True)
    units = translation_units(event=small, source_lang="en", target_lang="fr", only_missing=True)
    data = translations_csv(units=units, source_lang="en", target_lang="fr").replace(
        b"session:S1:title,en,Water,fr,", b"session:S1:title,en,Water,fr,Eau"
    )
    before = texts(small)

    result = translations_import(event=small, data=data, actor=user)

    after = texts(small)
    expected = before["programme.Session"][0] | {"title_fr": "Eau"}
    assert (result.rows, result.texts) == (1, 1)
    assert after["programme.Session"] == [expected]
    assert {k: v for k, v in after.items() if k not in ("programme.Session", "audit")} == {
        k: v for k, v in before.items() if k not in ("programme.Session", "audit")
    }
    entry = AuditEntry.objects.get()
    session = Session.objects.get(event=small)
    assert (entry.action, entry.actor, entry.object_id, entry.changes) == (
        "changed",
        user,
        str(session.pk),
        {"title_fr": [None, "Eau"]},
    )


def test_import_of_an_english_text_keeps_the_mirror_column_english(small):
    data = HEADER + "session:S1:title,fr,,en,Clean water\r\nvenue:name,fr,,fr,CICAD Dakar\r\n"

    with translation.override("fr"):  # a French-speaking organiser
        result = translations_import(event=small, data=data.encode(), actor=None)

    session = Session.objects.filter(event=small).values("title", "title_en", "title_fr").get()
    assert (result.rows, result.texts) == (2, 2)
    assert session == {"title": "Clean water", "title_en": "Clean water", "title_fr": None}
    assert [
        (entry.content_type.model, entry.changes) for entry in AuditEntry.objects.order_by("pk")
    ] == [
        ("venue", {"name_fr": [None, "CICAD Dakar"]}),
        ("session", {"title_en": ["Water", "Clean water"]}),
    ]


def test_import_of_a_french_text_without_english_fills_the_mirror_column(small):
    data = HEADER + "speaker:P1:biography,en,,fr,Maire depuis 2022.\r\n"

    with translation.override("es"):
        result = translations_import(event=small, data=data.encode(), actor=None)

    speaker = (
        Speaker.objects.rewrite(False)
        .filter(event=small)
        .values("biography", "biography_en", "biography_fr")
        .get()
    )
    assert (result.rows, result.texts) == (1, 1)
    # No English text: the unsuffixed column holds the first filled language (mirror_text).
    assert speaker == {
        "biography": "Maire depuis 2022.",
        "biography_en": "",
        "biography_fr": "Maire depuis 2022.",
    }
    assert [(entry.content_type.model, entry.changes) for entry in AuditEntry.objects.all()] == [
        ("speaker", {"biography_fr": [None, "Maire depuis 2022."]})
    ]


# --- Refused files -----------------------------------------------------------------------


def refused(event, data: str | bytes) -> str:
    """The message an import of ``data`` is refused with; nothing may have been written."""
    before = texts(event)
    with pytest.raises(TranslationImportError) as refusal:
        translations_import(
            event=event, data=data if isinstance(data, bytes) else data.encode(), actor=None
        )
    assert texts(event) == before
    return str(refusal.value.message)


GOOD_LINES = "session:S1:title,en,Water,fr,Eau\r\nvenue:name,en,CICAD,fr,CICAD Dakar\r\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "id,source,target\r\n" + GOOD_LINES,
            "Line 1: the header must be “id,source_lang,source,target_lang,target”.",
        ),
        (
            HEADER + GOOD_LINES + "session:S404:title,en,Nope,fr,Non\r\n",
            "Line 4: unknown id “session:S404:title”.",
        ),
        (
            HEADER + GOOD_LINES + "hall:1:name,en,Nope,fr,Non\r\n",
            "Line 4: unknown id “hall:1:name”.",
        ),
        (
            HEADER + "session:S1:title,en,Water,fr," + "e" * 301 + "\r\n",
            "Line 2: the text is 301 characters long; at most 300 fit.",
        ),
        (
            HEADER + GOOD_LINES + "session:S1:kind,en,panel,fr,table ronde\r\n",
            "Line 4: “kind” is not a translatable text (in “session:S1:kind”).",
        ),
        (
            HEADER + "session:S1:title,en,Water,es,Agua\r\n",
            "Line 2: this event is not written in “es”.",
        ),
        (
            HEADER + GOOD_LINES + "session:S1:title,en,Water,fr,L’eau\r\n",
            "Line 4: “session:S1:title” appears twice (first on line 2).",
        ),
        (HEADER + "session:S1:title,en,Water\r\n", "Line 2: expected 5 columns, found 3."),
        (
            HEADER
            + 'session:S1:abstract,en,"Rivers\nand coasts",fr,"Fleuves\n"\r\nroom:0:name,en,Hall,fr,Salle\r\n',
            "Line 5: unknown id “room:0:name”.",
        ),
        (
            HEADER + 'session:S404:abstract,en,"Rivers\nand coasts",fr,"Fleuves"\r\n',
            "Line 2: unknown id “session:S404:abstract”.",
        ),
        ("", "The file is empty."),
        (b"\xff\xfeid", "The file is not UTF-8 text."),
    ],
)
def test_a_malformed_csv_is_refused_naming_its_line(small, data, message):
    assert refused(small, data) == message


XLIFF_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '  <file source-language="en" target-language="{lang}" datatype="plaintext" original="x">\n'
    "    <body>\n"
)
XLIFF_TAIL = "    </body>\n  </file>\n</xliff>\n"


def unit(unit_id: str, target: str) -> str:
    return (
        f'      <trans-unit id="{unit_id}">\n'
        f"        <source>x</source>\n        <target>{target}</target>\n"
        "      </trans-unit>\n"
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n'
    "<!DOCTYPE lolz [\n"
    '  <!ENTITY lol "lol">\n'
    '  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    '  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    "]>\n"
    '<xliff version="1.2"><file target-language="fr"><body>'
    '<trans-unit id="session:S1:title"><source>x</source><target>&lol3;</target></trans-unit>'
    "</body></file></xliff>\n"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            XLIFF_HEAD.format(lang="fr")
            + unit("session:S1:title", "Eau")
            + '      <trans-unit id="venue:name">\n        <target>oops</source>\n'
            + XLIFF_TAIL,
            "Line 10: the file is not well-formed XML.",
        ),
        (
            XLIFF_HEAD.format(lang="fr")
            + unit("session:S1:title", "Eau")
            + unit("session:S404:title", "Non")
            + XLIFF_TAIL,
            "Line 9: unknown id “session:S404:title”.",
        ),
        (
            XLIFF_HEAD.format(lang="es") + unit("session:S1:title", "Agua") + XLIFF_TAIL,
            "Line 5: this event is not written in “es”.",
        ),
        (
            BILLION_LAUGHS,
            "Line 3: the file declares entities or a document type, which are refused.",
        ),
        (
            '<?xml version="1.0"?>\n<xliff version="2.0"/>\n',
            "Line 2: expected an XLIFF 1.2 document.",
        ),
    ],
)
def test_a_malformed_xliff_is_refused_naming_its_line(small, data, message):
    assert refused(small, data) == message


def test_an_xliff_with_a_french_title_imports_it(small):
    data = XLIFF_HEAD.format(lang="fr") + unit("session:S1:title", "L’eau") + XLIFF_TAIL

    result = translations_import(event=small, data=data.encode(), actor=None)

    assert (result.rows, Session.objects.get(event=small).title_fr) == (1, "L’eau")


# --- Pages -------------------------------------------------------------------------------


def test_translations_page_shows_the_counts_linking_to_the_lacking_rows(dakar, manager):
    response = manager.get(url("translations", dakar))

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<tr data-kind="session">\n      <th scope="row">Sessions</th>\n      <td>3</td>\n'
        '      <td data-lang="en"><a href="#missing-en-session">1</a></td>'
        '<td data-lang="fr"><a href="#missing-fr-session">1</a></td>'
        '<td data-lang="es"><a href="#missing-es-session">2</a></td>\n    </tr>'
    ) in html
    assert '<td data-lang="fr">0</td>' in html  # rooms
    assert '<h4 id="missing-es-session">Sessions <span class="meta">(2)</span></h4>' in html
    assert (
        '<li data-key="S3"><a href="/en/manage/dakar/sessions/S3/" lang="fr" dir="ltr">Atelier</a>'
        ' <span class="meta">title</span></li>'
    ) in html
    assert "The programme has not been published yet." in html
    assert '<a href="/en/manage/dakar/translations/" aria-current="page">Translations</a>' in html


@pytest.mark.parametrize("languages", [["en"], ["en", "fr", "es"]])
def test_translations_page_query_count_does_not_grow_with_languages(
    languages, organiser_of, client, django_assert_num_queries
):
    event = build_event(languages)
    ScheduleVersion.objects.create(event=event, number=1, snapshot=FORMAT_2, changes={})
    client.force_login(organiser_of(event, can_manage_programme=True))

    with django_assert_num_queries(11):
        response = client.get(url("translations", event))

    assert response.status_code == 200


def test_export_view_sends_the_file_as_an_attachment(small, organiser_of, client):
    client.force_login(organiser_of(small, can_manage_programme=True))

    response = client.get(url("translations_export", small, lang="fr", format="xliff", only="all"))

    assert (response.status_code, response["Content-Type"], response["Content-Disposition"]) == (
        200,
        "application/x-xliff+xml; charset=utf-8",
        'attachment; filename="thies-en-fr.xlf"',
    )
    assert response.content.count(b"<trans-unit ") == 7


@pytest.mark.parametrize("languages", [["en", "fr"], ["en", "fr", "es"]])
def test_export_view_query_count_does_not_grow_with_languages(
    languages, organiser_of, client, django_assert_num_queries
):
    event = build_event(languages)
    client.force_login(organiser_of(event, can_manage_programme=True))

    with django_assert_num_queries(10):
        response = client.get(url("translations_export", event, lang="fr", format="csv"))

    track = Track.objects.get(event=event)
    ids = [line.split(",")[0] for line in response.content.decode("utf-8-sig").splitlines()]
    assert (response.status_code, ids) == (
        200,
        [
            "id",
            "event:tagline",
            "venue:name",
            "session:S1:abstract",
            "speaker:P1:position",
            f"track:{track.pk}:name",
        ],
    )


def test_export_view_refuses_a_language_the_event_does_not_use(small, organiser_of, client):
    client.force_login(organiser_of(small, can_manage_programme=True))

    response = client.get(url("translations_export", small, lang="es", format="csv"))

    assert (response.status_code, response.content.decode()) == (
        400,
        "Select a valid choice. es is not one of the available choices.",
    )


def test_import_view_writes_the_file_and_says_how_many_texts(small, organiser_of, client):
    client.force_login(organiser_of(small, can_manage_programme=True))
    upload = SimpleUploadedFile("fr.csv", (HEADER + GOOD_LINES).encode("utf-8-sig"))

    response = client.post(url("translations_import", small), {"file": upload}, follow=True)

    assert response.redirect_chain == [("/en/manage/thies/translations/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["2 texts imported."]
    assert Session.objects.get(event=small).title_fr == "Eau"


def test_import_view_refuses_a_broken_file_with_its_line(small, organiser_of, client):
    client.force_login(organiser_of(small, can_manage_programme=True))
    upload = SimpleUploadedFile("fr.csv", (HEADER + "session:S404:title,en,x,fr,y\r\n").encode())
    before = texts(small)

    response = client.post(url("translations_import", small), {"file": upload}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "The file was not imported: Line 2: unknown id “session:S404:title”."
    ]
    assert texts(small) == before


@pytest.mark.parametrize(
    ("name", "method"),
    [("translations", "get"), ("translations_export", "get"), ("translations_import", "post")],
)
def test_an_organiser_of_another_event_gets_404(small, organiser_of, client, name, method):
    other = organiser_of(EventFactory(slug="berlin"), can_manage_programme=True)
    client.force_login(other)
    before = texts(small)
    upload = SimpleUploadedFile("fr.csv", (HEADER + GOOD_LINES).encode())

    response = getattr(client, method)(
        url(name, small) + ("?lang=fr&format=csv" if method == "get" else ""),
        {"file": upload} if method == "post" else {},
    )

    assert (response.status_code, texts(small)) == (404, before)


def test_a_name_another_room_has_in_that_language_is_refused(small):
    RoomFactory(event=small, name="Annex", name_fr="Salle")
    hall = Room.objects.get(event=small, name_en="Hall")

    message = refused(small, HEADER + GOOD_LINES + f"room:{hall.pk}:name,en,Hall,fr,Salle\r\n")

    assert message == "Line 4: another entry of this event already has this text."


def test_a_refusal_is_in_the_organisers_language(small, monkeypatch):
    """Messages are built outside the English override that writes the plain columns."""
    seen = []
    monkeypatch.setattr(
        "sessions.services.translations._",
        lambda text: seen.append(translation.get_language()) or text,
    )
    RoomFactory(event=small, name="Annex", name_fr="Salle")
    hall = Room.objects.get(event=small, name_en="Hall")

    with translation.override("fr"), pytest.raises(TranslationImportError):
        translations_import(
            event=small,
            data=f"{HEADER}room:{hall.pk}:name,en,Hall,fr,Salle\r\n".encode(),
            actor=None,
        )

    assert seen[-1] == "fr"


def test_export_view_refuses_the_source_language_as_target(small, organiser_of, client):
    client.force_login(organiser_of(small, can_manage_programme=True))

    response = client.get(url("translations_export", small, lang="en"))

    assert (response.status_code, response.content.decode()) == (
        400,
        "Choose a language other than the source language.",
    )


def test_csv_quotes_a_text_a_spreadsheet_would_run_and_its_import_takes_the_quote_off(small):
    Session.objects.filter(event=small, code="S1").update(
        title_en='=HYPERLINK("http://evil.example","Water")', title_fr="-20 % d'eau"
    )
    units = translation_units(event=small, source_lang="en", target_lang="fr", only_missing=False)
    data = translations_csv(units=units, source_lang="en", target_lang="fr")
    before = texts(small)

    rows = data.decode("utf-8-sig").splitlines()
    assert [row for row in rows if row.startswith("session:S1:title")] == [
        'session:S1:title,en,"\'=HYPERLINK(""http://evil.example"",""Water"")",fr,\'-20 % d\'eau'
    ]
    result = translations_import(event=small, data=data, actor=None)
    assert (result.rows, result.texts, texts(small)) == (0, 0, before)

    changed = data.replace(b"fr,'-20 % d'eau", b"fr,'-30 % d'eau")
    translations_import(event=small, data=changed, actor=None)
    assert Session.objects.get(event=small, code="S1").title_fr == "-30 % d'eau"
