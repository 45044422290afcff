"""The organisers' registration list, figures and CSV export split by participation mode."""

import re
from datetime import UTC, datetime

import pytest

from registrations.enums import Participation
from registrations.enums import RegistrationState as S
from registrations.models import Registration
from tests.factories import CategoryFactory, EventFactory, register
from tests.registrations.test_organiser_registrations import HEADER, listed, parse_csv, url

pytestmark = pytest.mark.django_db

REQUESTED = datetime(2031, 1, 5, 9, 30, tzinfo=UTC)


def arrange(registration, *, state=S.CONFIRMED, mode=Participation.IN_PERSON, requested=None):
    """Put a registration in a state and mode (the mode's own services are tested with the
    seat/waitlist state machine; here only what the organisers' reads make of them)."""
    Registration.objects.filter(pk=registration.pk).update(
        state=state,
        participation=mode,
        in_person_requested_at=requested,
        waitlisted_at=REQUESTED if state == S.WAITLISTED else None,
    )
    registration.refresh_from_db()
    return registration


@pytest.fixture
def event(db):
    return EventFactory(name="Mayoral Forum Quito", slug="quito", registration_open=True)


@pytest.fixture
def hybrid(event):
    return CategoryFactory(
        event=event, name="Delegate", order=1, capacity=3, online_offered=True, online_capacity=2
    )


@pytest.fixture
def plain(event):
    return CategoryFactory(event=event, name="Press", order=2)


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, username="manager", can_manage_registrations=True)
    client.force_login(user)
    return user


@pytest.fixture
def mixed(hybrid, plain):
    """In person, online, online waiting for a seat, and the waiting lists of each mode."""
    people = {name: register(hybrid, family_name=name)[0] for name in "ABCDEFG"}
    arrange(people["A"])
    arrange(people["B"])
    arrange(people["C"], mode=Participation.ONLINE, requested=REQUESTED)
    arrange(people["D"], mode=Participation.ONLINE)
    arrange(people["E"], state=S.WAITLISTED, mode=Participation.ONLINE)
    arrange(people["F"], state=S.WAITLISTED)
    # Cancelled while waiting for a seat: not counted as waiting any more.
    arrange(people["G"], state=S.CANCELLED, mode=Participation.ONLINE, requested=REQUESTED)
    people["H"] = register(plain, family_name="H")[0]
    return people


# --- list: filter and column -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "HGFEDCBA"),
        ("in_person", "HFBA"),
        ("online", "GEDC"),
        ("waiting_for_seat", "GC"),
        ("bogus", ""),
    ],
)
def test_list_filters_by_participation(client, event, manager, mixed, value, expected):
    response = client.get(url("registrations", event), {"participation": value})

    assert listed(response) == [mixed[name].reference for name in expected]


def test_list_shows_each_registrations_mode_and_the_filter(client, event, manager, mixed):
    response = client.get(url("registrations", event))

    html = response.content.decode()
    options = re.findall(
        r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
        html.split('name="participation"')[1].split("</select>")[0],
    )
    assert options == [
        ("", "In person or online"),
        ("in_person", "In person"),
        ("online", "Online"),
        ("waiting_for_seat", "Online, waiting for an in-person seat"),
    ]
    assert '<th scope="col">Participation</th>' in html

    def cell(name):
        row = html.split(f'data-reference="{mixed[name].reference}"')[1].split("</tr>")[0]
        return re.findall(r"<td>(<span class=\"badge badge-participation.*?)</td>", row)[0]

    assert cell("A") == '<span class="badge badge-participation-in_person">In person</span>'
    assert cell("D") == '<span class="badge badge-participation-online">Online</span>'
    assert cell("C") == (
        '<span class="badge badge-participation-online">Online</span> '
        '<span class="meta participation-request">waiting for an in-person seat</span>'
    )


