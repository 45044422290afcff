"""Demo online participation: online places in two categories, a dozen people following the
forum online, and a journalist following online who waits for an in-person seat.

Everything goes through the real services, so the demo data obeys the same rules as real data.
"""

from datetime import UTC, date, datetime, time

from events.models import Event, Organisation
from registrations.enums import Participation
from registrations.inputs import PersonDetails
from registrations.models import Registration, RegistrationCategory
from registrations.services.participation import registration_participation_switch
from registrations.services.registrations import (
    category_set_online_places,
    registration_create,
)

# Delegates may follow online within 40 places; the press without limit.
ONLINE_PLACES = {"Delegate": 40, "Press": None}

# given, family, position, organisation (a city of the demo), language, category
ONLINE_PEOPLE = [
    ("Ndèye", "Faye", "Chief of Staff to the Mayor", "City of Dakar", "fr", "Delegate"),
    ("Paulina", "Andrade", "Advisor to the Mayor", "Municipality of Quito", "es", "Delegate"),
    ("Marites", "Dela Cruz", "City Planning Officer", "Quezon City Government", "en", "Delegate"),
    ("Jordi", "Puig", "Head of the Mayor’s Office", "Barcelona City Council", "es", "Delegate"),
    ("Ousmane", "Sarr", "Director of Social Affairs", "City of Dakar", "fr", "Delegate"),
    ("Gabriela", "Cevallos", "Migration Policy Officer", "Municipality of Quito", "es", "Delegate"),
    ("Rowena", "Santos", "Councillor", "Quezon City Government", "en", "Delegate"),
    (
        "Laia",
        "Ferrer",
        "International Relations Officer",
        "Barcelona City Council",
        "es",
        "Delegate",
    ),
    ("Mamadou", "Ba", "Deputy Secretary General", "City of Dakar", "fr", "Delegate"),
    (
        "Andrés",
        "Villacís",
        "Urban Resilience Coordinator",
        "Municipality of Quito",
        "es",
        "Delegate",
    ),
    ("Jerome", "Villanueva", "Press Officer of the Mayor", "Quezon City Government", "en", "Press"),
    ("Marta", "Soler", "Communications Officer", "Barcelona City Council", "es", "Press"),
]
# This one follows online, then asks for one of the press area's seats (all taken).
WAITING_FOR_A_SEAT = ("Aïssatou", "Diallo", "Journalist", "City of Dakar", "fr", "Press")


def seed_participation(*, event: Event, today: date) -> int:
    """Offer online places and register the online participants once; returns the number
    registered."""
    categories = {
        c.name_en: c
        for c in RegistrationCategory.objects.select_related("event").filter(
            event=event, name_en__in=ONLINE_PLACES
        )
    }
    for name, capacity in ONLINE_PLACES.items():
        category_set_online_places(
            category=categories[name], online_offered=True, online_capacity=capacity
        )
    if Registration.objects.filter(event=event, participation=Participation.ONLINE).exists():
        return 0
    now = datetime.combine(today, time(14), tzinfo=UTC)
    organisations = {o.name: o for o in Organisation.objects.filter(kind="local_authority")}
    for n, row in enumerate([*ONLINE_PEOPLE, WAITING_FOR_A_SEAT]):
        given, family, position, organisation, language, category = row
        registration, _token = registration_create(
            event=event,
            category_id=categories[category].pk,
            person=_person(n, given, family, position, organisations.get(organisation), language),
            participation=Participation.ONLINE,
            now=now,
        )
    # The last one asks to come in person: the press area is full, so they keep their online
    # place and wait in the queue for a seat.
    registration_participation_switch(
        registration=registration, participation=Participation.IN_PERSON, now=now
    )
    return len(ONLINE_PEOPLE) + 1


def _person(
    n: int,
    given: str,
    family: str,
    position: str,
    organisation: Organisation | None,
    language: str,
) -> PersonDetails:
    slug = f"{given}.{family}".lower().replace(" ", "-")
    return PersonDetails(
        given_name=given,
        family_name=family,
        position=position,
        organisation=organisation,
        organisation_name_new="" if organisation else "Independent",
        email=f"{slug}.online{n}@example.org",
        language=language,
        nationality=organisation.country if organisation else "",
        spoken_languages=sorted({language, "en"}),
    )
