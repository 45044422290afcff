import csv
import io

import pytest
from django.urls import reverse

from events.models import Organisation
from registrations.models import Question
from sessions.models import ProposalAnswer, Review
from sessions.services.reviews import review_save
from tests.factories import EventFactory, OrganisationFactory
from tests.sessions.factories import TrackFactory
from tests.sessions.reviews.reviewdata import (
    add_speaker,
    affiliate,
    make_call,
    make_proposal,
    make_reviewer,
)

pytestmark = pytest.mark.django_db

SECRETS = (
    "City of Cuenca",  # proposer
    "Town of Azogues",  # co-organiser from the directory
    "Biblián Collective",  # co-organiser not in the directory
    "Ana Quispe",  # speaker
    "Mayor of Cuenca",  # speaker's position
    "Cuenca Water Utility",  # speaker's organisation
    "ana@cuenca.example",  # speaker's email
    "Rosa Contact",
    "rosa.contact@example.org",
    "+593 555 0101",
)


def url(name, event, **kwargs):
    return reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug, **kwargs})


def ids(call):
    return [criterion.pk for criterion in call.criteria.order_by("order")]


def org(name):
    return Organisation.objects.filter(name=name).first() or OrganisationFactory(name=name)


def a_proposal(call, code="P1", **fields):
    proposal = make_proposal(
        call,
        code=code,
        organisation=org("City of Cuenca"),
        co_organisers=[org("Town of Azogues")],
        other_co_organisers="Biblián Collective",
        title_fr="L'eau pour chaque quartier",
        **fields,
    )
    add_speaker(
        proposal,
        name="Ana Quispe",
        position="Mayor of Cuenca",
        organisation_name="Cuenca Water Utility",
        email="ana@cuenca.example",
    )
    return proposal


def page_of(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def reviewer_client(client, event):
    reviewer = make_reviewer(event, username="rita")
    client.force_login(reviewer)
    client.user = reviewer
    return client


def test_anonymised_call_names_nobody_on_any_reviewer_page_or_export(event, reviewer_client):
    call = make_call(event, anonymise=True)
    proposal = a_proposal(call)
    other = make_reviewer(event, username="omar")
    review_save(proposal=proposal, reviewer=other, scores=dict.fromkeys(ids(call), 3))

    pages = [
        page_of(reviewer_client, url("reviews", event)),
        page_of(reviewer_client, url("review_proposal", event, code="P1")),
        page_of(reviewer_client, url("review_ranking", event)),
        reviewer_client.get(url("review_ranking_csv", event)).content.decode(),
    ]

    for text in pages:
        assert [secret for secret in SECRETS if secret in text] == []
    assert "Water for every district" in pages[1]


def test_named_call_shows_who_proposes_but_never_the_contact(event, reviewer_client):
    call = make_call(event, anonymise=False)
    a_proposal(call)

    text = page_of(reviewer_client, url("review_proposal", event, code="P1"))

    assert [secret for secret in SECRETS if secret in text] == list(SECRETS[:6])
    assert "L&#x27;eau pour chaque quartier" in text  # the other language


def test_reviewer_never_sees_another_reviewers_comment(event, reviewer_client):
    call = make_call(event)
    proposal = a_proposal(call)
    other = make_reviewer(event, username="omar")
    review_save(
        proposal=proposal, reviewer=other, scores=dict.fromkeys(ids(call), 3), comment="Omar thinks"
    )

    for name, kwargs in (
        ("reviews", {}),
        ("review_proposal", {"code": "P1"}),
        ("review_ranking", {}),
    ):
        assert "Omar thinks" not in page_of(reviewer_client, url(name, event, **kwargs))


def test_only_non_personal_answers_are_shown(event, reviewer_client):
    call = make_call(event)
    proposal = a_proposal(call)
    shown = Question.objects.create(event=event, target="proposal", kind="text", label="Budget")
    hidden = Question.objects.create(
        event=event, target="proposal", kind="text", label="Passport", personal=True
    )
    ProposalAnswer.objects.create(proposal=proposal, question=shown, value="12000 USD")
    ProposalAnswer.objects.create(proposal=proposal, question=hidden, value="X1234567")

    text = page_of(reviewer_client, url("review_proposal", event, code="P1"))

    assert ("12000 USD" in text, "X1234567" in text) == (True, False)


def test_score_form_saves_the_review_and_the_queue_counts_it(event, reviewer_client):
    call = make_call(event, weights=(1, 3))
    a_proposal(call, code="P1")
    a_proposal(call, code="P2")
    first, second = ids(call)

    response = reviewer_client.post(
        url("review_proposal", event, code="P1"),
        {f"score_{first}": "4", f"score_{second}": "2", "comment": "Good"},
    )

    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.proposal.code, str(review.total), review.comment) == ("P1", "2.50", "Good")
    queue = reviewer_client.get(url("reviews", event))
    assert "1 of 2 reviewed" in queue.content.decode()
    assert [p.code for p in queue.context["proposals"]] == ["P1", "P2"]
    assert [p.my_total for p in queue.context["proposals"]] == [review.total, None]
    todo = reviewer_client.get(url("reviews", event), {"to_review": "on"})
    assert [p.code for p in todo.context["proposals"]] == ["P2"]


