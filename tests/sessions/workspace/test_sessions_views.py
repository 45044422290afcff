"""The sessions workspace's pages: list, filters, bulk actions, the session page with its
conflict preview, duplicate, cancel, restore; who gets in; what bad input does."""

import re
from datetime import UTC

import pytest
from django.urls import reverse

from events.models import AuditAction, AuditEntry
from sessions.enums import SessionState
from sessions.models import Session, SessionRole, Speaker
from tests.factories import EventFactory, UserFactory
from tests.sessions.conftest import codes
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)

pytestmark = pytest.mark.django_db


def utc(moment) -> str:
    return moment.astimezone(UTC).isoformat()


def url(name, event, **kwargs):
    return reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, can_manage_programme=True)
    client.force_login(user)
    return user


def session_post(event, **overrides) -> dict:
    """A complete POST of the session page: no speakers, one empty new-speaker form. A plain
    ``title`` or ``abstract`` override is the English one."""
    for field in ("title", "abstract"):
        if field in overrides:
            overrides[f"{field}_en"] = overrides.pop(field)
    data = {
        "title_en": "Water for all",
        "abstract_en": "Who pays for pipes.",
        "kind": "panel",
        "confirmed": "on",
        "track": "",
        "room": "",
        "day": event.start_date.isoformat(),
        "start": "10:00",
        "end": "11:00",
        "spoken_language": "en",
        "expected_attendance": "",
        "roles-TOTAL_FORMS": "2",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "50",
        "roles-0-speaker": "",
        "roles-0-role": "speaker",
        "roles-0-order": "0",
        "roles-1-speaker": "",
        "roles-1-role": "speaker",
        "roles-1-order": "0",
        "new-TOTAL_FORMS": "1",
        "new-INITIAL_FORMS": "0",
        "new-MIN_NUM_FORMS": "0",
        "new-MAX_NUM_FORMS": "20",
        "new-0-name": "",
        "new-0-email": "",
        "new-0-organisation_name": "",
        "new-0-role": "speaker",
        "new-0-order": "0",
        "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def preview(response) -> list[str]:
    """The conflict messages of the preview box, as text."""
    block = re.search(
        r'<ul class="conflict-list" id="preview-conflicts">(.*?)</ul>', response.text, re.S
    )
    if not block:
        return []
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li[^>]*>(.*?)</li>", block.group(1), re.S)
    ]


def field_errors(response) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", e).strip()
        for e in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)
    ]


# --- Who gets in -------------------------------------------------------------------------------

WORKSPACE_URLS = [
    ("get", "sessions", False),
    ("post", "sessions", False),
    ("get", "session_create", False),
    ("post", "session_create", False),
    ("get", "session_edit", True),
    ("post", "session_edit", True),
    ("post", "session_duplicate", True),
    ("post", "session_cancel", True),
    ("post", "session_restore", True),
]


@pytest.mark.parametrize(("method", "name", "with_code"), WORKSPACE_URLS)
@pytest.mark.parametrize("who", ["other_event_manager", "registrations_only", "plain_user"])
def test_workspace_is_a_404_for_everyone_else(
    client, event, organiser_of, who, method, name, with_code
):
    session = SessionFactory(event=event, code="SECRET", title="Private working title")
    if who == "other_event_manager":
        user = organiser_of(EventFactory(), can_manage_programme=True)
    elif who == "registrations_only":
        user = organiser_of(event, can_manage_registrations=True)
    else:
        user = UserFactory()
    client.force_login(user)
    target = url(name, event, **({"code": session.code} if with_code else {}))

    response = getattr(client, method)(target, session_post(event, sessions=str(session.pk)))

    assert response.status_code == 404
    assert "Private working title" not in response.text
    assert Session.objects.get(pk=session.pk).state == SessionState.CONFIRMED
    assert Session.objects.count() == 1
    assert AuditEntry.objects.count() == 0


