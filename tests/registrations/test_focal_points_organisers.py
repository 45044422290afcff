"""Organisers' pages of the organisations at an event: the overview of quotas, credentials and
focal points; one organisation's focal points and quotas; "registered by" on a registration."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from events.models import AuditEntry
from registrations.enums import RegistrationState as S
from registrations.models import FocalPoint, OrganisationQuota, Registration, RegistrationCategory
from registrations.services.focal_points import (
    focal_point_designate,
    focal_point_get_by_token,
    nomination_register,
    quota_set,
)
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, person, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    return EventFactory(name="Mayoral Forum Quito", slug="quito", registration_open=True)


@pytest.fixture
def cuenca(db):
    return OrganisationFactory(name="City of Cuenca")


@pytest.fixture
def loja(db):
    return OrganisationFactory(name="City of Loja")


@pytest.fixture
def delegates(event):
    return CategoryFactory(event=event, name="Delegate", order=1, organisation_quota=3)


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, username="manager", can_manage_registrations=True)
    client.force_login(user)
    return user


def overview_url(event):
    return reverse("manage:organisations", kwargs={"slug": event.slug})


def organisation_url(event, organisation):
    return reverse("manage:organisation", kwargs={"slug": event.slug, "pk": organisation.pk})


def cells(html, organisation):
    row = re.search(rf'<tr data-organisation="{organisation.pk}">(.*?)</tr>', html, re.S).group(1)
    return (
        re.findall(r'class="quota-cell[^"]*" data-category="\d+">([^<]+)</td>', row),
        re.search(r'class="pending-credentials">(\d+)</td>', row).group(1),
        re.search(r'class="focal-points">([^<]*)</td>', row).group(1),
    )


def test_overview_numbers_are_exact(client, manager, event, delegates, cuenca, loja):
    letters = CategoryFactory(
        event=event, name="Minister", order=2, requires_nomination_letter=True
    )
    quota_set(category=letters, organisation=cuenca, limit=2, user=manager)
    focal_point, _ = focal_point_designate(
        event=event,
        organisation=cuenca,
        name="Rosa Paz",
        email="fp@c.example.org",
        language="es",
        user=manager,
    )
    nomination_register(focal_point=focal_point, category_id=delegates.pk, person=person())
    nomination_register(focal_point=focal_point, category_id=letters.pk, person=person())
    cancelled, _ = register(delegates, organisation=cuenca)
    Registration.objects.filter(pk=cancelled.pk).update(state=S.CANCELLED)
    register(delegates, organisation=loja)
    OrganisationFactory(name="City of Ambato")  # takes no part: not listed

    response = client.get(overview_url(event))
    html = response.content.decode()

    assert [row.organisation.name for row in response.context["rows"]] == [
        "City of Cuenca",
        "City of Loja",
    ]
    assert cells(html, cuenca) == (["1 / 3 (2)", "1 / 2 (1)"], "1", "Rosa Paz")
    assert cells(html, loja) == (["1 / 3 (2)", "0 / —"], "0", "—")


def test_overview_of_another_event_is_404(client, manager):
    other = EventFactory(slug="elsewhere")

    response = client.get(overview_url(other))

    assert response.status_code == 404


def test_organisation_page_of_another_event_is_404(client, manager, cuenca):
    other = EventFactory(slug="elsewhere")

    assert client.get(organisation_url(other, cuenca)).status_code == 404


def test_designate_from_the_organisation_page(client, manager, event, cuenca):
    response = client.post(
        organisation_url(event, cuenca),
        {
            "action": "designate",
            "name": "Rosa Paz",
            "email": "rosa@c.example.org",
            "language": "es",
        },
    )

    assert response.status_code == 302
    focal_point = FocalPoint.objects.get()
    assert (focal_point.organisation, focal_point.event, focal_point.language) == (
        cuenca,
        event,
        "es",
    )
    assert focal_point.created_by == manager
    assert [m.to for m in mail.outbox] == []  # leaves at commit; the services' tests read it


def test_revoke_and_new_link_from_the_organisation_page(client, manager, event, cuenca):
    focal_point, token = focal_point_designate(
        event=event,
        organisation=cuenca,
        name="Rosa Paz",
        email="rosa@c.example.org",
        language="es",
        user=manager,
    )

    client.post(
        organisation_url(event, cuenca), {"action": "new_link", "focal_point": focal_point.pk}
    )
    assert focal_point_get_by_token(token=token) is None
    client.post(
        organisation_url(event, cuenca), {"action": "revoke", "focal_point": focal_point.pk}
    )

    focal_point.refresh_from_db()
    assert focal_point.is_active is False
    assert list(
        AuditEntry.objects.filter(object_id=str(focal_point.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["created", "changed", "revoked"]


def test_another_organisations_focal_point_is_404(client, manager, event, cuenca, loja):
    focal_point, _ = focal_point_designate(
        event=event,
        organisation=loja,
        name="Luis",
        email="luis@l.example.org",
        language="es",
        user=manager,
    )

    response = client.post(
        organisation_url(event, cuenca), {"action": "revoke", "focal_point": focal_point.pk}
    )

    assert response.status_code == 404
    focal_point.refresh_from_db()
    assert focal_point.is_active is True


def test_quotas_form_sets_and_clears_overrides(client, manager, event, delegates, cuenca):
    speakers = CategoryFactory(event=event, name="Speaker", order=2)
    quota_set(category=speakers, organisation=cuenca, limit=4, user=manager)

    response = client.post(
        organisation_url(event, cuenca),
        {"action": "quotas", f"quota_{delegates.pk}": "1", f"quota_{speakers.pk}": ""},
    )

    assert response.status_code == 302
    assert list(OrganisationQuota.objects.values_list("category__name", "limit")) == [
        ("Delegate", 1)
    ]


def test_quotas_form_refuses_negative_numbers(client, manager, event, delegates, cuenca):
    response = client.post(
        organisation_url(event, cuenca), {"action": "quotas", f"quota_{delegates.pk}": "-1"}
    )

    assert response.status_code == 200
    assert response.context["quota_form"].errors == {
        f"quota_{delegates.pk}": ["Ensure this value is greater than or equal to 0."]
    }
    assert OrganisationQuota.objects.count() == 0


def test_organisation_page_says_a_lower_quota_cancels_nobody(client, manager, event, cuenca):
    html = client.get(organisation_url(event, cuenca)).content.decode()

    assert "A quota lower than the places already used cancels nobody" in html


def test_category_form_sets_the_default_quota_and_the_letter_requirement(
    client, manager, event, delegates
):
    client.post(
        reverse("manage:category_edit", kwargs={"slug": event.slug, "pk": delegates.pk}),
        {
            "name_en": "Delegate",
            "fee": "0",
            "currency": "EUR",
            "is_public": "on",
            "organisation_quota": "5",
            "requires_nomination_letter": "on",
        },
    )

    delegates.refresh_from_db()
    assert (delegates.organisation_quota, delegates.requires_nomination_letter) == (5, True)


def test_registration_detail_names_the_focal_point(client, manager, event, delegates, cuenca):
    focal_point, _ = focal_point_designate(
        event=event,
        organisation=cuenca,
        name="Rosa Paz",
        email="rosa@c.example.org",
        language="es",
        user=manager,
    )
    registration, _ = nomination_register(
        focal_point=focal_point, category_id=delegates.pk, person=person()
    )

    html = client.get(
        reverse(
            "manage:registration_detail",
            kwargs={"slug": event.slug, "reference": registration.reference},
        )
    ).content.decode()

    found = re.search(r'<div id="registered-by"><dt>([^<]+)</dt><dd>([^<]+)</dd>', html)
    assert found.groups() == (
        "Registered by",
        "focal point Rosa Paz &lt;rosa@c.example.org&gt; for City of Cuenca",
    )


# --- query counts ---------------------------------------------------------------------------------


def populate(event, *, organisations, categories, registrations, manager):
    made = [
        CategoryFactory(event=event, name=f"Category {n}", order=n, organisation_quota=5)
        for n in range(categories)
    ]
    orgs = [OrganisationFactory() for _ in range(organisations)]
    for n in range(registrations):
        register(made[n % len(made)], organisation=orgs[n % len(orgs)])
    for org in orgs:
        quota_set(category=made[0], organisation=org, limit=7, user=manager)
        focal_point_designate(
            event=event,
            organisation=org,
            name="Focal",
            email=f"fp{org.pk}@example.org",
            language="en",
            user=manager,
        )
    return orgs


# The session and user; the event and the team's permission flags; the categories, counts,
# quotas, focal points and organisations; the chooser's organisations.
OVERVIEW_QUERIES = 10
# The session and user; the event and the team's permission flags; the organisation; the
# categories, counts, quotas and focal points.
ORGANISATION_QUERIES = 9


@pytest.mark.parametrize(("organisations", "categories", "registrations"), [(2, 1, 2), (10, 4, 10)])
def test_overview_query_count_does_not_grow(
    client, manager, event, organisations, categories, registrations, django_assert_num_queries
):
    populate(
        event,
        organisations=organisations,
        categories=categories,
        registrations=registrations,
        manager=manager,
    )

    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(overview_url(event))

    assert len(response.context["rows"]) == organisations
    assert len(response.context["categories"]) == categories


@pytest.mark.parametrize(("categories", "registrations"), [(1, 2), (4, 10)])
def test_organisation_page_query_count_does_not_grow(
    client, manager, event, categories, registrations, django_assert_num_queries
):
    [org] = populate(
        event, organisations=1, categories=categories, registrations=registrations, manager=manager
    )

    with django_assert_num_queries(ORGANISATION_QUERIES):
        response = client.get(organisation_url(event, org))

    assert len(response.context["row"].cells) == categories
    assert response.context["row"].registrations == registrations
    assert RegistrationCategory.objects.filter(event=event).count() == categories
