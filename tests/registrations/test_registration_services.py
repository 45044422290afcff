from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from forum.tokens import token_hash
from registrations.enums import RegistrationState as S
from registrations.inputs import PersonDetails
from registrations.models import Delegation, Invitation, Registration
from registrations.services.registrations import (
    CategoryFull,
    InvalidTransition,
    RegistrationError,
    category_set_capacity,
    delegation_add_member,
    registration_approve,
    registration_cancel,
    registration_confirm_payment,
    registration_create,
    registration_get_by_token,
    registration_head_confirm,
    registration_head_refuse,
    registration_reject,
    registration_send_new_links,
    waitlist_position,
)
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, person, register

# Real commits: emails leave through transaction.on_commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def states(registrations):
    return [Registration.objects.get(pk=r.pk).state for r in registrations]


def history(registration):
    return list(
        registration.transitions.values_list("from_state", "to_state", "actor_label", "reason")
    )


def test_open_category_confirms_at_once_and_emails_the_manage_link():
    category = CategoryFactory(capacity=10)

    registration, token = register(category, email="ana@example.org", language="es")

    assert registration.state == S.CONFIRMED
    assert registration.manage_token_hash == token_hash(token)
    assert token not in registration.manage_token_hash
    assert history(registration) == [("", "confirmed", "registrant", "")]
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert mail.outbox[0].subject == f"Inscripción recibida: {category.event.name}"
    assert f"/es/r/{token}/" in mail.outbox[0].body


def test_approval_category_waits_for_organisers_then_confirms(django_user_model):
    category = CategoryFactory(requires_approval=True)
    organiser = django_user_model.objects.create(username="org")
    registration, _ = register(category)

    approved = registration_approve(registration=registration, user=organiser, message="Welcome")

    assert (registration.state, approved.state) == (S.PENDING_APPROVAL, S.CONFIRMED)
    assert history(registration) == [
        ("", "pending_approval", "registrant", ""),
        ("pending_approval", "confirmed", "organiser", "Welcome"),
    ]
    assert approved.transitions.last().actor == organiser
    assert "Welcome" in mail.outbox[-1].body


def test_fee_category_awaits_payment_after_approval():
    category = CategoryFactory(requires_approval=True, fee=Decimal("150.00"))
    registration, _ = register(category)

    approved = registration_approve(registration=registration, user=None)
    paid = registration_confirm_payment(registration=approved)

    assert (approved.state, paid.state) == (S.AWAITING_PAYMENT, S.CONFIRMED)


def test_full_category_puts_people_on_the_waitlist_in_order():
    category = CategoryFactory(capacity=2)
    seated = [register(category)[0] for _ in range(2)]

    waiting = [register(category)[0] for _ in range(3)]

    assert [r.state for r in seated + waiting] == [S.CONFIRMED] * 2 + [S.WAITLISTED] * 3
    assert [waitlist_position(registration=r) for r in waiting] == [1, 2, 3]
    assert "number 3 on the waiting list" in mail.outbox[-1].body


def test_full_category_without_waitlist_says_full_and_saves_nothing():
    category = CategoryFactory(capacity=1, waitlist_enabled=False)
    register(category)

    with pytest.raises(CategoryFull) as excinfo:
        register(category)

    assert str(excinfo.value.message) == f"Sorry, “{category.name}” is full."
    assert Registration.objects.count() == 1


def test_event_wide_capacity_limits_all_categories_together():
    event = EventFactory(registration_open=True, capacity=3)
    mayors = CategoryFactory(event=event, capacity=None)
    press = CategoryFactory(event=event, capacity=None)
    for _ in range(2):
        register(mayors)

    third, _ = register(press)
    fourth, _ = register(press)

    assert (third.state, fourth.state) == (S.CONFIRMED, S.WAITLISTED)


