from datetime import date

import pytest

from forum.demo.organisations import ORGANISATIONS
from forum.demo.programme import seed_programme
from sessions.enums import ConflictKind, SessionState
from sessions.models import ScheduleVersion, Session, SessionRole, Speaker
from sessions.selectors.conflicts import conflict_list
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    return [OrganisationFactory(name=row[0]) for row in ORGANISATIONS[:10]]


def state(event):
    return (
        sorted(
            Session.objects.filter(event=event).values_list(
                "code", "title", "start", "room__name", "state"
            )
        ),
        sorted(
            SessionRole.objects.filter(session__event=event).values_list(
                "session__code", "speaker__code", "role"
            )
        ),
        Speaker.objects.filter(event=event).count(),
        list(ScheduleVersion.objects.filter(event=event).values_list("number", flat=True)),
    )


def test_seed_programme_publishes_two_versions_with_real_changes(event, organisations):
    summary = seed_programme(event=event, organisations=organisations, today=date(2030, 1, 1))

    assert summary == {"rooms": 8, "tracks": 8, "speakers": 120, "sessions": 58, "versions": 2}
    v2 = ScheduleVersion.objects.get(event=event, number=2)
    assert {k: len(v) for k, v in v2.changes.items() if k != "languages"} == {
        "added": 0,
        "cancelled": 1,
        "moved": 1,
        "retitled": 1,
        "speakers_changed": 1,
    }
    assert Session.objects.filter(event=event, state=SessionState.CANCELLED).count() == 1
    # Exactly one warning in the working copy: the deliberately double-booked speaker.
    assert [c.kind for c in conflict_list(event=event)] == [ConflictKind.SPEAKER_DOUBLE_BOOKED]
    # The draft stays out of the public snapshot; no private data inside.
    snapshot = str(v2.snapshot)
    assert "to be confirmed" not in snapshot
    assert "@example.org" not in snapshot


def test_seed_programme_idempotent_and_deterministic(event, organisations):
    seed_programme(event=event, organisations=organisations, today=date(2030, 1, 1))
    first = state(event)

    seed_programme(event=event, organisations=organisations, today=date(2030, 1, 1))

    assert state(event) == first


def test_demo_programme_is_in_french_and_english_with_spanish_gaps(event, organisations):
    from sessions.selectors.translations import translation_gaps

    event.languages = ["fr", "en", "es"]
    event.save(update_fields=["languages"])
    seed_programme(event=event, organisations=organisations, today=date(2030, 1, 1))

    counts = translation_gaps(event=event).counts()
    assert {kind: counts[kind] for kind in ("session", "track", "room", "speaker")} == {
        "session": {"fr": 0, "en": 0, "es": 19},
        "track": {"fr": 0, "en": 0, "es": 0},
        "room": {"fr": 0, "en": 0, "es": 0},
        # Biographies: four in one language only (two French, one Spanish, one English).
        "speaker": {"fr": 2, "en": 3, "es": 40},
    }
