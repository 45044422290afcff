import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from lxml import etree

from sessions.enums import SessionKind
from sessions.models import Room, Session, Track
from sessions.services.schedule import schedule_publish
from tests.factories import EventFactory, VenueFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)

SCHEMAS = Path(__file__).parent / "schemas"


# The vendored voc/schedule schemas that frab feeds must validate against.
@pytest.fixture(scope="module")
def xsd():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))


@pytest.fixture(scope="module")
def json_validator():
    schema = json.loads((SCHEMAS / "schema.json").read_text())
    return jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )


def assert_valid_xml(xsd, content: bytes) -> etree._Element:
    document = etree.fromstring(content)
    assert xsd.validate(document), [str(e) for e in xsd.error_log][:5]
    return document


def assert_valid_json(validator, content: bytes) -> dict:
    document = json.loads(content)
    errors = sorted(validator.iter_errors(document), key=str)
    assert [f"{list(e.path)}: {e.message}" for e in errors][:5] == []
    return document


def feed(name: str, event, **kwargs) -> str:
    return reverse(f"feeds:{name}", kwargs={"event_slug": event.slug, **kwargs})


@dataclass
class Tricky:
    event: object
    hall: Room
    salle: Room
    climate: Track
    arabic: Track
    sessions: dict[str, Session]


@pytest.fixture
def tricky(db) -> Tricky:
    return make_tricky()


def make_tricky() -> Tricky:
    """A forum in Asia/Manila with non-Latin scripts, markup characters in titles, a session
    crossing midnight, one without a room, and a second version that moves, retitles and
    cancels sessions."""
    event = EventFactory(
        name="Forum <Manila> & “Friends”",
        slug="forum-manila",
        timezone="Asia/Manila",
        start_date=date(2031, 3, 10),
        end_date=date(2031, 3, 12),
        venue=VenueFactory(name="Quezon City Hall", city="Quezon City", country="PH"),
        languages=["en", "es", "fr"],
        registration_open=True,
    )
    hall = RoomFactory(event=event, name="Plenary Hall", order=0)
    salle = RoomFactory(event=event, name="Зал «Мир»", order=1)
    climate = TrackFactory(event=event, name="Climate & <mobility>", colour="#1d6b32")
    arabic = TrackFactory(event=event, name="الهجرة والمدن", colour="#5b2a86")
    rows = {
        "OPEN01": {
            "title": "Opening & welcome <plenary>",
            "room": hall,
            "track": climate,
            "kind": SessionKind.PLENARY,
            "start": at(event, 0, 9),
            "end": at(event, 0, 10),
        },
        "CJK002": {
            "title": "城市与移民：地方行动",  # noqa: RUF001 - Chinese punctuation on purpose
            "room": salle,
            "track": arabic,
            "spoken_language": "zh",
            "interpretation_languages": ["en", "fr"],
            "start": at(event, 0, 11),
            "end": at(event, 0, 12, 30),
        },
        "NIGHT3": {
            "title": "Night market walk — “after dark”",
            "room": None,
            "track": None,
            "kind": SessionKind.FIELD_VISIT,
            "start": at(event, 0, 23),
            "end": at(event, 1, 1, 30),
        },
        "MOVE04": {
            "title": "Skills partnerships",
            "room": hall,
            "track": climate,
            "start": at(event, 1, 9),
            "end": at(event, 1, 10),
        },
        "GONE05": {
            "title": "Workshop to be cancelled",
            "room": salle,
            "track": None,
            "kind": SessionKind.WORKSHOP,
            "start": at(event, 1, 14),
            "end": at(event, 1, 15),
        },
        "KEEP06": {
            "title": "Closing",
            "room": hall,
            "track": climate,
            "kind": SessionKind.PLENARY,
            "start": at(event, 2, 16),
            "end": at(event, 2, 17),
        },
    }
    sessions = {code: SessionFactory(event=event, code=code, **row) for code, row in rows.items()}
    chair = SpeakerFactory(
        event=event,
        code="SPK001",
        honorific="H.E.",
        name="Анна Петрова",
        position="Mayor",
        organisation_name="City of Sochi & Co",
    )
    panellist = SpeakerFactory(
        event=event,
        code="SPK002",
        honorific="",
        name="Nguyễn Thị Lan",
        position="",
        organisation_name="",
    )
    SessionRoleFactory(session=sessions["OPEN01"], speaker=chair, role="chair", order=0)
    SessionRoleFactory(session=sessions["OPEN01"], speaker=panellist, role="speaker", order=1)
    SessionRoleFactory(session=sessions["CJK002"], speaker=panellist, role="panellist")
    schedule_publish(event=event, comment="First", user=None, notify=False)
    return Tricky(event, hall, salle, climate, arabic, sessions)


def republish_with_changes(tricky: Tricky) -> None:
    """Version 2: MOVE04 moves an hour later, CJK002 is retitled, GONE05 is cancelled."""
    event, s = tricky.event, tricky.sessions
    s["MOVE04"].start, s["MOVE04"].end = at(event, 1, 10), at(event, 1, 11)
    s["MOVE04"].save()
    s["CJK002"].title = "城市与移民：地方行动（第二版）"  # noqa: RUF001 - Chinese punctuation on purpose
    s["CJK002"].save()
    s["GONE05"].state = "cancelled"
    s["GONE05"].save()
    schedule_publish(event=event, comment="Second", user=None, notify=False)
