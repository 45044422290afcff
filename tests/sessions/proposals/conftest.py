"""Fixtures of the call for side events: an edition in Dakar (fr/en/es) with tracks, an open
published call with criteria, and helpers making proposals through the services."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from events.enums import EventStatus
from forum.content import content_write
from sessions.enums import SessionKind
from sessions.models import CallForProposals, ReviewCriterion
from sessions.services import proposals as service
from sessions.services.proposals import ProposalDetails, ProposalSpeakerInput, proposal_start
from tests.concurrency import read_without_lock
from tests.factories import EventFactory, OrganisationFactory
from tests.sessions.factories import TrackFactory


@pytest.fixture
def dakar():
    return EventFactory(
        name="Forum des maires 2031",
        slug="dakar-2031",
        host_city="Dakar",
        host_country="SN",
        timezone="Africa/Dakar",
        languages=["fr", "en", "es"],
        start_date=date(2031, 3, 10),
        end_date=date(2031, 3, 12),
        status=EventStatus.PUBLISHED,
    )


@pytest.fixture
def tracks(dakar):
    return [
        TrackFactory(event=dakar, name="Water", order=0),
        TrackFactory(event=dakar, name="Housing", order=1),
        TrackFactory(event=dakar, name="Mobility", order=2),
    ]


def make_call(event, tracks=(), **overrides) -> CallForProposals:
    now = datetime.now(UTC)
    values = {
        "opens_at": now - timedelta(days=10),
        "closes_at": now + timedelta(days=10),
        "published": True,
        "formats": [SessionKind.SIDE_EVENT.value, SessionKind.WORKSHOP.value],
        "languages": ["fr", "en"],
        "max_per_organisation": 2,
        **overrides,
    }
    with content_write():
        call = CallForProposals.objects.create(
            event=event,
            guidelines_en="Cities share what works.",
            guidelines_fr="Les villes partagent ce qui marche.",
            **values,
        )
    call.tracks.set(tracks)
    return call


@pytest.fixture
def call(dakar, tracks):
    """Open since ten days, closing in ten; offers the first two tracks; two criteria."""
    call = make_call(dakar, tracks[:2])
    with content_write():
        ReviewCriterion.objects.create(
            call=call, name_en="Relevance", name_fr="Pertinence", weight=3, order=0
        )
        ReviewCriterion.objects.create(call=call, name_en="Feasibility", weight=1, order=1)
    return call


@pytest.fixture
def city():
    return OrganisationFactory(name="Ville de Dakar", country="SN")


def details(call, **overrides) -> ProposalDetails:
    """Complete details for ``call``: submittable as they are."""
    values = {
        "contact_name": "Awa Ndiaye",
        "contact_email": "awa@dakar.sn",
        "contact_language": "fr",
        "new_organisation_name": "Réseau des villes côtières",
        "title": {"fr": "L’eau en ville", "en": "Water in cities"},
        "abstract": {"fr": "Des maires comparent leurs réseaux."},
        "format": SessionKind.SIDE_EVENT.value,
        "track": call.tracks.order_by("order").first(),
        "languages": ("fr",),
        **overrides,
    }
    return ProposalDetails(**values)


@pytest.fixture
def propose(call):
    """propose(**details overrides) -> (draft proposal, raw token), started through the
    service; ``speakers`` a list of names."""

    def make(speakers=(), answers=None, on=None, **overrides):
        return proposal_start(
            call=on or call,
            details=details(on or call, **overrides),
            speakers=[ProposalSpeakerInput(name=name) for name in speakers],
            answers=answers,
        )

    return make


@pytest.fixture
def slow_count(monkeypatch):
    """Counting the organisation's proposals takes a moment, so racing submissions overlap
    between the count and the write."""
    count = service.organisation_proposals_count

    def counted_then_slow(**kwargs):
        counted = count(**kwargs)
        time.sleep(0.05)
        return counted

    monkeypatch.setattr(service, "organisation_proposals_count", counted_then_slow)


@pytest.fixture
def without_row_locks(monkeypatch):
    """The service reads the rows it would lock, without locking them (negative control)."""
    monkeypatch.setattr(service, "lock_one", read_without_lock)
