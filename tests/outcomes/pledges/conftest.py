import pytest

from outcomes.inputs import PledgeInput
from outcomes.services.endorsements import endorsement_confirm, endorsement_submit
from tests.factories import OrganisationFactory
from tests.sessions.factories import TrackFactory


@pytest.fixture
def track(event):
    return TrackFactory(event=event, name="Climate mobility")


@pytest.fixture
def endorse(open_statement):
    """endorse(name, domain, language, confirm, official) -> (endorsement, token) for a new
    city on ``open_statement``, confirmed through its link: public with an address on the
    city's official domain, awaiting the organisers' approval without one."""

    def make(
        name="Ville de Grenoble",
        domain="grenoble.example",
        language="fr",
        confirm=True,
        official=True,
    ):
        city = OrganisationFactory(
            name=name, country="FR", official_domains=domain if official else "elsewhere.example"
        )
        endorsement, token = endorsement_submit(
            statement=open_statement,
            organisation=city,
            honorific="Mayor",
            signatory_name="Éric Piolle",
            signatory_title="Maire",
            email=f"maire@{domain}",
            language=language,
        )
        if confirm:
            endorsement = endorsement_confirm(token=token)
        return endorsement, token

    return make


@pytest.fixture
def endorsed(endorse):
    """A published endorsement in French: (endorsement, token)."""
    return endorse()


def pledge_input(**overrides) -> PledgeInput:
    fields = {
        "titles": {"en": "Bus lanes to the camps", "fr": "Couloirs de bus vers les camps"},
        "descriptions": {"en": "Ten kilometres of lanes.", "fr": ""},
        "track_id": None,
        "status": "planned",
        "target_date": None,
        "link": "https://grenoble.example/bus",
        "figure": 12000,
        "figure_labels": {"en": "people reached"},
        **overrides,
    }
    return PledgeInput(**fields)
