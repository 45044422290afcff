"""Every programme form a speaker or organiser can POST, under hostile input: never a server
error, and a refused form writes nothing (shared values: tests/fuzz.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions.enums import SpeakerState
from sessions.services.speakers import speaker_invite
from tests.fuzz import fuzz, hostile, post_hostile
from tests.sessions.factories import RoomFactory, SessionFactory, SpeakerFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(event, organiser_of, django_capture_on_commit_callbacks):
    room = RoomFactory(event=event, name="Main hall")
    session = SessionFactory(
        event=event, code="S1", room=room, start=at(event, 0, 9), end=at(event, 0, 10)
    )
    speaker = SpeakerFactory(event=event, state=SpeakerState.INVITED, email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        token = speaker_invite(speaker=speaker)
    day = at(event, 0, 9).date().isoformat()
    manage = f"/en/manage/{event.slug}/"
    return {
        "organiser": organiser_of(event, can_manage_programme=True),
        "forms": {
            "speaker_profile": (
                f"/en/events/{event.slug}/speaker/{token}/",
                {"action": "profile", "biography_en": "Mayor.", "remove_photo": ""},
                False,
            ),
            "speaker_answer": (f"/en/events/{event.slug}/speaker/{token}/", {"action": "confirm"}, False),
            "organiser_schedule": (
                f"{manage}timetable/sessions/{session.code}/",
                {f"{session.code}-day": day, f"{session.code}-start": "09:00",
                 f"{session.code}-end": "10:00", f"{session.code}-room": str(room.pk)},
                True,
            ),
            "organiser_move": (
                f"{manage}timetable/move/",
                {"code": session.code, "day": day, "start": "11:00", "room": str(room.pk)},
                True,
            ),
            "organiser_publish": (f"{manage}publish/", {"comment": "First"}, True),
        },
    }  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "speaker_profile",
        "speaker_answer",
        "organiser_schedule",
        "organiser_move",
        "organiser_publish",
    ],
)
@fuzz
@given(data=st.data())
def test_form_survives_hostile_input(client, world, name, data):
    url, valid, organiser = world["forms"][name]
    if organiser:
        client.force_login(world["organiser"])
    overrides = data.draw(hostile([*valid, "action"]))

    # The timetable's move answers JSON: 200 when it moved, 400/404 when refused.
    refused = (400, 404) if name == "organiser_move" else (200, 400)
    post_hostile(client, url, valid, overrides, apps=("programme",), refused=refused)
