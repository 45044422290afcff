from datetime import date

import pytest

from outcomes.services.statements import (
    statement_adopt,
    statement_create,
    statement_open_for_endorsement,
)
from registrations.models import Registration
from registrations.services.registrations import registration_create, registration_head_confirm
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, person

TEXT_EN = """Cities gathered in Dakar declare the following.

## Our commitments

We will plan for people who move because of climate change.

## Services for all

Every resident can reach **basic services**, whatever their status.
"""
TEXT_FR = """Les villes réunies à Dakar déclarent ce qui suit.

## Nos engagements

Nous planifierons pour les personnes qui se déplacent à cause du climat.
"""


@pytest.fixture
def event(db):
    """A forum with registration open (heads of delegation register through the service)."""
    return EventFactory(
        name="Mayoral Forum — Dakar",
        slug="dakar",
        registration_open=True,
        languages=["fr", "en", "es"],
    )


@pytest.fixture
def texts():
    return {"en": TEXT_EN, "fr": TEXT_FR, "es": ""}


@pytest.fixture
def organiser(event, organiser_of):
    return organiser_of(event, can_manage_outcomes=True)


@pytest.fixture
def make_statement(texts):
    """make_statement(event, user, state="draft"|"adopted"|"open", **settings)."""

    def make(event, user, state="draft", slug="dakar-declaration", **settings):
        statement = statement_create(
            event=event,
            title="Dakar Mayors Declaration",
            slug=slug,
            texts=texts,
            user=user,
            **settings,
        )
        if state in ("adopted", "open"):
            statement = statement_adopt(
                statement=statement,
                version=statement.versions.get(number=1),
                adopted_on=date(2031, 3, 5),
                user=user,
            )
        if state == "open":
            statement = statement_open_for_endorsement(statement=statement, user=user)
        return statement

    return make


@pytest.fixture
def open_statement(event, organiser, make_statement):
    """Open; proven endorsements (official domain, confirmed head) are public at once."""
    return make_statement(event, organiser, state="open", requires_approval=False)


@pytest.fixture
def head_of_delegation(event):
    """A confirmed registration heading the delegation of a city, confirmed as head by an
    organiser: (registration, token)."""
    category = CategoryFactory(event=event, name="Head of delegation")
    city = OrganisationFactory(
        name="Quezon City Government", country="PH", official_domains="quezoncity.gov.ph"
    )
    registration, token = registration_create(
        event=event,
        category_id=category.pk,
        person=person(
            organisation=city,
            honorific="Mayor",
            given_name="Joy",
            family_name="Belmonte",
            position="Mayor of Quezon City",
            email="mayor@quezoncity.example",
        ),
        head_of_delegation=True,
    )
    registration = registration_head_confirm(registration=registration, user=None)
    registration = Registration.objects.get(pk=registration.pk)
    return registration, token


@pytest.fixture
def other_event():
    return EventFactory()
