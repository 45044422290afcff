"""Check-in: once per registration, clear refusals, concurrency-safe, pinned queries."""

from collections import Counter

import pytest

from events.services.teams import team_add_member
from registrations.models import CheckIn
from registrations.services.checkin import (
    CheckInStatus,
    ticket_check_in,
    ticket_normalise,
    ticket_revoke,
    ticket_secret,
)
from registrations.services.registrations import registration_cancel
from tests.concurrency import race
from tests.factories import CategoryFactory, EventFactory, UserFactory, register


@pytest.fixture
def event(db):
    return EventFactory(registration_open=True, slug="quito")


@pytest.fixture
def category(event):
    return CategoryFactory(event=event, name="Delegate")


@pytest.fixture
def desk(event):
    user = UserFactory(username="desk")
    team_add_member(event=event, team_name="Desk", user=user, can_manage_registrations=True)
    return user


def test_normalise_accepts_typing_variants_and_refuses_the_rest():
    secret = "ABCD-EFGH-JKLM-NPQR-ST23"
    assert ticket_normalise("abcd efgh jklm npqr st23") == secret
    assert ticket_normalise(" ABCDEFGHJKLMNPQRST23 ") == secret
    assert ticket_normalise("ABCD-EFGH-JKLM-NPQR-ST2") == ""
    assert ticket_normalise("ABCD-EFGH-JKLM-NPQR-ST29") == ""  # 9 is not base32
    assert ticket_normalise("ABCD-EFGH-JKLM-NPQR-ST2O").endswith("ST2O")
    assert ticket_normalise("ABCD-EFGH-JKLM-NPQR-ST20").endswith("ST2O")  # zero read as O


def test_check_in_once_then_already(category, event, desk):
    registration, _ = register(category)
    secret = ticket_secret(registration=registration)

    first = ticket_check_in(event=event, secret=secret.lower(), user=desk)
    second = ticket_check_in(event=event, secret=secret, user=desk)

    assert (first.status, first.registration) == (CheckInStatus.CHECKED_IN, registration)
    assert (second.status, second.at) == (CheckInStatus.ALREADY, first.at)
    assert list(CheckIn.objects.values_list("registration", "by")) == [(registration.pk, desk.pk)]


def test_unknown_cancelled_and_other_events_tickets_are_refused(category, event, desk):
    cancelled, _ = register(category)
    cancelled_secret = ticket_secret(registration=cancelled)
    registration_cancel(registration=cancelled, actor_label="registrant")
    elsewhere, _ = register(CategoryFactory())
    pending, _ = register(CategoryFactory(event=event, name="Observer", requires_approval=True))

    results = [
        ticket_check_in(event=event, secret=secret, user=desk).status
        for secret in (
            "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ",
            "not a ticket",
            cancelled_secret,
            ticket_secret(registration=elsewhere),
            ticket_secret(registration=pending),
        )
    ]

    assert results == [
        CheckInStatus.UNKNOWN,
        CheckInStatus.UNKNOWN,
        CheckInStatus.CANCELLED,
        CheckInStatus.UNKNOWN,
        CheckInStatus.NOT_CONFIRMED,
    ]
    assert CheckIn.objects.count() == 0


def test_revoked_badge_no_longer_checks_in(category, event, desk):
    registration, _ = register(category)
    old = ticket_secret(registration=registration)

    new = ticket_revoke(registration=registration)

    assert old != new
    assert ticket_check_in(event=event, secret=old, user=desk).status == CheckInStatus.UNKNOWN
    assert ticket_check_in(event=event, secret=new, user=desk).status == CheckInStatus.CHECKED_IN


@pytest.mark.django_db(transaction=True)
def test_ten_scans_at_once_check_in_once(category, event, desk):
    registration, _ = register(category)
    secret = ticket_secret(registration=registration)
    statuses = race(10, lambda i: ticket_check_in(event=event, secret=secret, user=desk).status)

    assert statuses == Counter({CheckInStatus.ALREADY: 9, CheckInStatus.CHECKED_IN: 1})
    assert CheckIn.objects.count() == 1


def test_check_in_page(client, category, event, desk):
    registration, _ = register(category, given_name="Ana", family_name="Quispe")
    secret = ticket_secret(registration=registration)
    client.force_login(desk)

    first = client.post("/en/manage/quito/check-in/", {"secret": secret})
    again = client.post("/en/manage/quito/check-in/", {"secret": secret})
    unknown = client.post("/en/manage/quito/check-in/", {"secret": "AAAA-BBBB-CCCC-DDDD-EEEE"})

    assert "Checked in" in first.content.decode() and "Ana Quispe" in first.content.decode()
    assert "Already checked in" in again.content.decode()
    assert "Refused: unknown ticket" in unknown.content.decode()
    assert 'role="alert"' in unknown.content.decode()
    assert "1 of 1 confirmed in-person participants checked in." in unknown.content.decode()


def test_check_in_page_is_for_registration_staff_only(client, event):
    programme = UserFactory(username="programme")
    team_add_member(event=event, team_name="Programme", user=programme, can_manage_programme=True)

    anonymous = client.get("/en/manage/quito/check-in/")
    client.force_login(programme)
    forbidden = client.get("/en/manage/quito/check-in/")

    assert anonymous.status_code == 302
    assert anonymous["Location"] == "/en/accounts/login/?next=/en/manage/quito/check-in/"
    assert forbidden.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_check_in_page_query_count(client, category, event, desk, django_assert_num_queries, count):
    for _ in range(count):
        registration, _ = register(category)
        ticket_check_in(event=event, secret=ticket_secret(registration=registration), user=desk)
    client.force_login(desk)

    # session, user, event, team flags, confirmed count, check-in count, latest check-ins
    with django_assert_num_queries(7):
        response = client.get("/en/manage/quito/check-in/")

    assert len(response.context["summary"].recent) == count
