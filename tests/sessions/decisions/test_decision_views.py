"""A proposal's page for organisers: everything it says, its reviews per criterion, the
decision log, and its decision, duplicate and organisation forms; the session's link back;
who gets in; its query count whatever the number of reviews."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from events.models import Organisation
from registrations.enums import QuestionKind, QuestionTarget
from registrations.models import Question, QuestionOption
from sessions.enums import ProposalState
from sessions.models import Proposal, ProposalAnswer, Session, Speaker
from sessions.services.decisions import proposals_decide
from tests.factories import EventFactory, OrganisationFactory, UserFactory
from tests.sessions.decisions.builders import call_for, proposal_for, review_of

pytestmark = pytest.mark.django_db

S = ProposalState


@pytest.fixture
def call(event):
    return call_for(event)


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, can_manage_programme=True)
    user.first_name, user.last_name = "Fatou", "Sow"
    user.save()
    client.force_login(user)
    return user


def page_url(proposal) -> str:
    return reverse(
        "programme_manage:proposal_detail",
        kwargs={"event_slug": proposal.event.slug, "code": proposal.code},
    )


def section(response, element_id: str, end: str) -> str:
    """The page from the element ``element_id`` to the next ``end`` (its closing tag)."""
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    return html[start : html.index(end, start)]


def test_proposal_page_shows_everything(client, call, manager):
    city, partner = (
        OrganisationFactory(name="Ville de Dakar"),
        OrganisationFactory(name="ONU-Habitat"),
    )
    proposal = proposal_for(
        call,
        organisation=city,
        speakers=[("Aminata Touré", "aminata@dakar.sn")],
        other_co_organisers="Slum Dwellers International",
    )
    proposal.co_organisers.add(partner)
    question = Question.objects.create(
        event=call.event, target=QuestionTarget.PROPOSAL, kind=QuestionKind.CHOICE, label="Budget"
    )
    option = QuestionOption.objects.create(question=question, label="Under 10 000 USD")
    answer = ProposalAnswer.objects.create(proposal=proposal, question=question, value=option.pk)
    answer.options.add(option)
    reviewer = UserFactory(username="moussa", first_name="Moussa", last_name="Ba")
    review_of(proposal, scores=[4, 2], reviewer=reviewer, comment="Clear budget")
    duplicate = proposal_for(call, duplicate_of=proposal)

    response = client.get(page_url(proposal))

    html = response.content.decode()
    assert proposal.title_en in html
    assert "Ville de Dakar" in section(response, "proposal-organisation", "</dd>")
    assert "ONU-Habitat, Slum Dwellers International" in html
    assert "Aminata Touré" in section(response, "proposal-speakers", "</ul>")
    assert "<dt>Budget</dt><dd>Under 10 000 USD</dd>" in html
    review = re.search(r'<tr data-reviewer="moussa">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", review) == [
        "Moussa Ba",
        "4",
        "2",
        "2.67",
        "Clear budget",
    ]
    assert f">{duplicate.code}</code>" in section(response, "proposal-duplicates", "</p>")
    assert "No decision yet." in html
    assert "Mean score 2.67 ± 0.00 from 1 review." in html


def test_decide_on_the_page_twice_creates_one_session_and_logs_who_when_why(
    client, call, manager, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = proposal_for(call, speakers=[("Aminata Touré", "aminata@dakar.sn")])
    post = {"action": "decide", "decision": "accepted", "note": "Strong partnership"}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(page_url(proposal), post, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page_url(proposal), post, follow=True)

    proposal.refresh_from_db()
    assert Session.objects.count() == 1
    assert proposal.session is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [proposal.contact_email, "aminata@dakar.sn"]
    )
    assert "1 proposal accepted" in first.content.decode()
    page = client.get(page_url(proposal))
    log = section(page, "decision-log", "</ol>")
    assert "Fatou Sow" in log and "decided" in log and "Strong partnership" in log
    assert f">{proposal.session.code}</code>" in section(page, "proposal-session", "</p>")
    assert 'id="proposal-decide-form"' not in page.content.decode()


def test_session_page_links_back_to_its_proposal(client, call, manager):
    proposal = proposal_for(call)
    proposals_decide(event=call.event, proposals=[proposal], decision=S.ACCEPTED, user=manager)
    session = Proposal.objects.get(pk=proposal.pk).session
    plain = Session.objects.create(event=call.event, code="S-PLAIN", title="Plain", kind="panel")

    edit = reverse(
        "programme_manage:session_edit",
        kwargs={"event_slug": call.event.slug, "code": session.code},
    )
    response = client.get(edit)
    other = client.get(edit.replace(session.code, plain.code))

    assert f'From proposal <a href="{page_url(proposal)}"><code>{proposal.code}</code></a>' in (
        response.content.decode()
    )
    assert 'id="session-proposal"' not in other.content.decode()


def test_refused_decision_on_the_page_is_shown(client, call, manager):
    proposal = proposal_for(call, state=S.WITHDRAWN)

    response = client.post(
        page_url(proposal), {"action": "decide", "decision": "rejected"}, follow=True
    )

    assert f"{proposal.code} cannot be given this decision" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).state == S.WITHDRAWN


def test_mark_and_clear_a_duplicate_on_the_page(client, call, manager):
    proposal, original = proposal_for(call), proposal_for(call)

    client.post(page_url(proposal), {"action": "duplicate", "duplicate_of": original.pk})
    marked = Proposal.objects.get(pk=proposal.pk).duplicate_of_id
    client.post(page_url(proposal), {"action": "duplicate", "duplicate_of": ""})

    assert marked == original.pk
    assert Proposal.objects.get(pk=proposal.pk).duplicate_of_id is None


def test_resolve_the_organisation_on_the_page(client, call, manager):
    added = proposal_for(
        call,
        new_organisation_name="Réseau des villes",
        new_organisation_kind="civil_society",
        new_organisation_country="SN",
    )
    linked = proposal_for(call, new_organisation_name="Dakar city hall")
    city = OrganisationFactory(name="Ville de Dakar")

    client.post(page_url(added), {"action": "organisation", "organisation": ""})
    client.post(page_url(linked), {"action": "organisation", "organisation": city.pk})

    assert Proposal.objects.get(pk=added.pk).organisation.name == "Réseau des villes"
    assert Proposal.objects.get(pk=linked.pk).organisation == city
    assert Organisation.objects.count() == 2
    page = client.get(page_url(linked))
    assert "proposed as “Dakar city hall”" in section(page, "proposal-organisation", "</dd>")


@pytest.mark.parametrize("reviews", [2, 12])
def test_proposal_page_query_count_is_independent_of_reviews(
    client, call, manager, django_assert_num_queries, reviews
):
    proposal = proposal_for(
        call, speakers=[(f"Speaker {i}", f"s{i}@example.org") for i in range(reviews)]
    )
    proposal.co_organisers.add(*[OrganisationFactory() for _ in range(reviews)])
    for _ in range(reviews):
        proposal_for(call, duplicate_of=proposal)
    for _ in range(reviews):
        review_of(proposal, scores=[3, 4])
    for i in range(reviews):
        question = Question.objects.create(
            event=call.event,
            target=QuestionTarget.PROPOSAL,
            kind=QuestionKind.CHOICE,
            label=f"Q{i}",
        )
        option = QuestionOption.objects.create(question=question, label=f"Option {i}")
        answer = ProposalAnswer.objects.create(
            proposal=proposal, question=question, value=option.pk
        )
        answer.options.add(option)
    proposals_decide(event=call.event, proposals=[proposal], decision=S.ACCEPTED, user=manager)
    Speaker.objects.update(invited_at=None)

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(proposal))

    assert response.content.decode().count("<tr data-reviewer=") == reviews


# Session and user (2), the event and the team flags (2), the proposal with its scores (1),
# co-organisers, speakers, answers, their options, reviews, their scores, duplicates (7),
# criteria (1), the audit entries (1), the choices of the duplicate and organisation forms (2).
PAGE_QUERIES = 16


@pytest.mark.parametrize("flags", [{"can_review_proposals": True}, {"can_manage_programme": False}])
def test_proposal_page_404_for_reviewers_and_others(client, call, organiser_of, flags):
    proposal = proposal_for(call)
    client.force_login(organiser_of(call.event, **flags))

    response = client.get(page_url(proposal))
    posted = client.post(page_url(proposal), {"action": "decide", "decision": "rejected"})

    assert (response.status_code, posted.status_code) == (404, 404)
    assert Proposal.objects.get(pk=proposal.pk).state == S.SUBMITTED


def test_proposal_page_404_for_another_events_organiser_and_drafts(client, call, organiser_of):
    proposal, draft = proposal_for(call), proposal_for(call, state=S.DRAFT)
    other_event = EventFactory()
    client.force_login(organiser_of(other_event, can_manage_programme=True))

    foreign = client.get(page_url(proposal))
    # Their own event's address with this event's code finds nothing either.
    crossed = client.get(
        reverse(
            "programme_manage:proposal_detail",
            kwargs={"event_slug": other_event.slug, "code": proposal.code},
        )
    )
    client.force_login(organiser_of(call.event, can_manage_programme=True))
    drafted = client.get(page_url(draft))

    assert (foreign.status_code, crossed.status_code, drafted.status_code) == (404, 404, 404)
    assert proposal.title_en not in crossed.content.decode()


def test_proposal_page_dates_are_in_the_events_zone(client, call, manager):
    """Quito is five hours behind UTC: a proposal submitted at 23:30 UTC was sent at 18:30."""
    call.event.timezone = "America/Guayaquil"
    call.event.save(update_fields=["timezone"])
    proposal = proposal_for(call, submitted_at=datetime(2031, 2, 1, 23, 30, tzinfo=UTC))

    page = client.get(page_url(proposal)).content.decode()

    assert "<dt>Submitted</dt><dd>Feb. 1, 2031, 6:30 p.m.</dd>" in page