def test_workspace_session_of_another_event_is_a_404(client, event, manager):
    stranger = SessionFactory(event=EventFactory(), code="OTHER")

    responses = [
        client.get(url("session_edit", event, code="OTHER")),
        client.post(url("session_cancel", event, code="OTHER")),
        client.post(url("session_duplicate", event, code="OTHER")),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert Session.objects.get(pk=stranger.pk).state == SessionState.CONFIRMED
    assert Session.objects.count() == 1


def test_workspace_anonymous_redirected_to_login(client, event):
    response = client.get(url("sessions", event))

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next=/en/manage/{event.slug}/sessions/"


def test_dashboard_and_timetable_link_to_the_workspace(client, event, manager):
    target = f'href="{url("sessions", event)}"'

    dashboard = client.get(reverse("manage:dashboard"))
    timetable = client.get(url("timetable", event))

    assert target in dashboard.text
    assert target in timetable.text


# --- The list ----------------------------------------------------------------------------------


def test_list_shows_columns_in_event_time(client, event, manager):
    track = TrackFactory(event=event, name="Water")
    room = RoomFactory(event=event, name="Sala Quito")
    session = SessionFactory(
        event=event,
        code="WATER",
        title="Pipes",
        track=track,
        room=room,
        start=at(event, 0, 9, 30),
        end=at(event, 0, 10, 45),
    )
    SessionRoleFactory(session=session, speaker__name="Ana", speaker__honorific="", role="chair")

    response = client.get(url("sessions", event))
    row = re.search(r'<tr data-session-code="WATER">(.*?)</tr>', response.text, re.S).group(1)
    cells = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    ]

    day = event.start_date
    assert cells == [
        "Select WATER",
        "WATER",
        "Pipes",
        "Panel",
        "Water",
        "Sala Quito",
        f"{day:%a} {day.day} {day:%b} 09:30–10:45",
        "Ana (Chair)",
        "Confirmed",
        "None",
        "0",
    ]
    assert "1 session found." in response.text


def test_list_filters_search_and_conflicts(client, event, manager):
    water = TrackFactory(event=event, name="Water")
    hall = RoomFactory(event=event, name="Hall")
    a = SessionFactory(event=event, code="AAA", title="Pipes", track=water, room=hall)
    b = SessionFactory(event=event, code="BBB", title="Roofs", room=hall, kind="workshop")
    SessionFactory(
        event=event, code="CCC", title="Trains", start=at(event, 1, 10), end=at(event, 1, 11)
    )
    SessionFactory(event=event, code="DDD", title="Gone", state=SessionState.CANCELLED)
    SessionRoleFactory(session=b, speaker__name="Zélie Ortega")
    assert a.start == b.start  # same room, same time: both conflict

    def listed(**params):
        return codes(client.get(url("sessions", event), params))

    assert listed() == ["AAA", "BBB", "DDD", "CCC"]
    assert listed(q="roofs") == ["BBB"]
    assert listed(q="ortega") == ["BBB"]
    assert listed(q="ccc") == ["CCC"]
    assert listed(track=water.pk) == ["AAA"]
    assert listed(room=hall.pk) == ["AAA", "BBB"]
    assert listed(kind="workshop") == ["BBB"]
    assert listed(state="cancelled") == ["DDD"]
    assert listed(day=event.start_date.isoformat()) == [
        "AAA",
        "BBB",
        "DDD",
    ]
    assert listed(conflicts="yes") == ["AAA", "BBB"]
    assert listed(conflicts="no") == ["DDD", "CCC"]
    assert listed(room=RoomFactory(event=EventFactory()).pk) == []


def test_list_search_finds_a_title_in_any_language(client, event, manager):
    SessionFactory(event=event, code="AAA", title="Pipes", title_fr="Tuyaux", title_ar="أنابيب")
    SessionFactory(event=event, code="BBB", title="Roofs", title_pt="Telhados")

    def listed(**params):
        return codes(client.get(url("sessions", event), params))

    assert (listed(q="tuyaux"), listed(q="أنابيب"), listed(q="telhados")) == (
        ["AAA"],
        ["AAA"],
        ["BBB"],
    )


def test_create_page_saves_french_and_english_titles(client, event, manager):
    room = RoomFactory(event=event, name="Hall")

    response = client.post(
        url("session_create", event),
        session_post(
            event,
            title="Water for all",
            title_fr="L'eau pour tous",
            abstract_fr="Qui ?",
            room=str(room.pk),
        ),
    )

    session = Session.objects.get(event=event)
    assert response["Location"] == url("session_edit", event, code=session.code)
    assert (session.title_en, session.title_fr, session.abstract_fr, session.title_es) == (
        "Water for all",
        "L'eau pour tous",
        "Qui ?",
        "",
    )


