import pytest

from sessions.enums import RecordingAudience
from sessions.models import SessionStream
from sessions.selectors.links import (
    SessionLinks,
    StreamLink,
    session_links,
    stream_languages,
)
from tests.factories import EventFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_stream_languages_floor_then_spoken_then_interpretation():
    assert stream_languages(spoken_language="fr", interpretation_languages=["en", "fr", "es"]) == [
        "floor",
        "fr",
        "en",
        "es",
    ]


def test_session_links_orders_streams_and_leaves_out_sessions_without_links(
    event, django_assert_num_queries
):
    plenary = SessionFactory(
        event=event,
        code="PLEN1",
        spoken_language="en",
        interpretation_languages=["fr", "es"],
        meeting_url="https://meet.example.org/plen1",
    )
    for language in ("es", "floor", "ru", "fr", "en"):
        SessionStream.objects.create(
            session=plenary, language=language, url=f"https://webcast.example.org/p1/{language}"
        )
    SessionFactory(
        event=event,
        code="REC1",
        recording_url="https://video.example.org/rec1",
        recording_audience=RecordingAudience.PUBLIC,
    )
    SessionFactory(event=event, code="BARE1")
    other = SessionFactory(
        event=EventFactory(), code="OTHER1", meeting_url="https://x.example.org/"
    )
    SessionStream.objects.create(session=other, language="floor", url="https://x.example.org/f")

    with django_assert_num_queries(1):
        links = session_links(event=event)

    assert links == {
        "PLEN1": SessionLinks(
            code="PLEN1",
            meeting_url="https://meet.example.org/plen1",
            streams=tuple(
                StreamLink(language=language, url=f"https://webcast.example.org/p1/{language}")
                for language in ("floor", "en", "fr", "es", "ru")
            ),
            recording_url="",
            recording_audience=RecordingAudience.PARTICIPANTS,
        ),
        "REC1": SessionLinks(
            code="REC1",
            meeting_url="",
            streams=(),
            recording_url="https://video.example.org/rec1",
            recording_audience=RecordingAudience.PUBLIC,
        ),
    }
    assert [str(s.label) for s in links["PLEN1"].streams] == [
        "Floor (original sound)",
        "English",
        "French",
        "Spanish",
        "Russian",
    ]
    assert links["REC1"].recording_is_public is True
    assert links["PLEN1"].recording_is_public is False


def test_session_links_for_some_codes(event, django_assert_num_queries):
    first = SessionFactory(event=event, code="A1")
    SessionStream.objects.create(session=first, language="floor", url="https://w.example.org/a")
    second = SessionFactory(event=event, code="B1")
    SessionStream.objects.create(session=second, language="floor", url="https://w.example.org/b")

    with django_assert_num_queries(1):
        links = session_links(event=event, codes=["B1"])

    assert list(links) == ["B1"]
    assert links["B1"].streams == (StreamLink(language="floor", url="https://w.example.org/b"),)
