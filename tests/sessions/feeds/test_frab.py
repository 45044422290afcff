"""frab schedule.xml / schedule.json: valid against the vendored voc/schedule schemas."""

import json
import uuid

import pytest

from sessions.feeds.common import room_guid
from sessions.services.schedule import schedule_publish
from tests.sessions.factories import TrackFactory
from tests.sessions.feeds.conftest import (
    assert_valid_json,
    assert_valid_xml,
    feed,
    republish_with_changes,
)
from tests.sessions.polyglot import make_polyglot

pytestmark = pytest.mark.django_db


def guid(code: str) -> str:
    return str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"http://127.0.0.1:8000/events/forum-manila/sessions/{code}")
    )


def test_schedule_xml_is_valid_with_tricky_data(client, tricky, xsd):
    republish_with_changes(tricky)

    response = client.get(feed("schedule_xml", tricky.event))

    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = assert_valid_xml(xsd, response.content)
    assert document.findtext("version") == "2"
    days = document.findall("day")
    assert [(d.get("date"), d.get("start"), d.get("end")) for d in days] == [
        # Day 1 stretches to the end of the night walk, which crosses midnight.
        ("2031-03-10", "2031-03-10T00:00:00+08:00", "2031-03-11T01:30:00+08:00"),
        ("2031-03-11", "2031-03-11T00:00:00+08:00", "2031-03-12T00:00:00+08:00"),
        ("2031-03-12", "2031-03-12T00:00:00+08:00", "2031-03-13T00:00:00+08:00"),
    ]
    events = {e.get("code"): e for e in document.iter("event")}
    assert sorted(events) == sorted(["OPEN01", "CJK002", "NIGHT3", "MOVE04", "KEEP06"])
    assert events["OPEN01"].findtext("title") == "Opening & welcome <plenary>"
    assert events["OPEN01"].findtext("track") == "Climate & <mobility>"
    assert events["OPEN01"].get("guid") == guid("OPEN01")
    assert [p.text for p in events["OPEN01"].iter("person")] == [
        "H.E. Анна Петрова",
        "Nguyễn Thị Lan",
    ]
    assert events["NIGHT3"].findtext("room") == "—"
    assert events["NIGHT3"].findtext("duration") == "02:30"
    assert events["NIGHT3"].findtext("date") == "2031-03-10T23:00:00+08:00"
    assert events["CJK002"].findtext("title") == "城市与移民：地方行动（第二版）"  # noqa: RUF001 - Chinese punctuation on purpose


def test_schedule_json_is_valid_with_tricky_data(client, tricky, json_validator):
    republish_with_changes(tricky)

    response = client.get(feed("schedule_json", tricky.event))

    assert response["Content-Type"] == "application/json"
    document = assert_valid_json(json_validator, response.content)
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "forum_manila"
    assert conference["time_zone_name"] == "Asia/Manila"
    assert [t["slug"] for t in conference["tracks"]] == [
        "climate-mobility",
        f"track-{tricky.arabic.pk}",
    ]
    day1 = conference["days"][0]
    assert list(day1["rooms"]) == ["Plenary Hall", "Зал «Мир»", "—"]
    night = day1["rooms"]["—"][0]
    assert (night["guid"], night["date"], night["end"], night["duration"]) == (
        guid("NIGHT3"),
        "2031-03-10T23:00:00+08:00",
        "2031-03-11T01:30:00+08:00",
        "02:30",
    )
    opening = day1["rooms"]["Plenary Hall"][0]
    assert opening["title"] == "Opening & welcome <plenary>"
    assert [p["name"] for p in opening["persons"]] == ["H.E. Анна Петрова", "Nguyễn Thị Lan"]


