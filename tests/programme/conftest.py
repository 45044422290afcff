import re

import pytest

from sessions.services.schedule import schedule_publish
from tests.programme.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)


def codes(response, attribute: str = "data-session-code") -> list[str]:
    """The values of ``attribute`` in the page, in document order."""
    return re.findall(rf'{attribute}="([^"]*)"', response.content.decode())


@pytest.fixture
def published(event):
    """make(count) -> a published programme of ``count`` sessions with a speaker each."""

    def make(count: int = 3):
        room = RoomFactory(event=event, name="Main hall")
        track = TrackFactory(event=event, name="Climate mobility")
        sessions = []
        for i in range(count):
            session = SessionFactory(
                event=event,
                code=f"S{i}",
                title=f"Session number {i}",
                room=room,
                track=track,
                start=at(event, i % 3, 9 + i),
                end=at(event, i % 3, 10 + i),
            )
            speaker = SpeakerFactory(event=event, code=f"P{i}", name=f"Person {i}")
            SessionRoleFactory(session=session, speaker=speaker, role="panellist")
            sessions.append(session)
        schedule_publish(event=event, comment="First programme", user=None)
        return sessions

    return make
