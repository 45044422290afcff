"""The organisers' overview of an event's proposals: state counts, filters, scores, the bulk
decision, who gets in, and its query count whatever the number of proposals and reviews."""

import re

import pytest
from django.urls import reverse

from sessions.enums import ProposalState
from sessions.models import Proposal, Session
from tests.factories import EventFactory, OrganisationFactory
from tests.sessions.decisions.builders import call_for, proposal_for, review_of
from tests.sessions.factories import TrackFactory

pytestmark = pytest.mark.django_db

S = ProposalState


@pytest.fixture
def call(event):
    return call_for(event)


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, can_manage_programme=True)
    client.force_login(user)
    return user


def overview_url(event) -> str:
    return reverse("programme_manage:proposals", kwargs={"event_slug": event.slug})


def codes(response) -> list[str]:
    return re.findall(r'data-proposal-code="([^"]*)"', response.content.decode())


def row(response, code: str) -> str:
    html = response.content.decode()
    start = html.index(f'data-proposal-code="{code}"')
    return html[start : html.index("</tr>", start)]


def test_overview_lists_sent_proposals_best_score_first(client, call, manager):
    city = OrganisationFactory(name="Ville de Dakar")
    best = proposal_for(call, code="P-BEST", organisation=city)
    middle = proposal_for(call, code="P-MID")
    proposal_for(call, code="P-NONE", state=S.WAITLISTED)
    proposal_for(call, code="P-DRAFT", state=S.DRAFT)
    review_of(best, scores=[5, 4])
    review_of(best, scores=[3, 4])
    review_of(middle, scores=[2, 2])
    middle.duplicate_of = best
    middle.save()

    response = client.get(overview_url(call.event))

    assert codes(response) == ["P-BEST", "P-MID", "P-NONE"]
    best_row = row(response, "P-BEST")
    # (5 + 2×4)/3 = 4.33 and (3 + 2×4)/3 = 3.67: mean 4.00, spread 0.33.
    assert re.search(r"<td data-score>([^<]*)</td>", best_row).group(1) == "4.00 ± 0.33"
    assert re.search(r"<td data-review-count>(\d+)</td>", best_row).group(1) == "2"
    assert "Ville de Dakar" in best_row and "data-pending-organisation" not in best_row
    middle_row = row(response, "P-MID")
    assert "data-pending-organisation" in middle_row
    assert f">{best.code}</code>" in middle_row
    assert re.search(r"<td data-score>([^<]*)</td>", row(response, "P-NONE")).group(1) == "—"
    counts = dict(
        re.findall(r'<li data-state="(\w+)">.*?<strong>(\d+)</strong>', response.content.decode())
    )
    assert counts == {
        "submitted": "2",
        "accepted": "0",
        "waitlisted": "1",
        "rejected": "0",
        "withdrawn": "0",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "waitlisted"}, ["P-C"]),
        ({"format": "side_event"}, ["P-B"]),
        ({"organisation": "pending"}, ["P-B", "P-C"]),
        ({"organisation": "directory"}, ["P-A"]),
        ({"duplicates": "marked"}, ["P-B"]),
        ({"duplicates": "with"}, ["P-A"]),
        ({"duplicates": "none"}, ["P-C"]),
        ({"q": "p-c"}, ["P-C"]),
        ({"q": "Dakar"}, ["P-A"]),
        ({"state": "nonsense"}, []),
    ],
)
def test_overview_filters(client, call, manager, query, expected):
    track = TrackFactory(event=call.event)
    a = proposal_for(call, code="P-A", organisation=OrganisationFactory(name="Ville de Dakar"))
    proposal_for(call, code="P-B", format="side_event", duplicate_of=a, track=track)
    proposal_for(call, code="P-C", state=S.WAITLISTED)

    assert sorted(codes(client.get(overview_url(call.event), query))) == expected
    assert codes(client.get(overview_url(call.event), {"track": track.pk})) == ["P-B"]


