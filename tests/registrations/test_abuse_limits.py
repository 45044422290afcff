"""Abuse limits on the public registration pages: new links, delegation members."""

from collections import Counter

import pytest
from django.core import mail

from registrations.models import Registration
from registrations.services.registrations import (
    RegistrationError,
    delegation_add_member,
    registration_create,
    registration_get_by_token,
    registration_head_confirm,
    registration_send_new_links,
)
from tests.concurrency import race
from tests.factories import CategoryFactory, OrganisationFactory, person, register
from tests.registrations.registration_helpers import form_data

pytestmark = pytest.mark.django_db


def test_new_link_flood_sends_three_emails_and_the_victim_keeps_a_working_link(
    client, django_capture_on_commit_callbacks
):
    """105 requests from 5 addresses for one email: 3 emails (per email), 10 answered per
    address, and the link the registrant already has still opens their page."""
    category = CategoryFactory()
    registration, token = register(category, email="victim@example.org")
    mail.outbox.clear()
    link = f"/en/events/{category.event.slug}/register/link/"

    statuses = Counter()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(105):
            response = client.post(
                link, {"email": "victim@example.org"}, REMOTE_ADDR=f"192.0.2.{i % 5 + 1}"
            )
            statuses[response.status_code] += 1

    page = client.get(f"/en/r/{token}/")
    assert statuses == {302: 50, 429: 55}
    assert [m.to for m in mail.outbox] == [["victim@example.org"]] * 3
    assert (page.status_code, page.context["registration"]) == (200, registration)


def test_new_link_limit_applies_to_unknown_addresses_alike(django_capture_on_commit_callbacks):
    """Counted whether or not the address is registered: the limit reveals nothing."""
    category = CategoryFactory()
    register(category, email="ana@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        known = [
            registration_send_new_links(event=category.event, email="Ana@example.org")
            for _ in range(4)
        ]
        unknown = [
            registration_send_new_links(event=category.event, email="nobody@example.org")
            for _ in range(4)
        ]

    assert (known, unknown) == ([1, 1, 1, 0], [0, 0, 0, 0])
    assert len(mail.outbox) == 3


def test_only_the_last_requested_link_is_pending_and_using_it_revokes_the_rest(
    django_capture_on_commit_callbacks,
):
    category = CategoryFactory()
    registration, old = register(category, email="ana@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_send_new_links(event=category.event, email="ana@example.org")
        registration_send_new_links(event=category.event, email="ana@example.org")
    first, second = (m.body.split("/r/")[1].split("/")[0] for m in mail.outbox)

    assert registration_get_by_token(token=first) is None  # superseded before it was used
    assert registration_get_by_token(token=old) == registration
    assert registration_get_by_token(token=second) == registration
    assert [registration_get_by_token(token=t) for t in (old, first)] == [None, None]
    registration.refresh_from_db()
    assert registration.pending_token_hash is None


def _head(category, **event_fields):
    for field, value in event_fields.items():
        setattr(category.event, field, value)
    category.event.save()
    head, _token = registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(organisation=OrganisationFactory(name="City of Quito")),
        head_of_delegation=True,
    )
    registration_head_confirm(registration=head, user=None)  # a ticked box alone leads nothing
    return Registration.objects.select_related("event").get(pk=head.pk)


def test_head_of_delegation_cannot_add_members_without_limit():
    """25 additions in a row: the delegation stops at its size (10 with its head)."""
    category = CategoryFactory(name="Delegate")
    head = _head(category)

    outcomes = Counter()
    for _ in range(25):
        try:
            delegation_add_member(head=head, category_id=category.pk, person=person())
            outcomes["added"] += 1
        except RegistrationError as exc:
            outcomes[exc.code] += 1

    assert outcomes == {"added": 9, "delegation_full": 1, "rate": 15}
    assert head.headed_delegation.members.count() == 10


def test_member_additions_are_rate_limited_per_delegation(settings):
    settings.FORUM_DELEGATION_MEMBER_RATE = "2/h"
    category = CategoryFactory(name="Delegate")
    head = _head(category, max_delegation_size=50)

    codes = []
    for _ in range(3):
        try:
            delegation_add_member(head=head, category_id=category.pk, person=person())
            codes.append("added")
        except RegistrationError as exc:
            codes.append(exc.code)

    assert codes == ["added", "added", "rate"]


def test_a_cancelled_member_frees_a_place_in_the_delegation(settings):
    from registrations.services.registrations import registration_cancel

    category = CategoryFactory(name="Delegate")
    head = _head(category, max_delegation_size=2)
    member, _ = delegation_add_member(head=head, category_id=category.pk, person=person())
    with pytest.raises(RegistrationError) as full:
        delegation_add_member(head=head, category_id=category.pk, person=person())
    registration_cancel(registration=member, actor_label="registrant")
    again, _ = delegation_add_member(head=head, category_id=category.pk, person=person())

    assert full.value.code == "delegation_full"
    assert str(full.value.message) == "This delegation is complete: it may hold at most 2 people."
    assert again.delegation == head.headed_delegation


@pytest.mark.django_db(transaction=True)
def test_two_additions_at_once_cannot_both_take_the_last_place():
    category = CategoryFactory(name="Delegate")
    head = _head(category, max_delegation_size=3)
    delegation_add_member(head=head, category_id=category.pk, person=person())

    outcomes = race(
        4,
        lambda i: (
            delegation_add_member(
                head=Registration.objects.select_related("event").get(pk=head.pk),
                category_id=category.pk,
                person=person(),
            )[0].delegation_id
        ),
        refusals=(RegistrationError,),
    )

    assert outcomes == {head.headed_delegation.pk: 1, "delegation_full": 3}
    assert Registration.objects.filter(delegation=head.headed_delegation).count() == 3


# --- the same registration posted twice ------------------------------------------------------


def _filled_form(client, category) -> dict:
    page = client.get(f"/en/events/{category.event.slug}/register/")
    key = page.context["form"]["submission_key"].value()
    return form_data(category, submission_key=key)


def test_the_same_form_posted_twice_registers_once(client, django_capture_on_commit_callbacks):
    category = CategoryFactory()
    data = _filled_form(client, category)
    url = f"/en/events/{category.event.slug}/register/"

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data, follow=True)
        second = client.post(url, data, follow=True)

    registration = Registration.objects.get()
    assert first.redirect_chain[0][0].startswith("/en/r/")
    assert second.redirect_chain == [(f"/en/events/{category.event.slug}/", 302)]
    assert [str(m) for m in second.context["messages"]] == [
        "Thank you: your registration has been received. We have emailed you the link to "
        "your registration."
    ]
    assert registration.submission_key is not None
    assert [m.to for m in mail.outbox] == [[registration.email]]


def test_a_forged_submission_key_is_refused(client):
    category = CategoryFactory()
    data = form_data(category, submission_key="not-signed")

    response = client.post(f"/en/events/{category.event.slug}/register/", data)

    assert response.status_code == 200
    assert response.context["form"].errors["submission_key"] == [
        "This form has expired. Please reload the page and submit it again."
    ]
    assert Registration.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_identical_posts_at_once_register_once():
    from django.test import Client

    category = CategoryFactory()
    data = _filled_form(Client(), category)
    url = f"/en/events/{category.event.slug}/register/"

    outcomes = race(2, lambda i: Client().post(url, data)["Location"].split("/")[2])

    assert outcomes == {"r": 1, "events": 1}  # one manage page, one "check your email"
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1