def test_seat_freed_under_the_event_capacity_goes_to_the_oldest_waiting_of_any_category():
    event = EventFactory(registration_open=True, capacity=2)
    mayors = CategoryFactory(event=event, capacity=None)
    press = CategoryFactory(event=event, capacity=None)
    mayor, _ = register(mayors)
    register(mayors)
    press_first, _ = register(press)  # waits: the event is full, not the press category
    mayor_waiting, _ = register(mayors)

    registration_cancel(registration=mayor, actor_label="registrant")

    assert states([press_first, mayor_waiting]) == [S.CONFIRMED, S.WAITLISTED]
    assert history(Registration.objects.get(pk=press_first.pk))[-1] == (
        "waitlisted",
        "confirmed",
        "system",
        "promoted",
    )
    assert waitlist_position(registration=Registration.objects.get(pk=mayor_waiting.pk)) == 1


def test_seat_freed_under_the_event_capacity_skips_a_full_category():
    event = EventFactory(registration_open=True, capacity=2)
    mayors = CategoryFactory(event=event, capacity=None)
    press = CategoryFactory(event=event, capacity=1)
    experts = CategoryFactory(event=event, capacity=None)
    register(press)
    mayor, _ = register(mayors)
    press_waiting, _ = register(press)  # oldest, but its own category stays full
    expert, _ = register(experts)
    mayor_waiting, _ = register(mayors)

    registration_cancel(registration=mayor, actor_label="organiser")

    assert states([press_waiting, expert, mayor_waiting]) == [
        S.WAITLISTED,
        S.CONFIRMED,
        S.WAITLISTED,
    ]
    promoted = Registration.objects.filter(transitions__reason="promoted")
    assert list(promoted.values_list("pk", flat=True)) == [expert.pk]


def test_seat_freed_without_an_event_capacity_serves_only_its_category():
    event = EventFactory(registration_open=True, capacity=None)
    mayors = CategoryFactory(event=event, capacity=1)
    press = CategoryFactory(event=event, capacity=1)
    mayor, _ = register(mayors)
    register(press)
    press_waiting, _ = register(press)
    mayor_waiting, _ = register(mayors)

    registration_cancel(registration=mayor, actor_label="organiser")

    assert states([press_waiting, mayor_waiting]) == [S.WAITLISTED, S.CONFIRMED]


def test_cancellation_promotes_the_first_waitlisted_exactly_once():
    category = CategoryFactory(capacity=1)
    seated, _ = register(category)
    first, _ = register(category, language="fr", email="first@example.org")
    second, _ = register(category)

    registration_cancel(registration=seated, actor_label="registrant", reason="Cannot travel")

    assert states([seated, first, second]) == [S.CANCELLED, S.CONFIRMED, S.WAITLISTED]
    assert waitlist_position(registration=Registration.objects.get(pk=second.pk)) == 1
    assert history(Registration.objects.get(pk=first.pk))[-1] == (
        "waitlisted",
        "confirmed",
        "system",
        "promoted",
    )
    promoted_mail = [m for m in mail.outbox if m.to == ["first@example.org"]][-1]
    assert promoted_mail.subject.startswith("Une place vous est attribuée")


def test_rejecting_a_seat_holder_promotes_and_rejecting_a_waitlisted_does_not():
    category = CategoryFactory(capacity=1, requires_approval=True)
    seated, _ = register(category)
    first, _ = register(category)
    second, _ = register(category)

    registration_reject(registration=Registration.objects.get(pk=second.pk), user=None)
    registration_reject(registration=seated, user=None, message="Not eligible")

    assert states([seated, first, second]) == [S.REJECTED, S.PENDING_APPROVAL, S.REJECTED]


def test_capacity_increase_promotes_as_many_as_new_seats():
    category = CategoryFactory(capacity=1)
    register(category)
    waiting = [register(category)[0] for _ in range(3)]

    promoted = category_set_capacity(category=category, capacity=3)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert states(waiting) == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]


def test_invalid_transitions_are_refused_without_change():
    category = CategoryFactory()
    registration, _ = register(category)
    registration_cancel(registration=registration, actor_label="registrant")

    with pytest.raises(InvalidTransition) as excinfo:
        registration_approve(registration=registration, user=None)

    assert str(excinfo.value.message) == (
        "This registration is Cancelled and cannot be changed that way."
    )
    assert states([registration]) == [S.CANCELLED]
    with pytest.raises(InvalidTransition):
        registration_cancel(registration=registration, actor_label="registrant")


