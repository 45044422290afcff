"""Arbitrary input at the public form: never a server error, never a partial write."""

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from registrations.models import Registration
from tests.factories import CategoryFactory
from tests.fuzz import fuzz, junk
from tests.registrations.registration_helpers import form_data

FIELDS = [
    "category",
    "invitation_code",
    "honorific",
    "given_name",
    "family_name",
    "position",
    "organisation_name",
    "head_of_delegation",
    "email",
    "language",
    "nationality",
    "spoken_languages",
    "interpretation_need",
    "dietary_needs",
    "accessibility_needs",
    "visa_letter_requested",
    "passport_number",
    "passport_expiry",
    "date_of_birth",
    "travel_support_requested",
    "travel_support_reason",
    "consent",
    "website",
    "form_started",
]


@pytest.fixture
def category(settings, db):
    settings.FORUM_REGISTRATION_RATE = "100000/h"
    return CategoryFactory(visa_letter_offered=True, capacity=50)


# Every example runs in the test's one transaction, so the category persists across them.
@settings(fuzz, max_examples=200)
@given(overrides=st.dictionaries(st.sampled_from(FIELDS), junk, max_size=8))
def test_register_form_survives_arbitrary_input(overrides, category):
    before = Registration.objects.count()
    data = form_data(category, **overrides)

    response = Client(raise_request_exception=False).post(
        f"/en/events/{category.event.slug}/register/", data
    )

    assert response.status_code in (200, 302)
    after = Registration.objects.count()
    if response.status_code == 302:
        assert after == before + 1
    else:
        assert after == before
        assert response.context["form"].errors
