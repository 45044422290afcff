from datetime import date

import pytest

from events.enums import EventStatus
from forum.demo.links import seed_links
from forum.demo.organisations import ORGANISATIONS
from forum.demo.programme import seed_programme
from sessions.enums import ConflictKind
from sessions.models import Room, Session, SessionRole, SessionStream
from sessions.selectors.conflicts import conflict_list
from sessions.selectors.links import session_links
from tests.factories import EventFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editions():
    organisations = [OrganisationFactory(name=row[0]) for row in ORGANISATIONS[:10]]
    current = EventFactory(languages=["fr", "en", "es"], start_date=date(2027, 3, 9))
    past = EventFactory(
        languages=["en", "es", "fr"],
        start_date=date(2026, 3, 10),
        end_date=date(2026, 3, 12),
        timezone="Asia/Manila",
        status=EventStatus.ARCHIVED,
    )
    seed_programme(event=current, organisations=organisations, today=date(2026, 12, 6))
    return current, past


def links_state(current, past):
    return (
        sorted(SessionStream.objects.values_list("session__code", "language", "url")),
        sorted(Session.objects.exclude(meeting_url="").values_list("code", "meeting_url")),
        sorted(
            SessionRole.objects.filter(remote=True).values_list("session__code", "speaker__code")
        ),
        sorted(
            Session.objects.exclude(recording_url="").values_list("event__slug", "recording_url")
        ),
        Session.objects.filter(event=past).count(),
    )


def test_seed_links_streams_the_plenaries_and_leaves_one_no_streaming_warning(editions):
    current, past = editions

    summary = seed_links(event=current, past_event=past)
    again = links_state(current, past)
    seed_links(event=current, past_event=past)

    assert links_state(current, past) == again  # idempotent
    assert summary["plenaries"] == 3
    links = session_links(event=current)
    plenaries = Session.objects.filter(event=current, kind="plenary").order_by("start")
    assert [[(s.language, s.url) for s in links[p.code].streams] for p in plenaries] == [
        [
            (language, f"https://webcast.example.org/mf2027/plenary-{n}/{language}")
            for language in ("floor", "fr", "en", "es")
        ]
        for n in (1, 2, 3)
    ]
    assert list(
        Room.objects.filter(event=current, has_streaming=True).values_list("name_en", flat=True)
    ) == ["Plenary Hall Léopold Sédar Senghor"]
    remote = SessionRole.objects.filter(session__event=current, remote=True).select_related(
        "session__room", "speaker"
    )
    assert sorted(r.session.room.name_en for r in remote) == [
        "Plenary Hall Léopold Sédar Senghor",
        "Salle Gorée",
    ]
    bare = next(r for r in remote if r.session.room.name_en == "Salle Gorée")
    conflicts = conflict_list(event=current)
    # The programme's deliberate double booking, and the remote speaker without streaming.
    assert [c.kind for c in conflicts] == [
        ConflictKind.SPEAKER_DOUBLE_BOOKED,
        ConflictKind.NO_STREAMING,
    ]
    assert (conflicts[1].session_codes, conflicts[1].speaker) == (
        (bare.session.code,),
        bare.speaker,
    )
    assert links[bare.session.code].meeting_url == (
        f"https://meet.example.org/mf2027/{bare.session.code.lower()}"
    )
    recorded = Session.objects.get(event=past)
    assert (
        recorded.kind,
        recorded.title_fr,
        recorded.recording_url,
        recorded.recording_audience,
    ) == (
        "plenary",
        "Plénière de clôture : adoption de la Déclaration des maires de Quezon City",
        "https://webcast.example.org/mf2026/closing-plenary/recording",
        "public",
    )
    assert past.schedule_versions.count() == 1
