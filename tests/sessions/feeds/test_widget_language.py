"""The widget speaks the host page's language when the event works in it, else the event's."""

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
        ("de", "es"),  # not a language of the event (nor of the site): the event's first
        ("", "es"),
        (None, "es"),
    ],
)
def test_widget_language_follows_the_page_when_the_event_has_it(client, asked, answered):
    event = EventFactory(languages=["es", "en", "fr"])

    data = widget(client, event, asked)

    assert data["lang"] == answered


def test_widget_falls_back_when_the_site_speaks_the_language_but_the_event_does_not(client):
    event = EventFactory(languages=["en", "es"])

    data = widget(client, event, "fr")

    assert (data["lang"], data["labels"]["all_tracks"]) == ("en", "All tracks")


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
        ("en", ""),  # then the event's languages only, in the site's order
        ("fr", ""),
    ]
