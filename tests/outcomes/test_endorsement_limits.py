"""The public endorsement form cannot be used to flood an inbox or the organisers."""

import pytest
from django.core import mail

from outcomes.models import Endorsement
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/en/events/dakar/statements/dakar-declaration/endorse/"


def post(client, city, email, address="203.0.113.5"):
    return client.post(
        URL,
        {
            "organisation": city.pk,
            "honorific": "Mayor",
            "signatory_name": "Someone",
            "signatory_title": "Mayor",
            "email": email,
            "language": "en",
            "authorised": "on",
        },
        REMOTE_ADDR=address,
    )


def test_confirmation_emails_per_address_are_limited(
    client, open_statement, django_capture_on_commit_callbacks
):
    cities = [OrganisationFactory(name=f"City {i}", country="SN") for i in range(4)]

    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            post(client, city, "Victim@example.org", address=f"198.51.100.{i}")
            for i, city in enumerate(cities)
        ]

    assert [r.status_code for r in responses] == [302, 302, 302, 200]
    assert responses[-1].context["form"].errors == {
        "email": ["Too many confirmation emails went to this address: please try again later."]
    }
    assert len(mail.outbox) == 3
    assert Endorsement.objects.count() == 3


def test_submissions_per_client_address_are_limited(client, open_statement):
    cities = [OrganisationFactory(name=f"City {i}", country="SN") for i in range(11)]

    statuses = [
        post(client, city, f"mayor{i}@example.org").status_code for i, city in enumerate(cities)
    ]

    assert statuses == [302] * 10 + [429]
    assert Endorsement.objects.count() == 10
