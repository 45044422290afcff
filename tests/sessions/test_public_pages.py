import pytest
from django.db.models import Value
from django.db.models.functions import Concat
from django.urls import reverse

from events.enums import EventStatus
from sessions.enums import SessionState
from sessions.models import Room, Session, Speaker, Track
from sessions.services.schedule import schedule_publish
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


def url(name, event, **kwargs):
    return reverse(f"programme:{name}", kwargs={"event_slug": event.slug, **kwargs})


def test_agenda_before_first_publish_says_so(client, event):
    SessionFactory(event=event, title="Working title")

    response = client.get(url("agenda", event))

    assert response.status_code == 200
    assert 'id="programme-unpublished"' in response.text
    assert "The programme has not been published yet." in response.text
    assert "Working title" not in response.text


def test_agenda_lists_sessions_in_event_time(client, event, published):
    published(3)

    response = client.get(url("agenda", event))

    assert codes(response) == ["S0", "S1", "S2"]
    assert "All times are in America/Guayaquil time" in response.text
    assert '<time datetime="' + at(event, 0, 9).isoformat() + '">09:00</time>' in response.text
    assert "Person 1" in response.text


def test_agenda_grid_view_has_room_columns(client, event, published):
    published(2)

    response = client.get(url("agenda", event), {"view": "grid"})

    assert '<table class="agenda-grid">' in response.text
    assert '<th scope="col">Main hall</th>' in response.text
    assert codes(response) == ["S0", "S1"]


def test_agenda_filters(client, event):
    hall = RoomFactory(event=event, name="Hall")
    side = RoomFactory(event=event, name="Side", has_booths=False)
    climate = TrackFactory(event=event, name="Climate")
    SessionFactory(event=event, code="A", room=hall, track=climate, kind="plenary")
    SessionFactory(
        event=event,
        code="B",
        room=side,
        kind="workshop",
        spoken_language="fr",
        start=at(event, 1, 9),
        end=at(event, 1, 10),
    )
    SessionFactory(
        event=event,
        code="C",
        room=hall,
        kind="panel",
        interpretation_languages=["es"],
        start=at(event, 1, 11),
        end=at(event, 1, 12),
    )
    schedule_publish(event=event, comment="", user=None)
    agenda = url("agenda", event)
    day2 = event.start_date.toordinal() + 1

    from datetime import date

    assert codes(client.get(agenda, {"track": climate.pk})) == ["A"]
    assert codes(client.get(agenda, {"kind": "workshop"})) == ["B"]
    assert codes(client.get(agenda, {"language": "es"})) == ["C"]
    assert codes(client.get(agenda, {"language": "fr"})) == ["B"]
    assert codes(client.get(agenda, {"room": hall.pk})) == ["A", "C"]
    assert codes(client.get(agenda, {"day": date.fromordinal(day2).isoformat()})) == ["B", "C"]
    # Nonsense is ignored, never an error.
    assert codes(client.get(agenda, {"day": "soon", "room": "x", "kind": "<b>"})) == ["A", "B", "C"]
    empty = client.get(agenda, {"kind": "field_visit"})
    assert codes(empty) == []
    assert "No session matches these filters." in empty.text


def test_unpublished_changes_are_invisible_on_every_public_page(client, event, published):
    s0, s1, _ = published(3)
    s0.title = "Secret new title"
    s0.save()
    s1.state = SessionState.CANCELLED
    s1.save()
    SessionFactory(event=event, code="NEW", title="Brand new session")
    newcomer = SpeakerFactory(event=event, code="NEWP", name="Newcomer Person")
    SessionRoleFactory(session=s0, speaker=newcomer)
    person = s0.roles.get(role="panellist").speaker
    person.biography = "Unpublished biography"
    person.save()

    pages = [
        client.get(url("agenda", event)),
        client.get(url("agenda", event), {"view": "grid"}),
        client.get(url("session", event, code="S0")),
        client.get(url("session", event, code="S1")),
        client.get(url("speakers", event)),
        client.get(url("speaker", event, code="P0")),
        client.get(url("changelog", event)),
    ]

    assert [p.status_code for p in pages] == [200] * 7
    for page in pages:
        for secret in (
            "Secret new title",
            "Brand new session",
            "Newcomer Person",
            "Unpublished biography",
            "Cancelled",
        ):
            assert secret not in page.text, (page.request["PATH_INFO"], secret)
    assert "Session number 0" in pages[0].text
    assert client.get(url("session", event, code="NEW")).status_code == 404
    assert client.get(url("speaker", event, code="NEWP")).status_code == 404


