from datetime import UTC, datetime

import pytest

from sessions.enums import RoleKind
from sessions.models import ReportMessage, SessionReport
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory

ACCEPTED_AT = datetime(2031, 3, 4, 18, 0, tzinfo=UTC)


@pytest.fixture
def make_report():
    """make_report(event, code, [{lang: text}, ...], state="accepted", track=None, published=False)
    -> SessionReport with its key messages and a rapporteur."""

    def make(event, code, messages, *, state="accepted", track=None, published=False, title=None):
        session = SessionFactory(
            event=event, code=code, title=title or f"Session {code}", track=track
        )
        SessionRoleFactory(
            session=session,
            speaker=SpeakerFactory(event=event, honorific="Mayor", name=f"Rapporteur {code}"),
            role=RoleKind.RAPPORTEUR,
        )
        report = SessionReport.objects.create(
            session=session,
            state=state,
            accepted_at=ACCEPTED_AT if state == "accepted" else None,
            published_at=ACCEPTED_AT if published else None,
            actions_en="Cities **share** buses.",
        )
        for position, texts in enumerate(messages):
            ReportMessage.objects.create(
                report=report,
                position=position,
                **{f"text_{code}": text for code, text in texts.items()},
            )
        return report

    return make