def test_export_filtered_by_participation_says_each_mode(client, event, manager, mixed):
    rows = parse_csv(client.get(url("registrations_export", event), {"participation": "online"}))

    assert (
        rows[0][:5]
        == HEADER[:5]
        == [
            "Reference",
            "State",
            "Category",
            "Participation",
            "In-person seat requested (UTC)",
        ]
    )
    assert [row[:5] for row in rows[1:]] == [
        [mixed["G"].reference, "Cancelled", "Delegate", "Online", "2031-01-05T09:30:00+00:00"],
        [mixed["E"].reference, "On the waiting list", "Delegate", "Online", ""],
        [mixed["D"].reference, "Confirmed", "Delegate", "Online", ""],
        [mixed["C"].reference, "Confirmed", "Delegate", "Online", "2031-01-05T09:30:00+00:00"],
    ]


# --- figures -----------------------------------------------------------------------------------


def test_dashboard_splits_seats_and_waiting_lists_by_mode(client, event, manager, mixed):
    response = client.get(url("registrations_dashboard", event))

    dashboard = response.context["dashboard"]
    assert [
        (
            row.category.name,
            row.counts,
            row.total,
            (row.seats_taken, row.seats_free, row.waitlist),
            (row.online_taken, row.online_free, row.online_waitlist),
            row.in_person_requests,
        )
        for row in dashboard.categories
    ] == [
        ("Delegate", [0, 0, 2, 0, 4, 0, 1], 7, (2, 1, 1), (2, 0, 1), 1),
        ("Press", [0, 0, 0, 0, 1, 0, 0], 1, (1, None, 0), (0, None, 0), 0),
    ]
    assert (
        dashboard.total,
        dashboard.seats_taken,
        dashboard.waitlist,
        dashboard.online_taken,
        dashboard.online_waitlist,
        dashboard.in_person_requests,
        dashboard.online_offered,
    ) == (8, 3, 1, 2, 1, 1, True)
    html = response.content.decode()

    def cells(category):
        row = html.split(f'<tr data-category="{category.pk}">')[1].split("</tr>")[0]
        return re.findall(r"<td[^>]*>(.*?)</td>", row)

    assert cells(mixed["A"].category) == ["2", "3", "1", "1", "2", "2", "0", "1", "1"]
    assert cells(mixed["H"].category) == ["1", "no limit", "—", "0", "Not offered online"]
    assert 'id="total-online">2<' in html and 'id="total-online-waitlist">1<' in html
    assert "In-person seats taken" in html and "Waiting for an in-person seat" in html
    assert " ".join(html.split('id="total-waitlist">')[1].split("</dd>")[0].split()) == (
        '1 <span class="meta">+ 1 online participant</span>'
    )


def test_dashboard_of_an_event_without_online_places_keeps_its_columns(client, event, manager):
    category = CategoryFactory(event=event, name="Delegate", capacity=5)
    register(category)

    response = client.get(url("registrations_dashboard", event))

    html = response.content.decode()
    assert response.context["dashboard"].online_offered is False
    assert "Online places taken" not in html and "Not offered online" not in html
    row = html.split(f'<tr data-category="{category.pk}">')[1].split("</tr>")[0]
    assert re.findall(r"<td[^>]*>(.*?)</td>", row) == ["1", "5", "4", "0"]
    assert "<dt>Seats taken</dt>" in html and "<dt>On waiting lists</dt>" in html


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_query_count_does_not_grow_with_modes(
    client, event, hybrid, plain, manager, django_assert_num_queries, n
):
    for i in range(n):
        arrange(register(hybrid)[0], mode=Participation.ONLINE, requested=REQUESTED)
        arrange(register(plain)[0], state=S.WAITLISTED, mode=Participation.ONLINE)
        register(plain, family_name=f"Here{i}")

    # session, user, team flags, event, categories, category × state (both modes), countries,
    # days: the same eight as without online places
    with django_assert_num_queries(8):
        response = client.get(url("registrations_dashboard", event))

    assert (response.context["dashboard"].online_taken, response.context["dashboard"].total) == (
        n,
        3 * n,
    )