def test_closed_window_refuses_registration():
    event = EventFactory(
        registration_opens_at=datetime.now(UTC) - timedelta(days=9),
        registration_closes_at=datetime.now(UTC) - timedelta(days=1),
    )
    category = CategoryFactory(event=event)

    with pytest.raises(RegistrationError) as excinfo:
        register(category)

    assert excinfo.value.code == "closed"
    assert Registration.objects.count() == 0


def test_invitation_only_category_needs_a_valid_unused_unexpired_code():
    category = CategoryFactory(invitation_only=True, is_public=False, name="Mayors")
    event = category.event
    Invitation.objects.create(
        event=event, category=category, kind="code", code="MAYORS", max_uses=2
    )
    Invitation.objects.create(
        event=event,
        category=category,
        kind="code",
        code="OLD",
        expires_at=datetime.now(UTC) - timedelta(minutes=1),
    )

    def attempt(code):
        try:
            registration_create(
                event=event, category_id=category.pk, person=person(), invitation_code=code
            )
        except RegistrationError as exc:
            return exc.code
        return "ok"

    results = [attempt(c) for c in ["", "nope", "OLD", "mayors", "MAYORS", "MAYORS"]]

    assert results == [
        "invitation_required",
        "invitation_invalid",
        "invitation_expired",
        "ok",
        "ok",
        "invitation_used",
    ]
    assert Invitation.objects.get(code="MAYORS").uses == 2
    assert Registration.objects.count() == 2


def test_invitation_for_another_category_is_refused_and_not_used_up():
    category = CategoryFactory()
    other = CategoryFactory(event=category.event, name="Press")
    Invitation.objects.create(event=category.event, category=other, kind="code", code="PRESS")

    with pytest.raises(RegistrationError) as excinfo:
        registration_create(
            event=category.event, category_id=category.pk, person=person(), invitation_code="PRESS"
        )

    assert excinfo.value.code == "invitation_category"
    assert Invitation.objects.get(code="PRESS").uses == 0


def test_head_of_delegation_confirmed_creates_the_delegation_and_registers_members():
    category = CategoryFactory(name="Head of delegation")
    delegates = CategoryFactory(event=category.event, name="Delegate")
    city = OrganisationFactory(name="City of Quito")
    head, _ = registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(organisation=city),
        head_of_delegation=True,
    )
    registration_head_confirm(registration=head, user=None)

    member, member_token = delegation_add_member(
        head=Registration.objects.get(pk=head.pk),
        category_id=delegates.pk,
        person=PersonDetails(
            given_name="Luis", family_name="Pérez", email="luis@example.org", language="en"
        ),
    )

    delegation = Delegation.objects.get()
    assert (delegation.organisation, delegation.head) == (city, head)
    assert (member.delegation, member.organisation, member.state) == (delegation, city, S.CONFIRMED)
    assert registration_get_by_token(token=member_token) == member
    assert member.manage_token_hash != head.manage_token_hash
    assert history(member) == [("", "confirmed", "head of delegation", "")]
    assert mail.outbox[-1].to == ["luis@example.org"]


def test_non_head_cannot_add_members():
    registration, _ = register(CategoryFactory())

    with pytest.raises(RegistrationError) as excinfo:
        delegation_add_member(head=registration, category_id=registration.category_id, person={})

    assert excinfo.value.code == "not_head"


def test_new_link_replaces_the_old_one_when_first_used():
    category = CategoryFactory()
    registration, old_token = register(category, email="Ana@Example.org")
    mail.outbox.clear()

    sent = registration_send_new_links(event=category.event, email="ana@example.org")

    new_token = mail.outbox[0].body.split("/r/")[1].split("/")[0]
    assert sent == 1
    assert registration_get_by_token(token=old_token) == registration  # not yet revoked
    assert registration_get_by_token(token=new_token) == registration  # first use promotes it
    assert registration_get_by_token(token=old_token) is None
    assert registration_get_by_token(token=new_token) == registration
    assert registration_send_new_links(event=category.event, email="nobody@example.org") == 0


