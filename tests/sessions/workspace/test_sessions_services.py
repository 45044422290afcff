"""The sessions workspace's services: each write, its audit entry (once, old → new), refusals."""

import pytest

from events.models import AuditAction, AuditEntry
from sessions.enums import ConflictKind, RoleKind, SessionState, SpeakerState
from sessions.models import Session, SessionRole, Speaker
from sessions.services.sessions import (
    NewSpeakerInput,
    RoleInput,
    SessionDetails,
    SessionError,
    session_cancel,
    session_conflicts_preview,
    session_create,
    session_duplicate,
    session_restore,
    session_update,
    sessions_move_to_track,
    sessions_set_room,
)
from tests.factories import EventFactory, UserFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)

pytestmark = pytest.mark.django_db


def entries(obj) -> list[tuple[str, dict]]:
    return [
        (e.action, e.changes)
        for e in AuditEntry.objects.filter(object_id=str(obj.pk)).order_by("pk")
        if e.content_type.model_class() is type(obj)
    ]


def details(event, **overrides) -> SessionDetails:
    values = {
        "title": {"en": "Water for all"},
        "kind": "panel",
        "abstract": {"en": "Who pays for pipes."},
        "start": at(event, 0, 10),
        "end": at(event, 0, 11),
        "spoken_language": "es",
        "interpretation_languages": ("en", "fr"),
        "expected_attendance": 80,
    }
    return SessionDetails(**{**values, **overrides})


def test_session_create_writes_session_roles_new_speaker_and_audit(event):
    user = UserFactory()
    room = RoomFactory(event=event, name="Sala Quito")
    track = TrackFactory(event=event, name="Water")
    chair = SpeakerFactory(event=event, honorific="", name="Ana Chair")

    session = session_create(
        event=event,
        details=details(event, room=room, track=track, confirmed=True),
        roles=[RoleInput(speaker=chair, role=RoleKind.CHAIR, order=0)],
        new_speakers=[
            NewSpeakerInput(
                name=" Bo New ",
                email="bo@example.org",
                organisation_name="City",
                role="speaker",
                order=1,
            )
        ],
        user=user,
    )

    session.refresh_from_db()
    assert (session.title, session.room, session.track, session.state) == (
        "Water for all",
        room,
        track,
        SessionState.CONFIRMED,
    )
    assert session.interpretation_languages == ["en", "fr"]
    new = Speaker.objects.get(name="Bo New")
    assert (new.event, new.email, new.organisation_name, new.state) == (
        event,
        "bo@example.org",
        "City",
        SpeakerState.INVITED,
    )
    assert list(session.roles.values_list("speaker__name", "role", "order")) == [
        ("Ana Chair", "chair", 0),
        ("Bo New", "speaker", 1),
    ]
    [(action, changes)] = entries(session)
    assert action == AuditAction.CREATED
    assert changes["title_en"] == [None, "Water for all"]
    assert changes["abstract_en"] == [None, "Who pays for pipes."]
    assert changes["room"] == [None, "Sala Quito"]
    assert changes["speakers"] == [None, "Chair: Ana Chair; Speaker: Bo New"]
    assert [a for a, _c in entries(new)] == [AuditAction.CREATED]
    assert AuditEntry.objects.filter(event=event).count() == 2


def test_session_update_records_old_and_new_once(event):
    user = UserFactory()
    old_room, new_room = RoomFactory(event=event, name="Old"), RoomFactory(event=event, name="New")
    session = SessionFactory(event=event, title="Before", room=old_room)
    kept = SessionRoleFactory(session=session, speaker__name="Kept", speaker__honorific="")
    SessionRoleFactory(session=session, speaker__name="Dropped", speaker__honorific="", order=1)

    session_update(
        session=session,
        details=details(
            event,
            title={"en": "After"},
            room=new_room,
            start=session.start,
            end=session.end,
            confirmed=True,
            spoken_language="en",
            interpretation_languages=(),
            expected_attendance=None,
            abstract={"en": session.abstract_en},
        ),
        roles=[RoleInput(speaker=kept.speaker, role=RoleKind.MODERATOR)],
        user=user,
    )

    [(action, changes)] = entries(session)
    assert action == AuditAction.CHANGED
    assert changes == {
        "title_en": ["Before", "After"],
        "room": ["Old", "New"],
        "speakers": ["Speaker: Kept; Speaker: Dropped", "Moderator: Kept"],
    }
    entry = AuditEntry.objects.get(object_id=str(session.pk))
    assert entry.actor == user
    assert list(SessionRole.objects.filter(session=session).values_list("role", flat=True)) == [
        "moderator"
    ]


