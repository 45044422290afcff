"""The demo forum's feeds validate, and one registrant has a personal agenda."""

import io
import json

import icalendar
import jsonschema
import pytest
import vobject
from django.core.management import call_command
from lxml import etree

from events.models import Event
from sessions.models import Bookmark
from sessions.selectors.public import programme_latest
from tests.sessions.feeds.conftest import SCHEMAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--allow-production", "--today", "2030-01-07", stdout=io.StringIO())

    return Event.objects.get(slug="mayoral-forum-dakar")


def test_demo_feeds_are_valid(client, demo):
    programme = programme_latest(event=demo, lang="en")
    base = f"/events/{demo.slug}"

    ics = client.get(f"{base}/schedule.ics")
    xml = client.get(f"{base}/schedule.xml")
    schedule = client.get(f"{base}/schedule.json")

    events = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert len(events) == len(programme.sessions) == 72
    assert len({str(e["UID"]) for e in events}) == 72
    assert [str(e["STATUS"]) for e in events].count("CANCELLED") == 1
    assert len(vobject.readOne(ics.content.decode()).contents["vevent"]) == 72
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    assert xsd.validate(etree.fromstring(xml.content)), [str(e) for e in xsd.error_log][:5]
    validator = jsonschema.Draft6Validator(json.loads((SCHEMAS / "schema.json").read_text()))
    assert [e.message for e in validator.iter_errors(json.loads(schedule.content))] == []


def test_demo_registrant_has_bookmarks(demo):
    bookmarks = list(Bookmark.objects.filter(registration__event=demo))

    assert len(bookmarks) == 4
    assert len({b.registration_id for b in bookmarks}) == 1
    cancelled = {s.code for s in programme_latest(event=demo, lang="en").sessions if s.is_cancelled}
    assert len(cancelled & {b.session_code for b in bookmarks}) == 1
