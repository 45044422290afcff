import re

import pytest
from django.urls import reverse

from events.models import AuditAction, AuditEntry
from forum.errors import ServiceError
from sessions.models import Room
from sessions.services.rooms import room_create, room_move, room_update
from tests.sessions.factories import RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db


def url(name, event, **kwargs):
    return reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def organiser(event, organiser_of):
    return organiser_of(event, can_manage_programme=True)


@pytest.fixture
def manager(client, organiser):
    client.force_login(organiser)
    return client


def names(event) -> list[str]:
    rooms = Room.objects.filter(event=event).order_by("order")
    return list(rooms.values_list("name_en", flat=True))


def entries(obj) -> list[tuple[str, dict]]:
    return [
        (entry.action, entry.changes)
        for entry in AuditEntry.objects.filter(
            object_id=str(obj.pk), content_type__model="room"
        ).order_by("pk")
    ]


def test_room_create_page_creates_room_at_the_end_with_audit(event, manager, organiser):
    RoomFactory(event=event, name="Plenary Hall", order=1)

    response = manager.post(
        url("room_create", event),
        {
            "name_es": "  Sala  Pichincha ",
            "name_fr": "Salle Pichincha",
            "capacity": "80",
            "has_booths": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("rooms", event)
    room = Room.objects.get(event=event, name_es="Sala Pichincha")
    assert (room.name_en, room.name_fr) == ("", "Salle Pichincha")
    assert (room.capacity, room.has_booths, room.order) == (80, True, 2)
    entry = AuditEntry.objects.get(object_id=str(room.pk), content_type__model="room")
    assert (entry.action, entry.actor, entry.event) == (AuditAction.CREATED, organiser, event)
    assert entry.changes == {
        "capacity": [None, 80],
        "event": [None, str(event)],
        "has_booths": [None, True],
        "has_streaming": [None, False],
        "name_es": [None, "Sala Pichincha"],
        "name_fr": [None, "Salle Pichincha"],
        "order": [None, 2],
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"name_en": "plenary hall", "capacity": "10"},
            "name_en",
            "This event already has an entry called “plenary hall”.",
        ),
        (
            {"name_en": "Annex", "capacity": "-1"},
            "capacity",
            "Ensure this value is greater than or equal to 0.",
        ),
        ({"name_es": " ", "capacity": "10"}, "name_es", "Write it in at least one language."),
    ],
)
def test_room_create_bad_input_refused_nothing_written(event, manager, data, field, message):
    RoomFactory(event=event, name="Plenary Hall")

    response = manager.post(url("room_create", event), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert names(event) == ["Plenary Hall"]
    assert not AuditEntry.objects.exists()


def test_room_create_refuses_a_french_name_taken_and_writes_nothing(event, manager):
    RoomFactory(event=event, name="Plenary Hall", name_fr="Salle plénière")

    response = manager.post(
        url("room_create", event),
        {"name_en": "Annex", "name_fr": "salle PLÉNIÈRE", "capacity": "10"},
    )

    assert response.context["form"].errors == {
        "name_fr": ["This event already has an entry called “salle PLÉNIÈRE”."]
    }
    assert names(event) == ["Plenary Hall"]
    assert not AuditEntry.objects.exists()


def test_room_edit_shows_the_event_languages_and_any_other_filled(event, manager):
    room = RoomFactory(event=event, name="Hall", name_ar="قاعة")

    response = manager.get(url("room_edit", event, pk=room.pk))

    group = response.context["form"].translated["name"]
    assert group.codes == ["es", "en", "fr", "ar"]
    html = response.content.decode()
    assert 'name="name_ar" value="قاعة"' in html
    assert 'lang="ar" dir="rtl"' in html


def test_room_create_bad_input_is_translated(event, manager):
    response = manager.post(
        reverse("programme_manage:room_create", kwargs={"event_slug": event.slug}).replace(
            "/en/", "/fr/"
        ),
        {"name_fr": "Annexe", "capacity": "-1"},
    )

    assert response.context["form"].errors == {
        "capacity": ["Assurez-vous que cette valeur est supérieure ou égale à 0."]
    }
    assert not Room.objects.exists()


def test_room_service_refuses_negative_capacity_and_duplicate(event):
    RoomFactory(event=event, name="Plenary Hall")

    with pytest.raises(ServiceError) as negative:
        room_create(event=event, name={"en": "Annex"}, capacity=-1, has_booths=False, actor=None)
    with pytest.raises(ServiceError) as duplicate:
        room_create(
            event=event, name={"en": "PLENARY HALL"}, capacity=5, has_booths=False, actor=None
        )
    with pytest.raises(ServiceError) as unnamed:
        room_create(
            event=event, name={"en": " ", "fr": ""}, capacity=5, has_booths=False, actor=None
        )
    with pytest.raises(ServiceError) as too_long:
        room_create(event=event, name={"fr": "x" * 121}, capacity=5, has_booths=False, actor=None)

    assert (negative.value.code, str(negative.value.message)) == (
        "capacity",
        "The capacity cannot be negative.",
    )
    assert duplicate.value.code == "name_en"
    assert (unnamed.value.code, str(unnamed.value.message)) == (
        "name_en",
        "Enter a name in at least one language.",
    )
    assert (too_long.value.code, str(too_long.value.message)) == (
        "name_fr",
        "French: at most 120 characters (it has 121).",
    )
    assert names(event) == ["Plenary Hall"]
    assert not AuditEntry.objects.exists()


def test_room_edit_saves_and_records_the_difference(event, manager, organiser):
    room = RoomFactory(event=event, name="Plenary Hall", capacity=500, has_booths=True)

    response = manager.post(
        url("room_edit", event, pk=room.pk),
        {"name_en": "Main Hall", "name_fr": "Grande salle", "capacity": "450"},
    )

    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.name_en, room.name_fr, room.capacity, room.has_booths) == (
        "Main Hall",
        "Grande salle",
        450,
        False,
    )
    assert entries(room) == [
        (
            AuditAction.CHANGED,
            {
                "capacity": [500, 450],
                "has_booths": [True, False],
                "name_en": ["Plenary Hall", "Main Hall"],
                "name_fr": [None, "Grande salle"],
            },
        )
    ]


