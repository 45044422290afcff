"""Queries per request do not grow with the programme (style rule 17)."""

import pytest

from sessions.services.schedule import schedule_publish
from tests.api.conftest import THROTTLE_QUERIES, url
from tests.factories import EventFactory, OrganisationFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)
from tests.sessions.polyglot import make_polyglot

pytestmark = pytest.mark.django_db


@pytest.fixture
def sized(event):
    def make(count: int):
        for i in range(count):
            room = RoomFactory(event=event)
            track = TrackFactory(event=event)
            session = SessionFactory(
                event=event, code=f"S{i}", room=room, track=track, start=at(event, i % 3, 9 + i)
            )
            speaker = SpeakerFactory(event=event, code=f"P{i}", organisation=OrganisationFactory())
            SessionRoleFactory(session=session, speaker=speaker)
            EventFactory()
            schedule_publish(event=event, comment="", user=None)  # ``count`` versions too

    return make


# (path, cold, warm). Cold: the event head, the version's publication time (then cached for
# good), the snapshot (and the event row for the documents that embed it), and where sessions
# are listed their public documents (none here: one query, no read of their files). Warm: the
# head, or nothing where the fast path (api/middleware.py) answers from its cached head.
LISTS = [
    ("sessions/", 4, 0),
    ("speakers/", 3, 0),
    ("rooms/", 3, 0),
    ("tracks/", 3, 0),
    ("schedule/", 5, 0),
    ("schedule/versions/", 3, 1),
    ("/api/v1/events/", 2, 1),
    ("/api/v1/organisations/", 2, 1),
]


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("tail", "cold", "warm"), LISTS)
def test_list_query_count_constant(
    api, event, sized, django_assert_num_queries, count, tail, cold, warm
):
    sized(count)
    path = tail if tail.startswith("/") else url(event, tail)

    with django_assert_num_queries(cold + THROTTLE_QUERIES):
        first = api.get(path)
    with django_assert_num_queries(warm + THROTTLE_QUERIES):
        again = api.get(path)
    with django_assert_num_queries(warm + THROTTLE_QUERIES):
        revalidated = api.get(path, headers={"If-None-Match": first["ETag"]})

    assert (first.status_code, again.content, revalidated.status_code) == (
        200,
        first.content,
        304,
    )
    results = first.json().get("results", first.json().get("sessions"))
    assert len(results) >= count


def test_head_sql_tables():
    from documents.models import Document
    from events.models import Event
    from sessions.models import ScheduleVersion
    from sessions.selectors.heads import HEAD_SQL

    assert f'"{Event._meta.db_table}"' in HEAD_SQL
    assert f'"{ScheduleVersion._meta.db_table}"' in HEAD_SQL
    assert f'"{Document._meta.db_table}"' in HEAD_SQL


@pytest.mark.parametrize("languages", [["en"], ["fr", "en", "es"]])
@pytest.mark.parametrize(("tail", "cold", "warm"), LISTS)
def test_list_query_count_constant_in_every_language(
    api, django_assert_num_queries, languages, tail, cold, warm
):
    """The same pins with texts filled in three languages, asked in a missing one (es)."""
    event = make_polyglot(languages=languages).event
    path = (tail if tail.startswith("/") else url(event, tail)) + "?lang=es"

    with django_assert_num_queries(cold + THROTTLE_QUERIES):
        first = api.get(path)
    with django_assert_num_queries(warm + THROTTLE_QUERIES):
        again = api.get(path)
    with django_assert_num_queries(warm + THROTTLE_QUERIES):
        revalidated = api.get(path, headers={"If-None-Match": first["ETag"]})

    assert (first.status_code, again.content, revalidated.status_code) == (
        200,
        first.content,
        304,
    )
    assert first["Content-Language"] == "es"


# (path, cold, warm) of the detail endpoints: the event (its row and venue, live, and its
# documents), a session (the head, the code index, the render and its documents) and a speaker
# (the same without documents; warm: the head, the rest cached), one version's changes.
DETAILS = [
    ("", 4, 1),
    ("sessions/OPEN/", 5, 1),
    ("speakers/MAYOR/", 4, 1),
    ("schedule/versions/1/changes/", 3, 1),
]


@pytest.mark.parametrize("languages", [["en"], ["fr", "en", "es"]])
@pytest.mark.parametrize(("tail", "cold", "warm"), DETAILS)
def test_detail_query_count_constant_in_every_language(
    api, django_assert_num_queries, languages, tail, cold, warm
):
    event = make_polyglot(languages=languages).event
    path = url(event, tail) + "?lang=es"

    with django_assert_num_queries(cold + THROTTLE_QUERIES):
        first = api.get(path)
    with django_assert_num_queries(warm + THROTTLE_QUERIES):
        again = api.get(path)

    assert (first.status_code, again.content, first["Content-Language"]) == (
        200,
        first.content,
        "es",
    )
