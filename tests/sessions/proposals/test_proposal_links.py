"""A proposer who lost the proposal's secret link asks for a new one by the contact's email:
a pending link for each of the event's proposals under that address (not withdrawn), which
replaces the old link only on its first use."""

import re

import pytest
from django.core import mail

from events.enums import EventStatus
from registrations.services.registrations import registration_send_new_links
from sessions.enums import ProposalState
from sessions.models import Proposal
from sessions.selectors.proposals import proposal_get_by_token
from sessions.services.proposals import (
    proposal_link_open,
    proposal_send_new_links,
    proposal_withdraw,
)
from tests.factories import EventFactory
from tests.sessions.proposals.conftest import make_call

pytestmark = pytest.mark.django_db

MESSAGE = (
    "If a proposal under that address exists, a new link is on its way. "
    "Your current link keeps working until you use the new one."
)
LINK_PAGE = "/en/events/dakar-2031/call/link/"


def edit_url(token, lang="en", slug="dakar-2031"):
    return f"/{lang}/events/{slug}/proposals/{token}/"


def sent_tokens() -> list[str]:
    return [re.search(r"/proposals/([^/\s]+)/", m.body).group(1) for m in mail.outbox]


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send(event, email) -> count, running the emails queued at commit."""

    def run(event, email):
        with django_capture_on_commit_callbacks(execute=True):
            return proposal_send_new_links(event=event, email=email)

    return run


@pytest.fixture
def other_call():
    other = EventFactory(slug="abidjan-2031", status=EventStatus.PUBLISHED)
    return make_call(other)


# --- The service -----------------------------------------------------------------------------


def test_new_links_for_each_open_proposal_of_that_address_in_this_event_only(
    call, other_call, propose, send
):
    first, _ = propose()
    second, _ = propose(contact_email="Awa@Dakar.SN", title={"fr": "Logement"})
    withdrawn = proposal_withdraw(proposal=propose()[0])
    someone_else, _ = propose(contact_email="omar@dakar.sn")
    elsewhere, _ = propose(on=other_call, track=None)
    mail.outbox.clear()

    sent = send(call.event, " AWA@dakar.sn ")

    assert sent == 2
    assert [m.to for m in mail.outbox] == [["awa@dakar.sn"], ["Awa@Dakar.SN"]]
    pending = dict(Proposal.objects.values_list("pk", "pending_token_hash"))
    assert {pk for pk, digest in pending.items() if digest} == {first.pk, second.pk}
    assert (withdrawn.state, elsewhere.event_id) == (ProposalState.WITHDRAWN, other_call.event_id)
    assert pending[someone_else.pk] is None


def test_email_names_the_proposal_in_the_contacts_language(call, propose, send, settings):
    french, _ = propose()
    english, _ = propose(contact_language="en")
    mail.outbox.clear()

    send(call.event, "awa@dakar.sn")

    fr, en = sorted(mail.outbox, key=lambda m: "/fr/" not in m.body)
    fr_token, en_token = (re.search(r"/proposals/([^/\s]+)/", m.body).group(1) for m in (fr, en))
    assert (fr.to, en.to) == (["awa@dakar.sn"], ["awa@dakar.sn"])
    assert en.subject == (
        f"A new link to your side-event proposal {english.code} for Forum des maires 2031"
    )
    assert en.body.startswith("Dear Awa Ndiaye,\n")
    assert (
        f"You asked for a new link to your proposal “Water in cities” (reference "
        f"{english.code}) for a side event at Forum des maires 2031. Here it is:"
    ) in en.body
    assert f"{settings.SITE_URL}/en/events/dakar-2031/proposals/{en_token}/" in en.body
    assert (
        "Your current link keeps working until you use this new one; from then on, only the "
        "new link opens your proposal."
    ) in en.body
    assert fr.body.startswith("Bonjour Awa Ndiaye,\n")
    assert fr.subject == (
        f"Un nouveau lien vers votre proposition d’événement parallèle {french.code} pour "
        "Forum des maires 2031"
    )
    assert (
        f"Vous avez demandé un nouveau lien vers votre proposition « L’eau en ville » "
        f"(référence {french.code}) d’événement parallèle à Forum des maires 2031. Le voici :"
    ) in fr.body
    assert f"{settings.SITE_URL}/fr/events/dakar-2031/proposals/{fr_token}/" in fr.body
    assert "Avec nos remerciements," in fr.body


def test_old_link_opens_until_the_new_one_is_first_used(call, propose, send):
    proposal, old = propose()
    mail.outbox.clear()
    send(call.event, "awa@dakar.sn")
    (new,) = sent_tokens()

    with pytest.raises(Proposal.DoesNotExist):  # the selector only reads: pending opens nothing
        proposal_get_by_token(event=call.event, token=new)
    assert proposal_link_open(event=call.event, token=old) == proposal  # not yet replaced
    assert proposal_link_open(event=call.event, token=new) == proposal  # first use promotes
    with pytest.raises(Proposal.DoesNotExist):
        proposal_link_open(event=call.event, token=old)
    assert proposal_link_open(event=call.event, token=new) == proposal
    proposal.refresh_from_db()
    assert proposal.pending_token_hash is None


def test_only_the_last_requested_link_is_pending(call, propose, send):
    proposal, old = propose()
    mail.outbox.clear()
    send(call.event, "awa@dakar.sn")
    send(call.event, "awa@dakar.sn")
    first, second = sent_tokens()

    with pytest.raises(Proposal.DoesNotExist):  # superseded before it was used
        proposal_link_open(event=call.event, token=first)
    assert proposal_link_open(event=call.event, token=old) == proposal
    assert proposal_link_open(event=call.event, token=second) == proposal
    for token in (old, first):
        with pytest.raises(Proposal.DoesNotExist):
            proposal_link_open(event=call.event, token=token)


def test_a_pending_link_opens_nothing_in_another_event(call, other_call, propose, send):
    proposal, old = propose()
    mail.outbox.clear()
    send(call.event, "awa@dakar.sn")
    (new,) = sent_tokens()

    for token in (new, "", "x" * 500):
        with pytest.raises(Proposal.DoesNotExist):
            proposal_link_open(event=other_call.event, token=token)
    proposal.refresh_from_db()
    assert proposal.pending_token_hash is not None
    assert proposal_link_open(event=call.event, token=old) == proposal


def test_unknown_address_sends_nothing(call, propose, send):
    propose()
    mail.outbox.clear()

    assert send(call.event, "nobody@dakar.sn") == 0
    assert mail.outbox == []
    assert not Proposal.objects.filter(pending_token_hash__isnull=False).exists()


def test_rate_limited_per_email_known_or_not(call, propose, send, settings):
    settings.FORUM_NEW_LINK_RATE = "2/h"
    proposal, _ = propose()
    mail.outbox.clear()

    known = [send(call.event, email) for email in ("awa@dakar.sn", "AWA@dakar.sn", "awa@dakar.sn")]
    unknown = [send(call.event, "nobody@dakar.sn") for _ in range(3)]

    assert (known, unknown) == ([1, 1, 0], [0, 0, 0])
    assert len(mail.outbox) == 2
    proposal.refresh_from_db()
    assert proposal.pending_token_hash is not None  # the second request's, unchanged since


def test_rate_limit_is_not_the_registrations(call, propose, send, settings):
    """Asking for registration links under an address leaves its proposal links' count alone."""
    settings.FORUM_NEW_LINK_RATE = "1/h"
    propose()
    mail.outbox.clear()

    registration_send_new_links(event=call.event, email="awa@dakar.sn")
    registration_send_new_links(event=call.event, email="awa@dakar.sn")

    assert (send(call.event, "awa@dakar.sn"), send(call.event, "awa@dakar.sn")) == (1, 0)


