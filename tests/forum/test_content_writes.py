"""Writing a translated text from {code: text}: trimming, limits, the mirror column, clashes."""

import pytest

from forum.content import clean_texts, merged_texts, mirror_text, taken_language, write_texts
from forum.errors import ServiceError
from sessions.models import Room
from tests.factories import EventFactory
from tests.sessions.factories import RoomFactory


def test_clean_texts_trims_and_names_the_column_of_a_text_too_long():
    assert clean_texts(
        {"en": "  Main   hall ", "fr": None}, field="name", max_length=9, error=ServiceError
    ) == {"en": "Main hall", "fr": ""}
    with pytest.raises(ServiceError) as refused:
        clean_texts({"ar": "x" * 10}, field="name", max_length=9, error=ServiceError)
    assert (refused.value.code, str(refused.value.message)) == (
        "name_ar",
        "Arabic: at most 9 characters (it has 10).",
    )


def test_clean_texts_keeps_the_lines_of_a_long_text_and_refuses_an_unknown_language():
    assert clean_texts(
        {"fr": " Un.\n\nDeux. "},
        field="abstract",
        max_length=None,
        error=ServiceError,
        single_line=False,
    ) == {"fr": "Un.\n\nDeux."}
    with pytest.raises(ServiceError) as refused:
        clean_texts({"de": "Saal"}, field="name", max_length=None, error=ServiceError)
    assert refused.value.code == "name"


def test_mirror_is_english_else_the_first_filled_language_in_content_order():
    assert (
        mirror_text({"fr": "Salle", "en": "Hall"}),
        mirror_text({"zh": "大厅", "es": "Sala", "en": " "}),
        mirror_text({}),
    ) == ("Hall", "Sala", "")


@pytest.mark.django_db
def test_write_texts_sets_the_languages_given_and_the_mirror():
    room = RoomFactory(name="Hall", name_fr="Salle")

    columns = write_texts(room, "name", merged_texts(room, "name", {"en": "", "es": "Sala"}))
    room.save(update_fields=columns)

    stored = Room.objects.values("name", "name_en", "name_fr", "name_es").get(pk=room.pk)
    assert stored == {"name": "Salle", "name_en": "", "name_fr": "Salle", "name_es": "Sala"}
    assert columns[:2] == ["name", "name_en"]


@pytest.mark.django_db
def test_taken_language_finds_a_clash_per_language_and_between_mirrors():
    event = EventFactory()
    RoomFactory(event=event, name="Hall", name_fr="Salle")
    rooms = Room.objects.filter(event=event)

    def taken(**texts):
        return taken_language(rooms, "name", {"en": "", **texts})

    # A text another room has in that language; a mirror another room's mirror is; else none.
    assert (
        taken(en="Annex", fr="SALLE"),
        taken(fr="Hall"),
        taken(en="Salle"),
        taken(en="Annex", fr="Annexe"),
    ) == ("fr", "fr", None, None)
