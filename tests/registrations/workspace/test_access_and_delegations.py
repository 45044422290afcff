"""Who gets into the set-up pages (every URL scoped by its event), and the delegations list."""

import pytest
from django.urls import reverse

from events.models import AuditEntry
from registrations.models import Invitation, RegistrationCategory
from registrations.services.invitations import invitation_create
from registrations.services.registrations import (
    delegation_add_member,
    registration_create,
    registration_head_confirm,
)
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, person, register
from tests.registrations.workspace.conftest import url

pytestmark = pytest.mark.django_db

# (name, needs a category id, method, data)
PAGES = [
    ("categories", False, "get", None),
    ("categories", False, "post", {"name": "Press", "fee": "0", "currency": "EUR"}),
    ("category_edit", True, "get", None),
    ("category_edit", True, "post", {"name": "Hacked", "fee": "0", "currency": "EUR"}),
    ("invitations", False, "get", None),
    ("invitations", False, "post", {"action": "create", "kind": "code", "max_uses": "1"}),
    ("invitations", False, "post", {"action": "revoke"}),
    ("delegations", False, "get", None),
]


def page_url(name, category, with_pk):
    return url(name, category.event, **({"pk": category.pk} if with_pk else {}))


@pytest.mark.parametrize(("name", "with_pk", "method", "data"), PAGES)
def test_organiser_of_another_event_gets_404_and_nothing_changes(
    client, organiser_of, delegates, name, with_pk, method, data
):
    other = organiser_of(EventFactory(), can_manage_registrations=True)
    client.force_login(other)
    invitation = invitation_create(
        event=delegates.event, category=delegates, kind="code", user=None
    )
    data = {**(data or {}), "category": delegates.pk, "invitation": invitation.pk}

    response = getattr(client, method)(page_url(name, delegates, with_pk), data)

    assert response.status_code == 404
    assert list(RegistrationCategory.objects.values_list("name", flat=True)) == ["Delegate"]
    assert (Invitation.objects.count(), Invitation.objects.get().expires_at) == (1, None)
    assert AuditEntry.objects.filter(actor=other).count() == 0


@pytest.mark.parametrize(("name", "with_pk", "method", "data"), PAGES)
def test_organiser_without_the_registrations_flag_gets_404(
    client, organiser_of, delegates, name, with_pk, method, data
):
    client.force_login(organiser_of(delegates.event, can_manage_programme=True))

    response = getattr(client, method)(page_url(name, delegates, with_pk), data or {})

    assert response.status_code == 404
    assert RegistrationCategory.objects.get().name == "Delegate"


@pytest.mark.parametrize(("name", "with_pk", "method", "data"), PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, delegates, name, with_pk, method, data):
    response = getattr(client, method)(page_url(name, delegates, with_pk), data or {})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_category_of_another_event_is_404_on_its_edit_page(client, manager, delegates):
    elsewhere = CategoryFactory(event=EventFactory(), name="Elsewhere")
    response = client.get(url("category_edit", delegates.event, pk=elsewhere.pk))
    assert response.status_code == 404


def test_invitation_of_another_event_cannot_be_revoked_from_this_one(client, manager, delegates):
    elsewhere = CategoryFactory(event=EventFactory(), name="Elsewhere")
    invitation = invitation_create(
        event=elsewhere.event, category=elsewhere, kind="code", user=None
    )
    response = client.post(
        url("invitations", delegates.event), {"action": "revoke", "invitation": invitation.pk}
    )
    invitation.refresh_from_db()
    assert (response.status_code, invitation.expires_at) == (404, None)


def test_dashboard_and_nav_link_to_the_set_up_pages(client, manager, delegates):
    event = delegates.event
    links = [url("categories", event), url("invitations", event), url("delegations", event)]

    dashboard = client.get(reverse("manage:dashboard")).content.decode()
    nav = client.get(url("registrations", event)).content.decode()

    assert all(link in dashboard for link in links)
    assert all(link in nav for link in links)


def test_delegations_list_shows_organisation_head_and_member_count(client, manager, delegates):
    delegates.capacity = None
    delegates.save()
    city = OrganisationFactory(name="Ciudad de Cuenca")
    lyon = OrganisationFactory(name="Ville de Lyon")
    head, _ = registration_create(
        event=delegates.event,
        category_id=delegates.pk,
        person=person(given_name="Rosa", family_name="Vega", organisation=city),
        head_of_delegation=True,
    )
    head = registration_head_confirm(registration=head, user=manager)
    delegation_add_member(head=head, category_id=delegates.pk, person=person())
    delegation_add_member(head=head, category_id=delegates.pk, person=person())
    claimant, _ = registration_create(
        event=delegates.event,
        category_id=delegates.pk,
        person=person(organisation=lyon),
        head_of_delegation=True,
    )
    register(delegates)  # no delegation

    response = client.get(url("delegations", delegates.event))

    rows = [
        (d.organisation.name, d.head.full_name if d.head else None, d.member_count)
        for d in response.context["delegations"]
    ]
    assert rows == [("Ciudad de Cuenca", "Rosa Vega", 3)]
    html = response.content.decode()
    detail = reverse(
        "manage:registration_detail", kwargs={"slug": "quito", "reference": head.reference}
    )
    assert detail in html
    assert claimant.delegation_id is None


@pytest.mark.parametrize("size", [1, 3, 30])
def test_delegations_list_costs_the_same_queries_at_any_size(
    client, manager, delegates, size, django_assert_num_queries
):
    delegates.capacity = None
    delegates.save()
    for i in range(size):
        organisation = OrganisationFactory(name=f"City {i:02d}")
        head, _ = registration_create(
            event=delegates.event,
            category_id=delegates.pk,
            person=person(organisation=organisation),
            head_of_delegation=True,
        )
        head = registration_head_confirm(registration=head, user=manager)
        delegation_add_member(head=head, category_id=delegates.pk, person=person())

    with django_assert_num_queries(5):
        response = client.get(url("delegations", delegates.event))

    assert [d.member_count for d in response.context["delegations"]] == [2] * size


def test_admin_shows_invitations_read_only(client, manager, delegates, administrator):
    """Read-only even for a superuser (organisers no longer enter the admin at all)."""
    invitation = invitation_create(
        event=delegates.event, category=delegates, kind="code", user=manager
    )
    client.force_login(administrator)

    listed = client.get(reverse("admin:registrations_invitation_changelist"))
    add = client.get(reverse("admin:registrations_invitation_add"))
    change = client.post(
        reverse("admin:registrations_invitation_change", args=[invitation.pk]),
        {"code": "MINE", "max_uses": "99"},
    )

    invitation.refresh_from_db()
    assert listed.status_code == 200 and invitation.code in listed.content.decode()
    assert add.status_code == 403
    assert change.status_code == 403
    assert (invitation.code != "MINE", invitation.max_uses) == (True, 1)
