import itertools
from datetime import UTC, date, datetime, timedelta

import factory
from django.contrib.auth import get_user_model

from events.enums import EventStatus, OrganisationKind
from events.models import Event, Organisation, Team, Venue
from registrations.inputs import PersonDetails
from registrations.models import RegistrationCategory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    kind = OrganisationKind.LOCAL_AUTHORITY
    country = "EC"
    locality = factory.Sequence(lambda n: f"Locality {n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Convention Centre {n}")
    city = "Quito"
    country = "EC"
    address = "Av. Amazonas\nQuito"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Mayoral Forum {2030 + n}")
    slug = factory.Sequence(lambda n: f"forum-{2030 + n}")
    host_city = "Quito"
    host_country = "EC"
    venue = factory.SubFactory(VenueFactory)
    start_date = factory.LazyFunction(lambda: date.today() + timedelta(days=60))
    end_date = factory.LazyAttribute(lambda e: e.start_date + timedelta(days=2))
    timezone = "America/Guayaquil"
    languages = factory.LazyFunction(lambda: ["es", "en", "fr"])
    status = EventStatus.PUBLISHED

    class Params:
        registration_open = factory.Trait(
            registration_opens_at=factory.LazyFunction(
                lambda: datetime.now(UTC) - timedelta(days=30)
            ),
            registration_closes_at=factory.LazyFunction(
                lambda: datetime.now(UTC) + timedelta(days=30)
            ),
        )


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationCategory

    event = factory.SubFactory(EventFactory, registration_open=True)
    name = factory.Sequence(lambda n: f"Delegate {n}")
    capacity = None


def person(**overrides) -> PersonDetails:
    """A person's details as the public form's ``person()`` returns them: asking for a visa
    letter or travel support comes with the details those need, unless given."""
    n = next(_people)
    if overrides.get("visa_letter_requested"):
        overrides = {
            "passport_number": f"P{n:07d}",
            "passport_expiry": date.today() + timedelta(days=3650),
            "date_of_birth": date(1980, 1, 1),
            **overrides,
        }
    if overrides.get("travel_support_requested"):
        overrides = {"travel_support_reason": "No travel budget.", **overrides}
    return PersonDetails(
        **{
            "honorific": "",
            "given_name": f"Given{n}",
            "family_name": f"Family{n}",
            "position": "Deputy Mayor",
            "organisation": None,
            "organisation_name_new": "",
            "email": f"person{n}@example.org",
            "language": "en",
            "nationality": "EC",
            "spoken_languages": ["es"],
            "interpretation_need": "",
            "dietary_needs": "",
            "accessibility_needs": "",
            "visa_letter_requested": False,
            "passport_number": "",
            "passport_expiry": None,
            "date_of_birth": None,
            "travel_support_requested": False,
            "travel_support_reason": "",
            **overrides,
        }
    )


_people = itertools.count(1)


def register(category, **overrides):
    """Register through the real service; returns (registration, manage token)."""
    from registrations.services.registrations import registration_create

    return registration_create(
        event=category.event, category_id=category.pk, person=person(**overrides)
    )
