"""The admin edits registrations, delegations and categories only where no rule is bypassed:
person details through ``registration_update``, the rest read-only."""

import pytest
from django.urls import reverse

from registrations.enums import RegistrationState
from registrations.models import Delegation, Registration
from registrations.services.registrations import registration_cancel, registration_head_confirm
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, register
from tests.forum.test_admin_scoping import _post_data

pytestmark = pytest.mark.django_db


def _errors(response) -> dict:
    form = response.context["adminform"].form
    return {k: [str(m) for m in v] for k, v in form.errors.items()}


@pytest.fixture
def registrar(client, administrator):
    """Logs the administrator in (the admin is for superusers only; ``event`` is kept so each
    test still names the event it works on)."""

    def login(event):
        client.force_login(administrator)

    return login


def _change(client, registration) -> tuple[str, dict]:
    url = reverse("admin:registrations_registration_change", args=[registration.pk])
    return url, _post_data(client.get(url))


def test_admin_saves_person_details_through_registration_update(client, registrar):
    registration, _ = register(CategoryFactory(), given_name="Ana", dietary_needs="")
    registrar(registration.event)
    url, data = _change(client, registration)

    data.update(given_name="Ana María", dietary_needs="Vegetarian")
    response = client.post(url, data)

    registration.refresh_from_db()
    assert response.status_code == 302, _errors(response)
    assert (registration.given_name, registration.dietary_needs, registration.state) == (
        "Ana María",
        "Vegetarian",
        RegistrationState.CONFIRMED,
    )


def test_admin_refuses_travel_support_without_a_reason(client, registrar):
    registration, _ = register(CategoryFactory())
    registrar(registration.event)
    url, data = _change(client, registration)

    data.update(travel_support_requested="on", travel_support_reason="")
    response = client.post(url, data)

    registration.refresh_from_db()
    assert response.status_code == 200
    assert _errors(response) == {"travel_support_reason": ["Tell us briefly why you need support."]}
    assert registration.travel_support_requested is False


def test_admin_refuses_a_visa_letter_the_category_does_not_offer(client, registrar):
    registration, _ = register(CategoryFactory(visa_letter_offered=False))
    registrar(registration.event)
    url, data = _change(client, registration)

    data.update(
        visa_letter_requested="on",
        passport_number="P1234567",
        passport_expiry="2099-01-01",
        date_of_birth="1970-01-01",
    )
    response = client.post(url, data)

    registration.refresh_from_db()
    assert response.status_code == 200
    assert _errors(response) == {
        "visa_letter_requested": ["This category does not come with a visa invitation letter."]
    }
    assert (registration.visa_letter_requested, registration.passport_number) == (False, "")


def test_admin_refuses_edits_of_a_cancelled_registration(client, registrar):
    registration, _ = register(CategoryFactory(), given_name="Ana")
    registration_cancel(registration=registration, actor_label="registrant")
    registrar(registration.event)
    url, data = _change(client, registration)

    data["given_name"] = "Someone else"
    response = client.post(url, data)

    registration.refresh_from_db()
    assert response.status_code == 200
    assert _errors(response) == {
        "__all__": ["A cancelled or rejected registration cannot be edited."]
    }
    assert registration.given_name == "Ana"


def test_admin_ignores_posted_category_state_and_delegation(client, registrar):
    event = EventFactory(registration_open=True)
    category = CategoryFactory(event=event, name="Delegate")
    other = CategoryFactory(event=event, name="Press")
    registration, _ = register(category)
    delegation = Delegation.objects.create(event=event, organisation=OrganisationFactory())
    registrar(event)
    url, data = _change(client, registration)

    data.update(
        category=str(other.pk), state=RegistrationState.CANCELLED, delegation=str(delegation.pk)
    )
    response = client.post(url, data)

    registration.refresh_from_db()
    assert response.status_code == 302
    assert (registration.category, registration.state, registration.delegation) == (
        category,
        RegistrationState.CONFIRMED,
        None,
    )


def test_admin_cannot_add_a_registration(client, registrar):
    category = CategoryFactory()
    registrar(category.event)

    response = client.get(reverse("admin:registrations_registration_add"))

    assert response.status_code == 403
    assert Registration.objects.count() == 0


def test_admin_cannot_change_a_delegations_head_or_organisation(client, registrar):
    category = CategoryFactory()
    city = OrganisationFactory(name="City of Quito")
    head, _ = register(category, organisation=city)
    head.head_of_delegation = "pending"
    head.save(update_fields=["head_of_delegation"])
    registration_head_confirm(registration=head, user=None)
    other, _ = register(category, organisation=city)
    delegation = Delegation.objects.get()
    registrar(category.event)
    url = reverse("admin:registrations_delegation_change", args=[delegation.pk])
    data = _post_data(client.get(url))

    data.update(head=str(other.pk), organisation=str(OrganisationFactory().pk))
    response = client.post(url, data)

    delegation.refresh_from_db()
    assert response.status_code == 302
    assert (delegation.head, delegation.organisation) == (head, city)


def test_admin_cannot_move_a_category_to_another_event(client, registrar):
    category = CategoryFactory(name="Delegate")
    event = category.event
    elsewhere = EventFactory()
    registrar(category.event)
    url = reverse("admin:registrations_registrationcategory_change", args=[category.pk])
    data = _post_data(client.get(url))

    data.update(event=str(elsewhere.pk), name="Delegates")
    response = client.post(url, data)

    category.refresh_from_db()
    assert response.status_code == 302
    assert (category.event, category.name) == (event, "Delegates")
