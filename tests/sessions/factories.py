from datetime import datetime, time, timedelta

import factory

from sessions.enums import RoleKind, SessionKind, SessionState, SpeakerState
from sessions.models import Room, Session, SessionRole, Speaker, Track
from tests.factories import EventFactory


def at(event, day: int, hour: int, minute: int = 0) -> datetime:
    """An aware datetime on the event's ``day`` (0 = first day), in the event's time zone."""
    return datetime.combine(
        event.start_date + timedelta(days=day), time(hour, minute), tzinfo=event.tzinfo
    )


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 200
    has_booths = True
    order = factory.Sequence(lambda n: n)


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Track {n}")
    colour = "#1d6b32"


class SessionFactory(factory.django.DjangoModelFactory):
    """A confirmed hour-long panel on the first day at 10:00, event time."""

    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    code = factory.Sequence(lambda n: f"S{n:04d}")
    title = factory.Sequence(lambda n: f"Session {n}")
    abstract = "Cities compare notes."
    kind = SessionKind.PANEL
    room = factory.SubFactory(RoomFactory, event=factory.SelfAttribute("..event"))
    track = None
    start = factory.LazyAttribute(lambda s: at(s.event, 0, 10))
    end = factory.LazyAttribute(lambda s: s.start + timedelta(hours=1))
    spoken_language = "en"
    interpretation_languages = factory.LazyFunction(list)
    state = SessionState.CONFIRMED


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    code = factory.Sequence(lambda n: f"P{n:04d}")
    honorific = "Mayor"
    name = factory.Sequence(lambda n: f"Speaker {n}")
    position = "Mayor"
    organisation_name = "City of Testing"
    email = factory.Sequence(lambda n: f"speaker{n}@example.org")
    language = "en"
    state = SpeakerState.CONFIRMED


class SessionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRole

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory, event=factory.SelfAttribute("..session.event"))
    role = RoleKind.SPEAKER
    order = 0
