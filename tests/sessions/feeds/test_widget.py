"""The embeddable widget, server side: its data, its script, its frame page and the builder."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.sessions.feeds.conftest import feed, republish_with_changes

pytestmark = pytest.mark.django_db

SCRIPT = Path(settings.BASE_DIR) / "static" / "widget" / "widget.js"


def test_widget_json_carries_agenda_and_translated_labels(client, tricky):
    republish_with_changes(tricky)

    data = json.loads(client.get(feed("widget_json", tricky.event), {"lang": "en"}).content)

    assert data["event"] == {
        "name": "Forum <Manila> & “Friends”",
        "name_lang": "en",
        "slug": "forum-manila",
        "timezone": "Asia/Manila",
        "url": "/en/events/forum-manila/programme/",
    }
    assert (data["lang"], data["label_lang"], data["version"]) == ("en", "en", 2)
    assert data["labels"]["all_tracks"] == "All tracks"
    assert data["labels"]["zone"] == "All times are in Asia/Manila time, the host city's time zone."
    assert [d["date"] for d in data["days"]] == ["2031-03-10", "2031-03-11", "2031-03-12"]
    assert data["days"][0]["label"] == "Mon 10 Mar"
    assert [t["name"] for t in data["tracks"]] == ["Climate & <mobility>", "الهجرة والمدن"]
    night = next(s for s in data["sessions"] if s["code"] == "NIGHT3")
    assert night == {
        "code": "NIGHT3",
        "title": "Night market walk — “after dark”",
        "title_lang": "en",
        "day": "2031-03-10",
        "start": "23:00",
        "end": "01:30",
        "start_iso": "2031-03-10T23:00:00+08:00",
        "end_iso": "2031-03-11T01:30:00+08:00",
        "next_day": True,
        "room": "",
        "room_lang": None,
        "track": None,
        "kind": "Field visit",
        "languages": ["en"],
        "language_label": "English",
        "speakers": [],
        "cancelled": False,
        "url": "/en/events/forum-manila/programme/sessions/NIGHT3/",
        "documents": 0,
    }
    assert [s["code"] for s in data["sessions"] if s["cancelled"]] == ["GONE05"]


def test_widget_json_in_french(client, tricky):
    data = json.loads(client.get(feed("widget_json", tricky.event), {"lang": "fr"}).content)

    assert data["lang"] == "fr"
    assert data["event"]["url"] == "/fr/events/forum-manila/programme/"
    assert data["sessions"][0]["url"] == "/fr/events/forum-manila/programme/sessions/OPEN01/"


def test_widget_json_before_publishing_is_empty_but_labelled(client, event):
    data = json.loads(client.get(feed("widget_json", event), {"lang": "en"}).content)

    assert (data["version"], data["days"], data["sessions"]) == (None, [], [])
    assert data["labels"]["unpublished"] == "The programme has not been published yet."


def test_widget_script_is_served_to_any_origin(client):
    response = client.get("/widget.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == (
        SCRIPT.read_bytes()
    )
    assert client.get("/widget.js", headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_widget_script_stays_small():
    assert len(SCRIPT.read_bytes()) < 10_000


def test_widget_frame_page_may_be_framed_by_any_site(client, tricky):
    response = client.get(feed("widget_frame", tricky.event), {"lang": "fr", "track": "7"})

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert (
        '<script src="/widget.js" data-event="forum-manila" data-lang="fr" data-track="7" '
        "data-frame></script>"
    ) in response.text


def test_other_pages_still_refuse_framing(client, tricky):
    response = client.get(reverse("programme:agenda", kwargs={"event_slug": "forum-manila"}))

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def builder(event) -> str:
    return reverse("programme_manage:widget_builder", kwargs={"event_slug": event.slug})


def test_widget_builder_for_the_events_organisers(client, tricky, organiser_of):
    client.force_login(organiser_of(tricky.event))

    response = client.get(builder(tricky.event))

    assert response.status_code == 200
    assert 'data-script-url="http://127.0.0.1:8000/widget.js"' in response.text
    assert 'data-frame-url="http://127.0.0.1:8000/events/forum-manila/widget/"' in response.text
    assert f'<option value="{tricky.arabic.pk}">الهجرة والمدن</option>' in response.text


def test_widget_builder_hidden_from_other_events_organisers(client, tricky, organiser_of):
    from tests.factories import EventFactory

    client.force_login(organiser_of(EventFactory()))

    assert client.get(builder(tricky.event)).status_code == 404


def test_widget_builder_needs_a_login(client, tricky):
    response = client.get(builder(tricky.event))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
