import pytest

from sessions.enums import RoleKind
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory


@pytest.fixture
def session(event):
    return SessionFactory(event=event, code="T1", title="Housing on the move")


@pytest.fixture
def rapporteur(session):
    """The session's rapporteur, who reads Spanish."""
    speaker = SpeakerFactory(
        event=session.event, name="Lucía Pérez", email="lucia@quito.ec", language="es"
    )
    SessionRoleFactory(session=session, speaker=speaker, role=RoleKind.RAPPORTEUR)
    return speaker


@pytest.fixture
def panellist(session):
    """A speaker of the session who is not its rapporteur."""
    speaker = SpeakerFactory(event=session.event, name="Omar Diallo", email="omar@dakar.sn")
    SessionRoleFactory(session=session, speaker=speaker, role=RoleKind.PANELLIST)
    return speaker


@pytest.fixture
def organiser(event, organiser_of):
    return organiser_of(event, username="programme-lead", can_manage_programme=True)


def texts(**languages):
    return dict(languages)


def save_kwargs(**overrides):
    """A report's texts: two key messages (one in two languages), one section in Spanish."""
    values = {
        "messages": [
            {"es": "Las ciudades acogen.", "en": "Cities welcome."},
            {"en": "Data must be shared."},
        ],
        "actions": {"es": "Vivienda temporal."},
        "commitments": {},
        "needs": {},
    }
    values.update(overrides)
    return values
