"""How registrants choose and change how they take part: the public, focal point and
delegation forms, and the manage page's switch."""

import pytest
from django.urls import reverse

from registrations.enums import Participation as P
from registrations.enums import RegistrationState as S
from registrations.models import Registration
from registrations.services.focal_points import focal_point_designate
from registrations.services.participation import (
    registration_in_person_request_withdraw,
    registration_participation_switch,
)
from registrations.services.registrations import registration_create, registration_head_confirm
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, UserFactory, person
from tests.registrations.registration_helpers import form_data

pytestmark = pytest.mark.django_db

QUESTION = "How will you take part?"


@pytest.fixture
def event():
    return EventFactory(name="Mayoral Forum Quito", slug="quito", registration_open=True)


@pytest.fixture
def in_person_only(event):
    return CategoryFactory(event=event, name="Delegate", order=1)


@pytest.fixture
def hybrid(event):
    return CategoryFactory(
        event=event, name="Observer", order=2, capacity=1, online_offered=True, online_capacity=5
    )


def register_url(event):
    return f"/en/events/{event.slug}/register/"


def errors(response) -> dict:
    return {k: [str(m) for m in v] for k, v in response.context["form"].errors.items()}


def signup(category, participation=P.IN_PERSON, **overrides):
    return registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(**overrides),
        participation=participation,
    )


def flashes(response) -> list[str]:
    """The messages shown on the page a post redirected to."""
    assert response.redirect_chain[-1][1] == 302
    return [str(m) for m in response.context["messages"]]


# --- registering -------------------------------------------------------------------------------


def test_public_form_asks_only_where_a_category_offers_online(client, in_person_only):
    without = client.get(register_url(in_person_only.event)).content.decode()
    CategoryFactory(event=in_person_only.event, name="Observer", online_offered=True)
    # The blank form's fields are cached a minute: a bound form renders them afresh.
    with_online = client.post(
        register_url(in_person_only.event), {"given_name": "Ana"}
    ).content.decode()

    assert QUESTION not in without
    assert QUESTION in with_online
    assert 'name="participation" value="online"' in with_online


def test_public_form_registers_online(client, hybrid):
    response = client.post(register_url(hybrid.event), form_data(hybrid, participation=P.ONLINE))

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert (registration.participation, registration.state) == (P.ONLINE, S.CONFIRMED)


def test_public_form_without_a_choice_registers_in_person(client, hybrid):
    client.post(register_url(hybrid.event), form_data(hybrid))

    assert Registration.objects.get().participation == P.IN_PERSON


def test_public_form_refuses_online_for_a_category_without_it_on_the_field(
    client, in_person_only, hybrid
):
    response = client.post(
        register_url(in_person_only.event), form_data(in_person_only, participation=P.ONLINE)
    )

    assert response.status_code == 200
    assert errors(response) == {"participation": ["“Delegate” cannot be followed online."]}
    assert Registration.objects.count() == 0


def test_public_form_refuses_a_visa_letter_to_an_online_registrant_on_its_field(client, hybrid):
    hybrid.visa_letter_offered = True
    hybrid.save(update_fields=["visa_letter_offered"])
    data = form_data(
        hybrid,
        participation=P.ONLINE,
        visa_letter_requested="on",
        passport_number="C1234567",
        passport_expiry="2040-05-01",
        date_of_birth="1984-02-29",
    )

    response = client.post(register_url(hybrid.event), data)

    assert errors(response) == {
        "visa_letter_requested": [
            "Visa invitation letters are issued to in-person participants only: online "
            "participants do not travel to the forum."
        ]
    }
    assert Registration.objects.count() == 0


def test_focal_point_registers_someone_online(client, event, hybrid):
    cuenca = OrganisationFactory(name="City of Cuenca")
    _focal_point, token = focal_point_designate(
        event=event,
        organisation=cuenca,
        name="Rosa Paz",
        email="fp@cuenca.example.org",
        language="en",
        user=UserFactory(username="organiser"),
    )
    page = client.get(f"/en/fp/{token}/").content.decode()

    client.post(
        f"/en/fp/{token}/",
        {
            "action": "register",
            "category": str(hybrid.pk),
            "participation": P.ONLINE,
            "given_name": "Ana",
            "family_name": "Quispe",
            "email": "ana@cuenca.example.org",
            "language": "es",
            "consent": "on",
        },
    )

    assert QUESTION in page
    registration = Registration.objects.get()
    assert (registration.organisation, registration.participation) == (cuenca, P.ONLINE)


