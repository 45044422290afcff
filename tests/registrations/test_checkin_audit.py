"""Check-in and its undoing in the event's audit log: one entry each, through the desk's page."""

import re
from html import unescape

import pytest

from events.models import AuditEntry
from events.services.teams import team_add_member
from registrations.models import CheckIn, Registration
from registrations.services.checkin import ticket_check_in, ticket_secret
from tests.factories import CategoryFactory, EventFactory, UserFactory, register

pytestmark = pytest.mark.django_db

PAGE = "/en/manage/quito/check-in/"


@pytest.fixture
def event(db):
    return EventFactory(registration_open=True, slug="quito")


@pytest.fixture
def desk(event):
    user = UserFactory(username="desk")
    team_add_member(event=event, team_name="Desk", user=user, can_manage_registrations=True)
    return user


@pytest.fixture
def reader(event):
    user = UserFactory(username="auditor")
    team_add_member(event=event, team_name="Secretariat", user=user, can_change_event=True)
    return user


@pytest.fixture
def registration(event):
    registration, _token = register(
        CategoryFactory(event=event, name="Delegate"),
        given_name="Ana",
        family_name="Quispe",
        passport_number="P1234567",
    )
    return registration


def _last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _new_entries(since: int) -> list[tuple]:
    return [
        (e.action, e.content_type.model_class(), e.object_id, e.object_repr, e.actor, e.changes)
        for e in AuditEntry.objects.filter(pk__gt=since).order_by("pk")
    ]


def _newest_line(client, reader) -> str:
    client.force_login(reader)
    body = client.get("/en/manage/quito/audit/").content.decode()
    first = re.search(r'<li class="audit-entry">(.*?)</li>', body, re.S).group(1)
    first = re.sub(r"<time[^>]*>.*?</time>", "", first, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", first)).split()).removeprefix("· ")


def test_checking_in_records_one_entry_on_the_registration(client, desk, reader, registration):
    secret = ticket_secret(registration=registration)
    client.force_login(desk)
    since = _last_pk()

    client.post(PAGE, {"secret": secret})
    client.post(PAGE, {"secret": secret})  # already checked in: nothing written

    assert _new_entries(since) == [
        (
            "checked_in",
            Registration,
            str(registration.pk),
            f"Ana Quispe ({registration.reference})",
            desk,
            {"checked_in": [False, True]},
        )
    ]
    line = _newest_line(client, reader)
    assert line == (
        f"desk · checked in · Registration Ana Quispe ({registration.reference}) "
        "Changed fields Field Before After Checked in no yes"
    )
    assert "P1234567" not in line


def test_a_refused_scan_records_nothing(client, event, desk):
    pending, _token = register(CategoryFactory(event=event, requires_approval=True))
    client.force_login(desk)
    since = _last_pk()

    client.post(PAGE, {"secret": ticket_secret(registration=pending)})
    client.post(PAGE, {"secret": "AAAA-BBBB-CCCC-DDDD-EEEE"})

    assert _new_entries(since) == []


def test_undoing_a_check_in_records_one_entry_and_frees_the_badge(
    client, event, desk, reader, registration
):
    secret = ticket_secret(registration=registration)
    ticket_check_in(event=event, secret=secret, user=desk)
    client.force_login(desk)
    since = _last_pk()

    undone = client.post(
        PAGE, {"action": "undo", "registration": registration.reference}, follow=True
    )
    again = client.post(PAGE, {"action": "undo", "registration": registration.reference})

    assert _new_entries(since) == [
        (
            "check_in_undone",
            Registration,
            str(registration.pk),
            f"Ana Quispe ({registration.reference})",
            desk,
            {"checked_in": [True, False]},
        )
    ]
    assert CheckIn.objects.count() == 0
    assert "The check-in of Ana Quispe has been undone." in undone.content.decode()
    assert "0 of 1 confirmed in-person participants checked in." in undone.content.decode()
    assert again["Location"] == PAGE
    assert _newest_line(client, reader) == (
        f"desk · check-in undone · Registration Ana Quispe ({registration.reference}) "
        "Changed fields Field Before After Checked in yes no"
    )
    # The badge checks in again afterwards.
    assert ticket_check_in(event=event, secret=secret, user=desk).ok


def test_the_result_and_the_latest_check_ins_offer_the_undo_button(client, desk, registration):
    client.force_login(desk)

    page = client.post(PAGE, {"secret": ticket_secret(registration=registration)})

    body = page.content.decode()
    assert body.count(f'name="registration" value="{registration.reference}"') == 2
    assert "Undo this check-in" in body


def test_undo_is_for_this_events_registrations_only(client, desk):
    elsewhere, _token = register(CategoryFactory())
    client.force_login(desk)

    response = client.post(PAGE, {"action": "undo", "registration": elsewhere.reference})

    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="check_in_undone").count() == 0


def _detail(registration) -> str:
    return f"/en/manage/quito/registrations/{registration.reference}/"


LINE = (
    "desk · changed · Registration Ana Quispe (%s) "
    "Changed fields Field Before After Badge code changed (not shown)"
)


def test_replacing_a_lost_badge_voids_its_code_and_records_one_entry(
    client, event, desk, reader, registration
):
    lost = ticket_secret(registration=registration)
    client.force_login(desk)
    since = _last_pk()

    response = client.post(_detail(registration), {"action": "badge_replace"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "The badge of Ana Quispe has been replaced: the lost one no longer checks in. "
        "Print the new one."
    ]
    assert _new_entries(since) == [
        (
            "changed",
            Registration,
            str(registration.pk),
            f"Ana Quispe ({registration.reference})",
            desk,
            {"badge": [None, None]},
        )
    ]
    new = ticket_secret(registration=registration)
    line = _newest_line(client, reader)
    assert line == LINE % registration.reference
    assert lost not in line and new not in line
    assert new != lost
    assert ticket_check_in(event=event, secret=lost, user=desk).status == "unknown"
    assert ticket_check_in(event=event, secret=new, user=desk).status == "checked_in"


def test_only_a_confirmed_registration_has_a_badge_to_replace(client, event, desk):
    pending, _token = register(CategoryFactory(event=event, requires_approval=True))
    secret = ticket_secret(registration=pending)
    client.force_login(desk)
    since = _last_pk()

    page = client.get(_detail(pending)).content.decode()
    response = client.post(_detail(pending), {"action": "badge_replace"}, follow=True)

    assert 'id="badge-form"' not in page
    assert [str(m) for m in response.context["messages"]] == [
        "Only a confirmed registration has a badge to replace."
    ]
    assert _new_entries(since) == []
    assert ticket_secret(registration=pending) == secret


def test_another_events_organiser_cannot_replace_a_badge(client, registration):
    outsider = UserFactory(username="berlin-desk")
    team_add_member(
        event=EventFactory(slug="berlin"),
        team_name="Desk",
        user=outsider,
        can_manage_registrations=True,
    )
    secret = ticket_secret(registration=registration)
    client.force_login(outsider)
    since = _last_pk()

    response = client.post(_detail(registration), {"action": "badge_replace"})

    assert response.status_code == 404
    assert _new_entries(since) == []
    assert ticket_secret(registration=registration) == secret