def test_score_out_of_range_is_shown_on_its_criterion(event, reviewer_client):
    call = make_call(event, weights=(1, 3))
    a_proposal(call)
    first, second = ids(call)

    response = reviewer_client.post(
        url("review_proposal", event, code="P1"), {f"score_{first}": "9", "comment": ""}
    )

    assert response.status_code == 200
    assert dict(response.context["form"].errors) == {
        f"score_{first}": ["Give a score from 0 to 5."],
        f"score_{second}": ["Score this criterion."],
    }
    assert Review.objects.count() == 0


def test_queue_filters_by_track(event, reviewer_client):
    call = make_call(event)
    water = TrackFactory(event=event, name="Water")
    a_proposal(call, code="W1", track=water)
    a_proposal(call, code="N1")

    response = reviewer_client.get(url("reviews", event), {"track": str(water.pk)})

    assert [p.code for p in response.context["proposals"]] == ["W1"]


@pytest.mark.parametrize("relation", ["proposer", "co_organiser"])
def test_conflicted_proposal_page_is_404(event, reviewer_client, relation):
    call = make_call(event)
    a_proposal(call)
    name = "City of Cuenca" if relation == "proposer" else "Town of Azogues"
    affiliate(event, reviewer_client.user, Organisation.objects.get(name=name))

    response = reviewer_client.get(url("review_proposal", event, code="P1"))
    queue = reviewer_client.get(url("reviews", event))

    assert (response.status_code, list(queue.context["proposals"])) == (404, [])


@pytest.mark.parametrize(
    "name", ["reviews", "review_proposal", "review_ranking", "review_ranking_csv"]
)
def test_other_events_organiser_and_organiser_without_the_flag_get_404(
    event, client, organiser_of, name
):
    call = make_call(event)
    a_proposal(call)
    kwargs = {"code": "P1"} if name == "review_proposal" else {}
    elsewhere = make_reviewer(EventFactory(), can_manage_programme=True)
    registrar = organiser_of(event, can_manage_registrations=True)

    statuses = []
    for user in (elsewhere, registrar):
        client.force_login(user)
        statuses.append(client.get(url(name, event, **kwargs)).status_code)

    assert statuses == [404, 404]


def test_ranking_orders_by_mean_then_spread(event, reviewer_client, organiser_of):
    call = make_call(event, anonymise=True, weights=(1,))
    others = [make_reviewer(event, username=f"r{i}") for i in range(2)]
    scored = {"A": (4, 4), "B": (5, 3), "C": (2, 2), "D": ()}
    for code, values in scored.items():
        proposal = a_proposal(call, code=code)
        for reviewer, value in zip(others, values, strict=False):
            review_save(proposal=proposal, reviewer=reviewer, scores={ids(call)[0]: value})

    response = reviewer_client.get(url("review_ranking", event))
    rows = [
        (p.code, p.review_count, str(p.score_mean)[:4], p.score_spread)
        for p in response.context["rows"]
    ]
    export = list(
        csv.reader(
            io.StringIO(reviewer_client.get(url("review_ranking_csv", event)).content.decode())
        )
    )

    assert [row[:2] for row in rows] == [("A", 2), ("B", 2), ("C", 2), ("D", 0)]
    assert [float(row[3]) if row[3] is not None else None for row in rows] == [0.0, 1.0, 0.0, None]
    assert [line[1] for line in export[1:]] == ["A", "B", "C", "D"]
    assert export[1][6:11] == ["2", "4.00", "4.00", "4.00", "0.00"]
    assert export[2][6:11] == ["2", "4.00", "3.00", "5.00", "1.00"]
    assert "Proposing organisation" not in export[0]