def test_head_of_delegation_adds_an_online_member(client, event, hybrid):
    dakar = OrganisationFactory(name="Ville de Dakar")
    head, token = registration_create(
        event=event,
        category_id=hybrid.pk,
        person=person(organisation=dakar),
        head_of_delegation=True,
    )
    registration_head_confirm(registration=head, user=None)

    client.post(
        f"/en/r/{token}/",
        {
            "action": "add_member",
            "category": str(hybrid.pk),
            "participation": P.ONLINE,
            "given_name": "Awa",
            "family_name": "Diop",
            "email": "awa@dakar.example.org",
            "language": "fr",
        },
    )

    member = Registration.objects.get(given_name="Awa")
    head.refresh_from_db()
    assert (member.delegation_id, member.participation) == (head.delegation_id, P.ONLINE)


# --- the manage page ---------------------------------------------------------------------------


def test_manage_page_shows_the_mode_and_switches_online(client, hybrid):
    registration, token = signup(hybrid)

    page = client.get(f"/en/r/{token}/").content.decode()
    response = client.post(
        f"/en/r/{token}/", {"action": "participation", "participation": "online"}, follow=True
    )

    assert "You take part in person." in page
    assert 'id="switch-online"' in page
    assert flashes(response) == ["You now take part online."]
    assert Registration.objects.get(pk=registration.pk).participation == P.ONLINE
    after = client.get(f"/en/r/{token}/").content.decode()
    assert "You take part online." in after
    assert 'id="switch-in-person"' in after


def test_manage_page_offers_no_online_switch_where_the_category_has_none(client, in_person_only):
    _registration, token = signup(in_person_only)

    page = client.get(f"/en/r/{token}/").content.decode()

    assert "You take part in person." in page
    assert 'id="participation-switch"' not in page


def test_manage_page_queues_an_online_registrant_and_withdraws_the_request(client, hybrid):
    signup(hybrid)  # takes the one in-person seat
    registration, token = signup(hybrid, P.ONLINE)

    response = client.post(
        f"/en/r/{token}/", {"action": "participation", "participation": "in_person"}, follow=True
    )
    page = client.get(f"/en/r/{token}/").content.decode()
    withdrawn = client.post(f"/en/r/{token}/", {"action": "withdraw_request"}, follow=True)

    assert flashes(response) == [
        "No in-person seat is free: you keep your online place and are number 1 in the queue "
        "for one. We will email you when a seat is yours."
    ]
    assert (
        "You asked for an in-person seat: number 1 in the queue. You keep your online place "
        "meanwhile." in page
    )
    assert 'id="withdraw-request"' in page and 'id="switch-in-person"' not in page
    assert flashes(withdrawn) == [
        "You no longer wait for an in-person seat; you keep your online place."
    ]
    registration.refresh_from_db()
    assert (registration.participation, registration.in_person_requested_at) == (P.ONLINE, None)


def test_manage_page_refusals_are_messages_not_errors(client, hybrid):
    hybrid.online_capacity = 0
    hybrid.save(update_fields=["online_capacity"])
    registration, token = signup(hybrid)

    full = client.post(
        f"/en/r/{token}/", {"action": "participation", "participation": "online"}, follow=True
    )
    bogus = client.post(
        f"/en/r/{token}/", {"action": "participation", "participation": "moon"}, follow=True
    )
    again = client.post(f"/en/r/{token}/", {"action": "withdraw_request"}, follow=True)

    assert flashes(full) == ["Sorry, there are no online places left in “Observer”."]
    assert flashes(bogus) == ["Choose in person or online."]
    assert flashes(again) == ["You are not waiting for an in-person seat."]
    assert Registration.objects.get(pk=registration.pk).participation == P.IN_PERSON


@pytest.mark.parametrize("requested", [False, True])
def test_manage_page_queries(client, hybrid, requested, django_assert_num_queries):
    signup(hybrid)
    registration, token = signup(hybrid, P.ONLINE)
    if requested:
        registration_participation_switch(registration=registration, participation=P.IN_PERSON)

    # The in-person queue position costs one query, only for a registrant waiting for a seat.
    with django_assert_num_queries(BASE_QUERIES + requested):
        client.get(f"/en/r/{token}/")


# The registration (with its event and category), the questions, the forum's documents.
BASE_QUERIES = 3


def test_organisers_read_the_changes_of_mode_in_the_history(client, hybrid, organiser_of):
    signup(hybrid)  # takes the one in-person seat
    registration, _token = signup(hybrid, P.ONLINE)
    registration_participation_switch(registration=registration, participation=P.IN_PERSON)
    registration_in_person_request_withdraw(registration=registration)
    client.force_login(
        organiser_of(hybrid.event, username="manager", can_manage_registrations=True)
    )

    response = client.get(
        reverse(
            "manage:registration_detail",
            kwargs={"slug": hybrid.event.slug, "reference": registration.reference},
        )
    )

    assert [line.note for line in response.context["history"]] == [
        "",
        "Asked for an in-person seat (keeps the online place)",
        "Withdrew the request for an in-person seat",
    ]