def test_session_update_changing_nothing_records_nothing(event):
    session = SessionFactory(event=event, title="Same", abstract="", expected_attendance=None)
    role = SessionRoleFactory(session=session)

    session_update(
        session=session,
        details=SessionDetails(
            title={"en": "Same", "fr": ""},
            kind=session.kind,
            track=None,
            room=session.room,
            start=session.start,
            end=session.end,
            spoken_language="en",
            confirmed=True,
        ),
        roles=[RoleInput(speaker=role.speaker, role=role.role, order=role.order)],
        user=UserFactory(),
    )

    assert entries(session) == []


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        ({"room": "other"}, "room", "Choose one of this event's rooms."),
        ({"track": "other"}, "track", "Choose one of this event's tracks."),
        ({"end": "before"}, "end", "The session must end after it starts."),
        (
            {"title": {"en": "  ", "fr": ""}},
            "title_en",
            "Give the session a title in at least one language.",
        ),
        (
            {"title": {"fr": "x" * 301}},
            "title_fr",
            "French: at most 300 characters (it has 301).",
        ),
    ],
)
def test_session_create_refuses_bad_input_and_writes_nothing(event, overrides, code, message):
    other = EventFactory()
    values = dict(overrides)
    if values.get("room") == "other":
        values["room"] = RoomFactory(event=other)
    if values.get("track") == "other":
        values["track"] = TrackFactory(event=other)
    if values.get("end") == "before":
        values["end"] = at(event, 0, 9)

    with pytest.raises(SessionError) as raised:
        session_create(event=event, details=details(event, **values), user=UserFactory())

    assert (raised.value.code, raised.value.message) == (code, message)
    assert Session.objects.filter(event=event).count() == 0
    assert AuditEntry.objects.count() == 0


