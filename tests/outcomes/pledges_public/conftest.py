from datetime import date

import pytest

from outcomes.enums import EndorsementState, RevisionState
from tests.outcomes.pledges_public.data import (
    SECRET_PENDING,
    SECRET_REASON,
    endorse,
    pledge,
    public_statement,
    revise,
    when,
    withdraw_pledge,
)
from tests.sessions.factories import TrackFactory

TODAY = date(2026, 6, 1)


@pytest.fixture
def today(monkeypatch):
    """The pages' today (in the event's zone): 1 June 2026, after the 2nd anniversary."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def statement(event, organiser):
    return public_statement(event, organiser)


@pytest.fixture
def tracks(event):
    return {
        "climate": TrackFactory(event=event, name="Climate mobility", order=1),
        "labour": TrackFactory(event=event, name="Labour migration", order=2),
    }


@pytest.fixture
def pledged(statement, tracks):
    """Adopted 5 March 2024. Public now: Accra (under way, no theme), Dakar (planned in
    year 1, done since April 2025), Milano (under way, French title only, an update pending).
    Never public: Quito's (withdrawn in June 2025), Kigali's (endorsement withdrawn), Lima's
    rejected and pending ones."""
    dakar = pledge(
        endorse(statement, "Dakar", "SN"),
        "PDAKAR",
        titles={"en": "Bus passes for newcomers", "fr": "Titres de transport"},
        status="planned",
        decided_at=when(2024, 4, 1),
        track=tracks["climate"],
    )
    revise(
        dakar,
        state=RevisionState.APPROVED,
        titles={"en": "Free bus passes for newcomers", "fr": "Transport gratuit"},
        status="done",
        decided_at=when(2025, 4, 1),
        track=tracks["climate"],
        target_date=date(2025, 12, 31),
        figure=1200,
        figure_labels={"en": "people reached", "fr": "personnes"},
        link="https://dakar.example/bus",
    )
    milano = pledge(
        endorse(statement, "Milano", "IT"),
        "PMILANO",
        titles={"fr": "Logements d'accueil"},
        status="under_way",
        decided_at=when(2024, 5, 1),
        track=tracks["labour"],
    )
    revise(milano, state=RevisionState.PENDING, titles={"en": SECRET_PENDING}, status="done")
    quito = pledge(
        endorse(statement, "Quito", "EC"), "PQUITO", status="planned", decided_at=when(2024, 6, 1)
    )
    withdraw_pledge(quito, when(2025, 6, 1))
    pledge(
        endorse(statement, "Accra", "GH"),
        "PACCRA",
        titles={"en": "Language classes"},
        status="under_way",
        decided_at=when(2025, 8, 1),
    )
    pledge(
        endorse(statement, "Kigali", "RW", state=EndorsementState.WITHDRAWN),
        "PKIGALI",
        titles={"en": "Hidden by withdrawal"},
        status="done",
    )
    lima = endorse(statement, "Lima", "PE")
    pledge(
        lima,
        "PLIMAR",
        state=RevisionState.REJECTED,
        titles={"en": "Rejected action"},
        reason=SECRET_REASON,
    )
    pledge(lima, "PLIMAP", state=RevisionState.PENDING, titles={"en": SECRET_PENDING})
    return statement
