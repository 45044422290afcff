"""iCalendar feeds: parsed with icalendar and, independently, with vobject."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.utils import translation
from django.utils.translation import gettext

from sessions.enums import SessionKind
from sessions.models import ScheduleVersion
from tests.sessions.feeds.conftest import feed, republish_with_changes

pytestmark = pytest.mark.django_db

MANILA = ZoneInfo("Asia/Manila")
ALL = ["OPEN01", "CJK002", "NIGHT3", "MOVE04", "GONE05", "KEEP06"]


def uid(code: str) -> str:
    return f"{code}.forum-manila@127.0.0.1"


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def secs(value: datetime) -> datetime:
    """iCalendar date-times carry whole seconds."""
    return value.replace(microsecond=0)


def by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_event_feed_has_every_published_session_once(client, tricky):
    calendar = parse(client.get(feed("event_ics", tricky.event)))

    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [uid(c) for c in ALL]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Manila"]


def test_event_feed_parses_with_vobject_too(client, tricky):
    republish_with_changes(tricky)

    parsed = vobject.readOne(client.get(feed("event_ics", tricky.event)).content.decode())

    events = parsed.contents["vevent"]
    assert sorted(e.uid.value for e in events) == sorted(uid(c) for c in ALL)
    night = next(e for e in events if e.uid.value == uid("NIGHT3"))
    assert night.dtstart.value == datetime(2031, 3, 10, 23, 0, tzinfo=MANILA)
    assert night.dtend.value == datetime(2031, 3, 11, 1, 30, tzinfo=MANILA)
    assert night.dtstart.value.utcoffset().total_seconds() == 8 * 3600
    gone = next(e for e in events if e.uid.value == uid("GONE05"))
    assert gone.status.value == "CANCELLED"
    assert gone.sequence.value == "1"


def test_calendar_properties(client, tricky):
    calendar = parse(client.get(feed("event_ics", tricky.event)))

    assert str(calendar["NAME"]) == "Forum <Manila> & “Friends”"
    assert str(calendar["X-WR-CALNAME"]) == "Forum <Manila> & “Friends”"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT1H"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Manila"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["URL"]) == "http://127.0.0.1:8000/en/events/forum-manila/programme/"


def test_vevent_fields(client, tricky):
    event = by_uid(parse(client.get(feed("event_ics", tricky.event))))[uid("OPEN01")]

    assert str(event["SUMMARY"]) == "Opening & welcome <plenary>"
    assert event.decoded("DTSTART") == datetime(2031, 3, 10, 9, tzinfo=MANILA)
    assert event["DTSTART"].params["TZID"] == "Asia/Manila"
    assert event["DTEND"].params["TZID"] == "Asia/Manila"
    assert str(event["LOCATION"]) == "Plenary Hall, Quezon City Hall, Quezon City"
    assert event.categories == ["Climate & <mobility>", "Plenary"]
    assert str(event["URL"]) == (
        "http://127.0.0.1:8000/en/events/forum-manila/programme/sessions/OPEN01/"
    )
    assert str(event["DESCRIPTION"]) == (
        "Cities compare notes.\n\n"
        "Chair: H.E. Анна Петрова (Mayor, City of Sochi & Co)\n"
        "Speaker: Nguyễn Thị Lan\n"
        "Language: English\n\n"
        "http://127.0.0.1:8000/en/events/forum-manila/programme/sessions/OPEN01/"
    )
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    published = secs(ScheduleVersion.objects.get(event=tricky.event, number=1).published_at)
    assert event.decoded("DTSTAMP") == published
    assert event.decoded("LAST-MODIFIED") == published


def test_uids_stay_and_sequence_grows_only_for_changed_sessions(client, tricky):
    before = by_uid(parse(client.get(feed("event_ics", tricky.event))))
    republish_with_changes(tricky)

    after = by_uid(parse(client.get(feed("event_ics", tricky.event))))

    assert sorted(after) == sorted(before)
    assert {u: e["SEQUENCE"] for u, e in after.items()} == {
        uid("OPEN01"): 0,
        uid("CJK002"): 1,  # retitled
        uid("NIGHT3"): 0,
        uid("MOVE04"): 1,  # moved
        uid("GONE05"): 1,  # cancelled
        uid("KEEP06"): 0,
    }
    v1, v2 = ScheduleVersion.objects.filter(event=tricky.event).order_by("number")
    assert after[uid("MOVE04")].decoded("LAST-MODIFIED") == secs(v2.published_at)
    assert after[uid("MOVE04")].decoded("CREATED") == secs(v1.published_at)
    assert after[uid("KEEP06")].decoded("LAST-MODIFIED") == secs(v1.published_at)
    assert after[uid("MOVE04")].decoded("DTSTART") == datetime(2031, 3, 11, 10, tzinfo=MANILA)


def test_cancelled_session_stays_as_cancelled(client, tricky):
    republish_with_changes(tricky)

    events = by_uid(parse(client.get(feed("event_ics", tricky.event))))

    assert str(events[uid("GONE05")]["STATUS"]) == "CANCELLED"
    assert str(events[uid("GONE05")]["SUMMARY"]) == "Cancelled: Workshop to be cancelled"
    assert [str(e["STATUS"]) for u, e in events.items() if u != uid("GONE05")] == ["CONFIRMED"] * 5


def test_sequence_counts_every_later_version_that_mentions_the_session(client, tricky):
    republish_with_changes(tricky)
    move = tricky.sessions["MOVE04"]
    move.title = "Skills partnerships, renamed"
    move.save()
    from sessions.services.schedule import schedule_publish

    schedule_publish(event=tricky.event, comment="Third", user=None, notify=False)

    events = by_uid(parse(client.get(feed("event_ics", tricky.event))))

    assert events[uid("MOVE04")]["SEQUENCE"] == 2
    assert events[uid("CJK002")]["SEQUENCE"] == 1
    assert events[uid("OPEN01")]["SEQUENCE"] == 0


def test_session_feed_holds_one_session(client, tricky):
    calendar = parse(client.get(feed("session_ics", tricky.event, code="NIGHT3")))

    assert list(by_uid(calendar)) == [uid("NIGHT3")]
    assert str(calendar["X-WR-CALNAME"]) == (
        "Forum <Manila> & “Friends” — Night market walk — “after dark”"
    )


def test_track_room_and_speaker_feeds(client, tricky):
    track = parse(client.get(feed("track_ics", tricky.event, track_id=tricky.climate.pk)))
    room = parse(client.get(feed("room_ics", tricky.event, room_id=tricky.salle.pk)))
    speaker = parse(client.get(feed("speaker_ics", tricky.event, code="SPK002")))

    assert list(by_uid(track)) == [uid("OPEN01"), uid("MOVE04"), uid("KEEP06")]
    assert list(by_uid(room)) == [uid("CJK002"), uid("GONE05")]
    assert list(by_uid(speaker)) == [uid("OPEN01"), uid("CJK002")]
    assert str(room["X-WR-CALNAME"]) == "Forum <Manila> & “Friends” — Зал «Мир»"


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("session_ics", {"code": "NOPE99"}),
        ("track_ics", {"track_id": 999999}),
        ("room_ics", {"room_id": 999999}),
        ("speaker_ics", {"code": "NOPE99"}),
    ],
)
def test_unknown_parts_are_404(client, tricky, name, kwargs):
    response = client.get(feed(name, tricky.event, **kwargs))

    assert response.status_code == 404
    assert "ETag" not in response


def test_lang_parameter_translates_labels(client, tricky):
    events = by_uid(parse(client.get(feed("event_ics", tricky.event), {"lang": "fr"})))

    with translation.override("fr"):
        plenary = str(SessionKind.PLENARY.label)
        cancelled_url = "http://127.0.0.1:8000/fr/events/forum-manila/programme/sessions/OPEN01/"
        language = gettext("Language: %(language)s") % {"language": gettext("English")}
    assert events[uid("OPEN01")].categories == ["Climate & <mobility>", plenary]
    assert str(events[uid("OPEN01")]["URL"]) == cancelled_url
    assert language in str(events[uid("OPEN01")]["DESCRIPTION"])


def test_unknown_lang_falls_back_to_the_events_first_language(client, tricky):
    events = by_uid(parse(client.get(feed("event_ics", tricky.event), {"lang": "xx"})))

    assert str(events[uid("OPEN01")]["URL"]).startswith("http://127.0.0.1:8000/en/")


def test_unpublished_event_feed_is_an_empty_calendar(client, event):
    calendar = parse(client.get(feed("event_ics", event)))

    assert calendar.walk("VEVENT") == []
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Guayaquil"]


def test_draft_event_has_no_feed(client, tricky):
    tricky.event.status = "draft"
    tricky.event.save()

    assert client.get(feed("event_ics", tricky.event)).status_code == 404
