"""A published programme with real per-language texts, for the readers' language tests (API and
feeds): the event works in French, English and Spanish (in that order), and most texts are in
French and English only, so a Spanish reader gets the French text (the first fallback)."""

from dataclasses import dataclass
from datetime import date

from events.models import Event
from sessions.enums import SessionKind
from sessions.models import Room, Session, Speaker, Track
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

LANGUAGES = ["fr", "en", "es"]

# Every text of the programme, by language; no Spanish but WORK's title.
TEXTS = {
    "hall": {"en": "Main hall", "fr": "Grande salle"},
    "climate": {"en": "Climate mobility", "fr": "Mobilité climatique"},
    "open_title": {"en": "Opening plenary", "fr": "Séance d’ouverture"},
    "open_abstract": {"en": "Cities compare notes.", "fr": "Les villes comparent leurs notes."},
    "work_title": {"en": "Decent work", "fr": "Travail décent", "es": "Trabajo decente"},
    "position": {"en": "Mayor of Dakar", "fr": "Maire de Dakar"},
    "biography": {"en": "Mayor since 2022.", "fr": "Maire depuis 2022."},
}


@dataclass
class Polyglot:
    event: Event
    hall: Room
    climate: Track
    open: Session
    work: Session
    mayor: Speaker


def per_language(field: str, key: str) -> dict[str, str]:
    """Model keyword arguments (``title_en=…``) for the texts of ``TEXTS[key]``."""
    return {f"{field}_{code}": text for code, text in TEXTS[key].items()}


def make_polyglot(*, languages: list[str] = LANGUAGES) -> Polyglot:
    """The programme of ``TEXTS``, published once: OPEN (in the hall, climate track, chaired by
    the mayor) on the first day, WORK (same room and track, the mayor speaks) on the second."""
    event = EventFactory(
        name="Urban Forum",
        slug="urban-forum",
        timezone="Europe/Paris",
        start_date=date(2031, 6, 2),
        end_date=date(2031, 6, 3),
        venue=VenueFactory(name="City hall", city="Lyon", country="FR"),
        languages=languages,
    )
    hall = RoomFactory(event=event, **per_language("name", "hall"), capacity=300, order=0)
    climate = TrackFactory(event=event, **per_language("name", "climate"), colour="#0b5394")
    opening = SessionFactory(
        event=event,
        code="OPEN",
        **per_language("title", "open_title"),
        **per_language("abstract", "open_abstract"),
        kind=SessionKind.PLENARY,
        room=hall,
        track=climate,
        start=at(event, 0, 9),
        end=at(event, 0, 10),
        spoken_language="en",
    )
    work = SessionFactory(
        event=event,
        code="WORK",
        **per_language("title", "work_title"),
        abstract="",
        room=hall,
        track=climate,
        start=at(event, 1, 9),
        end=at(event, 1, 10),
        spoken_language="fr",
    )
    mayor = SpeakerFactory(
        event=event,
        code="MAYOR",
        honorific="",
        name="Amina Diallo",
        **per_language("position", "position"),
        **per_language("biography", "biography"),
        organisation_name="",
    )
    SessionRoleFactory(session=opening, speaker=mayor, role="chair")
    SessionRoleFactory(session=work, speaker=mayor, role="speaker")
    schedule_publish(event=event, comment="First", user=None, notify=False)
    return Polyglot(event, hall, climate, opening, work, mayor)
