"""Participation modes in the seat and waiting-list state machine: places counted per mode,
the queues per mode, switching through the locked services."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from registrations.enums import Participation as P
from registrations.enums import RegistrationState as S
from registrations.models import Registration
from registrations.services.participation import (
    REQUESTED,
    SWITCHED,
    WAITLISTED,
    registration_in_person_request_withdraw,
    registration_participation_switch,
)
from registrations.services.registrations import (
    CategoryFull,
    InvalidTransition,
    QuotaReached,
    RegistrationError,
    category_set_capacity,
    category_set_online_places,
    delegation_add_member,
    event_seats_taken,
    in_person_request_position,
    registration_cancel,
    registration_create,
    registration_head_confirm,
    seats_taken,
    waitlist_position,
)
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, person

pytestmark = pytest.mark.django_db(transaction=True)

# Waiting times are set by the tests, an hour back: the registration window is open then.
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


def register(category, participation=P.IN_PERSON, *, at=None, **overrides):
    registration, _token = registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(**overrides),
        participation=participation,
        now=at,
    )
    return registration


def fresh(registration):
    return Registration.objects.get(pk=registration.pk)


def row(registration):
    r = fresh(registration)
    return (r.state, r.participation, r.in_person_requested_at is not None)


def reasons(registration):
    return list(registration.transitions.values_list("from_state", "to_state", "reason"))


@pytest.fixture
def hybrid():
    """A category with 1 in-person seat and 2 online places, open at T0."""
    return CategoryFactory(
        capacity=1,
        online_offered=True,
        online_capacity=2,
    )


# --- registering in a mode ----------------------------------------------------------------------


def test_online_refused_where_the_category_does_not_offer_it():
    category = CategoryFactory(capacity=5)

    with pytest.raises(RegistrationError) as refused:
        register(category, P.ONLINE)

    assert refused.value.code == "online_not_offered"
    assert str(refused.value.message) == f"“{category.name}” cannot be followed online."
    assert Registration.objects.count() == 0


def test_places_are_counted_per_mode(hybrid):
    first = register(hybrid)
    online = [register(hybrid, P.ONLINE) for _ in range(2)]
    waiting_in_person = register(hybrid)
    waiting_online = register(hybrid, P.ONLINE)

    assert [row(r) for r in [first, *online]] == [
        (S.CONFIRMED, P.IN_PERSON, False),
        (S.CONFIRMED, P.ONLINE, False),
        (S.CONFIRMED, P.ONLINE, False),
    ]
    assert row(waiting_in_person) == (S.WAITLISTED, P.IN_PERSON, False)
    assert row(waiting_online) == (S.WAITLISTED, P.ONLINE, False)
    assert seats_taken(category=hybrid) == 1
    assert seats_taken(category=hybrid, participation=P.ONLINE) == 2
    # Each mode has its own queue: both are first in theirs.
    assert waitlist_position(registration=fresh(waiting_in_person)) == 1
    assert waitlist_position(registration=fresh(waiting_online)) == 1


def test_online_without_capacity_is_unlimited_and_full_in_person_without_waitlist_refuses():
    category = CategoryFactory(capacity=1, online_offered=True, waitlist_enabled=False)
    register(category)

    online = [register(category, P.ONLINE) for _ in range(4)]
    with pytest.raises(CategoryFull) as refused:
        register(category)

    assert [fresh(r).state for r in online] == [S.CONFIRMED] * 4
    assert refused.value.code == "full"


def test_online_full_without_waitlist_says_so():
    category = CategoryFactory(online_offered=True, online_capacity=1, waitlist_enabled=False)
    register(category, P.ONLINE)

    with pytest.raises(CategoryFull) as refused:
        register(category, P.ONLINE)

    assert str(refused.value.message) == (
        f"Sorry, there are no online places left in “{category.name}”."
    )


def test_event_capacity_counts_in_person_only():
    event = EventFactory(capacity=1, registration_open=True)
    a = CategoryFactory(event=event, online_offered=True)
    b = CategoryFactory(event=event, online_offered=True)
    register(a)

    online = [register(a, P.ONLINE), register(b, P.ONLINE)]
    waiting = register(b)

    assert [fresh(r).state for r in online] == [S.CONFIRMED, S.CONFIRMED]
    assert fresh(waiting).state == S.WAITLISTED
    assert event_seats_taken(event=event) == 1


def test_organisation_quota_counts_people_in_every_mode():
    city = OrganisationFactory(name="Municipio de Cuenca")
    category = CategoryFactory(online_offered=True, organisation_quota=2, waitlist_enabled=False)
    register(category, organisation=city)
    register(category, P.ONLINE, organisation=city)

    with pytest.raises(QuotaReached):
        register(category, P.ONLINE, organisation=city)


def test_delegation_members_choose_their_mode():
    city = OrganisationFactory(name="Ville de Dakar")
    category = CategoryFactory(online_offered=True)
    head, _token = registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(organisation=city),
        head_of_delegation=True,
    )
    registration_head_confirm(registration=head, user=None)

    member, _token = delegation_add_member(
        head=fresh(head), category_id=category.pk, person=person(), participation=P.ONLINE
    )

    assert row(member) == (S.CONFIRMED, P.ONLINE, False)


# --- switching ---------------------------------------------------------------------------------


def test_online_registrant_takes_a_free_seat_and_frees_the_online_place(hybrid):
    online = register(hybrid, P.ONLINE, at=T0)
    register(hybrid, P.ONLINE, at=T0)
    waiting_online = register(hybrid, P.ONLINE, at=T0)
    mail.outbox.clear()

    switched, outcome = registration_participation_switch(
        registration=online, participation=P.IN_PERSON, now=T0
    )

    assert outcome == SWITCHED
    assert row(switched) == (S.CONFIRMED, P.IN_PERSON, False)
    assert row(waiting_online) == (S.CONFIRMED, P.ONLINE, False)  # the freed online place
    assert reasons(online)[-1] == (S.CONFIRMED, S.CONFIRMED, "participation_switched")
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (online.email, f"You now take part in person: {hybrid.event.name}"),
        (waiting_online.email, f"An online place is yours: {hybrid.event.name}"),
    ]


def test_online_registrant_without_free_seat_queues_keeping_the_online_place(hybrid):
    register(hybrid, at=T0)
    online = register(hybrid, P.ONLINE, at=T0)
    mail.outbox.clear()

    requested, outcome = registration_participation_switch(
        registration=online, participation=P.IN_PERSON, now=T0 + timedelta(hours=1)
    )

    assert outcome == REQUESTED
    assert row(requested) == (S.CONFIRMED, P.ONLINE, True)
    assert fresh(online).in_person_requested_at == T0 + timedelta(hours=1)
    assert in_person_request_position(registration=fresh(online)) == 1
    assert reasons(online)[-1] == (S.CONFIRMED, S.CONFIRMED, "in_person_requested")
    assert [m.subject for m in mail.outbox] == [
        f"Waiting for an in-person seat: {hybrid.event.name}"
    ]
    assert "you are number 1 in the queue" in mail.outbox[0].body

    with pytest.raises(RegistrationError) as again:
        registration_participation_switch(registration=online, participation=P.IN_PERSON)
    assert again.value.code == "already_requested"


def test_switch_refusals_have_codes():
    no_waitlist = CategoryFactory(capacity=0, online_offered=True, waitlist_enabled=False)
    online = register(no_waitlist, P.ONLINE)
    with pytest.raises(CategoryFull) as in_person_full:
        registration_participation_switch(registration=online, participation=P.IN_PERSON)

    online_full = CategoryFactory(online_offered=True, online_capacity=0)
    in_person = register(online_full)
    with pytest.raises(CategoryFull) as no_online:
        registration_participation_switch(registration=in_person, participation=P.ONLINE)

    not_offered = register(CategoryFactory())
    with pytest.raises(RegistrationError) as offline:
        registration_participation_switch(registration=not_offered, participation=P.ONLINE)
    with pytest.raises(RegistrationError) as unchanged:
        registration_participation_switch(registration=not_offered, participation=P.IN_PERSON)
    registration_cancel(registration=not_offered, actor_label="registrant")
    with pytest.raises(InvalidTransition) as inactive:
        registration_participation_switch(registration=not_offered, participation=P.ONLINE)

    assert [e.value.code for e in (in_person_full, no_online, offline, unchanged, inactive)] == [
        "in_person_full",
        "online_full",
        "online_not_offered",
        "unchanged",
        "inactive",
    ]
    assert row(online) == (S.CONFIRMED, P.ONLINE, False)
    assert row(in_person) == (S.CONFIRMED, P.IN_PERSON, False)


def test_in_person_to_online_frees_the_seat_for_the_oldest_in_person_waiter(hybrid):
    seated = register(hybrid, at=T0)
    waiting = register(hybrid, at=T0 + timedelta(minutes=1))

    registration_participation_switch(registration=seated, participation=P.ONLINE)

    assert row(seated) == (S.CONFIRMED, P.ONLINE, False)
    assert row(waiting) == (S.CONFIRMED, P.IN_PERSON, False)


def test_waitlisted_switch_takes_a_free_place_or_waits_for_the_new_mode_from_now(hybrid):
    register(hybrid, at=T0)
    register(hybrid, P.ONLINE, at=T0)
    waiting = register(hybrid, at=T0)  # in person

    moved, outcome = registration_participation_switch(
        registration=waiting, participation=P.ONLINE, now=T0 + timedelta(minutes=5)
    )
    assert (outcome, row(moved)) == (SWITCHED, (S.CONFIRMED, P.ONLINE, False))

    late = register(hybrid, at=T0 + timedelta(minutes=10))  # in-person queue
    early_online = register(hybrid, P.ONLINE, at=T0 + timedelta(minutes=20))
    back, outcome = registration_participation_switch(
        registration=late, participation=P.ONLINE, now=T0 + timedelta(minutes=30)
    )

    assert (outcome, row(back)) == (WAITLISTED, (S.WAITLISTED, P.ONLINE, False))
    assert fresh(late).waitlisted_at == T0 + timedelta(minutes=30)
    # Those already waiting for an online place came first.
    assert waitlist_position(registration=fresh(early_online)) == 1
    assert waitlist_position(registration=fresh(late)) == 2
    assert reasons(late)[-1] == (S.WAITLISTED, S.WAITLISTED, "waitlist_mode_changed")


def test_withdrawing_a_request_keeps_the_online_place(hybrid):
    register(hybrid, at=T0)
    online = register(hybrid, P.ONLINE, at=T0)
    registration_participation_switch(registration=online, participation=P.IN_PERSON, now=T0)
    mail.outbox.clear()

    withdrawn = registration_in_person_request_withdraw(registration=online)

    assert row(withdrawn) == (S.CONFIRMED, P.ONLINE, False)
    assert reasons(online)[-1] == (S.CONFIRMED, S.CONFIRMED, "in_person_request_withdrawn")
    assert [m.subject for m in mail.outbox] == [
        f"You no longer wait for an in-person seat: {hybrid.event.name}"
    ]
    with pytest.raises(RegistrationError) as again:
        registration_in_person_request_withdraw(registration=online)
    assert again.value.code == "no_in_person_request"


def test_cancelling_clears_a_pending_request(hybrid):
    register(hybrid, at=T0)
    online = register(hybrid, P.ONLINE, at=T0)
    registration_participation_switch(registration=online, participation=P.IN_PERSON, now=T0)

    registration_cancel(registration=online, actor_label="registrant")

    assert row(online) == (S.CANCELLED, P.ONLINE, False)


# --- promotion ---------------------------------------------------------------------------------


def test_in_person_queue_mixes_waitlisted_and_requesters_by_waiting_time(hybrid):
    seated = register(hybrid, at=T0)
    online = register(hybrid, P.ONLINE, at=T0)
    first_waiting = register(hybrid, at=T0 + timedelta(minutes=1))
    registration_participation_switch(
        registration=online, participation=P.IN_PERSON, now=T0 + timedelta(minutes=2)
    )
    third_waiting = register(hybrid, at=T0 + timedelta(minutes=3))

    assert [
        waitlist_position(registration=fresh(first_waiting)),
        in_person_request_position(registration=fresh(online)),
        waitlist_position(registration=fresh(third_waiting)),
    ] == [1, 2, 3]

    registration_cancel(registration=seated, actor_label="registrant")
    assert row(first_waiting) == (S.CONFIRMED, P.IN_PERSON, False)
    assert in_person_request_position(registration=fresh(online)) == 1

    category_set_capacity(category=hybrid, capacity=2)
    assert row(online) == (S.CONFIRMED, P.IN_PERSON, False)  # keeps its state, now in person
    assert row(third_waiting) == (S.WAITLISTED, P.IN_PERSON, False)
    assert reasons(online)[-1] == (S.CONFIRMED, S.CONFIRMED, "in_person_granted")


def test_promoted_requester_frees_an_online_place_for_the_online_queue(hybrid):
    seated = register(hybrid, at=T0)
    requester = register(hybrid, P.ONLINE, at=T0)
    register(hybrid, P.ONLINE, at=T0)
    online_waiter = register(hybrid, P.ONLINE, at=T0 + timedelta(minutes=1))
    registration_participation_switch(registration=requester, participation=P.IN_PERSON, now=T0)
    mail.outbox.clear()

    registration_cancel(registration=seated, actor_label="registrant")

    assert row(requester) == (S.CONFIRMED, P.IN_PERSON, False)
    assert row(online_waiter) == (S.CONFIRMED, P.ONLINE, False)
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (seated.email, f"Registration cancelled: {hybrid.event.name}"),
        (requester.email, f"You now take part in person: {hybrid.event.name}"),
        (online_waiter.email, f"An online place is yours: {hybrid.event.name}"),
    ]
    assert "An in-person seat has become free and is now yours" in mail.outbox[1].body


def test_a_full_in_person_mode_does_not_stop_online_promotions(hybrid):
    register(hybrid, at=T0)
    register(hybrid, at=T0)  # waits in person: the mode stays full
    online = [register(hybrid, P.ONLINE, at=T0) for _ in range(2)]
    online_waiter = register(hybrid, P.ONLINE, at=T0)

    registration_cancel(registration=online[0], actor_label="registrant")

    assert row(online_waiter) == (S.CONFIRMED, P.ONLINE, False)


def test_more_online_places_promote_the_online_queue(hybrid):
    register(hybrid, P.ONLINE, at=T0)
    register(hybrid, P.ONLINE, at=T0)
    waiters = [register(hybrid, P.ONLINE, at=T0) for _ in range(3)]

    promoted = category_set_online_places(category=hybrid, online_offered=True, online_capacity=4)

    assert [r.pk for r in promoted] == [w.pk for w in waiters[:2]]
    assert [fresh(w).state for w in waiters] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    with pytest.raises(RegistrationError) as refused:
        category_set_online_places(category=hybrid, online_offered=False, online_capacity=3)
    assert refused.value.code == "online_capacity"


def test_freed_seat_under_event_capacity_goes_across_categories_to_in_person_only():
    event = EventFactory(capacity=1, registration_open=True)
    a = CategoryFactory(event=event, online_offered=True)
    b = CategoryFactory(event=event, online_offered=True)
    seated = register(a, at=T0)
    requester = register(b, P.ONLINE, at=T0)
    registration_participation_switch(
        registration=requester, participation=P.IN_PERSON, now=T0 + timedelta(minutes=2)
    )
    waiting = register(a, at=T0 + timedelta(minutes=5))

    registration_cancel(registration=seated, actor_label="registrant")

    assert row(requester) == (S.CONFIRMED, P.IN_PERSON, False)
    assert row(waiting) == (S.WAITLISTED, P.IN_PERSON, False)
    assert event_seats_taken(event=event) == 1


def test_quota_blocked_waiter_is_skipped_but_requester_is_not_counted_twice():
    city = OrganisationFactory(name="Alcaldía de Medellín")
    category = CategoryFactory(capacity=1, online_offered=True, organisation_quota=2)
    seated = register(category, at=T0)
    requester = register(category, P.ONLINE, at=T0, organisation=city)
    register(category, P.ONLINE, at=T0, organisation=city)
    registration_participation_switch(
        registration=requester, participation=P.IN_PERSON, now=T0 + timedelta(minutes=1)
    )
    blocked = register(category, at=T0 + timedelta(minutes=2), organisation=city)

    registration_cancel(registration=seated, actor_label="registrant")

    # The requester already counts in the quota (2 of 2): taking the seat is no new place.
    assert row(requester) == (S.CONFIRMED, P.IN_PERSON, False)
    assert row(blocked) == (S.WAITLISTED, P.IN_PERSON, False)
