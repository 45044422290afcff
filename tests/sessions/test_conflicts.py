from datetime import timedelta

import pytest

from sessions.enums import ConflictKind, SessionKind, SpeakerState
from sessions.selectors.conflicts import conflict_list
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    at,
)

pytestmark = pytest.mark.django_db


def summary(event):
    return [
        (c.kind, c.session_codes, c.speaker.code if c.speaker else None)
        for c in conflict_list(event=event)
    ]


def test_conflict_list_clean_programme_is_empty(event):
    room = RoomFactory(event=event)
    SessionFactory(event=event, room=room, code="A")
    SessionFactory(event=event, room=room, code="B", start=at(event, 0, 11), end=at(event, 0, 12))

    assert summary(event) == []


def test_conflict_list_speaker_double_booked(event):
    speaker = SpeakerFactory(event=event, code="SPK", name="Ada Lovelace", honorific="Dr")
    first = SessionFactory(event=event, code="A", title="Climate", start=at(event, 0, 10))
    second = SessionFactory(event=event, code="B", title="Housing", start=at(event, 0, 10, 30))
    SessionRoleFactory(session=first, speaker=speaker)
    SessionRoleFactory(session=second, speaker=speaker)

    conflicts = conflict_list(event=event)

    assert summary(event) == [(ConflictKind.SPEAKER_DOUBLE_BOOKED, ("A", "B"), "SPK")]
    local = (event.start_date).isoformat()
    assert (
        conflicts[0].message == f"Dr Ada Lovelace is in “Climate” and “Housing” at {local} 10:30."
    )


def test_conflict_list_speaker_back_to_back_is_fine(event):
    speaker = SpeakerFactory(event=event)
    first = SessionFactory(event=event, code="A", start=at(event, 0, 10))
    second = SessionFactory(event=event, code="B", start=at(event, 0, 11))
    SessionRoleFactory(session=first, speaker=speaker)
    SessionRoleFactory(session=second, speaker=speaker)

    assert summary(event) == []


def test_conflict_list_room_double_booked_reports_every_pair(event):
    room = RoomFactory(event=event, name="Salle Senghor")
    SessionFactory(event=event, room=room, code="A", start=at(event, 0, 9), end=at(event, 0, 12))
    SessionFactory(event=event, room=room, code="B", start=at(event, 0, 10))
    SessionFactory(event=event, room=room, code="C", start=at(event, 0, 11))
    SessionFactory(event=event, code="D", start=at(event, 0, 10))  # another room

    assert summary(event) == [
        (ConflictKind.ROOM_DOUBLE_BOOKED, ("A", "B"), None),
        (ConflictKind.ROOM_DOUBLE_BOOKED, ("A", "C"), None),
    ]


def test_conflict_list_outside_event_dates_uses_event_timezone(event):
    # 23:30 the evening before the first day, event time (04:30 UTC on the first day).
    SessionFactory(event=event, code="EARLY", start=at(event, -1, 23, 30), end=at(event, 0, 0))
    # Ends at midnight after the last day: still inside.
    SessionFactory(event=event, code="LATE", start=at(event, 2, 22), end=at(event, 3, 0))
    SessionFactory(event=event, code="AFTER", start=at(event, 3, 9), end=at(event, 3, 10))

    assert summary(event) == [
        (ConflictKind.OUTSIDE_EVENT_DATES, ("AFTER",), None),
        (ConflictKind.OUTSIDE_EVENT_DATES, ("EARLY",), None),
    ]


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        (SpeakerState.DECLINED, ConflictKind.SPEAKER_DECLINED),
        (SpeakerState.INVITED, ConflictKind.SPEAKER_UNCONFIRMED),
    ],
)
def test_conflict_list_speaker_not_confirmed(event, state, kind):
    speaker = SpeakerFactory(event=event, code="SPK", state=state)
    SessionRoleFactory(session=SessionFactory(event=event, code="A"), speaker=speaker)

    assert summary(event) == [(kind, ("A",), "SPK")]


def test_conflict_list_over_capacity(event):
    room = RoomFactory(event=event, name="Petite salle", capacity=30)
    SessionFactory(event=event, room=room, code="A", expected_attendance=31, title="Big")
    SessionFactory(event=event, room=room, code="B", expected_attendance=30, start=at(event, 1, 9))

    conflicts = conflict_list(event=event)

    assert summary(event) == [(ConflictKind.OVER_CAPACITY, ("A",), None)]
    assert conflicts[0].message == "“Big” expects 31 people; Petite salle seats 30."


def test_conflict_list_interpretation_without_booths(event):
    room = RoomFactory(event=event, has_booths=False)
    SessionFactory(event=event, room=room, code="A", interpretation_languages=["fr"])
    SessionFactory(event=event, room=room, code="B", start=at(event, 1, 9))

    assert summary(event) == [(ConflictKind.NO_BOOTHS, ("A",), None)]


def test_conflict_list_without_room_or_time(event):
    SessionFactory(event=event, code="NOROOM", room=None)
    SessionFactory(event=event, code="NOTIME", start=None, end=None)
    SessionFactory(event=event, code="VISIT", room=None, kind=SessionKind.FIELD_VISIT)

    assert summary(event) == [
        (ConflictKind.NO_ROOM, ("NOROOM",), None),
        (ConflictKind.NO_TIME, ("NOTIME",), None),
    ]


