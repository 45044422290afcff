"""The widget's texts are in the host page's language when it is a content language (else the
event's first), its labels in it when the site speaks it (else the event's first the site
speaks)."""

import json
import re

import pytest

from tests.factories import EventFactory
from tests.sessions.feeds.conftest import feed

pytestmark = pytest.mark.django_db


def widget(client, event, lang: str | None) -> dict:
    params = {"lang": lang} if lang is not None else {}
    return json.loads(client.get(feed("widget_json", event), params).content)


@pytest.mark.parametrize(
    ("asked", "answered"),
    [
        ("fr", "fr"),
        ("fr-CA", "fr"),  # a region: its language
        ("ES", "es"),
        ("en_GB", "en"),
        ("pt-BR", "pt"),  # a content language the event does not use: its texts fall back
        ("de", "es"),  # not a content language: the event's first
        ("", "es"),
        (None, "es"),
    ],
)
def test_widget_language_follows_the_page(client, asked, answered):
    event = EventFactory(languages=["es", "en", "fr"])

    data = widget(client, event, asked)

    assert data["lang"] == answered


def test_widget_in_a_language_the_event_lacks_marks_the_fallbacks(client):
    event = EventFactory(name="Urban Forum", languages=["en", "es"])

    data = widget(client, event, "fr")

    assert (data["lang"], data["label_lang"], data["labels"]["all_tracks"]) == (
        "fr",
        "fr",
        "Toutes les thématiques",
    )
    assert (data["event"]["name"], data["event"]["name_lang"]) == ("Urban Forum", "en")
    assert data["labels"]["in_language"]["en"] == "en anglais"


def test_widget_in_a_language_the_site_does_not_speak_has_the_events_labels(client):
    event = EventFactory(name="Urban Forum", languages=["ar", "es", "en"])
    event.name_ar = "المنتدى الحضري"
    event.save()

    data = widget(client, event, "ar")

    assert (data["lang"], data["label_lang"], data["labels"]["all_tracks"]) == (
        "ar",
        "es",
        "Todos los ejes temáticos",
    )
    assert (data["event"]["name"], data["event"]["name_lang"]) == ("المنتدى الحضري", "ar")
    assert data["rtl"] == ["ar"]


def test_widget_labels_are_in_the_chosen_language(client):
    event = EventFactory(languages=["en", "fr"])

    data = widget(client, event, "fr-BE")

    assert (data["lang"], data["labels"]["all_tracks"]) == ("fr", "Toutes les thématiques")


def test_builder_snippet_follows_the_partner_page_unless_a_language_is_chosen(client, organiser_of):
    from django.urls import reverse

    event = EventFactory(languages=["fr", "en"])
    client.force_login(organiser_of(event))

    response = client.get(
        reverse("programme_manage:widget_builder", kwargs={"event_slug": event.slug})
    )

    options = response.text.split('<select id="widget-lang" name="lang">')[1].split("</select>")[0]
    assert re.findall(r'<option value="([a-z]*)"( selected)?>', options) == [
        ("", " selected"),  # no data-lang: the script follows the partner page's <html lang>
        ("fr", ""),  # then the event's languages, in its order
        ("en", ""),
    ]
