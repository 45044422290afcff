"""Feeds state the language of their body and vary on nothing the request's headers carry."""

import pytest

from tests.sessions.feeds.conftest import feed

pytestmark = pytest.mark.django_db

PUBLIC = [
    ("event_ics", {}),
    ("schedule_xml", {}),
    ("schedule_json", {}),
    ("widget_json", {}),
    ("session_ics", {"code": "OPEN01"}),
    ("speaker_ics", {"code": "SPK001"}),
]
FRENCH_MARKERS = {
    "event_ics": "Langue",
    "schedule_xml": "Langue",
    "schedule_json": "Langue",
    "widget_json": "Programme complet",
    "session_ics": "Langue",
    "speaker_ics": "Langue",
}


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC)
@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar", "zh"])  # ar, zh: English labels
def test_content_language_is_the_bodys_language(client, tricky, name, kwargs, lang):
    # An Accept-Language that disagrees with ?lang: the body follows ?lang, and says so.
    response = client.get(
        feed(name, tricky.event, **kwargs), {"lang": lang}, headers={"Accept-Language": "de, en"}
    )
    revalidated = client.get(
        feed(name, tricky.event, **kwargs),
        {"lang": lang},
        headers={"If-None-Match": response["ETag"], "Accept-Language": "es"},
    )

    assert (response.status_code, revalidated.status_code) == (200, 304)
    assert response["Content-Language"] == revalidated["Content-Language"] == lang
    assert (FRENCH_MARKERS[name] in response.content.decode()) is (lang == "fr")


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC)
def test_without_lang_the_body_is_in_the_events_first_language(client, tricky, name, kwargs):
    tricky.event.languages = ["fr", "en"]
    tricky.event.save()

    response = client.get(feed(name, tricky.event, **kwargs), headers={"Accept-Language": "es"})

    assert response["Content-Language"] == "fr"
    assert FRENCH_MARKERS[name] in response.content.decode()


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC)
def test_feeds_vary_on_nothing(client, tricky, name, kwargs):
    """Nothing in the request's headers changes a feed (its language is ?lang=, in the URL),
    so shared caches keep one copy per URL."""
    url = feed(name, tricky.event, **kwargs)
    first = client.get(url, headers={"Accept-Language": "fr"})
    other = client.get(url, headers={"Accept-Language": "es", "Origin": "https://x.example"})
    revalidated = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert first.content == other.content
    assert [r.get("Vary") for r in (first, other, revalidated)] == [None, None, None]


def test_widget_frame_is_in_the_requested_language(client, tricky):
    response = client.get(
        feed("widget_frame", tricky.event), {"lang": "fr"}, headers={"Accept-Language": "es"}
    )

    assert response["Content-Language"] == "fr"
    assert response.get("Vary") is None
    assert '<html lang="fr">' in response.content.decode()
    assert "<title>Programme · " in response.content.decode()


def test_widget_script_has_no_language_and_no_vary(client):
    response = client.get("/widget.js", headers={"Accept-Language": "fr"})

    assert (response.get("Content-Language"), response.get("Vary")) == (None, None)


def test_missing_feed_404_still_varies_on_accept_language(client, tricky):
    """The 404 page is translated from Accept-Language, so that one does vary."""
    response = client.get(feed("session_ics", tricky.event, code="NOPE"))

    assert response.status_code == 404
    assert response["Vary"] == "Cookie, Accept-Language"