def test_manager_ranking_shows_the_proposer_and_each_reviewers_progress(
    event, client, organiser_of
):
    call = make_call(event, anonymise=True, weights=(1,))
    water = TrackFactory(event=event, name="Water")
    a_proposal(call, code="P1", track=water)
    a_proposal(call, code="P2")
    rita = make_reviewer(event, username="rita", team="Water team", tracks=[water])
    make_reviewer(event, username="omar")
    review_save(proposal=call.proposals.get(code="P1"), reviewer=rita, scores={ids(call)[0]: 3})
    manager = organiser_of(event, can_manage_programme=True)
    client.force_login(manager)

    response = client.get(url("review_ranking", event))

    assert [(r.username, r.assigned, r.reviewed) for r in response.context["reviewers"]] == [
        ("omar", 2, 0),
        ("rita", 1, 1),
    ]
    assert "City of Cuenca" in response.content.decode()


def _populate(event, count):
    call = make_call(event, weights=(1, 2))
    reviewers = [make_reviewer(event, username=f"rev{i}") for i in range(3)]
    for i in range(count):
        proposal = a_proposal(call, code=f"Q{i:02d}", track=TrackFactory(event=event))
        for n, reviewer in enumerate(reviewers):
            review_save(proposal=proposal, reviewer=reviewer, scores=dict.fromkeys(ids(call), n))
    return reviewers[0]


@pytest.mark.parametrize("count", [2, 12])
def test_queue_query_count_is_fixed(event, client, django_assert_num_queries, count):
    client.force_login(_populate(event, count))

    with django_assert_num_queries(7):
        response = client.get(url("reviews", event))

    assert len(response.context["proposals"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_ranking_query_count_is_fixed(event, client, django_assert_num_queries, count):
    client.force_login(_populate(event, count))

    with django_assert_num_queries(6):
        response = client.get(url("review_ranking", event))

    assert [p.review_count for p in response.context["rows"]] == [3] * count


@pytest.mark.parametrize("count", [2, 12])
def test_manager_ranking_query_count_is_fixed(
    event, client, organiser_of, django_assert_num_queries, count
):
    _populate(event, count)
    client.force_login(organiser_of(event, can_manage_programme=True))

    with django_assert_num_queries(6):
        response = client.get(url("review_ranking", event))

    assert len(response.context["rows"]) == count
    assert [r.assigned for r in response.context["reviewers"]] == [count] * 3


@pytest.mark.parametrize("count", [1, 3])
def test_proposal_page_query_count_is_fixed(
    event, reviewer_client, django_assert_num_queries, count
):
    call = make_call(event)
    proposal = a_proposal(call)
    for i in range(count):
        add_speaker(proposal, name=f"Speaker {i}")
        proposal.co_organisers.add(OrganisationFactory())

    with django_assert_num_queries(11):
        reviewer_client.get(url("review_proposal", event, code="P1"))


def test_my_score_is_shown_to_two_places_on_the_queue_and_the_ranking(event, reviewer_client):
    """A weighted mean such as 13/3 is kept as 4.33 and shown as 4.33, never as a float's
    digits."""
    call = make_call(event, weights=(1, 2))
    proposal = a_proposal(call, code="P7")
    first, second = ids(call)
    review_save(proposal=proposal, reviewer=reviewer_client.user, scores={first: 5, second: 4})

    cells = [
        page_of(reviewer_client, url(name, event)).split('data-proposal="P7"')[1].split("</tr>")[0]
        for name in ("reviews", "review_ranking")
    ]

    assert ["<td>4.33</td>" in cell for cell in cells] == [True, True]
    assert ["4.33000" in cell for cell in cells] == [False, False]