def test_conflict_list_ignores_cancelled_sessions(event):
    room = RoomFactory(event=event)
    SessionFactory(event=event, room=room, code="A")
    SessionFactory(event=event, room=room, code="B", state="cancelled")

    assert summary(event) == []


def test_conflict_list_ignores_other_events(event):
    other = SessionFactory(code="X", room=None)
    SessionFactory(event=event, code="A")

    assert summary(event) == []
    assert [c.kind for c in conflict_list(event=other.event)] == [ConflictKind.NO_ROOM]


@pytest.mark.parametrize("count", [1, 3, 12])
def test_conflict_list_query_count_constant(event, django_assert_num_queries, count):
    room = RoomFactory(event=event)
    speaker = SpeakerFactory(event=event)
    for i in range(count):
        session = SessionFactory(
            event=event, room=room, start=at(event, 0, 9) + timedelta(minutes=30 * i)
        )
        SessionRoleFactory(session=session, speaker=speaker)

    with django_assert_num_queries(2):
        conflicts = conflict_list(event=event)

    assert len(conflicts) == 2 * (count - 1)  # each overlaps the next, in room and for speaker


# --- Speakers who join online ---------------------------------------------------------------


def test_conflict_list_over_capacity_counts_in_room_speakers_not_remote_ones(event):
    room = RoomFactory(event=event, name="Petite salle", capacity=30, has_streaming=True)
    full = SessionFactory(event=event, room=room, code="A", expected_attendance=29, title="Full")
    fits = SessionFactory(
        event=event, room=room, code="B", expected_attendance=29, start=at(event, 1, 9)
    )
    for session, remotes in ((full, (False, False)), (fits, (False, True, True))):
        for i, remote in enumerate(remotes):
            SessionRoleFactory(
                session=session, speaker=SpeakerFactory(event=event), remote=remote, order=i
            )

    conflicts = conflict_list(event=event)

    # A: 29 expected + 2 speakers in the room > 30 seats. B: 29 + 1 in the room (2 online).
    assert summary(event) == [(ConflictKind.OVER_CAPACITY, ("A",), None)]
    assert conflicts[0].message == (
        "“Full” expects 29 people and 2 speakers in the room; Petite salle seats 30."
    )


def test_conflict_list_speaker_with_a_role_in_the_room_is_in_the_room(event):
    room = RoomFactory(event=event, capacity=10, has_streaming=False)
    session = SessionFactory(event=event, room=room, code="A", expected_attendance=10)
    speaker = SpeakerFactory(event=event, code="SPK")
    SessionRoleFactory(session=session, speaker=speaker, role="chair", remote=True)
    SessionRoleFactory(session=session, speaker=speaker, role="speaker", remote=False)

    # In the room through one role: counted (11 > 10), and no streaming needed for them.
    assert summary(event) == [(ConflictKind.OVER_CAPACITY, ("A",), None)]


def test_conflict_list_remote_speaker_without_streaming_names_the_speaker(event):
    bare = RoomFactory(event=event, name="Salle Bolívar", has_streaming=False)
    equipped = RoomFactory(event=event, name="Plenary hall", has_streaming=True)
    lacking = SessionFactory(event=event, room=bare, code="A", title="Water")
    streamed = SessionFactory(event=event, room=equipped, code="B", start=at(event, 1, 9))
    roomless = SessionFactory(
        event=event, room=None, code="C", title="Housing", start=at(event, 1, 12)
    )
    in_person = SessionFactory(event=event, room=bare, code="D", start=at(event, 2, 9))
    ana = SpeakerFactory(event=event, code="ANA", name="Ana Ruiz", honorific="Dr")
    ben = SpeakerFactory(event=event, code="BEN", name="Ben Okafor", honorific="")
    SessionRoleFactory(session=lacking, speaker=ana, remote=True)
    SessionRoleFactory(session=lacking, speaker=ben, remote=True, order=1)
    SessionRoleFactory(session=streamed, speaker=ana, remote=True)
    SessionRoleFactory(session=roomless, speaker=ben, remote=True)
    SessionRoleFactory(session=in_person, speaker=SpeakerFactory(event=event), remote=False)

    conflicts = conflict_list(event=event)

    assert summary(event) == [
        (ConflictKind.NO_STREAMING, ("A",), "ANA"),
        (ConflictKind.NO_STREAMING, ("A",), "BEN"),
        (ConflictKind.NO_STREAMING, ("C",), "BEN"),
        (ConflictKind.NO_ROOM, ("C",), None),
    ]
    assert [c.message for c in conflicts] == [
        "Dr Ana Ruiz joins “Water” online but Salle Bolívar has no streaming equipment.",
        "Ben Okafor joins “Water” online but Salle Bolívar has no streaming equipment.",
        "Ben Okafor joins “Housing” online but it has no room yet.",
        "“Housing” has no room yet.",
    ]
    assert [c.room_id for c in conflicts[:3]] == [bare.pk, bare.pk, None]
