import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.enums import OrganisationKind
from forum.tokens import token_hash
from outcomes.enums import EndorsementState as E
from outcomes.models import Endorsement
from outcomes.selectors.endorsements import endorsement_list_public
from outcomes.services import OutcomeError
from outcomes.services.endorsements import (
    AlreadyEndorsed,
    endorsement_approve,
    endorsement_by_delegation,
    endorsement_confirm,
    endorsement_submit,
    endorsement_withdraw,
)
from outcomes.services.statements import statement_close
from registrations.models import Delegation
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return OrganisationFactory(
        name="Ville de Grenoble", slug="grenoble", country="FR", official_domains="grenoble.example"
    )


def submit(statement, organisation, **overrides):
    fields = {
        "honorific": "Mayor",
        "signatory_name": "Éric Piolle",
        "signatory_title": "Maire de Grenoble",
        "email": "maire@grenoble.example",
        "language": "en",
        **overrides,
    }
    return endorsement_submit(statement=statement, organisation=organisation, **fields)


def link_in(message) -> str:
    return re.search(r"https?://\S+/endorsements/(\S+)/", message.body).group(1)


def public(statement) -> list[str]:
    return [e.organisation.name for e in endorsement_list_public(statement=statement)]


# --- The emailed link -------------------------------------------------------------------------