def test_guids_are_stable_across_versions(client, tricky):
    first = json.loads(client.get(feed("schedule_json", tricky.event)).content)
    republish_with_changes(tricky)
    second = json.loads(client.get(feed("schedule_json", tricky.event)).content)

    def guids(document):
        return {
            e["code"]: e["guid"]
            for day in document["schedule"]["conference"]["days"]
            for events in day["rooms"].values()
            for e in events
        }

    # GONE05 is cancelled in version 2, so left out; the others keep their guids.
    assert guids(first) == {**guids(second), "GONE05": guid("GONE05")}
    assert guids(first) == {c: guid(c) for c in guids(first)}
    assert second["schedule"]["version"] == "2"


def test_frab_is_404_before_the_first_publish(client, event):
    assert client.get(feed("schedule_xml", event)).status_code == 404
    assert client.get(feed("schedule_json", event)).status_code == 404


def test_valid_with_factory_codes_and_short_slug(client, event, published, xsd, json_validator):
    """Codes like S0 (not pretalx-shaped) and a slug that is not an acronym still validate."""
    event.slug = "mf"
    event.save()
    published(3)

    assert_valid_xml(xsd, client.get(feed("schedule_xml", event)).content)
    document = assert_valid_json(json_validator, client.get(feed("schedule_json", event)).content)
    assert document["schedule"]["conference"]["acronym"] == "mf__"


# --- Cancelled sessions: left out (frab has no status; apps would show them as happening) ----


def _xml_codes(document) -> list[str]:
    return [e.get("code") for e in document.iter("event")]


def _json_codes(document) -> list[str]:
    return [
        e["code"]
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for e in events
    ]


def test_schedule_xml_leaves_out_cancelled_sessions(client, tricky, xsd):
    republish_with_changes(tricky)  # cancels GONE05, the only session in its room on day 2

    document = assert_valid_xml(xsd, client.get(feed("schedule_xml", tricky.event)).content)

    assert _xml_codes(document) == ["OPEN01", "CJK002", "NIGHT3", "MOVE04", "KEEP06"]
    day2 = document.findall("day")[1]
    assert (day2.get("index"), [r.get("name") for r in day2.findall("room")]) == (
        "2",
        ["Plenary Hall"],
    )
    assert "Workshop to be cancelled" not in client.get(feed("schedule_xml", tricky.event)).text


def test_schedule_json_leaves_out_cancelled_sessions(client, tricky, json_validator):
    republish_with_changes(tricky)

    document = assert_valid_json(
        json_validator, client.get(feed("schedule_json", tricky.event)).content
    )

    assert _json_codes(document) == ["OPEN01", "CJK002", "NIGHT3", "MOVE04", "KEEP06"]
    days = document["schedule"]["conference"]["days"]
    assert [(d["index"], d["date"], list(d["rooms"])) for d in days] == [
        (1, "2031-03-10", ["Plenary Hall", "Зал «Мир»", "—"]),
        (2, "2031-03-11", ["Plenary Hall"]),
        (3, "2031-03-12", ["Plenary Hall"]),
    ]


def test_a_day_whose_sessions_are_all_cancelled_keeps_its_place(
    client, tricky, xsd, json_validator
):
    """Every session cancelled: the documents still validate, with every day listed, empty."""
    for session in tricky.sessions.values():
        session.state = "cancelled"
        session.save()
    from sessions.services.schedule import schedule_publish

    schedule_publish(event=tricky.event, comment="All off", user=None, notify=False)

    xml = assert_valid_xml(xsd, client.get(feed("schedule_xml", tricky.event)).content)
    data = assert_valid_json(
        json_validator, client.get(feed("schedule_json", tricky.event)).content
    )

    assert [(d.get("index"), len(d)) for d in xml.findall("day")] == [("1", 0), ("2", 0), ("3", 0)]
    assert [(d["index"], d["rooms"]) for d in data["schedule"]["conference"]["days"]] == [
        (1, {}),
        (2, {}),
        (3, {}),
    ]


