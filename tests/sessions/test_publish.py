from collections import Counter
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.db import IntegrityError

from sessions.enums import SessionState, SpeakerState
from sessions.models import ScheduleVersion
from sessions.services.schedule import schedule_publish
from tests.concurrency import race
from tests.factories import UserFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)

pytestmark = pytest.mark.django_db


def utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


@pytest.fixture
def programme(event):
    """Two rooms, three confirmed sessions, a confirmed and an invited speaker."""
    hall = RoomFactory(event=event, name="Main hall", capacity=500, has_booths=True, order=1)
    side = RoomFactory(event=event, name="Side room", capacity=40, has_booths=False, order=2)
    track = TrackFactory(event=event, name="Climate mobility", colour="#0b5394")
    mayor = SpeakerFactory(
        event=event,
        code="MAYOR",
        honorific="Mayor",
        name="Amina Diallo",
        position="Mayor of Dakar",
        email="amina@example.org",
        biography="Mayor since 2022.",
    )
    invited = SpeakerFactory(event=event, code="INV", state=SpeakerState.INVITED, name="Not Yet")
    a = SessionFactory(event=event, code="A", title="Opening", room=hall, track=track)
    b = SessionFactory(event=event, code="B", title="Housing", room=side, start=at(event, 0, 14))
    c = SessionFactory(event=event, code="C", title="Labour", room=hall, start=at(event, 1, 9))
    SessionFactory(event=event, code="DRAFT", title="Secret", room=hall, state=SessionState.DRAFT)
    SessionRoleFactory(session=a, speaker=mayor, role="chair")
    SessionRoleFactory(session=a, speaker=invited, role="speaker")
    SessionRoleFactory(session=b, speaker=mayor, role="panellist")
    return {"hall": hall, "side": side, "track": track, "mayor": mayor, "a": a, "b": b, "c": c}


def test_schedule_publish_first_version_snapshot(event, programme):
    user = UserFactory()

    version = schedule_publish(event=event, comment=" First ", user=user)

    assert (version.number, version.comment, version.published_by) == (1, "First", user)
    snapshot = version.snapshot
    assert (snapshot["format"], snapshot["languages"]) == (2, event.languages)
    assert snapshot["rooms"] == [
        {
            "id": programme["hall"].pk,
            "name": {"en": "Main hall"},
            "capacity": 500,
            "has_booths": True,
        },
        {
            "id": programme["side"].pk,
            "name": {"en": "Side room"},
            "capacity": 40,
            "has_booths": False,
        },
    ]
    assert snapshot["tracks"] == [
        {"id": programme["track"].pk, "name": {"en": "Climate mobility"}, "colour": "#0b5394"}
    ]
    assert [s["code"] for s in snapshot["sessions"]] == ["A", "B", "C"]
    assert snapshot["sessions"][0] == {
        "code": "A",
        "title": {"en": "Opening"},
        "abstract": {"en": "Cities compare notes."},
        "kind": "panel",
        "state": "confirmed",
        "track": programme["track"].pk,
        "room": programme["hall"].pk,
        "start": utc(at(event, 0, 10)),
        "end": utc(at(event, 0, 11)),
        "spoken_language": "en",
        "interpretation_languages": [],
        "roles": [{"speaker": "MAYOR", "role": "chair"}],  # the invited speaker is not public
    }
    assert snapshot["speakers"] == [
        {
            "code": "MAYOR",
            "honorific": "Mayor",
            "name": "Amina Diallo",
            "position": {"en": "Mayor of Dakar"},
            "organisation": "City of Testing",
            "biography": {"en": "Mayor since 2022."},
            "photo": "",
        }
    ]
    assert "amina@example.org" not in str(snapshot)
    assert version.changes == {
        "added": [
            {"code": "A", "title": {"en": "Opening"}},
            {"code": "B", "title": {"en": "Housing"}},
            {"code": "C", "title": {"en": "Labour"}},
        ],
        "cancelled": [],
        "moved": [],
        "retitled": [],
        "speakers_changed": [],
        "languages": event.languages,
    }


