"""Who gets into the rooms, tracks and speakers pages: every URL, every method it answers."""

import pytest
from django.urls import reverse

from events.models import AuditEntry
from sessions.models import Room, Speaker, Track
from tests.factories import EventFactory
from tests.sessions.factories import RoomFactory, SpeakerFactory, TrackFactory

pytestmark = pytest.mark.django_db

# (URL name, object it needs, method, data)
PAGES = [
    ("rooms", None, "get", {}),
    ("room_create", None, "get", {}),
    ("room_create", None, "post", {"name": "Annex", "capacity": "5"}),
    ("room_edit", "room", "get", {}),
    ("room_edit", "room", "post", {"name": "Renamed", "capacity": "5"}),
    ("room_delete", "room", "post", {}),
    ("room_move", "room", "post", {"direction": "down"}),
    ("tracks", None, "get", {}),
    ("track_create", None, "get", {}),
    ("track_create", None, "post", {"name": "New", "colour": "#000000"}),
    ("track_edit", "track", "get", {}),
    ("track_edit", "track", "post", {"name": "Renamed", "colour": "#000000"}),
    ("track_delete", "track", "post", {}),
    ("track_move", "track", "post", {"direction": "down"}),
    ("speakers", None, "get", {}),
    ("speaker_create", None, "get", {}),
    ("speaker_create", None, "post", {"name": "New", "language": "en"}),
    ("speaker_merge", None, "get", {"speaker": ["AAAAAA", "BBBBBB"]}),
    ("speaker_merge", None, "post", {"speaker": ["AAAAAA", "BBBBBB"], "keep": "AAAAAA"}),
    ("speaker_edit", "speaker", "get", {}),
    ("speaker_edit", "speaker", "post", {"name": "Renamed", "language": "en"}),
    ("speaker_moderate", "speaker", "post", {"biography_en": "", "note": "x"}),
    ("speaker_invite", "speaker", "post", {}),
]


@pytest.fixture
def rows(event):
    return {
        "room": RoomFactory(event=event, name="Hall", order=1),
        "track": TrackFactory(event=event, name="Theme", order=1),
        "speaker": SpeakerFactory(event=event, code="AAAAAA", email="a@example.org"),
        "second": SpeakerFactory(event=event, code="BBBBBB"),
        "extra_room": RoomFactory(event=event, name="Annex 2", order=2),
        "extra_track": TrackFactory(event=event, name="Theme 2", order=2),
    }


def page_url(event, rows, name, needs):
    kwargs = {"event_slug": event.slug}
    if needs in ("room", "track"):
        kwargs["pk"] = rows[needs].pk
    elif needs == "speaker":
        kwargs["code"] = rows[needs].code
    return reverse(f"programme_manage:{name}", kwargs=kwargs)


def snapshot(event):
    return (
        list(Room.objects.filter(event=event).values_list("name", "capacity", "order")),
        list(Track.objects.filter(event=event).values_list("name", "colour", "order")),
        list(
            Speaker.objects.filter(event=event).values_list(
                "code", "name", "biography", "invited_at"
            )
        ),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(("name", "needs", "method", "data"), PAGES)
@pytest.mark.parametrize("who", ["other_event_organiser", "registrations_organiser"])
def test_pages_are_404_for_organisers_without_this_events_programme(
    client, event, organiser_of, rows, name, needs, method, data, who
):
    if who == "other_event_organiser":
        user = organiser_of(EventFactory(), can_manage_programme=True)
    else:
        user = organiser_of(event, can_manage_registrations=True)
    client.force_login(user)
    before = snapshot(event)

    response = getattr(client, method)(page_url(event, rows, name, needs), data)

    assert response.status_code == 404
    assert snapshot(event) == before


@pytest.mark.parametrize(("name", "needs", "method", "data"), PAGES)
def test_pages_send_anonymous_visitors_to_login(client, event, rows, name, needs, method, data):
    before = snapshot(event)

    response = getattr(client, method)(page_url(event, rows, name, needs), data)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert snapshot(event) == before


@pytest.mark.parametrize(("name", "needs", "method", "data"), PAGES)
def test_pages_answer_this_events_programme_organiser(
    client, event, organiser_of, rows, name, needs, method, data
):
    client.force_login(organiser_of(event, can_manage_programme=True))

    response = getattr(client, method)(page_url(event, rows, name, needs), data)

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith(f"/en/manage/{event.slug}/")


@pytest.mark.parametrize(
    ("name", "needs"), [("room_edit", "room"), ("track_edit", "track"), ("speaker_edit", "speaker")]
)
def test_another_events_row_is_404_even_for_a_manager(client, event, organiser_of, name, needs):
    other = EventFactory()
    foreign = {
        "room": RoomFactory(event=other),
        "track": TrackFactory(event=other),
        "speaker": SpeakerFactory(event=other),
    }
    client.force_login(organiser_of(event, can_manage_programme=True))

    response = client.get(page_url(event, foreign, name, needs))

    assert response.status_code == 404


def test_dashboard_links_to_rooms_tracks_and_speakers(client, event, organiser_of):
    client.force_login(organiser_of(event, can_manage_programme=True))

    html = client.get(reverse("manage:dashboard")).content.decode()

    for name in ("timetable", "rooms", "tracks", "speakers"):
        assert reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug}) in html
    assert (
        html.index(">Timetable and publishing<")
        < html.index(">Rooms<")
        < html.index(">Tracks<")
        < html.index(">Speakers<")
    )


def test_dashboard_hides_the_links_from_a_registrations_organiser(client, event, organiser_of):
    client.force_login(organiser_of(event, can_manage_registrations=True))

    html = client.get(reverse("manage:dashboard")).content.decode()

    assert reverse("programme_manage:rooms", kwargs={"event_slug": event.slug}) not in html