def test_room_edit_sets_streaming_equipment(event, manager, organiser):
    room = RoomFactory(event=event, name="Plenary Hall", capacity=500, has_booths=True)

    page = manager.get(url("room_edit", event, pk=room.pk))
    response = manager.post(
        url("room_edit", event, pk=room.pk),
        {"name_en": "Plenary Hall", "capacity": "500", "has_booths": "on", "has_streaming": "on"},
    )

    assert 'name="has_streaming"' in page.content.decode()
    assert response["Location"] == url("rooms", event)
    room.refresh_from_db()
    assert (room.has_booths, room.has_streaming) == (True, True)
    assert entries(room) == [(AuditAction.CHANGED, {"has_streaming": [False, True]})]
    listing = manager.get(url("rooms", event)).content.decode()
    row = listing[listing.index(f'id="room-{room.pk}"') :]
    assert row[: row.index("</tr>")].count("<td>yes</td>") == 2


def test_room_edit_unchanged_records_nothing(event):
    room = RoomFactory(event=event, name="Plenary Hall", capacity=500, has_booths=True)

    room_update(room=room, name={"en": "Plenary Hall"}, capacity=500, has_booths=True, actor=None)

    assert entries(room) == []


def test_room_edit_page_shows_its_history(event, manager, organiser):
    room = RoomFactory(event=event, name="Plenary Hall", capacity=500)
    room_update(
        room=room, name={"en": "Plenary Hall"}, capacity=300, has_booths=True, actor=organiser
    )

    response = manager.get(url("room_edit", event, pk=room.pk))

    history = response.context["history"]
    assert [(line.action, line.actor) for line in history] == [("changed", organiser.username)]
    assert [(c.field, c.old, c.new) for c in history[0].changes] == [("capacity", "500", "300")]
    html = response.content.decode()
    assert '<ol class="audit-log" id="history">' in html
    assert '<h2 id="history-heading">History</h2>' in html


def test_room_delete_unused_room(event, manager, organiser):
    room = RoomFactory(event=event, name="Annex")

    response = manager.post(url("room_delete", event, pk=room.pk))

    assert response["Location"] == url("rooms", event)
    assert not Room.objects.filter(pk=room.pk).exists()
    assert entries(room) == [
        (
            AuditAction.DELETED,
            {
                "capacity": [200, None],
                "event": [str(event), None],
                "has_booths": [True, None],
                "has_streaming": [False, None],
                "name_en": ["Annex", None],
                "order": [room.order, None],
            },
        )
    ]


