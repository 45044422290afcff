from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model

from events.enums import EventStatus, OrganisationKind
from events.models import Event, Organisation, Team, Venue


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