def test_edit_page_shows_title_columns_in_the_event_languages(client, event, manager):
    SessionFactory(event=event, code="COLS", title="Pipes", title_zh="管道")

    response = client.get(url("session_edit", event, code="COLS"))

    form = response.context["form"]
    assert (form.translated["title"].codes, form.translated["abstract"].codes) == (
        ["es", "en", "fr", "zh"],
        ["es", "en", "fr", "zh"],
    )
    assert '<fieldset class="translated" id="translated-title">' in response.text
    assert 'name="title_zh" value="管道"' in response.text


@pytest.mark.parametrize(("count", "shown"), [(50, 40), (400, 50)])
def test_list_query_count_does_not_grow(
    client, event, manager, django_assert_num_queries, count, shown
):
    room = RoomFactory(event=event)
    track = TrackFactory(event=event)
    speakers = SpeakerFactory.create_batch(3, event=event)
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            code=f"S{i:04d}",
            title=f"Session {i}",
            kind="panel",
            room=room,
            track=track,
            start=at(event, i % 3, 8 + i % 10),
            end=at(event, i % 3, 9 + i % 10),
        )
        for i in range(count)
    )
    SessionRole.objects.bulk_create(
        SessionRole(session=s, speaker=speakers[i % 3], role="speaker")
        for i, s in enumerate(sessions)
    )

    with django_assert_num_queries(11):
        response = client.get(url("sessions", event), {"conflicts": "yes"})

    # 30 slots (day, hour) in one room: with 50 sessions, 10 are alone in theirs.
    assert len(codes(response)) == shown


def test_bulk_move_to_track_set_room_and_cancel(client, event, manager):
    water = TrackFactory(event=event, name="Water")
    hall = RoomFactory(event=event, name="Hall")
    a = SessionFactory(event=event, code="AAA")
    b = SessionFactory(event=event, code="BBB", state=SessionState.CANCELLED)
    SessionFactory(event=event, code="CCC")
    list_url = url("sessions", event) + "?kind=panel"

    moved = client.post(list_url, {"action": "track", "sessions": [a.pk], "track": water.pk})
    placed = client.post(
        list_url, {"action": "room", "sessions": [a.pk, b.pk], "room": hall.pk}, follow=True
    )
    cancelled = client.post(list_url, {"action": "cancel", "sessions": [a.pk, b.pk]}, follow=True)

    assert moved["Location"] == list_url
    a.refresh_from_db()
    assert (a.track, a.room, a.state) == (water, hall, SessionState.CANCELLED)
    assert Session.objects.get(code="CCC").state == SessionState.CONFIRMED
    assert "2 sessions set to Hall." in placed.text
    assert "1 session cancelled." in cancelled.text
    assert "BBB (" in cancelled.text and "This session is already cancelled." in cancelled.text
    assert [e.action for e in AuditEntry.objects.filter(object_id=str(a.pk)).order_by("pk")] == [
        AuditAction.CHANGED,
        AuditAction.CHANGED,
        AuditAction.CANCELLED,
    ]


def test_bulk_refuses_another_events_session_and_room(client, event, manager):
    stranger = SessionFactory(event=EventFactory())
    mine = SessionFactory(event=event)
    foreign_room = RoomFactory(event=EventFactory())

    refused = client.post(
        url("sessions", event), {"action": "cancel", "sessions": [stranger.pk]}, follow=True
    )
    room = client.post(
        url("sessions", event),
        {"action": "room", "sessions": [mine.pk], "room": foreign_room.pk},
        follow=True,
    )

    assert (
        f"Select a valid choice. {stranger.pk} is not one of the available choices." in refused.text
    )
    assert (
        f"Select a valid choice. {foreign_room.pk} is not one of the available choices."
        in room.text
    )
    assert Session.objects.get(pk=stranger.pk).state == SessionState.CONFIRMED
    assert Session.objects.get(pk=mine.pk).room != foreign_room
    assert AuditEntry.objects.count() == 0


# --- The session page --------------------------------------------------------------------------