def test_cancelled_session_stays_in_ical_as_cancelled(client, tricky):
    republish_with_changes(tricky)

    body = client.get(feed("event_ics", tricky.event)).content.decode()
    gone = body.split("UID:GONE05.forum-manila@127.0.0.1")[1].split("END:VEVENT")[0]

    assert "STATUS:CANCELLED" in gone


# --- Room names: the same in every language (apps key rooms by name) ------------------------


def frab_rooms_and_tracks(client, event, xsd, json_validator, lang: str) -> dict:
    """Room names and guids, and track names and slugs, in both frab documents in ``lang``."""
    xml = assert_valid_xml(xsd, client.get(feed("schedule_xml", event), {"lang": lang}).content)
    data = assert_valid_json(
        json_validator, client.get(feed("schedule_json", event), {"lang": lang}).content
    )
    conference = data["schedule"]["conference"]
    return {
        "xml rooms": [(r.get("name"), r.get("guid")) for r in xml.iter("room") if r.get("name")],
        "xml event rooms": [e.findtext("room") for e in xml.iter("event")],
        "json rooms": [(r["name"], r["guid"]) for r in conference["rooms"]],
        "json day rooms": [list(d["rooms"]) for d in conference["days"]],
        "xml tracks": [(t.get("name"), t.get("slug")) for t in xml.iter("track") if t.get("slug")],
        "json tracks": [(t["name"], t["slug"]) for t in conference["tracks"]],
    }


# (document language) -> the hall's name, the tracks' names. Spanish has neither: French, the
# forum's first language. The French-only track is named in French in every language.
ROOM_AND_TRACKS = {
    "en": ("Main hall", ["Climate mobility", "Économie sociale"]),
    "fr": ("Grande salle", ["Mobilité climatique", "Économie sociale"]),
    "es": ("Grande salle", ["Mobilité climatique", "Économie sociale"]),
}


@pytest.mark.parametrize("lang", list(ROOM_AND_TRACKS))
def test_room_names_follow_the_language_and_guids_and_slugs_do_not(
    client, xsd, json_validator, lang
):
    polyglot = make_polyglot()
    TrackFactory(event=polyglot.event, name="", name_fr="Économie sociale", colour="#5b2a86")
    schedule_publish(event=polyglot.event, comment="A French-only track", user=None, notify=False)
    hall, tracks = ROOM_AND_TRACKS[lang]
    hall_guid = room_guid(event=polyglot.event, room_id=polyglot.hall.pk)
    # Slugs from the English name, else the first language's (fr): the same in every language.
    slugs = ["climate-mobility", "economie-sociale"]

    found = frab_rooms_and_tracks(client, polyglot.event, xsd, json_validator, lang)

    assert found == {
        "xml rooms": [(hall, hall_guid), (hall, hall_guid)],  # one per day
        "xml event rooms": [hall, hall],
        "json rooms": [(hall, hall_guid)],
        "json day rooms": [[hall], [hall]],
        "xml tracks": list(zip(tracks, slugs, strict=True)),
        "json tracks": list(zip(tracks, slugs, strict=True)),
    }


def test_room_guids_and_track_slugs_are_identical_in_every_language(
    client, tricky, xsd, json_validator
):
    def keys(lang):
        found = frab_rooms_and_tracks(client, tricky.event, xsd, json_validator, lang)
        return (
            [guid for _name, guid in found["xml rooms"]],
            [guid for _name, guid in found["json rooms"]],
            [slug for _name, slug in found["xml tracks"]],
            [slug for _name, slug in found["json tracks"]],
        )

    english = keys("en")

    assert keys("fr") == keys("es") == keys("ar") == english
    assert english[3] == ["climate-mobility", f"track-{tricky.arabic.pk}"]
    assert english[1][-1] == room_guid(event=tricky.event, room_id=None)  # the room-less one
    names = frab_rooms_and_tracks(client, tricky.event, xsd, json_validator, "fr")["json rooms"]
    assert names[-1][0] == "—"  # the room-less placeholder, language-neutral