def test_room_delete_refused_while_a_session_uses_it(event, manager):
    room = RoomFactory(event=event, name="Plenary Hall")
    SessionFactory(event=event, room=room)
    SessionFactory(event=event, room=room)

    response = manager.post(url("room_delete", event, pk=room.pk), follow=True)

    assert Room.objects.filter(pk=room.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "“Plenary Hall” cannot be deleted: 2 sessions take place there. "
        "Move them to another room first."
    ]
    assert entries(room) == []


def test_room_move_buttons_swap_neighbours_and_renumber(event, manager):
    a = RoomFactory(event=event, name="A", order=5)
    b = RoomFactory(event=event, name="B", order=9)
    c = RoomFactory(event=event, name="C", order=12)

    response = manager.post(url("room_move", event, pk=c.pk), {"direction": "up"})

    assert response["Location"] == f"{url('rooms', event)}#room-{c.pk}"
    assert list(
        Room.objects.filter(event=event).order_by("order").values_list("name", "order")
    ) == [
        ("A", 1),
        ("C", 2),
        ("B", 3),
    ]
    assert entries(c) == [(AuditAction.CHANGED, {"order": [12, 2]})]
    assert entries(a) == [(AuditAction.CHANGED, {"order": [5, 1]})]
    assert entries(b) == [(AuditAction.CHANGED, {"order": [9, 3]})]


def test_room_move_first_up_and_last_down_change_nothing(event):
    a = RoomFactory(event=event, name="A", order=1)
    b = RoomFactory(event=event, name="B", order=2)

    room_move(room=a, direction="up", actor=None)
    room_move(room=b, direction="down", actor=None)

    assert names(event) == ["A", "B"]
    assert not AuditEntry.objects.exists()


def test_room_move_bad_direction_refused(event, manager):
    room = RoomFactory(event=event, name="A", order=1)
    RoomFactory(event=event, name="B", order=2)

    response = manager.post(
        url("room_move", event, pk=room.pk), {"direction": "sideways"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["Choose up or down."]
    assert names(event) == ["A", "B"]


def test_rooms_list_shows_order_buttons_disabled_at_the_ends(event, manager):
    RoomFactory(event=event, name="A", order=1)
    RoomFactory(event=event, name="B", order=2)
    SessionFactory(event=event, room=Room.objects.get(name="A"))

    response = manager.get(url("rooms", event))

    html = response.content.decode()
    assert re.findall(r'data-room="([^"]*)"', html) == ["A", "B"]
    assert [(r.name, r.session_count) for r in response.context["rows"]] == [("A", 1), ("B", 0)]
    assert html.count("disabled") == 2
    assert "Move A up" in html and "Move B down" in html


@pytest.mark.parametrize("n", [2, 40])
def test_rooms_list_query_count_is_fixed(event, manager, django_assert_num_queries, n):
    for i in range(n):
        RoomFactory(event=event, name=f"Room {i:03d}", order=i)

    # session, user, team flags, event, rooms with their session counts
    with django_assert_num_queries(5):
        response = manager.get(url("rooms", event))

    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [1, 6])
def test_room_edit_page_query_count_is_fixed(
    event, manager, organiser, django_assert_num_queries, n
):
    room = RoomFactory(event=event, name="Hall", capacity=10)
    for i in range(n):
        room_update(
            room=room, name={"en": "Hall"}, capacity=11 + i, has_booths=True, actor=organiser
        )

    # session, user, team flags, event, room, history
    with django_assert_num_queries(6):
        response = manager.get(url("room_edit", event, pk=room.pk))

    assert len(response.context["history"]) == n


def test_a_refusal_comes_in_the_organisers_language(event, organiser):
    from django.utils import translation

    from sessions.services.rooms import ProgrammeSetupError, room_create

    with translation.override("fr"), pytest.raises(ProgrammeSetupError) as refused:
        room_create(
            event=event, name={"fr": "x" * 121}, capacity=10, has_booths=False, actor=organiser
        )

    assert (refused.value.code, str(refused.value.message)) == (
        "name_fr",
        "Français : 120 caractères au plus (il en a 121).",
    )
