"""The rules forms and views show, enforced by the services themselves: every call here goes
straight to a service, without any form."""

import dataclasses
from datetime import date, timedelta

import pytest

from registrations.enums import RegistrationState as S
from registrations.inputs import PersonDetails
from registrations.models import Delegation, Invitation, Registration, RegistrationTransition
from registrations.services.registrations import (
    DetailsRefused,
    delegation_add_member,
    details_refusals,
    registration_allowed_actions,
    registration_create,
    registration_head_confirm,
    registration_update,
)
from tests.factories import CategoryFactory, OrganisationFactory, person, register

pytestmark = pytest.mark.django_db


def _nothing_written():
    return (
        Registration.objects.count(),
        RegistrationTransition.objects.count(),
        Delegation.objects.count(),
    ) == (0, 0, 0)


def test_registration_create_refuses_a_visa_letter_the_category_does_not_offer():
    category = CategoryFactory(visa_letter_offered=False)

    with pytest.raises(DetailsRefused) as excinfo:
        registration_create(
            event=category.event,
            category_id=category.pk,
            person=person(visa_letter_requested=True, passport_number="X1234567"),
        )

    assert excinfo.value.code == "visa_letter_not_offered"
    assert excinfo.value.message == "This category does not come with a visa invitation letter."
    assert _nothing_written()


def test_registration_create_refusing_a_visa_letter_leaves_the_invitation_unused():
    category = CategoryFactory(visa_letter_offered=False, invitation_only=True)
    invitation = Invitation.objects.create(
        event=category.event, category=category, code="PRESS", max_uses=1
    )

    with pytest.raises(DetailsRefused):
        registration_create(
            event=category.event,
            category_id=category.pk,
            person=person(visa_letter_requested=True),
            invitation_code="PRESS",
        )

    invitation.refresh_from_db()
    assert invitation.uses == 0
    assert _nothing_written()


def test_registration_create_accepts_a_visa_letter_the_category_offers():
    category = CategoryFactory(visa_letter_offered=True)

    registration, _token = register(category, visa_letter_requested=True)

    assert registration.visa_letter_requested is True


def _refused(category, **details) -> DetailsRefused:
    """The refusal of registering ``details`` in ``category``, straight through the service."""
    with pytest.raises(DetailsRefused) as excinfo:
        registration_create(event=category.event, category_id=category.pk, person=person(**details))
    return excinfo.value


@pytest.mark.parametrize(
    ("missing", "code"),
    [
        ({"passport_number": ""}, "passport_number_required"),
        ({"passport_expiry": None}, "passport_expiry_required"),
        ({"date_of_birth": None}, "date_of_birth_required"),
    ],
)
def test_registration_create_refuses_a_visa_letter_without_passport_details(missing, code):
    category = CategoryFactory(visa_letter_offered=True)

    refusal = _refused(category, visa_letter_requested=True, **missing)

    assert (refusal.code, refusal.message) == (code, "Needed for the visa invitation letter.")
    assert _nothing_written()


@pytest.mark.parametrize("days_after_the_end", [0, -30])
def test_registration_create_refuses_a_passport_expiring_by_the_last_day(days_after_the_end):
    category = CategoryFactory(visa_letter_offered=True)
    expiry = category.event.end_date + timedelta(days=days_after_the_end)

    refusal = _refused(category, visa_letter_requested=True, passport_expiry=expiry)

    assert (refusal.code, refusal.message) == (
        "passport_expiry_too_early",
        "Your passport must be valid beyond the forum’s last day.",
    )
    assert _nothing_written()


@pytest.mark.parametrize(
    "born",
    [date.today(), date.today() + timedelta(days=1), date(date.today().year - 121, 1, 1)],
    ids=["today", "tomorrow", "121-years-ago"],
)
def test_registration_create_refuses_an_implausible_date_of_birth(born):
    category = CategoryFactory(visa_letter_offered=True)

    refusal = _refused(category, visa_letter_requested=True, date_of_birth=born)

    assert (refusal.code, refusal.message) == (
        "date_of_birth_implausible",
        "Enter your real date of birth.",
    )
    assert _nothing_written()


def test_registration_create_refuses_travel_support_without_a_reason():
    category = CategoryFactory()

    refusal = _refused(category, travel_support_requested=True, travel_support_reason="  ")

    assert (refusal.code, refusal.message) == (
        "travel_support_reason_required",
        "Tell us briefly why you need support.",
    )
    assert _nothing_written()


def test_registration_create_accepts_visa_and_travel_support_details_that_keep_the_rules():
    category = CategoryFactory(visa_letter_offered=True)
    expiry = category.event.end_date + timedelta(days=1)

    registration, _token = register(
        category,
        visa_letter_requested=True,
        passport_number="P7654321",
        passport_expiry=expiry,
        date_of_birth=date(1970, 6, 1),
        travel_support_requested=True,
        travel_support_reason="Small town budget",
    )

    registration.refresh_from_db()
    assert (
        registration.passport_number,
        registration.passport_expiry,
        registration.date_of_birth,
        registration.travel_support_reason,
    ) == ("P7654321", expiry, date(1970, 6, 1), "Small town budget")