def test_bulk_decide_from_the_overview(
    client, call, manager, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = [proposal_for(call, speakers=[("Awa", "awa@example.org")]) for _ in range(2)]
    left = proposal_for(call)
    post = {
        "proposals": [p.pk for p in chosen],
        "decision": "accepted",
        "note": "Fits the housing track",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(overview_url(call.event) + "?state=submitted", post, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(overview_url(call.event), post, follow=True)

    assert response.redirect_chain == [(overview_url(call.event) + "?state=submitted", 302)]
    assert (
        "2 proposals accepted: their draft sessions are in the workspace."
        in response.content.decode()
    )
    assert "2 proposals already had this decision" in again.content.decode()
    assert list(Proposal.objects.order_by("pk").values_list("state", flat=True)) == [
        S.ACCEPTED,
        S.ACCEPTED,
        S.SUBMITTED,
    ]
    assert Session.objects.filter(event=call.event).count() == 2
    # Per proposal: the decision to its contact, the invitation to its one speaker (reused
    # by email for the second proposal, and invited once).
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [chosen[0].contact_email, chosen[1].contact_email, "awa@example.org"]
    )
    assert left.pk not in [p.pk for p in Proposal.objects.filter(session__isnull=False)]


def test_bulk_decide_refusal_is_shown_and_changes_nothing(client, call, manager):
    accepted = proposal_for(call, state=S.ACCEPTED)
    other = proposal_for(call)

    response = client.post(
        overview_url(call.event),
        {"proposals": [accepted.pk, other.pk], "decision": "rejected"},
        follow=True,
    )

    assert f"{accepted.code} cannot be given this decision" in response.content.decode()
    assert Proposal.objects.get(pk=other.pk).state == S.SUBMITTED


def test_bulk_decide_refuses_another_events_proposal(client, call, manager):
    stranger = proposal_for(call_for(EventFactory()))

    response = client.post(
        overview_url(call.event), {"proposals": [stranger.pk], "decision": "rejected"}, follow=True
    )

    assert "Select a valid choice." in response.content.decode()
    assert Proposal.objects.get(pk=stranger.pk).state == S.SUBMITTED


@pytest.mark.parametrize("proposals", [2, 12])
def test_overview_query_count_is_independent_of_proposals_and_reviews(
    client, call, manager, django_assert_num_queries, proposals
):
    track = TrackFactory(event=call.event)
    first = None
    for i in range(proposals):
        proposal = proposal_for(
            call,
            track=track,
            organisation=OrganisationFactory() if i % 2 else None,
            duplicate_of=first,
        )
        first = first or proposal
        for _ in range(i % 4):
            review_of(proposal, scores=[i % 6, 3])
    proposal_for(
        call,
        state=S.ACCEPTED,
        session=Session.objects.create(
            event=call.event, code=f"S-{proposals}", title="Accepted", kind="workshop"
        ),
    )

    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(overview_url(call.event))

    assert len(codes(response)) == proposals + 1


# Session and user (2), the event and the permission's team flags (2), tracks (1), the rows
# with their scores (1), the counts per state (1).
OVERVIEW_QUERIES = 7


@pytest.mark.parametrize("flags", [{"can_review_proposals": True}, {"can_manage_programme": False}])
def test_overview_404_for_reviewers_and_others(client, call, organiser_of, flags):
    client.force_login(organiser_of(call.event, **flags))

    response = client.get(overview_url(call.event))

    assert response.status_code == 404
    assert "data-proposal-code" not in response.content.decode()


def test_overview_404_for_another_events_organiser(client, call, organiser_of):
    proposal_for(call)
    client.force_login(organiser_of(EventFactory(), can_manage_programme=True))

    response = client.get(overview_url(call.event))
    posted = client.post(overview_url(call.event), {"decision": "rejected"})

    assert (response.status_code, posted.status_code) == (404, 404)
    assert Proposal.objects.get().state == S.SUBMITTED


def test_overview_export_as_filtered_and_formula_safe(client, call, manager):
    best = proposal_for(call, code="P-A", organisation=OrganisationFactory(name="=HYPERLINK(1)"))
    review_of(best, scores=[4, 4])
    proposal_for(call, code="P-B", state=S.WAITLISTED)

    response = client.get(
        reverse("programme_manage:proposals_export", kwargs={"event_slug": call.event.slug}),
        {"state": "submitted"},
    )

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == (
        'Reference,Title,Organisation,"New, to review",Format,Track,State,Mean score,Spread,'
        "Reviews,Duplicate of,Session"
    )
    assert lines[1:] == [
        f"P-A,{best.title_en},'=HYPERLINK(1),,Workshop,,Submitted,4.00,0.00,1,,",
    ]
