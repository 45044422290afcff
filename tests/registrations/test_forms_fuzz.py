"""Every registration-side form a person or organiser can POST, under hostile input: never a
server error, and a refused form writes nothing (the public form has its own, larger test in
test_registration_fuzz.py; the shared values and checks live in tests/fuzz.py)."""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registrations.services.registrations import registration_create
from tests.factories import CategoryFactory, UserFactory, person, register
from tests.fuzz import fuzz, hostile, post_hostile

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Form:
    name: str
    url: str  # formatted with the world's attributes
    valid: dict  # a plausible submission; values formatted too
    organiser: bool = False

    def __str__(self):
        return self.name


PERSON = {
    "honorific": "Mayor",
    "given_name": "Luis",
    "family_name": "Pérez",
    "position": "Councillor",
    "language": "es",
    "spoken_languages": ["es"],
    "interpretation_need": "",
    "dietary_needs": "",
    "accessibility_needs": "",
}
FORMS = [
    Form("manage_edit", "/en/r/{token}/", {"action": "edit", **PERSON}),
    Form("manage_cancel", "/en/r/{token}/", {"action": "cancel", "reason": "", "confirm": "on"}),
    Form(
        "delegation_member",
        "/en/r/{head_token}/",
        {"action": "add_member", "category": "{delegates}", "email": "m@example.org", **PERSON},
    ),
    Form("resend_link", "/en/events/{slug}/register/link/", {"email": "ana@example.org"}),
    Form("letter_verify", "/en/letters/verify/", {"reference": "VL-7KQ2M9XH4R"}),
    Form(
        "organiser_bulk_action",
        "/en/manage/{slug}/registrations/",
        {"action": "approve", "message": "", "registrations": ["{registration}"]},
        organiser=True,
    ),
    Form(
        "organiser_registration_action",
        "/en/manage/{slug}/registrations/{reference}/",
        {"action": "approve", "message": "", "confirm": ""},
        organiser=True,
    ),
    Form("organiser_check_in", "/en/manage/{slug}/check-in/", {"secret": "x"}, organiser=True),
    Form(
        "organiser_refund",
        "/en/manage/{slug}/payments/",
        {"action": "refund", "payment": "1", "amount": "1", "reason": "r"},
        organiser=True,
    ),
    Form(
        "organiser_bank_transfer",
        "/en/manage/{slug}/payments/",
        {"action": "bank_transfer", "registration": "{registration}", "note": ""},
        organiser=True,
    ),
    Form(
        "organiser_travel_support",
        "/en/manage/{slug}/payments/travel-support/",
        {"registration": "{registration}", "outcome": "granted", "notes": ""},
        organiser=True,
    ),
]


@pytest.fixture
def world(settings, client):
    settings.FORUM_REGISTRATION_RATE = "100000/h"
    settings.FORUM_LETTER_VERIFY_RATE = "100000/h"
    heads = CategoryFactory(name="Head of delegation", capacity=100)
    delegates = CategoryFactory(event=heads.event, name="Delegate", capacity=100)
    registration, token = register(delegates)
    _head, head_token = registration_create(
        event=heads.event,
        category_id=heads.pk,
        person=person(organisation_name_new="City of Cuenca"),
    )
    return SimpleNamespace(
        superuser=UserFactory(is_staff=True, is_superuser=True),  # hashed once, not per example
        slug=heads.event.slug,
        token=token,
        head_token=head_token,
        delegates=delegates.pk,
        registration=registration.pk,
        reference=registration.reference,
    )


def _format(value, world):
    if isinstance(value, list):
        return [_format(v, world) for v in value]
    return value.format(**vars(world)) if isinstance(value, str) else value


@pytest.mark.parametrize("form", FORMS, ids=str)
@fuzz
@given(data=st.data())
def test_form_survives_hostile_input(client, world, form, data):
    if form.organiser:
        client.force_login(world.superuser)
    valid = {k: _format(v, world) for k, v in form.valid.items()}
    overrides = data.draw(hostile([*valid, "action", "csrfmiddlewaretoken"]))

    post_hostile(client, _format(form.url, world), valid, overrides)
