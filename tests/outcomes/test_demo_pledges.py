"""The local actions pledged by the Quezon City declaration's signatories once loaded by
seed_demo through the pledge services."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum.demo.pledge_texts import WITHDRAWN_ENDORSEMENT
from outcomes.enums import EndorsementState, PledgeState, RevisionState
from outcomes.models import Endorsement, Pledge, PledgeRevision, Statement
from sessions.models import Track

pytestmark = pytest.mark.django_db


def seed() -> Statement:
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    return Statement.objects.get(event__slug="mayoral-forum-quezon-city", slug="declaration")


def state(statement: Statement) -> tuple:
    return (
        sorted(
            Pledge.objects.filter(statement=statement).values_list(
                "code", "state", "published_at", "withdrawn_at"
            )
        ),
        sorted(
            PledgeRevision.objects.filter(pledge__statement=statement).values_list(
                "pledge__code", "number", "state", "status", "decided_at"
            )
        ),
        sorted(Endorsement.objects.values_list("organisation__name", "state")),
    )


def test_demo_pledges_states_history_and_idempotent():
    statement = seed()
    first = state(statement)
    pledges = Pledge.objects.filter(statement=statement).select_related("endorsement")

    assert pledges.count() == 25
    assert pledges.values("organisation").distinct().count() == 15
    assert Counter((p.state, p.endorsement.state) for p in pledges) == {
        (PledgeState.PUBLISHED, EndorsementState.PUBLISHED): 18,
        (PledgeState.PENDING, EndorsementState.PUBLISHED): 3,
        (PledgeState.REJECTED, EndorsementState.PUBLISHED): 2,
        (PledgeState.WITHDRAWN, EndorsementState.PUBLISHED): 1,
        (PledgeState.PUBLISHED, EndorsementState.WITHDRAWN): 1,
    }
    hidden = pledges.get(endorsement__state=EndorsementState.WITHDRAWN)
    assert hidden.organisation.name == WITHDRAWN_ENDORSEMENT
    revisions = PledgeRevision.objects.filter(pledge__statement=statement)
    assert Counter(revisions.values_list("state", flat=True)) == {
        RevisionState.APPROVED: 33,
        RevisionState.PENDING: 4,  # three new pledges and one update
        RevisionState.REJECTED: 2,
    }
    assert all(r.reason for r in revisions.filter(state=RevisionState.REJECTED))
    # Every theme is one of the edition's tracks; every revision was reviewed by the organiser.
    tracks = set(Track.objects.filter(event=statement.event).values_list("pk", flat=True))
    assert set(revisions.values_list("track", flat=True)) <= tracks
    assert set(
        revisions.exclude(decided_by=None).values_list("decided_by__username", flat=True)
    ) == {"organiser"}
    # Progress over the months since adoption: each approved update moves the status on.
    order = ["planned", "under_way", "done"]
    histories = 0
    for pledge in pledges.filter(state=PledgeState.PUBLISHED):
        approved = list(pledge.revisions.filter(state=RevisionState.APPROVED).order_by("number"))
        assert pledge.published_revision == approved[-1]
        assert pledge.published_at == approved[0].decided_at
        dates = [r.decided_at for r in approved]
        assert dates == sorted(dates)
        assert statement.adopted_on < dates[0].date() and dates[-1] < timezone.now()
        statuses = [order.index(r.status) for r in approved]
        assert statuses == sorted(set(statuses))
        histories += len(approved) > 1
    assert histories == 11
    # Texts in the signatory's language, several translated.
    languages = Counter(
        tuple(code for code in ("en", "fr", "es") if getattr(r, f"title_{code}"))
        for r in revisions.filter(number=1)
    )
    assert languages == {
        ("en",): 8,
        ("fr",): 4,
        ("es",): 4,
        ("en", "fr"): 4,
        ("en", "es"): 4,
        ("en", "fr", "es"): 1,
    }

    assert state(seed()) == first