def test_create_session_with_speakers(client, event, manager):
    room = RoomFactory(event=event, name="Hall")
    ana = SpeakerFactory(event=event, name="Ana", honorific="")

    data = session_post(
        event,
        room=str(room.pk),
        interpretation_languages=["fr"],
        **{
            "roles-0-speaker": str(ana.pk),
            "roles-0-role": "chair",
            "new-0-name": "Bo",
            "new-0-email": "bo@example.org",
            "new-0-order": "1",
        },
    )
    first = client.post(url("session_create", event), data)
    checked = re.search(r'name="checked" value="([0-9a-f]+)"', first.text).group(1)
    response = client.post(
        url("session_create", event), {**data, "action": "confirm", "checked": checked}
    )

    session = Session.objects.get(event=event)
    assert preview(first) == [
        "Speaker not yet confirmed: Bo has not yet confirmed “Water for all”."
    ]
    assert response.status_code == 302
    assert response["Location"] == url("session_edit", event, code=session.code)
    assert (session.title, session.room, session.state, session.interpretation_languages) == (
        "Water for all",
        room,
        SessionState.CONFIRMED,
        ["fr"],
    )
    assert (session.start, session.end) == (at(event, 0, 10), at(event, 0, 11))
    assert list(session.roles.values_list("speaker__name", "role")) == [
        ("Ana", "chair"),
        ("Bo", "speaker"),
    ]
    assert Speaker.objects.get(name="Bo").email == "bo@example.org"
    entry = AuditEntry.objects.get(object_id=str(session.pk), action=AuditAction.CREATED)
    assert entry.changes["speakers"] == [None, "Chair: Ana; Speaker: Bo"]


def test_edit_shows_speaker_double_booking_and_saves_only_after_confirmation(
    client, event, manager
):
    ana = SpeakerFactory(event=event, honorific="Mayor", name="Ana")
    hall, side = RoomFactory(event=event, name="Hall"), RoomFactory(event=event, name="Side")
    morning = SessionFactory(event=event, title="Morning", room=hall, start=at(event, 0, 10))
    SessionRoleFactory(session=morning, speaker=ana)
    later = SessionFactory(
        event=event,
        code="LATER",
        title="Later",
        room=side,
        abstract="",
        start=at(event, 0, 14),
        end=at(event, 0, 15),
    )
    SessionRoleFactory(session=later, speaker=ana)
    edit_url = url("session_edit", event, code="LATER")
    data = session_post(
        event,
        title="Later",
        abstract="",
        room=str(side.pk),
        start="10:30",
        end="11:30",
        **{
            "roles-TOTAL_FORMS": "3",
            "roles-INITIAL_FORMS": "1",
            "roles-0-speaker": str(ana.pk),
            "roles-2-speaker": "",
            "roles-2-role": "speaker",
            "roles-2-order": "0",
        },
    )

    first = client.post(edit_url, data)
    checked = re.search(r'name="checked" value="([0-9a-f]+)"', first.text).group(1)
    unconfirmed_changed = client.post(
        edit_url, {**data, "title_en": "Later!", "action": "confirm", "checked": checked}
    )
    confirmed = client.post(edit_url, {**data, "action": "confirm", "checked": checked})

    day = event.start_date.isoformat()
    message = (
        f"Speaker in two sessions at once: Mayor Ana is in “Morning” and “Later” at {day} 10:30."
    )
    assert first.status_code == 200
    assert preview(first) == [message]
    assert 'value="confirm"' in first.text
    assert unconfirmed_changed.status_code == 200  # changed after the check: checked again
    assert preview(unconfirmed_changed) == [message.replace("“Later”", "“Later!”")]
    assert confirmed.status_code == 302
    later.refresh_from_db()
    assert (later.title, later.start) == ("Later", at(event, 0, 10, 30))
    [entry] = AuditEntry.objects.filter(object_id=str(later.pk))
    assert entry.changes == {
        "start": [utc(at(event, 0, 14)), utc(at(event, 0, 10, 30))],
        "end": [utc(at(event, 0, 15)), utc(at(event, 0, 11, 30))],
    }


