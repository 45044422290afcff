"""Who may endorse in one step and who may withdraw through a manage link: decided by the
endorsement services, called here without any view or form."""

import pytest

from outcomes.enums import EndorsementState
from outcomes.services import OutcomeError
from outcomes.services.endorsements import (
    endorsement_by_delegation,
    endorsement_delegation_organisation,
    endorsement_may_endorse_by_delegation,
    endorsement_may_withdraw,
    endorsement_withdraw,
)
from registrations.models import Registration
from registrations.services.registrations import registration_create, registration_head_confirm
from tests.factories import CategoryFactory, OrganisationFactory, person


def _registrant(event, organisation, *, head: bool, confirm: bool = False) -> Registration:
    category = CategoryFactory(event=event)
    registration, _token = registration_create(
        event=event,
        category_id=category.pk,
        person=person(organisation=organisation),
        head_of_delegation=head,
    )
    if confirm:
        registration_head_confirm(registration=registration, user=None)
    return Registration.objects.get(pk=registration.pk)


@pytest.fixture
def people(event, head_of_delegation):
    head, _token = head_of_delegation
    quezon = head.organisation
    other_city = OrganisationFactory(name="City of Quito", country="EC")
    return {
        "head": head,
        "other_head": _registrant(event, other_city, head=True, confirm=True),
        "pending_head": _registrant(event, quezon, head=True),
        "other_city_registrant": _registrant(event, other_city, head=False),
    }


@pytest.fixture
def signed(open_statement, people):
    return endorsement_by_delegation(
        statement=open_statement,
        registration=people["head"],
        honorific="Mayor",
        signatory_name="Joy Belmonte",
        signatory_title="Mayor of Quezon City",
    )


def test_only_a_confirmed_head_endorses_in_one_step_and_only_for_their_organisation(
    open_statement, people
):
    organisations = {
        name: endorsement_delegation_organisation(statement=open_statement, registration=r)
        for name, r in people.items()
    }

    assert organisations == {
        "head": people["head"].organisation,
        "other_head": people["other_head"].organisation,
        "pending_head": None,
        "other_city_registrant": None,
    }


def test_pending_head_cannot_endorse_in_one_step(open_statement, people):
    assert not endorsement_may_endorse_by_delegation(
        statement=open_statement, registration=people["pending_head"], live=None
    )

    with pytest.raises(OutcomeError) as excinfo:
        endorsement_by_delegation(
            statement=open_statement,
            registration=people["pending_head"],
            honorific="",
            signatory_name="Someone",
            signatory_title="",
        )

    assert excinfo.value.code == "not_head"
    assert open_statement.endorsements.count() == 0


def test_confirmed_head_may_endorse_until_their_organisation_has(open_statement, people, signed):
    assert endorsement_may_endorse_by_delegation(
        statement=open_statement, registration=people["head"], live=None
    )
    assert not endorsement_may_endorse_by_delegation(
        statement=open_statement, registration=people["head"], live=signed
    )


@pytest.mark.parametrize("who", ["other_head", "pending_head", "other_city_registrant"])
def test_withdraw_through_a_manage_link_is_refused_to_anyone_but_the_signing_head(
    people, signed, who
):
    assert not endorsement_may_withdraw(endorsement=signed, registration=people[who])

    with pytest.raises(OutcomeError) as excinfo:
        endorsement_withdraw(
            endorsement=signed,
            actor_label="signatory",
            reason="Not ours",
            registration=people[who],
        )

    assert excinfo.value.code == "not_signatory"
    assert excinfo.value.message == "Only the signatory can withdraw this endorsement."
    signed.refresh_from_db()
    assert signed.state == EndorsementState.PUBLISHED


def test_withdraw_by_the_confirmed_head_who_signed(people, signed):
    assert endorsement_may_withdraw(endorsement=signed, registration=people["head"])

    withdrawn = endorsement_withdraw(
        endorsement=signed,
        actor_label="signatory",
        reason="Signed by mistake",
        registration=people["head"],
    )

    assert (withdrawn.state, withdrawn.withdrawn_by, withdrawn.withdrawal_reason) == (
        EndorsementState.WITHDRAWN,
        "signatory",
        "Signed by mistake",
    )