def test_details_refusals_lists_every_broken_rule_in_form_order():
    category = CategoryFactory(visa_letter_offered=False)
    details = person(
        visa_letter_requested=True,
        passport_number="",
        passport_expiry=category.event.end_date,
        date_of_birth=date.today(),
        travel_support_requested=True,
        travel_support_reason="",
    )

    refusals = details_refusals(
        details, event=category.event, category=category, today=date.today()
    )

    assert [r.code for r in refusals] == [
        "visa_letter_not_offered",
        "passport_number_required",
        "passport_expiry_too_early",
        "date_of_birth_implausible",
        "travel_support_reason_required",
    ]


def test_details_refusals_without_a_category_skips_only_the_category_rule():
    category = CategoryFactory(visa_letter_offered=False)
    details = person(visa_letter_requested=True, passport_number="")

    refusals = details_refusals(details, event=category.event, category=None, today=date.today())

    assert [r.code for r in refusals] == ["passport_number_required"]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"travel_support_requested": True}, "travel_support_reason_required"),
        ({"date_of_birth": date(1800, 1, 1)}, "date_of_birth_implausible"),
        ({"passport_number": ""}, "passport_number_required"),
    ],
)
def test_registration_update_refuses_details_that_break_a_rule(changes, code):
    category = CategoryFactory(visa_letter_offered=True)
    registration, _token = register(category, visa_letter_requested=True)
    before = {f: getattr(registration, f) for f in changes}

    with pytest.raises(DetailsRefused) as excinfo:
        registration_update(registration=registration, changes=changes)

    assert excinfo.value.code == code
    registration.refresh_from_db()
    assert {f: getattr(registration, f) for f in changes} == before


def test_registration_update_refuses_a_visa_letter_the_category_does_not_offer():
    registration, _token = register(CategoryFactory(visa_letter_offered=False))

    with pytest.raises(DetailsRefused) as excinfo:
        registration_update(registration=registration, changes={"visa_letter_requested": True})

    assert excinfo.value.code == "visa_letter_not_offered"
    registration.refresh_from_db()
    assert registration.visa_letter_requested is False


def test_delegation_add_member_refuses_a_visa_letter_the_category_does_not_offer():
    heads = CategoryFactory(name="Head of delegation")
    members = CategoryFactory(event=heads.event, name="Delegate", visa_letter_offered=False)
    head, _ = registration_create(
        event=heads.event,
        category_id=heads.pk,
        person=person(organisation=OrganisationFactory()),
        head_of_delegation=True,
    )
    registration_head_confirm(registration=head, user=None)

    with pytest.raises(DetailsRefused) as excinfo:
        delegation_add_member(
            head=Registration.objects.get(pk=head.pk),
            category_id=members.pk,
            person=person(visa_letter_requested=True),
        )

    assert excinfo.value.code == "visa_letter_not_offered"
    assert Registration.objects.filter(category=members).count() == 0


def test_head_of_delegation_claim_without_a_listed_organisation_is_refused():
    category = CategoryFactory()

    with pytest.raises(DetailsRefused) as excinfo:
        registration_create(
            event=category.event,
            category_id=category.pk,
            person=person(organisation=None, organisation_name_new="City of Nowhere"),
            head_of_delegation=True,
        )

    assert excinfo.value.code == "head_organisation"
    assert excinfo.value.message == (
        "Delegations are for organisations on our list; pick yours from it."
    )
    assert _nothing_written()


def test_head_of_delegation_claim_for_a_listed_organisation_is_recorded():
    category = CategoryFactory()
    city = OrganisationFactory(name="City of Quito")

    registration, _ = registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(organisation=city),
        head_of_delegation=True,
    )

    assert (registration.organisation, registration.head_of_delegation) == (city, "pending")


@pytest.mark.parametrize(
    ("state", "actions"),
    [
        (S.PENDING_APPROVAL, ["approve", "reject", "cancel"]),
        (S.WAITLISTED, ["reject", "cancel"]),
        (S.AWAITING_PAYMENT, ["reject", "cancel"]),
        (S.CONFIRMED, ["cancel"]),
        (S.REJECTED, []),
        (S.CANCELLED, []),
    ],
)
def test_registration_allowed_actions_per_state(state, actions):
    assert registration_allowed_actions(registration=Registration(state=state)) == actions


def test_person_details_refuse_an_unknown_field():
    with pytest.raises(TypeError):
        person(state=S.CONFIRMED)


def test_person_details_are_immutable():
    details = person()

    with pytest.raises(dataclasses.FrozenInstanceError):
        details.email = "someone@else.example"  # type: ignore[misc]


def test_registration_create_refuses_a_dict_of_fields():
    category = CategoryFactory()

    with pytest.raises(AttributeError):
        registration_create(
            event=category.event,
            category_id=category.pk,
            person={"given_name": "A", "family_name": "B", "email": "a@example.org", "state": "x"},
        )
    assert _nothing_written()


def test_registration_update_refuses_a_field_outside_the_person_details():
    registration, _token = register(CategoryFactory())

    with pytest.raises(TypeError):
        registration_update(registration=registration, changes={"state": S.CANCELLED})

    registration.refresh_from_db()
    assert registration.state == S.CONFIRMED


def test_person_details_cover_exactly_the_fields_a_registrant_sets():
    assert {f.name for f in dataclasses.fields(PersonDetails)} == {
        "honorific",
        "given_name",
        "family_name",
        "position",
        "organisation",
        "organisation_name_new",
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
    }