def test_session_create_refuses_another_events_speaker(event):
    stranger = SpeakerFactory(event=EventFactory())

    with pytest.raises(SessionError) as raised:
        session_create(
            event=event,
            details=details(event),
            roles=[RoleInput(speaker=stranger, role="speaker")],
            user=UserFactory(),
        )

    assert raised.value.message == "Choose one of this event's speakers."
    assert (Session.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_session_duplicate_copies_without_slot_with_roles(event):
    track = TrackFactory(event=event, name="Water")
    session = SessionFactory(event=event, code="ORIG", title="Pipes", track=track)
    SessionRoleFactory(session=session, speaker__name="Ana", speaker__honorific="", role="chair")

    copy = session_duplicate(session=session, user=UserFactory())

    copy.refresh_from_db()
    assert copy.code not in {"ORIG", ""} and len(copy.code) == 6
    assert (copy.title, copy.track, copy.room, copy.start, copy.end, copy.state) == (
        "Copy of Pipes",
        track,
        None,
        None,
        None,
        SessionState.DRAFT,
    )
    assert list(copy.roles.values_list("speaker__name", "role")) == [("Ana", "chair")]
    assert list(session.roles.values_list("speaker__name", "role")) == [("Ana", "chair")]
    [(action, changes)] = entries(copy)
    assert action == AuditAction.CREATED
    assert changes["speakers"] == [None, "Chair: Ana"]
    assert AuditEntry.objects.get(object_id=str(copy.pk)).note == "Copy of session ORIG."
    assert entries(session) == []


def test_session_saved_with_french_and_english_titles_stores_both(event):
    session = session_create(
        event=event,
        details=details(event, title={"fr": " L'eau  pour tous ", "en": "Water for all"}),
        user=UserFactory(),
    )

    stored = Session.objects.values("title", "title_en", "title_fr", "title_es").get(pk=session.pk)
    assert stored == {
        "title": "Water for all",
        "title_en": "Water for all",
        "title_fr": "L'eau pour tous",
        "title_es": "",
    }


def test_session_clearing_a_language_stores_blank_and_the_mirror_follows(event):
    session = SessionFactory(event=event, title="Water", title_fr="Eau", abstract="")

    session_update(
        session=session,
        details=details(event, title={"en": "", "fr": "Eau"}),
        roles=[],
        user=UserFactory(),
    )

    stored = Session.objects.values("title", "title_en", "title_fr").get(pk=session.pk)
    assert stored == {"title": "Eau", "title_en": "", "title_fr": "Eau"}
    [(action, changes)] = entries(session)
    assert (action, changes["title_en"], "title_fr" in changes) == (
        AuditAction.CHANGED,
        ["Water", None],
        False,
    )


def test_session_update_records_the_french_title_old_and_new(event):
    session = SessionFactory(event=event, title="Water", title_fr="Eau")

    session_update(
        session=session,
        details=details(
            event,
            title={"en": "Water", "fr": "L'eau"},
            abstract={"en": session.abstract_en},
            start=session.start,
            end=session.end,
            room=session.room,
            track=session.track,
            kind=session.kind,
            spoken_language=session.spoken_language,
            interpretation_languages=tuple(session.interpretation_languages),
            expected_attendance=session.expected_attendance,
            confirmed=session.state == SessionState.CONFIRMED,
        ),
        roles=[],
        user=UserFactory(),
    )

    assert entries(session) == [(AuditAction.CHANGED, {"title_fr": ["Eau", "L'eau"]})]


def test_session_duplicate_copies_every_language(event):
    session = SessionFactory(
        event=event, title="Pipes", title_fr="Tuyaux", title_ar="أنابيب", abstract_fr="Qui paie."
    )

    copy = session_duplicate(session=session, user=UserFactory())

    stored = Session.objects.values(
        "title_en", "title_fr", "title_ar", "title_es", "abstract_fr"
    ).get(pk=copy.pk)
    assert stored == {
        "title_en": "Copy of Pipes",
        "title_fr": "Copie de Tuyaux",
        "title_ar": "Copy of أنابيب",
        "title_es": None,
        "abstract_fr": "Qui paie.",
    }


def test_session_cancel_and_restore(event):
    session = SessionFactory(event=event, state=SessionState.CONFIRMED)
    user = UserFactory()

    session_cancel(session=session, user=user)
    with pytest.raises(SessionError) as again:
        session_cancel(session=Session.objects.get(pk=session.pk), user=user)
    session_restore(session=Session.objects.get(pk=session.pk), user=user)

    assert again.value.message == "This session is already cancelled."
    assert Session.objects.get(pk=session.pk).state == SessionState.CONFIRMED
    assert entries(session) == [
        (AuditAction.CANCELLED, {"state": ["confirmed", "cancelled"]}),
        (AuditAction.RESTORED, {"state": ["cancelled", "confirmed"]}),
    ]


def test_session_restore_brings_back_the_state_before_the_last_cancel(event):
    draft = SessionFactory(event=event, state=SessionState.DRAFT)
    confirmed = SessionFactory(event=event, state=SessionState.CONFIRMED)
    user = UserFactory()

    def cancel_restore(session):
        session_cancel(session=Session.objects.get(pk=session.pk), user=user)
        session_restore(session=Session.objects.get(pk=session.pk), user=user)
        return Session.objects.get(pk=session.pk).state

    first = (cancel_restore(draft), cancel_restore(confirmed))
    Session.objects.filter(pk=confirmed.pk).update(state=SessionState.DRAFT)
    second = cancel_restore(confirmed)  # the latest cancel counts, not the first

    assert first == (SessionState.DRAFT, SessionState.CONFIRMED)
    assert second == SessionState.DRAFT
    assert entries(draft) == [
        (AuditAction.CANCELLED, {"state": ["draft", "cancelled"]}),
        (AuditAction.RESTORED, {"state": ["cancelled", "draft"]}),
    ]


def test_session_cancelled_without_an_audit_entry_is_restored_as_a_draft(event):
    session = SessionFactory(event=event, state=SessionState.CANCELLED)

    session_restore(session=session, user=UserFactory())

    assert Session.objects.get(pk=session.pk).state == SessionState.DRAFT
    assert entries(session) == [(AuditAction.RESTORED, {"state": ["cancelled", "draft"]})]


def test_session_restore_refuses_a_live_session(event):
    session = SessionFactory(event=event, state=SessionState.DRAFT)

    with pytest.raises(SessionError) as raised:
        session_restore(session=session, user=UserFactory())

    assert raised.value.message == "Only a cancelled session can be restored."
    assert entries(session) == []


def test_bulk_track_and_room_record_one_entry_per_changed_session(event):
    water = TrackFactory(event=event, name="Water")
    hall = RoomFactory(event=event, name="Hall")
    a = SessionFactory(event=event, track=None, room__name="A room")
    b = SessionFactory(event=event, track=water, room=hall)
    user = UserFactory()

    moved = sessions_move_to_track(event=event, sessions=[a, b], track=water, user=user)
    placed = sessions_set_room(event=event, sessions=[a, b], room=hall, user=user)

    assert (moved, placed) == (1, 1)
    assert entries(a) == [
        (AuditAction.CHANGED, {"track": [None, "Water"]}),
        (AuditAction.CHANGED, {"room": ["A room", "Hall"]}),
    ]
    assert entries(b) == []


def test_bulk_refuses_another_events_room_and_track(event):
    session = SessionFactory(event=event)
    other = EventFactory()

    with pytest.raises(SessionError) as room_refused:
        sessions_set_room(
            event=event, sessions=[session], room=RoomFactory(event=other), user=UserFactory()
        )
    with pytest.raises(SessionError) as track_refused:
        sessions_move_to_track(
            event=event, sessions=[session], track=TrackFactory(event=other), user=UserFactory()
        )

    assert room_refused.value.message == "Choose one of this event's rooms."
    assert track_refused.value.message == "Choose one of this event's tracks."
    assert AuditEntry.objects.count() == 0


def test_conflicts_preview_shows_new_conflicts_and_keeps_nothing(event):
    speaker = SpeakerFactory(event=event, honorific="Mayor", name="Ana")
    busy = SessionFactory(event=event, title="Morning", start=at(event, 0, 10))
    SessionRoleFactory(session=busy, speaker=speaker)
    later = SessionFactory(event=event, title="Later", start=at(event, 0, 14), end=at(event, 0, 15))
    SessionRoleFactory(session=later, speaker=speaker)

    found = session_conflicts_preview(
        event=event,
        write=lambda: session_update(
            session=later,
            details=details(
                event,
                title={"en": "Later"},
                start=at(event, 0, 10, 30),
                end=at(event, 0, 11, 30),
                room=later.room,
                interpretation_languages=(),
                expected_attendance=None,
                confirmed=True,
            ),
            roles=[RoleInput(speaker=speaker, role="speaker")],
            new_speakers=[NewSpeakerInput(name="Ghost", role="speaker")],
            user=UserFactory(),
        ),
    )

    day = event.start_date.isoformat()
    assert [(c.kind, c.message) for c in found] == [
        (
            ConflictKind.SPEAKER_DOUBLE_BOOKED,
            f"Mayor Ana is in “Morning” and “Later” at {day} 10:30.",
        ),
        (ConflictKind.SPEAKER_UNCONFIRMED, "Ghost has not yet confirmed “Later”."),
    ]
    later.refresh_from_db()
    assert later.start == at(event, 0, 14)
    assert not Speaker.objects.filter(name="Ghost").exists()
    assert AuditEntry.objects.count() == 0
