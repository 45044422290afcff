"""Seed the fault tests' throwaway database: one forum open for registration with a published
programme. Run in the app's settings: ``manage.py shell -c "from tests.faults.seed import
seed; seed()"``; prints the slug and category id as JSON."""

import json

from sessions.services.schedule import schedule_publish
from tests.factories import CategoryFactory, EventFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    at,
)


def seed() -> None:
    event = EventFactory(slug="faults", name="Fault Forum", registration_open=True)
    category = CategoryFactory(event=event, name="Delegate", capacity=None)
    room = RoomFactory(event=event, name="Main hall")
    for i in range(3):
        session = SessionFactory(
            event=event,
            code=f"S{i}",
            title=f"Session {i}",
            room=room,
            start=at(event, 0, 9 + i),
            end=at(event, 0, 10 + i),
        )
        speaker = SpeakerFactory(event=event, code=f"P{i}", name=f"Speaker {i}")
        SessionRoleFactory(session=session, speaker=speaker, role="panellist")
    schedule_publish(event=event, comment="Programme", user=None, notify=False)
    print(json.dumps({"slug": event.slug, "category": category.pk}))