def test_check_without_conflict_says_so_and_saves_nothing(client, event, manager):
    session = SessionFactory(event=event, code="CALM", title="Calm", abstract="")

    response = client.post(
        url("session_edit", event, code="CALM"),
        session_post(event, title="Calmer", abstract="", room=str(session.room_id), action="check"),
    )

    assert "Saving would create no new conflict" in response.text
    assert preview(response) == []
    assert Session.objects.get(pk=session.pk).title == "Calm"
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        (
            {"room": "other-event"},
            "Select a valid choice. {room} is not one of the available choices.",
        ),
        ({"start": "11:00", "end": "10:00"}, "The session must end after it starts."),
        (
            {"roles-0-speaker": "999999"},
            "Select a valid choice. 999999 is not one of the available choices.",
        ),
        (
            {"roles-0-speaker": "99999999999999999999999"},
            "Select a valid choice. 99999999999999999999999 is not one of the available choices.",
        ),
        ({"day": ""}, "Choose a day for these times."),
        ({"title": ""}, "Write it in at least one language."),
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(client, event, manager, overrides, error):
    foreign_room = RoomFactory(event=EventFactory())
    if overrides.get("room") == "other-event":
        overrides = {**overrides, "room": str(foreign_room.pk)}

    response = client.post(url("session_create", event), session_post(event, **overrides))

    assert response.status_code == 200
    assert error.format(room=foreign_room.pk) in field_errors(response)
    assert Session.objects.filter(event=event).count() == 0
    assert Speaker.objects.filter(event=event).count() == 0
    assert AuditEntry.objects.count() == 0


def test_bad_input_error_is_translated(client, event, manager):
    response = client.post(
        url("session_create", event).replace("/en/", "/fr/"),
        session_post(event, start="11:00", end="10:00"),
    )

    assert "La session doit se terminer après son début." in field_errors(response)
    assert Session.objects.count() == 0


def test_edit_page_shows_history(client, event, manager):
    session = SessionFactory(event=event, code="HIST", title="Old title", abstract="")
    client.post(
        url("session_edit", event, code="HIST"),
        session_post(event, title="New title", abstract="", room=str(session.room_id)),
    )

    response = client.get(url("session_edit", event, code="HIST"))
    history = re.search(
        r'<ol class="audit-log" id="session-history">(.*?)</ol>', response.text, re.S
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", history.group(1)))

    assert "changed" in text
    assert "Title (English) Old title New title" in text
    assert response.context["history"][0].changes[0].old == "Old title"


def test_duplicate_cancel_restore_pages(client, event, manager):
    session = SessionFactory(event=event, code="ORIG", title="Pipes", state=SessionState.DRAFT)
    SessionRoleFactory(session=session, role="chair")

    duplicated = client.post(url("session_duplicate", event, code="ORIG"))
    cancelled = client.post(url("session_cancel", event, code="ORIG"), follow=True)
    state_after_cancel = Session.objects.get(pk=session.pk).state
    restored = client.post(url("session_restore", event, code="ORIG"), follow=True)
    gets = [
        client.get(url(name, event, code="ORIG"))
        for name in ("session_duplicate", "session_cancel", "session_restore")
    ]

    copy = Session.objects.exclude(pk=session.pk).get()
    assert duplicated["Location"] == url("session_edit", event, code=copy.code)
    assert (copy.title, copy.start, copy.room, copy.roles.count()) == (
        "Copy of Pipes",
        None,
        None,
        1,
    )
    assert state_after_cancel == SessionState.CANCELLED
    assert (
        "“Pipes” has been cancelled; the public programme shows it from the next publish."
        in cancelled.text
    )
    assert "“Pipes” has been restored as a draft." in restored.text
    assert Session.objects.get(pk=session.pk).state == SessionState.DRAFT
    assert [g.status_code for g in gets] == [405, 405, 405]


def test_restore_page_brings_a_confirmed_session_back_confirmed(client, event, manager):
    session = SessionFactory(event=event, code="CONF", title="Rivers", state=SessionState.CONFIRMED)

    client.post(url("session_cancel", event, code="CONF"))
    restored = client.post(url("session_restore", event, code="CONF"), follow=True)

    assert Session.objects.get(pk=session.pk).state == SessionState.CONFIRMED
    assert "“Rivers” has been restored and is confirmed again." in restored.text
