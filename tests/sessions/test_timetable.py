import json
from datetime import UTC

import pytest
from django.urls import reverse

from events.models import AuditEntry
from sessions.models import ScheduleVersion, Session
from tests.factories import EventFactory
from tests.sessions.conftest import codes
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    at,
)

pytestmark = pytest.mark.django_db


def manage_url(name, event, **kwargs):
    return reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, can_manage_programme=True)
    client.force_login(user)
    return user


def test_timetable_anonymous_redirected_to_login(client, event):
    response = client.get(manage_url("timetable", event))

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next=/en/manage/{event.slug}/timetable/"


@pytest.mark.parametrize("who", ["other_event_manager", "same_event_without_flag", "plain_user"])
def test_timetable_refused_to_others(client, event, organiser_of, who):
    SessionFactory(event=event, title="Private working title")
    if who == "other_event_manager":
        user = organiser_of(EventFactory(), can_manage_programme=True)
    elif who == "same_event_without_flag":
        user = organiser_of(event, can_manage_registrations=True)
    else:
        from tests.factories import UserFactory

        user = UserFactory()
    client.force_login(user)

    responses = [
        client.get(manage_url("timetable", event)),
        client.post(manage_url("publish", event), {"comment": "x"}),
        client.post(manage_url("session_move", event), {"code": "S1"}),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert "Private working title" not in responses[0].text
    assert ScheduleVersion.objects.count() == 0


def test_timetable_grid_and_conflicts(client, event, manager):
    hall = RoomFactory(event=event, name="Hall", order=1)
    small = RoomFactory(event=event, name="Small", order=2, capacity=10)
    SessionFactory(
        event=event, code="A", room=hall, start=at(event, 0, 10), end=at(event, 0, 11, 30)
    )
    SessionFactory(
        event=event, code="B", room=small, expected_attendance=50, start=at(event, 1, 14)
    )
    SessionFactory(event=event, code="U", room=None, start=None, end=None)

    response = client.get(manage_url("timetable", event))
    text = response.text

    day0 = event.start_date.isoformat()
    assert (
        f'data-day="{day0}" data-room="{hall.pk}" data-time="10:00"><div class="tt-session tt-span-3 kind-panel"'
        in text
    )
    assert (
        f'data-session-code="A" data-room="{hall.pk}" data-day="{day0}" '
        'data-start="10:00" data-end="11:30"' in text
    )
    assert codes(response, "data-kind") == ["over_capacity", "no_room", "no_time"]
    assert '<span class="count" id="conflict-count">3</span>' in text
    # The off-grid zone holds the unscheduled session; every session has a form row.
    off_grid = text.split('id="unscheduled"')[1].split("</section>")[0]
    assert codes_in(off_grid) == ["U"]
    assert text.count('id="form-') == 3


def codes_in(html: str) -> list[str]:
    import re

    return re.findall(r'class="tt-session[^"]*"[^>]*data-session-code="([^"]*)"', html)


def test_session_schedule_form_moves_and_redirects(client, event, manager):
    hall = RoomFactory(event=event, name="Hall")
    other = RoomFactory(event=event, name="Other")
    SessionFactory(event=event, code="A", room=hall, title="Opening")
    day2 = at(event, 1, 0).date().isoformat()

    response = client.post(
        manage_url("session_schedule", event, code="A"),
        {"A-day": day2, "A-start": "14:30", "A-end": "16:00", "A-room": str(other.pk)},
        follow=True,
    )

    session = Session.objects.get(code="A")
    assert (session.start, session.end, session.room) == (
        at(event, 1, 14, 30),
        at(event, 1, 16),
        other,
    )
    assert response.redirect_chain == [(manage_url("timetable", event) + "#form-A", 302)]
    assert "“Opening” has been moved." in response.text


def test_session_schedule_form_bad_input_gets_message_not_500(client, event, manager):
    hall = RoomFactory(event=event)
    SessionFactory(event=event, code="A", room=hall, title="Opening")
    day0 = event.start_date.isoformat()

    response = client.post(
        manage_url("session_schedule", event, code="A"),
        {"A-day": day0, "A-start": "16:00", "A-end": "15:00", "A-room": "999999"},
        follow=True,
    )

    session = Session.objects.get(code="A")
    assert session.start == at(event, 0, 10)
    assert "“Opening” was not moved:" in response.text
    assert "Select a valid choice. 999999 is not one of the available choices." in response.text


def test_session_schedule_form_unschedules(client, event, manager):
    SessionFactory(event=event, code="A")

    client.post(
        manage_url("session_schedule", event, code="A"),
        {"A-day": "", "A-start": "", "A-end": "", "A-room": ""},
    )

    session = Session.objects.get(code="A")
    assert (session.start, session.end, session.room) == (None, None, None)


def test_session_move_json_keeps_duration_and_returns_conflicts(client, event, manager):
    hall = RoomFactory(event=event, name="Hall")
    SessionFactory(
        event=event, code="A", room=hall, start=at(event, 0, 10), end=at(event, 0, 11, 30)
    )
    SessionFactory(event=event, code="B", room=hall, start=at(event, 1, 9), end=at(event, 1, 10))

    response = client.post(
        manage_url("session_move", event),
        {
            "code": "A",
            "day": at(event, 1, 0).date().isoformat(),
            "start": "09:30",
            "room": str(hall.pk),
        },
    )

    data = json.loads(response.content)
    session = Session.objects.get(code="A")
    assert (session.start, session.end) == (at(event, 1, 9, 30), at(event, 1, 11))
    assert data["ok"] is True
    assert data["session"]["room"] == hall.pk
    assert [(c["kind"], c["sessions"]) for c in data["conflicts"]] == [
        ("room_double_booked", ["B", "A"])
    ]


def test_session_move_json_errors_are_translated_json(client, event, manager):
    SessionFactory(event=event, code="A")

    missing = client.post(manage_url("session_move", event), {"code": "NOPE", "day": ""})
    bad_day = client.post(manage_url("session_move", event), {"code": "A", "day": "2001-01-01"})

    assert (missing.status_code, json.loads(missing.content)) == (
        404,
        {"ok": False, "errors": ["No such session."]},
    )
    assert bad_day.status_code == 400
    assert json.loads(bad_day.content)["errors"] == [
        "Select a valid choice. 2001-01-01 is not one of the available choices."
    ]


def test_publish_view_creates_version(client, event, manager):
    SessionFactory(event=event, code="A")

    response = client.post(manage_url("publish", event), {"comment": "Final"}, follow=True)

    version = ScheduleVersion.objects.get(event=event)
    assert (version.number, version.comment, version.published_by) == (1, "Final", manager)
    assert "Version 1 of the programme is now public." in response.text
    assert "The public programme is version 1." in response.text


@pytest.mark.parametrize("count", [1, 3])
def test_timetable_query_count_constant(client, event, manager, django_assert_num_queries, count):
    room = RoomFactory(event=event)
    speaker = SpeakerFactory(event=event)
    for i in range(count):
        session = SessionFactory(
            event=event, room=room, start=at(event, i % 3, 9 + i), end=at(event, i % 3, 10 + i)
        )
        SessionRoleFactory(session=session, speaker=speaker)

    # session, user, event, the user's teams, rooms, sessions, roles, latest version
    with django_assert_num_queries(8):
        response = client.get(manage_url("timetable", event))

    assert len(codes_in(response.text)) == count


def utc(moment):
    return moment.astimezone(UTC).isoformat()


def test_moving_on_the_timetable_is_in_the_audit_log(client, event, manager):
    hall = RoomFactory(event=event, name="Hall")
    annex = RoomFactory(event=event, name="Annex")
    SessionFactory(event=event, code="A", room=hall, start=at(event, 0, 10), end=at(event, 0, 11))

    client.post(
        manage_url("session_move", event),
        {
            "code": "A",
            "day": at(event, 1, 0).date().isoformat(),
            "start": "09:00",
            "room": annex.pk,
        },
    )

    (entry,) = AuditEntry.objects.filter(event=event)
    assert (entry.actor, entry.action, entry.object_repr) == (
        manager,
        "changed",
        str(Session.objects.get(code="A")),
    )
    assert entry.changes == {
        "start": [utc(at(event, 0, 10)), utc(at(event, 1, 9))],
        "end": [utc(at(event, 0, 11)), utc(at(event, 1, 10))],
        "room": ["Hall", "Annex"],
    }


def test_publishing_is_in_the_audit_log(client, event, manager):
    SessionFactory(event=event, code="A")

    client.post(manage_url("publish", event), {"comment": "First programme"})

    (entry,) = AuditEntry.objects.filter(event=event)
    version = ScheduleVersion.objects.get(event=event)
    assert (entry.actor, entry.action, entry.object_id, entry.note) == (
        manager,
        "published",
        str(version.pk),
        "First programme",
    )
