"""The fallback rule for content in several languages (forum.content)."""

import json

import pytest
from django import forms
from django.utils import translation

from forum.content import (
    CONTENT_LANGUAGES,
    Text,
    content_write,
    fallback_order,
    pick,
    text_fields,
    texts_of,
)
from forum.forms import TranslatedFieldsMixin


def test_content_languages_are_the_seven_of_the_language_enum():
    from events.enums import Language

    assert CONTENT_LANGUAGES == ("en", "fr", "es", "ar", "pt", "ru", "zh")
    assert tuple(Language.values) == CONTENT_LANGUAGES


def test_fallback_order_is_requested_then_event_languages_then_the_rest():
    assert fallback_order("es", ["fr", "en", "es"]) == ["es", "fr", "en", "ar", "pt", "ru", "zh"]
    assert fallback_order("ar", ["fr"]) == ["ar", "fr", "en", "es", "pt", "ru", "zh"]


def test_fallback_order_leaves_out_unknown_codes_and_repeats_none():
    assert fallback_order("de", ["zh", "xx", "zh"]) == ["zh", "en", "fr", "es", "ar", "pt", "ru"]
    assert fallback_order(None, []) == list(CONTENT_LANGUAGES)


def test_pick_gives_the_requested_language_when_filled():
    text = pick({"en": "Water", "fr": "Eau"}, requested="fr", languages=["en", "fr"])
    assert (text, text.lang, text.is_fallback) == ("Eau", "fr", False)


def test_pick_falls_back_to_the_events_first_language():
    text = pick({"en": "Water", "fr": "Eau"}, requested="es", languages=["fr", "en"])
    assert (text, text.lang, text.is_fallback) == ("Eau", "fr", True)


def test_pick_falls_back_to_any_filled_language_when_none_of_the_events_is():
    text = pick({"zh": "水", "ru": "Вода"}, requested="es", languages=["fr", "en"])
    assert (text, text.lang, text.is_fallback) == ("Вода", "ru", True)


def test_pick_counts_blank_and_none_as_missing():
    values = {"fr": "  ", "en": None, "es": "", "pt": "Água"}
    text = pick(values, requested="fr", languages=["fr", "en", "es"])
    assert (text, text.lang, text.is_fallback) == ("Água", "pt", True)


def test_pick_of_nothing_is_an_empty_text_without_language():
    text = pick({"fr": "", "en": None}, requested="fr", languages=["fr"])
    assert (text, text.lang, text.is_fallback) == ("", None, False)


def test_text_is_a_str_that_keeps_its_language():
    text = Text("Eau", lang="fr", is_fallback=True)
    assert isinstance(text, str)
    assert text == "Eau" and text.upper() == "EAU" and f"{text}!" == "Eau!"
    assert json.dumps({"title": text}) == '{"title": "Eau"}'


def test_text_fields_names_one_column_per_language():
    assert text_fields("title") == (
        "title_en",
        "title_fr",
        "title_es",
        "title_ar",
        "title_pt",
        "title_ru",
        "title_zh",
    )


def test_texts_of_a_row_are_its_filled_languages():
    class Row:
        name_en = "Plenary hall"
        name_fr = "Salle plénière"
        name_es = ""
        name_ar = None

    assert texts_of(Row(), "name") == {"en": "Plenary hall", "fr": "Salle plénière"}


def test_content_write_writes_in_the_default_language_whatever_the_request():
    with translation.override("fr"), content_write():
        assert translation.get_language() == "en"


@pytest.mark.django_db
def test_category_names_keep_their_fallback_and_blanks_never_collide():
    from registrations.models import RegistrationCategory
    from tests.factories import CategoryFactory

    first = CategoryFactory(name="Delegate", name_fr="Délégué·e")
    second = CategoryFactory(event=first.event, name="Observer")  # no French name either
    with translation.override("fr"):
        names = [first.display_name, second.display_name]
    assert names == ["Délégué·e", "Observer"]
    assert (second.name_fr, second.name_en, second.name_ar) == ("", "Observer", None)
    assert str(first) == "Delegate"
    constraint = next(
        c
        for c in RegistrationCategory._meta.constraints
        if c.name == "category_unique_name_per_event-name_fr"
    )
    assert str(constraint.condition) == "(NOT (AND: ('name_fr', '')))"


def test_lang_attrs_and_note_mark_only_a_fallback():
    from django.template import Context, Template

    page = Template(
        "{% load content %}<h2{% lang_attrs title %}>{{ title }}{% lang_note title %}</h2>"
    )
    with translation.override("fr"):
        shown = page.render(Context({"title": Text("Opening", lang="en", is_fallback=True)}))
        own = page.render(Context({"title": Text("Ouverture", lang="fr")}))
        arabic = page.render(Context({"title": Text("افتتاح", lang="ar", is_fallback=True)}))
        plain = page.render(Context({"title": "Ouverture"}))
    assert shown == (
        '<h2 lang="en" dir="ltr">Opening <span class="lang-note">(en anglais)</span></h2>'
    )
    assert own == "<h2>Ouverture</h2>"
    assert plain == "<h2>Ouverture</h2>"
    assert arabic == '<h2 lang="ar" dir="rtl">افتتاح <span class="lang-note">(en arabe)</span></h2>'


class _TitleForm(TranslatedFieldsMixin, forms.Form):
    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated(
            "title",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=20),
            label="Title",
            required=True,
        )


def test_translated_fields_come_in_the_event_order_marked_with_their_language():
    form = _TitleForm(languages=["fr", "en", "xx", "fr", "ar"])
    assert list(form.fields) == ["title_fr", "title_en", "title_ar"]
    assert [str(f.label) for f in form.fields.values()] == ["French", "English", "Arabic"]
    assert form.fields["title_ar"].widget.attrs == {"maxlength": "20", "lang": "ar", "dir": "rtl"}
    html = form.translated["title"].fields[0].as_widget()
    assert 'lang="fr"' in html and 'dir="ltr"' in html


def test_translated_texts_give_every_shown_language_and_a_blank_clears():
    form = _TitleForm({"title_fr": " Ouverture ", "title_en": ""}, languages=["fr", "en"])
    assert form.is_valid(), form.errors
    assert form.texts("title") == {"fr": "Ouverture", "en": ""}


def test_a_required_translated_text_needs_one_language_and_each_keeps_its_limit():
    empty = _TitleForm({"title_fr": "", "title_en": " "}, languages=["fr", "en"])
    assert empty.is_valid() is False
    assert empty.errors == {"title_fr": ["Write it in at least one language."]}
    long = _TitleForm({"title_fr": "x" * 21}, languages=["fr", "en"])
    assert long.is_valid() is False
    assert list(long.errors) == ["title_fr"]


def test_shown_languages_add_the_languages_already_written_to_the_events():
    from forum.forms import shown_languages

    initial = {"biography_ar": "سيرة", "biography_fr": "", "position_pt": "Prefeito"}

    assert shown_languages(["fr", "en"], fields=("biography",), initial=initial) == [
        "fr",
        "en",
        "ar",
    ]
    assert shown_languages(["fr", "en", "xx"]) == ["fr", "en"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Water", "Water"),
        ("'quoted'", "'quoted'"),
        ("'=already quoted", "''=already quoted"),
        ("", ""),
    ],
)
def test_csv_cells_never_run_as_formulas_and_come_back_unchanged(value, cell):
    from forum.spreadsheets import csv_safe, csv_unsafe

    assert (csv_safe(value), csv_unsafe(csv_safe(value))) == (cell, value)
