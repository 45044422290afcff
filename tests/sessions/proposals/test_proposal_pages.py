"""Public pages of the call: the call page, starting a proposal, the secret-link page."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from forum.content import content_write
from registrations.enums import QuestionKind, QuestionTarget
from registrations.services.questions import answers_clean, question_create
from sessions.enums import ProposalState as S
from sessions.enums import SessionKind, SessionState
from sessions.models import Proposal, ProposalAnswer, ProposedSpeaker, ReviewCriterion
from sessions.services.proposals import ProposalSpeakerInput, proposal_update
from sessions.services.schedule import schedule_publish
from tests.sessions.factories import SessionFactory
from tests.sessions.proposals.conftest import details, make_call

pytestmark = pytest.mark.django_db


def call_url(lang="en"):
    return f"/{lang}/events/dakar-2031/call/"


def edit_url(token, lang="en"):
    return f"/{lang}/events/dakar-2031/proposals/{token}/"


def text(response) -> str:
    return response.content.decode()


def start_data(**overrides):
    return {
        "organisation": "",
        "new_organisation_name": "Réseau des villes côtières",
        "new_organisation_kind": "",
        "new_organisation_country": "SN",
        "new_organisation_website": "",
        "contact_name": "Awa Ndiaye",
        "contact_email": "awa@dakar.sn",
        "contact_language": "fr",
        **overrides,
    }


def edit_data(proposal, action="save", **overrides):
    data = {
        "action": action,
        "organisation": "",
        "new_organisation_name": proposal.new_organisation_name,
        "contact_name": proposal.contact_name,
        "contact_email": proposal.contact_email,
        "contact_language": proposal.contact_language,
        "title_fr": proposal.title_fr,
        "title_en": proposal.title_en,
        "abstract_fr": proposal.abstract_fr,
        "format": proposal.format,
        "track": str(proposal.track_id or ""),
        "languages": list(proposal.languages),
        "speakers-TOTAL_FORMS": "2",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "20",
        "speakers-0-name": "Fatou Sarr",
        "speakers-0-email": "fatou@example.org",
        **overrides,
    }
    return data


# --- The call page ---------------------------------------------------------------------------


def test_call_page_shows_the_call_in_the_event_zone(client, call, monkeypatch):
    call.opens_at = datetime(2031, 1, 5, 9, 0, tzinfo=UTC)
    call.closes_at = datetime(2031, 2, 1, 18, 0, tzinfo=UTC)
    call.save()
    monkeypatch.setattr(timezone, "now", lambda: datetime(2031, 1, 20, tzinfo=UTC))

    page = text(client.get(call_url()))

    assert "Cities share what works." in page
    assert "(Africa/Dakar)" in page
    assert re.search(r'id="call-opens">Jan\. 5, 2031, 9 a\.m\. \(Africa/Dakar\)', page)
    assert re.search(r'id="call-formats">Side event, Workshop<', page)
    assert re.search(r'id="call-tracks"><span[^>]*>Water</span>, <span[^>]*>Housing</span><', page)
    assert re.search(r'id="call-languages">French, English<', page)
    assert "At most 2 proposals per organisation." in page
    assert re.findall(r'data-weight="(\d+)"><strong[^>]*>(\w+)<', page) == [
        ("3", "Relevance"),
        ("1", "Feasibility"),
    ]
    assert 'id="proposal-start"' in page
    assert 'data-status="open"' in page


def test_call_page_guidelines_in_the_page_language_else_the_events(client, call):
    assert "Les villes partagent ce qui marche." in text(client.get(call_url("fr")))
    # No Spanish text: the event's first language (French) instead, marked as such.
    spanish = text(client.get(call_url("es")))
    assert 'lang="fr"' in spanish
    assert "Les villes partagent ce qui marche." in spanish


def test_call_page_closed_and_not_yet_open(client, call, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: call.closes_at)
    closed = text(client.get(call_url()))
    monkeypatch.setattr(timezone, "now", lambda: call.opens_at - timedelta(seconds=1))
    early = text(client.get(call_url()))

    assert ('id="call-closed"' in closed, 'id="proposal-start"' in closed) == (True, False)
    assert ('id="call-not-open"' in early, 'id="proposal-start"' in early) == (True, False)


def test_unpublished_call_is_not_found_and_not_linked(client, dakar):
    make_call(dakar, published=False)

    assert client.get(call_url()).status_code == 404
    assert 'id="call-link"' not in text(client.get("/en/events/dakar-2031/"))


def test_event_page_links_the_published_call(client, call):
    assert 'href="/en/events/dakar-2031/call/" id="call-link"' in text(
        client.get("/en/events/dakar-2031/")
    )


def accepted(call, propose, title, state=SessionState.CONFIRMED):
    proposal, _ = propose()
    session = SessionFactory(
        event=call.event, title=title, kind=SessionKind.SIDE_EVENT, state=state
    )
    Proposal.objects.filter(pk=proposal.pk).update(state=S.ACCEPTED, session=session)
    return session


def test_call_page_lists_accepted_side_events_from_the_published_programme_only(
    client, call, propose
):
    published = accepted(call, propose, "Water in Dakar")
    draft = accepted(call, propose, "Housing draft", state=SessionState.DRAFT)
    schedule_publish(event=call.event, comment="", user=None)
    later = accepted(call, propose, "Added after publishing")
    other = SessionFactory(event=call.event, title="Opening plenary")

    page = text(client.get(call_url()))

    assert re.findall(r'data-session-code="(\w+)"', page) == [published.code]
    assert f'href="/en/events/dakar-2031/programme/sessions/{published.code}/"' in page
    for hidden in (draft, later, other):
        assert str(hidden.title) not in page
    # Nothing of any proposal: not its contact, organisation or title.
    for private in ("awa@dakar.sn", "Awa Ndiaye", "Réseau des villes côtières", "L’eau en ville"):
        assert private not in page


@pytest.mark.parametrize("count", [1, 3])
def test_call_page_query_count(client, call, propose, django_assert_num_queries, count):
    for n in range(count):
        accepted(call, propose, f"Side event {n}")
        with content_write():
            ReviewCriterion.objects.create(call=call, name_en=f"Extra {n}", order=5 + n)
    schedule_publish(event=call.event, comment="", user=None)

    # event, call, its tracks, its criteria, the latest version, the accepted sessions'
    # codes, the start form's directory of organisations
    with django_assert_num_queries(7):
        response = client.get(call_url())

    assert len(re.findall(r"data-session-code=", text(response))) == count


# --- Starting a proposal -----------------------------------------------------------------------


def test_start_form_creates_a_draft_and_opens_its_page(
    client, call, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{call_url()}propose/", start_data())

    proposal = Proposal.objects.get()
    token = re.search(r"/proposals/([^/]+)/", response["Location"]).group(1)
    assert response["Location"] == edit_url(token)
    assert (proposal.state, proposal.new_organisation_name, proposal.contact_email) == (
        S.DRAFT,
        "Réseau des villes côtières",
        "awa@dakar.sn",
    )
    assert [m.to for m in mailoutbox] == [["awa@dakar.sn"]]
    assert edit_url(token, "fr") in mailoutbox[0].body


def test_start_form_needs_an_organisation(client, call):
    response = client.post(f"{call_url()}propose/", start_data(new_organisation_name=""))

    assert "Choose your organisation in the directory, or name a new one below." in text(response)
    assert not Proposal.objects.exists()


def test_start_form_with_a_directory_organisation(client, call, city):
    client.post(f"{call_url()}propose/", start_data(organisation=str(city.pk)))

    proposal = Proposal.objects.get()
    assert (proposal.organisation, proposal.new_organisation_name) == (city, "")


def test_start_refused_once_closed(client, call, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: call.closes_at)

    response = client.post(f"{call_url()}propose/", start_data())

    assert 'data-status="closed"' in text(response)
    assert not Proposal.objects.exists()


def test_start_rate_limited_per_address(client, call, settings):
    settings.FORUM_PROPOSAL_RATE = "2/h"
    codes = [
        client.post(f"{call_url()}propose/", start_data(), REMOTE_ADDR="192.0.2.1").status_code
        for _ in range(3)
    ]
    other = client.post(f"{call_url()}propose/", start_data(), REMOTE_ADDR="192.0.2.2")

    assert (codes, other.status_code) == ([302, 302, 429], 302)
    assert Proposal.objects.count() == 3


# --- The proposal's page ---------------------------------------------------------------------


def test_unknown_or_forged_token_is_not_found(client, call, propose):
    _proposal, token = propose()

    for forged in ("nope", token[:-2] + "xx", token.upper()):
        response = client.get(edit_url(forged))
        assert response.status_code == 404
        assert 'id="link-invalid"' in text(response)
    assert client.get("/en/events/other/proposals/" + token + "/").status_code == 404


def test_page_shows_the_proposal_editable(client, call, propose):
    _proposal, token = propose(speakers=["Fatou Sarr"])

    page = text(client.get(edit_url(token)))

    assert 'data-state="draft"' in page
    assert 'value="L’eau en ville"' in page
    assert 'value="Fatou Sarr"' in page
    assert 'name="action" value="submit"' in page
    assert 'id="proposal-withdraw"' in page
    # The event's three days as check boxes.
    assert re.findall(r'name="preferred_days" value="([\d-]+)"', page) == [
        "2031-03-10",
        "2031-03-11",
        "2031-03-12",
    ]


def test_save_draft_then_submit_through_the_page(client, call, propose):
    proposal, token = propose()

    client.post(edit_url(token), edit_data(proposal, title_en="Water, Dakar"))
    proposal.refresh_from_db()
    assert (proposal.state, proposal.title_en) == (S.DRAFT, "Water, Dakar")
    assert list(proposal.speakers.values_list("name", "email")) == [
        ("Fatou Sarr", "fatou@example.org")
    ]

    response = client.post(edit_url(token), edit_data(proposal, action="submit"))
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).state == S.SUBMITTED


def test_submit_of_an_incomplete_draft_saves_it_and_says_what_is_missing(client, call, propose):
    proposal, token = propose()

    response = client.post(
        edit_url(token), edit_data(proposal, action="submit", abstract_fr="", format="")
    )

    page = text(response)
    assert "Describe the side event, in at least one language." in page
    assert "Your changes are saved, but not submitted." in page
    proposal.refresh_from_db()
    assert (proposal.state, proposal.abstract_fr) == (S.DRAFT, "")


def test_withdraw_needs_the_confirmation(client, call, propose):
    proposal, token = propose()

    client.post(edit_url(token), {"action": "withdraw"})
    assert Proposal.objects.get(pk=proposal.pk).state == S.DRAFT

    client.post(edit_url(token), {"action": "withdraw", "confirm": "yes"})
    assert Proposal.objects.get(pk=proposal.pk).state == S.WITHDRAWN


def test_edit_after_close_refused_in_the_page_language_and_nothing_written(
    client, call, propose, monkeypatch
):
    proposal, token = propose()
    monkeypatch.setattr(timezone, "now", lambda: call.closes_at)

    get = text(client.get(edit_url(token, "fr")))
    response = client.post(edit_url(token, "fr"), edit_data(proposal, contact_name="Trop tard"))

    assert 'id="read-only"' in get and 'value="submit"' not in get
    assert "disabled" in get
    page = text(response)
    assert response.status_code == 200
    assert (
        "L’appel à propositions d’événements parallèles est clos : les propositions ne "
        "peuvent plus être modifiées."
    ) in " ".join(page.split())
    proposal.refresh_from_db()
    assert proposal.contact_name == "Awa Ndiaye"


def test_decided_proposal_is_read_only(client, call, propose):
    proposal, token = propose()
    Proposal.objects.filter(pk=proposal.pk).update(state=S.REJECTED)

    page = text(client.get(edit_url(token)))

    assert ('data-state="rejected"' in page, 'id="read-only"' in page) == (True, True)
    assert 'value="save"' not in page
    assert 'id="proposal-withdraw"' in page


def test_page_never_logs_the_token_or_the_contact(client, call, propose, caplog):
    proposal, token = propose()
    caplog.clear()

    client.post(edit_url(token), edit_data(proposal))
    client.get(edit_url("forged-token"))

    logged = " ".join(record.getMessage() for record in caplog.records)
    for secret in (token, "forged-token", "awa@dakar.sn", "Awa Ndiaye"):
        assert secret not in logged


def with_rows(call, proposal, count):
    questions = [
        question_create(
            event=call.event,
            kind=QuestionKind.MULTIPLE_CHOICE,
            label={"en": f"Needs {n}?"},
            options=[{"en": "Screen"}, {"en": "Microphones"}],
            target=QuestionTarget.PROPOSAL,
        )
        for n in range(count)
    ]
    raw = {q.pk: [str(q.options.first().pk)] for q in questions}
    answers = answers_clean(questions, raw)
    proposal_update(
        proposal=proposal,
        details=details(call),
        speakers=[ProposalSpeakerInput(name=f"Speaker {n}") for n in range(count)],
        answers=answers,
    )


@pytest.mark.parametrize("count", [1, 4])
def test_proposal_page_query_count(client, call, propose, django_assert_num_queries, count):
    proposal, token = propose()
    with_rows(call, proposal, count)
    assert (ProposedSpeaker.objects.count(), ProposalAnswer.objects.count()) == (count, count)

    # event, proposal; call, its tracks, its criteria; questions, their options and
    # categories; answers, their options; speakers; co-organisers; the form's selects:
    # organisations, tracks, co-organisers
    with django_assert_num_queries(15):
        response = client.get(edit_url(token))

    assert len(re.findall(r'value="Speaker \d"', text(response))) == count


def test_preferred_days_posted_and_kept(client, call, propose):
    proposal, token = propose()

    client.post(edit_url(token), edit_data(proposal, preferred_days=["2031-03-11", "2031-03-10"]))

    assert Proposal.objects.get(pk=proposal.pk).preferred_days == ["2031-03-10", "2031-03-11"]
    assert date(2031, 3, 10) == call.event.start_date
