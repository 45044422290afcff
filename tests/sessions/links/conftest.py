from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from registrations.enums import Participation, RegistrationState
from registrations.models import Registration
from sessions.enums import SessionKind, SpeakerState
from sessions.models import Bookmark
from tests.factories import CategoryFactory, register
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
)


@pytest.fixture
def registrant(event):
    """registrant(email, language=, online=, state=, bookmarks=) -> a registration of ``event``
    in that mode and state, with those session codes bookmarked; its own emails forgotten."""
    event.registration_opens_at = timezone.now() - timedelta(days=30)
    event.registration_closes_at = timezone.now() + timedelta(days=30)
    event.save(update_fields=["registration_opens_at", "registration_closes_at"])
    category = CategoryFactory(event=event, online_offered=True)

    def make(
        email: str,
        *,
        language: str = "en",
        online: bool = True,
        state: str = RegistrationState.CONFIRMED,
        bookmarks: tuple[str, ...] = (),
        on_event=None,
    ) -> Registration:
        target = category if on_event is None else CategoryFactory(event=on_event)
        registration, _token = register(target, email=email, language=language)
        Registration.objects.filter(pk=registration.pk).update(
            participation=Participation.ONLINE if online else Participation.IN_PERSON,
            state=state,
            waitlisted_at=timezone.now() if state == RegistrationState.WAITLISTED else None,
        )
        for code in bookmarks:
            Bookmark.objects.create(registration=registration, session_code=code)
        mail.outbox.clear()
        registration.refresh_from_db()
        return registration

    return make


@pytest.fixture
def programme(event):
    """A plenary in English with French and Spanish interpretation (PLEN) and a panel
    (PANEL); the plenary's speakers: CHAIR (French) and ASKED (Spanish, not yet answered)
    are invited, NOMAIL has no address, NOINV was never invited, DECL declined; the panel's
    PANELIST is invited. Not yet published."""
    hall = RoomFactory(event=event, name="Plenary hall", capacity=800, has_streaming=True)
    plenary = SessionFactory(
        event=event,
        code="PLEN",
        title="Opening plenary",
        title_fr="Plénière d'ouverture",
        kind=SessionKind.PLENARY,
        room=hall,
        spoken_language="en",
        interpretation_languages=["fr", "es"],
    )
    panel = SessionFactory(event=event, code="PANEL", title="Housing & land", room=hall)
    invited = timezone.now()
    for session, code, email, language, state, invited_at in (
        (plenary, "CHAIR", "amina@example.org", "fr", SpeakerState.CONFIRMED, invited),
        (plenary, "NOMAIL", "", "en", SpeakerState.CONFIRMED, invited),
        (plenary, "NOINV", "noinv@example.org", "en", SpeakerState.INVITED, None),
        (plenary, "DECL", "decl@example.org", "en", SpeakerState.DECLINED, invited),
        (plenary, "ASKED", "asked@example.org", "es", SpeakerState.INVITED, invited),
        (panel, "PANELIST", "pan@example.org", "en", SpeakerState.CONFIRMED, invited),
    ):
        speaker = SpeakerFactory(
            event=event,
            code=code,
            name=f"Person {code}",
            email=email,
            language=language,
            state=state,
            invited_at=invited_at,
        )
        SessionRoleFactory(session=session, speaker=speaker)
    return plenary, panel