def test_submit_stores_only_the_hash_and_emails_the_link_in_the_signatorys_language(
    open_statement, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        endorsement, token = submit(open_statement, city, language="fr")

    assert (endorsement.state, endorsement.method, endorsement.language) == (
        E.UNVERIFIED,
        "domain",
        "fr",
    )
    assert endorsement.token_hash == token_hash(token)
    assert token not in str(Endorsement.objects.filter(pk=endorsement.pk).values().get())
    assert endorsement.token_expires_at - endorsement.created_at == pytest.approx(
        timedelta(hours=72), abs=timedelta(seconds=5)
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maire@grenoble.example"]
    with translation.override("fr"):  # whatever the lead's French catalogue says
        subject = gettext("Please confirm the endorsement of the %(statement)s") % {
            "statement": "Dakar Mayors Declaration"
        }
    assert message.subject == subject
    assert f"http://127.0.0.1:8000/fr/endorsements/{token}/" in message.body
    assert link_in(message) == token
    assert public(open_statement) == []


def test_confirm_publishes_and_emails(open_statement, city, django_capture_on_commit_callbacks):
    _endorsement, token = submit(open_statement, city)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = endorsement_confirm(token=token)

    assert confirmed.state == E.PUBLISHED
    assert confirmed.verified_at == confirmed.published_at is not None
    assert public(open_statement) == ["Ville de Grenoble"]
    assert [m.subject for m in mail.outbox] == ["Endorsement confirmed: Dakar Mayors Declaration"]
    assert "/en/events/dakar/statements/dakar-declaration/" in mail.outbox[0].body


def test_confirm_twice_or_with_a_wrong_token_is_refused(open_statement, city):
    _endorsement, token = submit(open_statement, city)
    endorsement_confirm(token=token)

    with pytest.raises(OutcomeError) as again:
        endorsement_confirm(token=token)
    with pytest.raises(OutcomeError) as wrong:
        endorsement_confirm(token="not-the-token")

    assert (again.value.code, wrong.value.code) == ("confirmed", "invalid")


def test_an_expired_link_cannot_confirm_and_frees_the_organisation(open_statement, city):
    old, token = submit(open_statement, city)
    later = timezone.now() + timedelta(hours=73)

    with pytest.raises(OutcomeError) as expired:
        endorsement_confirm(token=token, now=later)
    fresh, _token = submit(open_statement, city, signatory_name="Someone Else", now=later)

    assert expired.value.code == "expired"
    old.refresh_from_db()
    assert (old.state, old.withdrawn_by, old.withdrawal_reason) == (
        E.WITHDRAWN,
        "system",
        "confirmation link expired",
    )
    assert fresh.state == E.UNVERIFIED


def test_a_pending_link_blocks_a_second_submission(open_statement, city):
    submit(open_statement, city)

    with pytest.raises(AlreadyEndorsed) as duplicate:
        submit(open_statement, city, email="other@example.org")

    assert str(duplicate.value.message) == (
        "An endorsement for this organisation is waiting for its signatory to confirm it by email."
    )
    assert Endorsement.objects.count() == 1


def test_a_published_endorsement_blocks_a_second_one(open_statement, city):
    _e, token = submit(open_statement, city)
    endorsement_confirm(token=token)

    with pytest.raises(AlreadyEndorsed) as duplicate:
        submit(open_statement, city)

    assert str(duplicate.value.message) == "This organisation has already endorsed the statement."


def test_kinds_not_invited_and_statements_not_open_are_refused(
    event, organiser, open_statement, make_statement, city
):
    ngo = OrganisationFactory(kind=OrganisationKind.CIVIL_SOCIETY)
    draft = make_statement(event, organiser, slug="draft")
    closed = make_statement(event, organiser, state="open", slug="closed")
    statement_close(statement=closed, user=organiser)

    with pytest.raises(OutcomeError) as kind:
        submit(open_statement, ngo)
    with pytest.raises(OutcomeError) as not_open:
        submit(draft, city)
    with pytest.raises(OutcomeError) as was_closed:
        submit(closed, city)

    assert str(kind.value.message) == (
        "Organisations of this kind (Civil society) cannot endorse this statement."
    )
    assert (not_open.value.code, was_closed.value.code) == ("not_open", "not_open")
    assert Endorsement.objects.count() == 0


def test_closing_after_submission_stops_confirmation(organiser, open_statement, city):
    _e, token = submit(open_statement, city)
    statement_close(statement=open_statement, user=organiser)

    with pytest.raises(OutcomeError) as refused:
        endorsement_confirm(token=token)

    assert refused.value.code == "not_open"


# --- Heads of delegation ------------------------------------------------------------------------


def test_a_confirmed_head_of_delegation_endorses_in_one_step(
    open_statement, head_of_delegation, django_capture_on_commit_callbacks
):
    registration, _token = head_of_delegation
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        endorsement = endorsement_by_delegation(
            statement=open_statement,
            registration=registration,
            honorific="Mayor",
            signatory_name="Joy Belmonte",
            signatory_title="Mayor of Quezon City",
        )

    assert (endorsement.state, endorsement.method, endorsement.registration) == (
        E.PUBLISHED,
        "delegation",
        registration,
    )
    assert (endorsement.email, endorsement.token_hash) == ("mayor@quezoncity.example", "")
    assert public(open_statement) == ["Quezon City Government"]
    assert [m.to for m in mail.outbox] == [["mayor@quezoncity.example"]]


def test_only_confirmed_heads_of_this_forum_endorse_in_one_step(
    event, open_statement, head_of_delegation
):
    registration, _token = head_of_delegation
    member, _ = register(CategoryFactory(event=event), organisation=registration.organisation)
    other_event = EventFactory(registration_open=True)
    stranger, _ = register(CategoryFactory(event=other_event))
    Delegation.objects.create(event=other_event, organisation=OrganisationFactory(), head=stranger)
    registration.state = "pending_approval"
    registration.save(update_fields=["state"])

    for who in (member, stranger, registration):
        who.refresh_from_db()
        with pytest.raises(OutcomeError) as refused:
            endorsement_by_delegation(
                statement=open_statement,
                registration=who,
                honorific="",
                signatory_name="X",
                signatory_title="Y",
            )
        assert refused.value.code == "not_head"
    assert Endorsement.objects.count() == 0


# --- Manual approval --------------------------------------------------------------------------


def test_manual_approval_holds_verified_endorsements_back(
    event, organiser, make_statement, city, django_capture_on_commit_callbacks
):
    statement = make_statement(event, organiser, state="open", requires_approval=True)
    endorsement, token = submit(statement, city)

    confirmed = endorsement_confirm(token=token)
    assert (confirmed.state, confirmed.published_at) == (E.PENDING_APPROVAL, None)
    assert public(statement) == []
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        approved = endorsement_approve(endorsement=endorsement, user=organiser)

    assert (approved.state, approved.approved_by) == (E.PUBLISHED, organiser)
    assert approved.approved_at == approved.published_at is not None
    assert public(statement) == ["Ville de Grenoble"]
    assert [m.subject for m in mail.outbox] == ["Endorsement published: Dakar Mayors Declaration"]
    with pytest.raises(OutcomeError) as again:
        endorsement_approve(endorsement=endorsement, user=organiser)
    assert again.value.code == "invalid_transition"


def test_manual_approval_applies_to_heads_of_delegation_too(
    event, organiser, make_statement, head_of_delegation
):
    statement = make_statement(event, organiser, state="open", requires_approval=True)

    endorsement = endorsement_by_delegation(
        statement=statement,
        registration=head_of_delegation[0],
        honorific="",
        signatory_name="Joy Belmonte",
        signatory_title="Mayor",
    )

    assert (endorsement.state, endorsement.published_at) == (E.PENDING_APPROVAL, None)
    assert endorsement.verified_at is not None


def test_unverified_endorsements_cannot_be_approved(organiser, open_statement, city):
    endorsement, _token = submit(open_statement, city)

    with pytest.raises(OutcomeError):
        endorsement_approve(endorsement=endorsement, user=organiser)

    assert Endorsement.objects.get().state == E.UNVERIFIED


# --- Withdrawal -------------------------------------------------------------------------------


def test_withdrawal_records_who_why_and_lets_the_organisation_endorse_again(
    organiser, open_statement, city, django_capture_on_commit_callbacks
):
    endorsement, token = submit(open_statement, city)
    endorsement_confirm(token=token)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = endorsement_withdraw(
            endorsement=endorsement, actor_label="organiser", user=organiser, reason="Not a mayor"
        )

    assert (withdrawn.state, withdrawn.withdrawn_by, withdrawn.withdrawal_reason) == (
        E.WITHDRAWN,
        "organiser",
        "Not a mayor",
    )
    assert withdrawn.withdrawn_at is not None
    assert public(open_statement) == []
    assert [m.subject for m in mail.outbox] == ["Endorsement withdrawn: Dakar Mayors Declaration"]
    assert "Not a mayor" in mail.outbox[0].body
    again, _ = submit(open_statement, city)
    assert again.state == E.UNVERIFIED


def test_withdrawal_needs_a_reason_and_happens_once(open_statement, city):
    endorsement, _token = submit(open_statement, city)

    with pytest.raises(OutcomeError) as no_reason:
        endorsement_withdraw(endorsement=endorsement, actor_label="signatory", reason="  ")
    endorsement_withdraw(endorsement=endorsement, actor_label="signatory", reason="changed mind")
    with pytest.raises(OutcomeError) as twice:
        endorsement_withdraw(endorsement=endorsement, actor_label="signatory", reason="again")

    assert (no_reason.value.code, twice.value.code) == ("reason", "withdrawn")
    assert Endorsement.objects.get().withdrawal_reason == "changed mind"


# --- The database invariant -------------------------------------------------------------------


def test_database_allows_one_live_endorsement_per_organisation(open_statement, city):
    fields = {
        "statement": open_statement,
        "organisation": city,
        "method": "email",
        "signatory_name": "A",
        "signatory_title": "B",
        "email": "a@example.org",
    }
    Endorsement.objects.create(state=E.WITHDRAWN, withdrawn_at=timezone.now(), **fields)
    Endorsement.objects.create(state=E.WITHDRAWN, withdrawn_at=timezone.now(), **fields)
    Endorsement.objects.create(state=E.UNVERIFIED, **fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        Endorsement.objects.create(state=E.UNVERIFIED, **fields)

    assert Endorsement.objects.exclude(state=E.WITHDRAWN).count() == 1


def test_database_refuses_public_unverified_rows(open_statement, city):
    with pytest.raises(IntegrityError), transaction.atomic():
        Endorsement.objects.create(
            statement=open_statement,
            organisation=city,
            state=E.PUBLISHED,
            method="email",
            signatory_name="A",
            signatory_title="B",
            email="a@example.org",
        )
