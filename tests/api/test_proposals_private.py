"""Proposals are never public: a partner key, however scoped, reads nothing of them, and the
draft session an accepted proposal becomes stays out of the API until it is published."""

import pytest

from api.enums import PartnerScope
from api.services.keys import partner_key_create
from sessions.enums import SessionState
from sessions.services.decisions import proposal_accept
from tests.api.conftest import url
from tests.api.test_privacy import ENDPOINTS
from tests.sessions.decisions.builders import call_for, proposal_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(event, programme):
    call = call_for(event)
    proposal = proposal_for(
        call,
        code="SIDE01",
        contact_email="proposer.secret@example.org",
        speakers=[("Ndeye Secretspeaker", "ndeye.secret@example.org")],
        new_organisation_name="Collectif Secretorg",
        title_en="Secret side event on returnees",
    )
    session = proposal_accept(proposal=proposal, user=None)
    return proposal, session


def test_partner_keys_read_nothing_of_proposals(client, event, accepted):
    proposal, session = accepted
    key, raw = partner_key_create(name="Agency site", events=[event])
    key.scopes = list(PartnerScope.values)
    key.save(update_fields=["scopes"])
    headers = {"Authorization": f"Api-Key {raw}", "Accept": "application/json"}
    tails = [*ENDPOINTS, "session-links/"]
    responses = [client.get(url(event, tail), headers=headers) for tail in tails]
    responses.append(client.get("/api/v1/schema/", headers=headers))
    # Every read succeeds: the key sees the whole published programme and its links.
    assert [r.status_code for r in responses] == [200] * len(responses)
    text = "\n".join(r.content.decode() for r in responses)

    assert session.state == SessionState.DRAFT
    for secret in (
        session.code,
        proposal.code,
        "Secret side event",
        "Secretspeaker",
        "Secretorg",
        "secret@example.org",
        "proposal",
    ):
        assert secret not in text, secret
    assert client.get(url(event, "proposals/"), headers=headers).status_code == 404