# --- The pages -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_page_answers_the_same_whatever_the_address(client, call, propose):
    propose()
    mail.outbox.clear()

    form = client.get(LINK_PAGE).content.decode()
    known = client.post(LINK_PAGE, {"email": "awa@dakar.sn"}, follow=True)
    unknown = client.post(LINK_PAGE, {"email": "nobody@dakar.sn"}, follow=True)

    assert 'id="proposal-link-request"' in form and 'name="email"' in form
    assert known.redirect_chain == [(LINK_PAGE, 302)] == unknown.redirect_chain
    assert [str(m) for m in known.context["messages"]] == [MESSAGE]
    assert [str(m) for m in unknown.context["messages"]] == [MESSAGE]
    assert [m.to for m in mail.outbox] == [["awa@dakar.sn"]]


def test_page_refuses_an_invalid_address(client, call, propose):
    propose()
    mail.outbox.clear()

    response = client.post(LINK_PAGE, {"email": "not-an-address"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    assert mail.outbox == []


def test_new_link_through_the_pages(client, call, propose, django_capture_on_commit_callbacks):
    proposal, old = propose()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LINK_PAGE, {"email": "awa@dakar.sn"})
    (new,) = sent_tokens()

    before = client.get(edit_url(old))
    first = client.get(edit_url(new))
    after = client.get(edit_url(old))
    again = client.get(edit_url(new))

    assert (before.status_code, before.context["proposal"]) == (200, proposal)
    assert (first.status_code, first.context["proposal"]) == (200, proposal)
    assert (after.status_code, 'id="link-invalid"' in after.content.decode()) == (404, True)
    assert (again.status_code, again.context["proposal"]) == (200, proposal)


def test_page_rate_limited_per_client_address_on_its_own_key(client, call, settings):
    settings.FORUM_NEW_LINK_ADDRESS_RATE = "2/h"
    register_link = "/en/events/dakar-2031/register/link/"
    registration_codes = [
        client.post(register_link, {"email": "a@b.sn"}, REMOTE_ADDR="192.0.2.1").status_code
        for _ in range(3)
    ]
    codes = [
        client.post(LINK_PAGE, {"email": f"{n}@b.sn"}, REMOTE_ADDR="192.0.2.1").status_code
        for n in range(3)
    ]
    other = client.post(LINK_PAGE, {"email": "a@b.sn"}, REMOTE_ADDR="192.0.2.2")

    assert (registration_codes, codes, other.status_code) == (
        [302, 302, 429],
        [302, 302, 429],
        302,
    )


def test_page_not_found_without_a_published_call(client, call):
    call.published = False
    call.save(update_fields=["published"])

    assert client.get(LINK_PAGE).status_code == 404
    assert client.post(LINK_PAGE, {"email": "awa@dakar.sn"}).status_code == 404


def test_call_page_and_invalid_link_page_link_to_it(client, call):
    link = f'<p id="proposal-link-lost"><a href="{LINK_PAGE}">Lost your proposal\'s link?</a>'

    call_page = client.get("/en/events/dakar-2031/call/").content.decode()
    invalid = client.get(edit_url("forged"))

    assert link in call_page
    assert (invalid.status_code, link in invalid.content.decode()) == (404, True)


def test_forged_token_still_not_found(client, call, propose, send):
    _proposal, token = propose()
    send(call.event, "awa@dakar.sn")

    for forged in ("nope", token[:-2] + "xx", token.upper(), "x" * 500):
        response = client.get(edit_url(forged))
        assert (response.status_code, 'id="link-invalid"' in response.content.decode()) == (
            404,
            True,
        )
    assert client.get(edit_url(token, slug="abidjan-2031")).status_code == 404


def test_first_use_of_a_new_link_costs_only_its_promotion(
    client, call, propose, send, django_assert_num_queries
):
    _proposal, _old = propose()
    mail.outbox.clear()
    send(call.event, "awa@dakar.sn")
    (new,) = sent_tokens()

    # The proposal page without questions nor answers: 12 (test_proposal_pages pins 15 with
    # them). Its first use adds 4: the read that misses, the promotion (savepoint, update,
    # release), and the read again.
    with django_assert_num_queries(16):
        first = client.get(edit_url(new))
    with django_assert_num_queries(12):
        again = client.get(edit_url(new))

    assert (first.status_code, again.status_code) == (200, 200)
