import re

import pytest
from django.urls import reverse

from events.models import AuditAction, AuditEntry
from forum.errors import ServiceError
from sessions.models import Track
from sessions.services.rooms import track_create, track_move, track_update
from tests.sessions.factories import SessionFactory, TrackFactory

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


def entries(obj) -> list[tuple[str, dict]]:
    return [
        (entry.action, entry.changes)
        for entry in AuditEntry.objects.filter(
            object_id=str(obj.pk), content_type__model="track"
        ).order_by("pk")
    ]


def test_track_create_page_creates_track_with_audit(event, manager, organiser):
    response = manager.post(
        url("track_create", event), {"name_en": "Climate mobility", "colour": "#1D6B32"}
    )

    assert response["Location"] == url("tracks", event)
    track = Track.objects.get(event=event)
    assert (track.name_en, track.colour, track.order) == ("Climate mobility", "#1d6b32", 1)
    assert entries(track) == [
        (
            AuditAction.CREATED,
            {
                "colour": [None, "#1d6b32"],
                "event": [None, str(event)],
                "name_en": [None, "Climate mobility"],
                "order": [None, 1],
            },
        )
    ]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"name_en": "Housing", "colour": "red"}, {"colour": ["Enter a colour such as #0b5394."]}),
        (
            {"name_en": "Housing", "colour": "#12345"},
            {"colour": ["Enter a colour such as #0b5394."]},
        ),
        (
            {"name_en": "climate MOBILITY", "colour": "#123456"},
            {"name_en": ["This event already has an entry called “climate MOBILITY”."]},
        ),
    ],
)
def test_track_create_bad_input_refused_nothing_written(event, manager, data, errors):
    TrackFactory(event=event, name="Climate mobility")

    response = manager.post(url("track_create", event), data)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert list(Track.objects.values_list("name_en", flat=True)) == ["Climate mobility"]
    assert not AuditEntry.objects.exists()


def test_track_service_refuses_a_colour_name(event):
    with pytest.raises(ServiceError) as exc:
        track_create(event=event, name={"en": "Housing"}, colour="red", actor=None)

    assert (exc.value.code, str(exc.value.message)) == ("colour", "Enter a colour such as #0b5394.")
    assert not Track.objects.exists()


def test_track_edit_records_difference_and_shows_history_and_swatch(event, manager, organiser):
    track = TrackFactory(event=event, name="Housing", colour="#0b5394")

    manager.post(url("track_edit", event, pk=track.pk), {"name_en": "Housing", "colour": "#a11b1b"})
    response = manager.get(url("track_edit", event, pk=track.pk))

    track.refresh_from_db()
    assert track.colour == "#a11b1b"
    assert entries(track) == [(AuditAction.CHANGED, {"colour": ["#0b5394", "#a11b1b"]})]
    history = response.context["history"]
    assert [(c.field, c.old, c.new) for c in history[0].changes] == [
        ("colour", "#0b5394", "#a11b1b")
    ]
    html = response.content.decode()
    assert 'fill="#a11b1b"' in html
    assert 'type="color"' in html


def test_track_delete_refused_while_sessions_belong_to_it(event, manager):
    track = TrackFactory(event=event, name="Housing")
    SessionFactory(event=event, track=track)

    response = manager.post(url("track_delete", event, pk=track.pk), follow=True)

    assert Track.objects.filter(pk=track.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "“Housing” cannot be deleted: 1 session belongs to it. Give it another track first."
    ]
    assert entries(track) == []


def test_track_delete_unused(event, manager):
    track = TrackFactory(event=event, name="Housing")

    manager.post(url("track_delete", event, pk=track.pk))

    assert not Track.objects.exists()
    assert [action for action, _ in entries(track)] == [AuditAction.DELETED]


def test_track_move_down_swaps_with_next(event, manager):
    a = TrackFactory(event=event, name="A", order=1)
    TrackFactory(event=event, name="B", order=2)

    response = manager.post(url("track_move", event, pk=a.pk), {"direction": "down"})

    assert response["Location"] == f"{url('tracks', event)}#track-{a.pk}"
    assert list(Track.objects.order_by("order").values_list("name_en", "order")) == [
        ("B", 1),
        ("A", 2),
    ]


def test_track_move_and_update_touch_only_this_event(event, organiser_of):
    from tests.factories import EventFactory

    other = TrackFactory(event=EventFactory(), name="A", order=1)
    a = TrackFactory(event=event, name="A", order=1)
    TrackFactory(event=event, name="B", order=2)

    track_move(track=a, direction="down", actor=None)
    track_update(track=a, name={"en": "A"}, colour="#000000", actor=None)

    other.refresh_from_db()
    assert (other.order, other.colour) == (1, "#1d6b32")


def test_tracks_list_lists_in_order_with_session_counts(event, manager):
    TrackFactory(event=event, name="B", order=2)
    a = TrackFactory(event=event, name="A", order=1)
    SessionFactory(event=event, track=a)

    response = manager.get(url("tracks", event))

    assert re.findall(r'data-track="([^"]*)"', response.content.decode()) == ["A", "B"]
    assert [(t.name, t.session_count) for t in response.context["rows"]] == [("A", 1), ("B", 0)]


@pytest.mark.parametrize("n", [2, 40])
def test_tracks_list_query_count_is_fixed(event, manager, django_assert_num_queries, n):
    for i in range(n):
        TrackFactory(event=event, name=f"Track {i:03d}", order=i)

    # session, user, team flags, event, tracks with their session counts
    with django_assert_num_queries(5):
        response = manager.get(url("tracks", event))

    assert len(response.context["rows"]) == n
