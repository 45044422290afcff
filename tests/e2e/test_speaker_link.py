"""A speaker writes their biography in French through their invitation link, beside the
English one; an organiser then sees both side by side on the speaker's page."""

import pytest

from events.services.teams import team_add_member
from sessions.enums import SpeakerState
from sessions.models import Speaker
from sessions.services.speakers import speaker_invite
from tests.browser import log_in
from tests.factories import EventFactory, UserFactory
from tests.sessions.factories import SpeakerFactory


@pytest.fixture
def invited(transactional_db):
    event = EventFactory(
        name="Forum des maires — Dakar", slug="dakar", languages=["fr", "en", "es"]
    )
    speaker = SpeakerFactory(
        event=event,
        code="AMINA1",
        name="Amina Diallo",
        biography="Mayor of Dakar since 2022.",
        state=SpeakerState.INVITED,
    )
    team_add_member(
        event=event,
        team_name="Programme",
        user=UserFactory(username="aminata"),
        can_manage_programme=True,
    )
    return speaker, speaker_invite(speaker=speaker)


def test_speaker_writes_a_french_biography_organiser_sees_both(
    live_server, page, invited, screenshot, axe_serious
):
    speaker, token = invited

    page.goto(f"{live_server.url}/en/events/dakar/speaker/{token}/")
    profile = page.locator("#translated-biography")
    assert profile.locator("legend").inner_text() == "Biography"
    assert profile.locator("label").all_inner_texts() == ["French:", "English:", "Spanish:"]
    assert page.locator("#biography-languages").inner_text() == (
        "Write your biography in the languages you choose; the forum works in French, English "
        "and Spanish."
    )
    profile.get_by_label("French").fill("Maire de Dakar depuis 2022.")
    assert axe_serious(page) == []
    screenshot(page, "speaker-link-biographies")
    page.get_by_role("button", name="Save my profile").click()
    assert page.locator(".messages").inner_text() == "Your profile has been saved."

    speaker.refresh_from_db()
    assert (speaker.biography_fr, speaker.biography_en) == (
        "Maire de Dakar depuis 2022.",
        "Mayor of Dakar since 2022.",
    )

    log_in(page, live_server, username="aminata", next_path="/en/manage/dakar/speakers/AMINA1/")
    moderation = page.locator("#moderation #translated-biography")
    assert moderation.get_by_label("French").input_value() == "Maire de Dakar depuis 2022."
    assert moderation.get_by_label("English").input_value() == "Mayor of Dakar since 2022."
    assert axe_serious(page) == []
    screenshot(page, "workspace-speaker-languages")
    assert Speaker.objects.count() == 1