def test_schedule_publish_changelog_of_known_edit(
    event, programme, django_capture_on_commit_callbacks
):
    schedule_publish(event=event, comment="v1", user=None)
    a, b, c = programme["a"], programme["b"], programme["c"]
    a.room, a.start, a.end = programme["side"], at(event, 0, 16), at(event, 0, 17)
    a.save()
    b.state = SessionState.CANCELLED
    b.save()
    c.title = "Labour mobility"
    c.save()
    guest = SpeakerFactory(event=event, code="GUEST", honorific="H.E.", name="Lucía Pérez")
    SessionRoleFactory(session=c, speaker=guest, role="moderator")
    SessionFactory(event=event, code="D", title="Field visit", start=at(event, 2, 9))

    with django_capture_on_commit_callbacks(execute=True):
        version = schedule_publish(event=event, comment="v2", user=None)

    assert version.number == 2
    assert version.changes == {
        "added": [{"code": "D", "title": {"en": "Field visit"}}],
        "cancelled": [{"code": "B", "title": {"en": "Housing"}}],
        "moved": [
            {
                "code": "A",
                "title": {"en": "Opening"},
                "before": {
                    "start": utc(at(event, 0, 10)),
                    "end": utc(at(event, 0, 11)),
                    "room": {"en": "Main hall"},
                },
                "after": {
                    "start": utc(at(event, 0, 16)),
                    "end": utc(at(event, 0, 17)),
                    "room": {"en": "Side room"},
                },
            }
        ],
        "retitled": [
            {
                "code": "C",
                "before": {"en": "Labour"},
                "after": {"en": "Labour mobility"},
                "languages": ["en"],
            }
        ],
        "speakers_changed": [
            {
                "code": "C",
                "title": {"en": "Labour mobility"},
                "added": [{"speaker": "GUEST", "name": "H.E. Lucía Pérez", "role": "moderator"}],
                "removed": [],
            }
        ],
        "languages": event.languages,
    }
    # The cancelled session stays public, marked cancelled; sessions in time order.
    assert [(s["code"], s["state"]) for s in version.snapshot["sessions"]] == [
        ("B", "cancelled"),
        ("A", "confirmed"),
        ("C", "confirmed"),
        ("D", "confirmed"),
    ]
    # The mayor (moved A, cancelled B) and the guest (added to C) are told, once each.
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (
            "amina@example.org",
            f"Programme change for your session at {event.name}",
        ),
        (guest.email, f"Programme change for your session at {event.name}"),
    ]
    mayor_mail = next(m for m in mail.outbox if m.to == ["amina@example.org"])
    start = at(event, 0, 16).strftime("%Y-%m-%d")
    assert "“Opening” moved from " in mayor_mail.body
    assert f"to {start} 16:00 Side room." in mayor_mail.body
    assert "“Housing” has been cancelled." in mayor_mail.body
    assert "America/Guayaquil" in mayor_mail.body


def test_schedule_publish_speaker_email_in_their_language(
    event, programme, django_capture_on_commit_callbacks
):
    schedule_publish(event=event, comment="", user=None)
    mayor = programme["mayor"]
    mayor.language = "fr"
    mayor.save()
    programme["b"].state = SessionState.CANCELLED
    programme["b"].save()

    with django_capture_on_commit_callbacks(execute=True):
        schedule_publish(event=event, comment="", user=None)

    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    # No French catalogue is compiled for these strings yet: the template still renders,
    # under the French locale, with the fallback text.
    assert "Housing" in mail.outbox[0].body


def test_schedule_publish_unchanged_programme_has_empty_changelog(event, programme):
    schedule_publish(event=event, comment="", user=None)

    version = schedule_publish(event=event, comment="", user=None)

    assert version.number == 2
    assert version.changes == {
        "added": [],
        "cancelled": [],
        "moved": [],
        "retitled": [],
        "speakers_changed": [],
        "languages": event.languages,
    }


def test_schedule_publish_numbers_per_event(event, programme):
    schedule_publish(event=event, comment="", user=None)
    other = SessionFactory(code="Z").event

    assert schedule_publish(event=other, comment="", user=None).number == 1
    assert schedule_publish(event=event, comment="", user=None).number == 2


def test_schedule_version_number_unique_per_event(event, programme):
    version = schedule_publish(event=event, comment="", user=None)

    with pytest.raises(IntegrityError):
        ScheduleVersion.objects.create(event=event, number=version.number, snapshot={}, changes={})


@pytest.mark.django_db(transaction=True)
def test_schedule_publish_concurrent_publishes_get_distinct_numbers():
    event = SessionFactory(code="A").event
    numbers = race(2, lambda i: schedule_publish(event=event, comment="", user=None).number)

    assert numbers == Counter({1: 1, 2: 1})