def test_session_page_shows_speakers_roles_room_languages(client, event):
    room = RoomFactory(event=event, name="Salle Senghor")
    session = SessionFactory(
        event=event,
        code="OPEN",
        title="Opening plenary",
        kind="plenary",
        room=room,
        spoken_language="fr",
        interpretation_languages=["en", "es"],
    )
    mayor = SpeakerFactory(
        event=event,
        code="M",
        honorific="Mayor",
        name="Amina Diallo",
        position="Mayor",
        organisation_name="City of Dakar",
    )
    SessionRoleFactory(session=session, speaker=mayor, role="chair")
    schedule_publish(event=event, comment="", user=None)

    response = client.get(url("session", event, code="OPEN"))

    assert "<h1>Opening plenary</h1>" in response.text
    assert '<span class="role">Chair</span>: ' in response.text
    assert ">Mayor Amina Diallo</a>" in response.text
    assert "Mayor, City of Dakar" in response.text
    assert f'?room={room.pk}">Salle Senghor</a></dd>' in response.text
    assert "<dd>French</dd>" in response.text
    assert "<dd>English, Spanish</dd>" in response.text
    assert "(America/Guayaquil)" in response.text


def test_speaker_page_lists_sessions(client, event, published):
    published(1)

    response = client.get(url("speaker", event, code="P0"))

    assert "<h1>Mayor Person 0</h1>" in response.text
    assert codes(response) == ["S0"]
    assert "Panellist" in response.text


def test_changelog_lists_versions_and_changes(client, event, published):
    s0, s1, s2 = published(3)
    s1.state = SessionState.CANCELLED
    s1.save()
    s2.title = "Renamed"
    s2.save()
    s0.start, s0.end = at(event, 0, 15), at(event, 0, 16)
    s0.save()
    schedule_publish(event=event, comment="Second edition", user=None)

    response = client.get(url("changelog", event))

    assert codes(response, "data-version") == ["2", "1"]
    assert codes(response, "data-change") == [
        "cancelled",
        "moved",
        "retitled",
        "added",
        "added",
        "added",
    ]
    assert "Second edition" in response.text
    assert "Renamed (English): “Session number 2” is now “Renamed”" in response.text
    # The new start, as the page writes it ("Mon 1 Feb 15:00": day of the month unpadded).
    moved_to = at(event, 0, 15)
    assert f"{moved_to:%a} {moved_to.day} {moved_to:%b} 15:00" in response.text


def test_public_pages_of_draft_event_are_hidden(client, event, published):
    published(1)
    event.status = EventStatus.DRAFT
    event.save()

    assert client.get(url("agenda", event)).status_code == 404
    assert client.get(url("session", event, code="S0")).status_code == 404


LANGUAGES = [["en"], ["fr", "en", "es"]]


def in_languages(event, languages: list[str]) -> None:
    """The event works in ``languages``; every text is filled in each, published again."""
    event.languages = languages
    event.save()
    if languages == ["en"]:
        return
    texts = {Room: ("name",), Track: ("name",), Session: ("title", "abstract")}
    texts[Speaker] = ("position", "biography")
    for model, fields in texts.items():
        model.objects.filter(event=event).update(
            **{
                f"{field}_{code}": Concat(f"{field}_en", Value(f" ({code})"))
                for field in fields
                for code in languages
                if code != "en"
            }
        )
    schedule_publish(event=event, comment="", user=None, notify=False)


@pytest.mark.parametrize("languages", LANGUAGES)
@pytest.mark.parametrize("count", [1, 3])
def test_agenda_query_count_constant(
    client, event, published, django_assert_num_queries, count, languages
):
    published(count)
    in_languages(event, languages)

    with django_assert_num_queries(2):  # the event, the latest version
        response = client.get(url("agenda", event), {"view": "grid"})

    assert len(codes(response)) == count


@pytest.mark.parametrize("languages", LANGUAGES)
@pytest.mark.parametrize("count", [1, 3])
def test_session_page_query_count_constant(
    client, event, published, django_assert_num_queries, count, languages
):
    published(count)
    in_languages(event, languages)

    # the event, the latest version, the session's documents (none: their files are not read;
    # tests/documents pins the page with documents), its public recording, its published
    # report (none: tests/sessions/report_pages pins the page with one)
    with django_assert_num_queries(5):
        response = client.get(url("session", event, code="S0"))

    assert codes(response) == ["S0"]


@pytest.mark.parametrize("languages", LANGUAGES)
@pytest.mark.parametrize("count", [1, 3])
def test_speaker_pages_query_count_constant(
    client, event, published, django_assert_num_queries, count, languages
):
    published(count)
    in_languages(event, languages)

    with django_assert_num_queries(2):
        detail = client.get(url("speaker", event, code="P0"))
    with django_assert_num_queries(2):
        listing = client.get(url("speakers", event))

    assert codes(detail) == ["S0"]
    assert codes(listing, "data-speaker-code") == [f"P{i}" for i in range(count)]


@pytest.mark.parametrize("languages", LANGUAGES)
@pytest.mark.parametrize("count", [1, 3])
def test_changelog_query_count_constant(
    client, event, published, django_assert_num_queries, count, languages
):
    published(1)
    in_languages(event, languages)
    for _ in range(count - 1):
        schedule_publish(event=event, comment="", user=None)
    versions = count + (0 if languages == ["en"] else 1)

    with django_assert_num_queries(2):
        response = client.get(url("changelog", event))

    assert len(codes(response, "data-version")) == versions
