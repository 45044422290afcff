"""The categories page: list with seats and waiting list, create and edit through the services,
every change in the audit log with its old and new values."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from events.models import AuditAction, AuditEntry
from registrations.enums import Participation
from registrations.enums import RegistrationState as S
from registrations.models import RegistrationCategory
from registrations.services.categories import (
    CategoryDetails,
    CategoryError,
    category_create,
    category_update,
)
from registrations.services.registrations import registration_create
from tests.factories import CategoryFactory, EventFactory, person, register
from tests.registrations.workspace.conftest import url

pytestmark = pytest.mark.django_db


def form(**overrides) -> dict:
    data = {
        "name_en": "Press",
        "name_fr": "Presse",
        "name_es": "Prensa",
        "capacity": "20",
        "fee": "0",
        "currency": "EUR",
        "is_public": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def category_entries(category):
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(RegistrationCategory),
            object_id=str(category.pk),
        ).values_list("action", "changes", "actor__username")
    )


def test_list_shows_capacity_seats_taken_waitlisted_and_fee(client, manager, delegates):
    register(delegates)
    register(delegates)
    register(delegates)
    CategoryFactory(event=delegates.event, name="Observer", order=2, fee=Decimal("150.00"))

    response = client.get(url("categories", delegates.event))

    rows = [
        (c.name, c.capacity, c.seats_taken, c.waitlisted, c.fee)
        for c in response.context["categories"]
    ]
    assert rows == [
        ("Delegate", 1, 1, 2, Decimal("0.00")),
        ("Observer", None, 0, 0, Decimal("150.00")),
    ]
    html = response.content.decode()
    assert "150.00 EUR" in html and "no limit" in html


def test_list_counts_in_person_seats_and_online_places_apart(client, manager, delegates):
    from registrations.enums import Participation
    from registrations.services.registrations import registration_create
    from tests.factories import person

    delegates.online_offered, delegates.online_capacity = True, 5
    delegates.save(update_fields=["online_offered", "online_capacity"])
    register(delegates)  # the one in-person seat
    for n in range(2):
        registration_create(
            event=delegates.event,
            category_id=delegates.pk,
            person=person(email=f"online{n}@example.org"),
            participation=Participation.ONLINE,
        )

    response = client.get(url("categories", delegates.event))

    row = response.context["categories"][0]
    assert (row.seats_taken, row.online_taken, row.waitlisted) == (1, 2, 0)
    assert '<td class="online-taken">2 / 5</td>' in response.content.decode()


def test_create_goes_through_the_service_and_is_audited_once(client, manager, open_event):
    response = client.post(url("categories", open_event), form(visa_letter_offered="on"))

    assert response.status_code == 302
    category = RegistrationCategory.objects.get(event=open_event, name_en="Press")
    assert (category.name_fr, category.name_es, category.capacity, category.order) == (
        "Presse",
        "Prensa",
        20,
        0,
    )
    assert (category.visa_letter_offered, category.invitation_only, category.is_public) == (
        True,
        False,
        True,
    )
    [(action, changes, actor)] = category_entries(category)
    assert (action, actor) == (AuditAction.CREATED, "manager")
    assert (changes["name_en"], changes["name_fr"], changes["name_es"]) == (
        [None, "Press"],
        [None, "Presse"],
        [None, "Prensa"],
    )
    assert changes["capacity"] == [None, 20]


@pytest.mark.django_db(transaction=True)  # emails go out after commit
def test_raising_capacity_promotes_the_waiting_list_and_emails_them(client, manager, delegates):
    seated, _ = register(delegates)
    first, _ = register(delegates, email="first@example.org")
    second, _ = register(delegates, email="second@example.org")
    mail.outbox.clear()

    response = client.post(
        url("category_edit", delegates.event, pk=delegates.pk),
        form(name_en="Delegate", name_fr="", name_es="", capacity="2", is_public="on"),
        follow=True,
    )

    states = [r.state for r in (seated, first, second) if not r.refresh_from_db()]
    assert states == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    assert [m.to for m in mail.outbox] == [["first@example.org"]]
    assert mail.outbox[0].subject.startswith("A seat is yours")
    assert [str(m) for m in response.context["messages"]] == [
        "Category “Delegate” saved.",
        "1 person was promoted from the waiting list.",
    ]
    [(action, changes, actor)] = category_entries(delegates)
    assert (action, changes, actor) == (AuditAction.CHANGED, {"capacity": [1, 2]}, "manager")


def test_edit_records_changed_fields_old_to_new_only(client, manager, delegates):
    client.post(
        url("category_edit", delegates.event, pk=delegates.pk),
        form(
            name_en="Delegate",
            name_fr="Délégué",
            name_es="",
            capacity="1",
            fee="25.5",
            currency="usd",
            invitation_only="on",
            is_public=None,
        ),
    )

    delegates.refresh_from_db()
    assert (delegates.fee, delegates.currency, delegates.is_public) == (
        Decimal("25.50"),
        "USD",
        False,
    )
    assert category_entries(delegates) == [
        (
            AuditAction.CHANGED,
            {
                "currency": ["EUR", "USD"],
                "fee": ["0.00", "25.50"],
                "invitation_only": [False, True],
                "is_public": [True, False],
                "name_fr": [None, "Délégué"],
            },
            "manager",
        )
    ]


def test_saving_unchanged_records_nothing(client, manager, delegates):
    client.post(
        url("category_edit", delegates.event, pk=delegates.pk),
        form(name_en="Delegate", name_fr="", name_es="", capacity="1"),
    )
    assert category_entries(delegates) == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"capacity": "-1"}, "capacity", "The capacity cannot be negative."),
        ({"currency": "E1"}, "currency", "Enter a three-letter currency code, such as EUR."),
        ({"name_en": "Delegate"}, "name_en", "This event already has a category of that name."),
        (
            {"name_en": "", "name_fr": "", "name_es": " "},
            "name_es",
            "Write it in at least one language.",
        ),
    ],
)
def test_bad_input_is_refused_translated_and_nothing_written(
    client, manager, delegates, overrides, field, message
):
    response = client.post(url("categories", delegates.event), form(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert RegistrationCategory.objects.filter(event=delegates.event).count() == 1
    assert AuditEntry.objects.count() == 0


def test_negative_capacity_on_edit_is_refused_and_nothing_written(client, manager, delegates):
    response = client.post(
        url("category_edit", delegates.event, pk=delegates.pk),
        form(name_en="Delegate", name_fr="", name_es="", capacity="-3"),
    )
    assert response.context["form"].errors["capacity"] == ["The capacity cannot be negative."]
    delegates.refresh_from_db()
    assert (delegates.capacity, delegates.name_fr) == (1, "")
    assert AuditEntry.objects.count() == 0


def test_edit_writes_the_description_per_language_and_clears_one(client, manager, delegates):
    RegistrationCategory.objects.filter(pk=delegates.pk).update(description_fr="Ancien texte")

    client.post(
        url("category_edit", delegates.event, pk=delegates.pk),
        form(
            name_en="Delegate",
            name_fr="",
            name_es="Delegado",
            capacity="1",
            description_en="Mayors and their teams.",
            description_fr="",
        ),
    )

    delegates.refresh_from_db()
    assert (
        delegates.description_en,
        delegates.description_fr,
        delegates.name_es,
        delegates.name_en,
    ) == ("Mayors and their teams.", "", "Delegado", "Delegate")
    [(action, changes, actor)] = category_entries(delegates)
    assert (action, actor) == (AuditAction.CHANGED, "manager")
    assert changes == {
        "description_en": [None, "Mayors and their teams."],
        "description_fr": ["Ancien texte", None],
        "name_es": [None, "Delegado"],
    }


def test_service_refuses_a_spanish_name_taken(delegates, manager):
    RegistrationCategory.objects.filter(pk=delegates.pk).update(name_es="Delegado")

    with pytest.raises(CategoryError) as excinfo:
        category_create(
            event=delegates.event,
            details=CategoryDetails(name={"en": "Observer", "es": "Delegado"}),
            capacity=None,
            user=manager,
        )

    assert (excinfo.value.code, str(excinfo.value.message)) == (
        "name_es",
        "This event already has a category of that name.",
    )
    assert RegistrationCategory.objects.filter(event=delegates.event).count() == 1


def test_service_refuses_negative_capacity(delegates, manager):
    with pytest.raises(CategoryError) as excinfo:
        category_update(
            category=delegates,
            details=CategoryDetails(name={"en": "Delegate"}),
            capacity=-1,
            user=manager,
        )
    assert excinfo.value.code == "capacity"
    delegates.refresh_from_db()
    assert delegates.capacity == 1


@pytest.mark.parametrize("size", [1, 3, 30])
def test_list_costs_the_same_queries_at_any_size(
    client, manager, open_event, size, django_assert_num_queries
):
    for i in range(size):
        category = CategoryFactory(event=open_event, name=f"Category {i}", capacity=1)
        register(category)
    EventFactory()  # another event's categories are not counted

    with django_assert_num_queries(5):
        response = client.get(url("categories", open_event))

    assert len(response.context["categories"]) == size


@pytest.mark.django_db(transaction=True)  # emails go out after commit
def test_more_online_places_promote_the_online_waiting_list(client, manager, delegates):
    RegistrationCategory.objects.filter(pk=delegates.pk).update(
        online_offered=True, online_capacity=1
    )

    def online(email):
        return registration_create(
            event=delegates.event,
            category_id=delegates.pk,
            person=person(email=email),
            participation=Participation.ONLINE,
        )[0]

    placed, first, second = (
        online("a@example.org"),
        online("b@example.org"),
        online("c@example.org"),
    )
    mail.outbox.clear()

    response = client.post(
        url("category_edit", delegates.event, pk=delegates.pk),
        form(
            name_en="Delegate",
            name_fr="",
            name_es="",
            capacity="1",
            online_offered="on",
            online_capacity="2",
        ),
        follow=True,
    )

    states = [r.state for r in (placed, first, second) if not r.refresh_from_db()]
    assert states == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert [str(m) for m in response.context["messages"]] == [
        "Category “Delegate” saved.",
        "1 person was promoted from the waiting list.",
    ]
    [(action, changes, actor)] = category_entries(delegates)
    assert (action, changes, actor) == (AuditAction.CHANGED, {"online_capacity": [1, 2]}, "manager")


def test_online_places_without_online_offered_are_refused_on_the_field(client, manager, delegates):
    response = client.post(
        url("category_edit", delegates.event, pk=delegates.pk),
        form(name_en="Delegate", name_fr="", name_es="", capacity="1", online_capacity="10"),
    )

    assert response.status_code == 200
    assert {k: [str(m) for m in v] for k, v in response.context["form"].errors.items()} == {
        "online_capacity": ["Online places need online participation to be offered."]
    }
    delegates.refresh_from_db()
    assert (delegates.online_offered, delegates.online_capacity) == (False, None)
    assert category_entries(delegates) == []


def test_create_with_online_places(client, manager, open_event):
    client.post(url("categories", open_event), form(online_offered="on", online_capacity="50"))

    category = RegistrationCategory.objects.get(event=open_event, name_en="Press")
    assert (category.online_offered, category.online_capacity) == (True, 50)
