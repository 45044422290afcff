"""Following a session online in a browser: an online registrant goes from their manage link to
their agenda, sees "Join from …" before the window, the Join button once the browser's clock
enters it (no reload: static/programme/join.js), picks another stream language (the button
follows, the choice is remembered), and after the end the recording."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from registrations.enums import Participation
from registrations.models import Registration
from sessions.enums import FLOOR, RecordingAudience, SessionKind
from sessions.models import SessionStream
from sessions.services.schedule import schedule_publish
from tests.factories import CategoryFactory, EventFactory, register
from tests.sessions.factories import SessionFactory

FR_URL = "https://stream.example.org/plenary/fr"
EN_URL = "https://stream.example.org/plenary/en"
FLOOR_URL = "https://stream.example.org/plenary/floor"
RECORDING = "https://video.example.org/plenary"


@pytest.fixture
def hybrid(transactional_db):
    # The session starts in three hours by the server's clock: the page comes as "upcoming".
    start = (timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    event = EventFactory(
        name="Hybrid Forum",
        slug="hybrid-forum",
        timezone="Europe/Berlin",
        languages=["en", "fr"],
        registration_open=True,
        start_date=start.date(),
        end_date=start.date() + timedelta(days=1),
    )
    session = SessionFactory(
        event=event,
        code="PLEN01",
        title="Opening plenary",
        kind=SessionKind.PLENARY,
        start=start,
        end=start + timedelta(hours=1),
        spoken_language="en",
        interpretation_languages=["fr"],
        meeting_url="https://meet.example.org/speakers-only",
        recording_url=RECORDING,
        recording_audience=RecordingAudience.PARTICIPANTS,
    )
    for language, url in ((FLOOR, FLOOR_URL), ("en", EN_URL), ("fr", FR_URL)):
        SessionStream.objects.create(session=session, language=language, url=url)
    schedule_publish(event=event, comment="Programme", user=None, notify=False)
    registration, token = register(CategoryFactory(event=event), language="fr")
    Registration.objects.filter(pk=registration.pk).update(participation=Participation.ONLINE)
    return {"event": event, "session": session, "token": token, "start": start}


def test_online_registrant_joins_at_the_right_time(
    live_server, page, hybrid, screenshot, axe_serious
):
    violations = {}
    start = hybrid["start"]
    # The browser's clock, set by the test: an hour before the window opens.
    page.clock.install(time=start - timedelta(hours=1, minutes=15))

    page.goto(live_server.url + reverse("registration_manage", kwargs={"token": hybrid["token"]}))
    page.get_by_role("link", name="Follow online: your sessions and streams").click()
    page.wait_for_url("**/agenda/#follow-online")

    item = page.locator("#join-PLEN01")
    local_opens = timezone.localtime(start - timedelta(minutes=15), hybrid["event"].tzinfo)
    assert item.locator("[data-join-part=upcoming]").inner_text() == (
        f"Join from {local_opens:%H:%M} (Europe/Berlin time)"
    )
    assert not item.locator("[data-join-link]").is_visible()
    assert "meet.example.org" not in page.content()
    violations["before the window"] = axe_serious(page)
    screenshot(page, "hybrid-agenda-before")

    # Into the window (five minutes before the start): the button appears without a reload.
    page.clock.fast_forward("01:10:00")
    page.clock.run_for(31_000)
    join = item.locator("[data-join-link]")
    join.wait_for(state="visible")
    assert not item.locator("[data-join-part=upcoming]").is_visible()
    assert join.get_attribute("href") == FR_URL  # the registration's language has a stream
    assert join.get_attribute("target") == "_blank"
    assert join.get_attribute("rel") == "noopener noreferrer"
    assert item.locator("[data-join-status]").inner_text() == "Opening plenary: you can join now."
    select = item.get_by_label("Language of the stream")
    assert select.locator("option").all_inner_texts() == [
        "Floor (original sound)",
        "English",
        "French",
    ]
    select.select_option("en")
    assert join.get_attribute("href") == EN_URL
    assert join.inner_text().startswith("Join")
    violations["in the window"] = axe_serious(page)
    screenshot(page, "hybrid-agenda-open")

    # The choice is remembered by this browser.
    page.reload()
    assert page.locator("#join-PLEN01 [data-join-link]").get_attribute("href") == EN_URL
    assert page.locator("#join-PLEN01").get_by_label("Language of the stream").input_value() == "en"

    # After the end: the recording.
    page.clock.fast_forward("01:10:00")
    page.clock.run_for(31_000)
    recording = page.locator("#join-PLEN01 [data-join-recording]")
    recording.wait_for(state="visible")
    assert recording.get_attribute("href") == RECORDING
    assert recording.inner_text().startswith("Watch the recording")
    assert not page.locator("#join-PLEN01 [data-join-link]").is_visible()
    assert page.locator("#join-PLEN01 [data-join-status]").inner_text() == (
        "Opening plenary has ended."
    )
    violations["after the end"] = axe_serious(page)
    screenshot(page, "hybrid-agenda-ended")

    assert violations == {key: [] for key in violations}
    assert page.js_errors == []