def test_unknown_or_absurd_tokens_find_nothing():
    register(CategoryFactory())

    assert [registration_get_by_token(token=t) for t in ["", "x", "a" * 500]] == [None, None, None]


# --- Head of delegation: a ticked box is only a claim -------------------------------------------


def tick(category, organisation, **fields):
    return registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(organisation=organisation, **fields),
        head_of_delegation=True,
    )[0]


def test_ticking_head_of_delegation_only_asks_for_it():
    category = CategoryFactory()
    city = OrganisationFactory(name="City of Quito")

    claimant = tick(category, city)

    assert claimant.head_of_delegation == "pending"
    assert Delegation.objects.count() == 0
    assert history(claimant)[-1] == (
        "confirmed",
        "confirmed",
        "registrant",
        "head_of_delegation_requested",
    )
    with pytest.raises(RegistrationError) as excinfo:
        delegation_add_member(
            head=Registration.objects.get(pk=claimant.pk),
            category_id=category.pk,
            person=person(),
        )
    assert excinfo.value.code == "not_head"
    assert Registration.objects.count() == 1


def test_confirming_a_second_head_for_one_delegation_is_refused_until_the_first_is_refused():
    category = CategoryFactory()
    city = OrganisationFactory()
    first, second = tick(category, city), tick(category, city)
    registration_head_confirm(registration=first, user=None)

    with pytest.raises(RegistrationError) as excinfo:
        registration_head_confirm(registration=second, user=None)
    assert excinfo.value.code == "head_taken"

    registration_head_refuse(registration=first, user=None)
    registration_head_confirm(registration=second, user=None)

    delegation = Delegation.objects.get()
    assert delegation.head == second
    assert list(
        Registration.objects.order_by("pk").values_list("head_of_delegation", flat=True)
    ) == [
        "refused",
        "confirmed",
    ]
    assert history(first)[-1][2:] == ("organiser", "head_of_delegation_refused")


def test_confirm_needs_a_claim():
    registration, _ = register(CategoryFactory(), organisation=OrganisationFactory())

    with pytest.raises(RegistrationError) as excinfo:
        registration_head_confirm(registration=registration, user=None)

    assert excinfo.value.code == "head_not_requested"


def personal_invitation(category, city, email, **fields):
    return Invitation.objects.create(
        event=category.event,
        category=category,
        kind="personal",
        code="QC-HEAD",
        organisation=city,
        email=email,
        grants_head_of_delegation=True,
        **fields,
    )


def test_a_personal_invitation_granting_it_makes_the_invitee_head_at_once():
    category = CategoryFactory(invitation_only=True)
    city = OrganisationFactory(name="Quezon City Government")
    other = OrganisationFactory(name="Somewhere else")
    personal_invitation(category, city, "Mayor@QuezonCity.gov.ph")

    head, _ = registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(organisation=other, email="mayor@quezoncity.gov.ph"),
        invitation_code="qc-head",
    )

    assert (head.organisation, head.head_of_delegation) == (city, "confirmed")
    assert Delegation.objects.get().head == head
    assert history(head)[-1][2:] == ("system", "head_of_delegation_granted_by_invitation")


def test_an_invitation_used_from_another_address_only_asks():
    category = CategoryFactory(invitation_only=True)
    city = OrganisationFactory()
    personal_invitation(category, city, "mayor@quezoncity.gov.ph")

    claimant, _ = registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(email="forwarded@attacker.example"),
        invitation_code="QC-HEAD",
    )

    assert (claimant.organisation, claimant.head_of_delegation) == (city, "pending")
    assert Delegation.objects.count() == 0


def test_only_personal_invitations_naming_an_organisation_grant_head():
    category = CategoryFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            event=category.event,
            category=category,
            kind="code",
            code="ANYONE",
            grants_head_of_delegation=True,
        )
