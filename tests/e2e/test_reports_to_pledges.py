"""From a session's report to a city's local action, in a browser: the rapporteur writes the
report in Spanish through their speaker link and submits it; an organiser accepts and
publishes it on the session page, then compiles its two key messages into the draft
declaration; a city that endorsed the adopted declaration pledges a local action, public once
an organiser approves it."""

from datetime import date, timedelta

import pytest
from django.utils import translation
from django.utils.translation import gettext

from events.services.teams import team_add_member
from outcomes.enums import PledgeState
from outcomes.models import Pledge, StatementSource
from outcomes.services.endorsements import endorsement_confirm, endorsement_submit
from outcomes.services.statements import (
    statement_adopt,
    statement_create,
    statement_open_for_endorsement,
)
from sessions.enums import ReportState, RoleKind, SpeakerState
from sessions.models import ReportMessage, SessionReport
from sessions.services.schedule import schedule_publish
from sessions.services.speakers import speaker_invite
from tests.browser import log_in
from tests.factories import EventFactory, OrganisationFactory, UserFactory
from tests.sessions.factories import (
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)

MESSAGE_1 = "Las ciudades acogen a quienes llegan, sin preguntar por su estatus."
MESSAGE_2 = "Los datos sobre movilidad humana deben compartirse entre ciudades."
ACTIONS = "Vivienda temporal en cada distrito."
COMMITMENTS = "Quito abrirá dos centros de acogida en 2032."
NEEDS = "Financiación directa para los gobiernos locales."

DRAFT_TEXT = {
    "es": "Las ciudades reunidas en Quito declaran lo siguiente.\n\n"
    "## Nuestros compromisos\n\nPlanificaremos para quienes se desplazan.\n\n"
    "## Servicios para todos\n\nCada residente accede a los servicios básicos.",
    "en": "Cities gathered in Quito declare the following.\n\n"
    "## Our commitments\n\nWe will plan for people on the move.\n\n"
    "## Services for all\n\nEvery resident can reach basic services.",
    "fr": "",
}
ADOPTED_TEXT = {
    "en": "Cities gathered in Quito declare the following.\n\n## Our commitments\n\n"
    "We will plan for people who move because of climate change.",
    "es": "",
    "fr": "",
}
PLEDGE_TITLE = "Two reception centres for people on the move"
PLEDGE_DESCRIPTION = "Two centres open day and night, run with civil society."


def in_spanish(message: str) -> str:
    """``message`` as the Spanish page shows it, whether or not the catalogue translates it."""
    with translation.override("es"):
        return gettext(message)


@pytest.fixture
def forum(transactional_db):
    event = EventFactory(
        name="Foro de Alcaldes — Quito",
        slug="quito",
        host_city="Quito",
        host_country="EC",
        timezone="America/Guayaquil",
        languages=["es", "en", "fr"],
        start_date=date.today() + timedelta(days=30),
        end_date=date.today() + timedelta(days=32),
    )
    housing = TrackFactory(event=event, name="Housing", name_es="Vivienda", order=0)
    session = SessionFactory(
        event=event,
        code="T1",
        title="Housing on the move",
        title_es="Vivienda en movimiento",
        track=housing,
        start=at(event, 0, 10),
        end=at(event, 0, 11),
    )
    rapporteur = SpeakerFactory(
        event=event,
        code="LUCIA1",
        honorific="",
        name="Lucía Pérez",
        email="lucia@quito.example",
        language="es",
        state=SpeakerState.CONFIRMED,
    )
    SessionRoleFactory(session=session, speaker=rapporteur, role=RoleKind.RAPPORTEUR)
    schedule_publish(event=event, comment="Programa", user=None, notify=False)
    organiser = UserFactory(username="aminata")
    team_add_member(
        event=event,
        team_name="Outcomes",
        user=organiser,
        can_manage_programme=True,
        can_manage_outcomes=True,
    )
    draft = statement_create(
        event=event,
        title="Quito Mayors Declaration (draft)",
        slug="quito-draft",
        texts=DRAFT_TEXT,
        user=organiser,
    )
    declaration = statement_create(
        event=event,
        title="Quito Call to Local Action",
        slug="quito-call",
        texts=ADOPTED_TEXT,
        user=organiser,
        requires_approval=False,
    )
    declaration = statement_adopt(
        statement=declaration,
        version=declaration.versions.get(),
        adopted_on=date.today() - timedelta(days=10),
        user=organiser,
    )
    declaration = statement_open_for_endorsement(statement=declaration, user=organiser)
    city = OrganisationFactory(
        name="Municipio de Quito", country="EC", official_domains="quito.gob.example"
    )
    endorsement, endorsement_token = endorsement_submit(
        statement=declaration,
        organisation=city,
        honorific="Mayor",
        signatory_name="Pabel Muñoz",
        signatory_title="Alcalde de Quito",
        email="alcalde@quito.gob.example",
        language="en",
    )
    endorsement = endorsement_confirm(token=endorsement_token)
    assert endorsement.state == "published"
    return {
        "event": event,
        "session": session,
        "speaker_token": speaker_invite(speaker=rapporteur),
        "draft": draft,
        "declaration": declaration,
        "endorsement_token": endorsement_token,
    }


def test_report_in_spanish_to_statement_and_local_action(
    live_server, page, forum, screenshot, axe_serious
):
    url = live_server.url
    speaker_token, session = forum["speaker_token"], forum["session"]

    # (1) The rapporteur writes the report in Spanish through their speaker link.
    page.goto(f"{url}/es/events/quito/speaker/{speaker_token}/")
    assert page.locator("html").get_attribute("lang") == "es"
    link = page.locator("li[data-session-code='T1'] a.report-link")
    assert link.get_attribute("data-report-state") == "none"
    assert axe_serious(page) == []
    link.click()
    report_url = f"{url}/es/events/quito/speaker/{speaker_token}/reports/T1/"
    page.wait_for_url(report_url)
    assert page.locator("#report-state").get_attribute("data-state") == "draft"
    form = page.locator("#report-form")
    form.locator("#id_messages-0-text_es").fill(MESSAGE_1)
    form.locator("#id_messages-1-text_es").fill(MESSAGE_2)
    form.locator("#id_report-actions_es").fill(ACTIONS)
    form.locator("#id_report-commitments_es").fill(COMMITMENTS)
    form.locator("#id_report-needs_es").fill(NEEDS)
    assert axe_serious(page) == []
    screenshot(page, "report-es-draft")
    with page.expect_navigation():
        form.locator("button[name=action][value=save]").click()
    assert page.locator(".messages").inner_text() == in_spanish("Your draft has been saved.")
    assert SessionReport.objects.get().state == ReportState.DRAFT
    assert page.locator("#id_messages-0-text_es").input_value() == MESSAGE_1

    with page.expect_navigation():
        page.locator("#report-form button[name=action][value=submit]").click()
    assert page.locator(".messages").inner_text() == in_spanish(
        "Thank you: your report was sent to the organisers."
    )
    assert page.locator("#report-state").get_attribute("data-state") == "submitted"
    assert page.locator("#report-form").count() == 0
    shown = page.locator(".report-messages li").all_inner_texts()
    assert len(shown) == 2 and MESSAGE_1 in shown[0] and MESSAGE_2 in shown[1]
    assert axe_serious(page) == []
    screenshot(page, "report-submitted")

    report = SessionReport.objects.get()
    assert (report.session_id, report.state, report.submitted_by) == (
        session.pk,
        ReportState.SUBMITTED,
        "Lucía Pérez",
    )
    assert (report.actions_es, report.commitments_es, report.needs_es) == (
        ACTIONS,
        COMMITMENTS,
        NEEDS,
    )
    assert (report.actions_en or "", report.actions_fr or "") == ("", "")
    assert [
        (m.position, m.text_es, m.text_en or "", m.text_fr or "")
        for m in ReportMessage.objects.order_by("position")
    ] == [(0, MESSAGE_1, "", ""), (1, MESSAGE_2, "", "")]

    # (2) An organiser accepts the report and publishes it on the session page.
    log_in(page, live_server, username="aminata", next_path="/en/manage/quito/reports/")
    row = page.locator("#reports tr[data-session-code='T1']")
    assert row.get_attribute("data-report-state") == "submitted"
    assert "Lucía Pérez" in row.inner_text()
    assert axe_serious(page) == []
    screenshot(page, "reports-list")
    row.locator("th a").click()
    page.wait_for_url(f"{url}/en/manage/quito/reports/T1/")
    assert page.locator("#report-facts").get_attribute("data-report-state") == "submitted"
    assert axe_serious(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Accept", exact=True).click()
    assert page.locator(".messages").inner_text() == "The report has been accepted."
    assert page.locator("#report-facts").get_attribute("data-report-state") == "accepted"
    with page.expect_navigation():
        page.get_by_role("button", name="Publish on the session page").click()
    assert page.locator(".messages").inner_text() == (
        "The report is now shown on the session's public page."
    )
    assert page.locator("#report-public").inner_text().startswith("Yes, since ")
    assert axe_serious(page) == []
    screenshot(page, "report-accepted")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.published_at is not None

    page.goto(f"{url}/en/events/quito/programme/sessions/T1/")
    public = page.locator("#session-report")
    messages = public.locator("ol.key-messages > li")
    assert messages.count() == 2
    assert [messages.nth(i).get_attribute("lang") for i in range(2)] == ["es", "es"]
    assert MESSAGE_1 in messages.nth(0).inner_text()
    assert MESSAGE_2 in messages.nth(1).inner_text()
    sections = public.locator(".report-section")
    assert [sections.nth(i).get_attribute("data-section") for i in range(3)] == [
        "actions",
        "commitments",
        "needs",
    ]
    assert sections.nth(0).inner_text() == ACTIONS
    assert "lucia@quito.example" not in page.content()
    assert axe_serious(page) == []
    screenshot(page, "session-report-public")

    # (3) The organiser compiles the two key messages into the draft declaration.
    compile_url = f"{url}/en/manage/quito/statements/quito-draft/compile/"
    page.goto(compile_url)
    assert page.locator("#text-sections li").all_inner_texts() == [
        "Preamble",
        "Nuestros compromisos",
        "Servicios para todos",
    ]
    first, second = ReportMessage.objects.order_by("position")
    for message in (first, second):
        item = page.locator(f"#message-{message.pk}")
        item.get_by_label("Put this key message in the statement").check()
        item.get_by_label("Section").select_option("nuestros-compromisos")
    page.get_by_label("What changed").fill("Key messages of T1")
    assert axe_serious(page) == []
    screenshot(page, "compile-picks")
    page.get_by_role("button", name="Save as a new version").click()
    page.wait_for_url(f"{url}/en/manage/quito/statements/quito-draft/")
    assert page.locator(".messages").inner_text() == (
        "Version 2 has been saved with the key messages picked."
    )

    draft = forum["draft"]
    version = draft.versions.order_by("-number").first()
    assert (version.number, version.note) == (2, "Key messages of T1")
    text_es = version.text("es")
    assert MESSAGE_1 in text_es and MESSAGE_2 in text_es
    # At the end of "Nuestros compromisos", before the next section.
    assert text_es.index(MESSAGE_2) < text_es.index("## Servicios para todos")
    assert text_es.index("Planificaremos") < text_es.index(MESSAGE_1)
    assert MESSAGE_1 in version.text("en") and MESSAGE_2 in version.text("en")
    assert sorted(
        StatementSource.objects.filter(version=version).values_list("message_id", "section")
    ) == sorted([(first.pk, "nuestros-compromisos"), (second.pk, "nuestros-compromisos")])
    # The section names its source session once, however many of its messages it holds.
    # The organisers' page names the sections as the anchor language (Spanish) writes them.
    heading = page.locator("#sources h3")
    assert heading.all_inner_texts() == ["Nuestros compromisos"]
    assert heading.get_attribute("lang") == "es"
    sources = page.locator("#sources li.section-source")
    assert sources.count() == 1
    assert sources.first.get_attribute("data-session") == "T1"
    # The rest of the line is in the page's language, the session's title included.
    assert sources.first.inner_text() == "Source: T1 Housing on the move — rapporteurs’ report"
    assert sources.first.locator("[lang]").count() == 0
    report_link = sources.first.get_by_role("link", name="rapporteurs’ report")
    assert report_link.get_attribute("href") == (
        "/en/events/quito/programme/sessions/T1/#session-report"
    )
    assert axe_serious(page) == []
    screenshot(page, "statement-sources")

    # (4) The endorsing city pledges a local action through its endorsement link.
    page.context.clear_cookies()
    endorsement_token = forum["endorsement_token"]
    page.goto(f"{url}/en/endorsements/{endorsement_token}/")
    assert page.locator("#endorsement-state").inner_text() == "Published"
    assert axe_serious(page) == []
    page.locator("#pledges").get_by_role("link", name="Add a local action").click()
    page.wait_for_url(f"{url}/en/endorsements/{endorsement_token}/pledges/new/")
    page.locator("#id_title_en").fill(PLEDGE_TITLE)
    page.locator("#id_description_en").fill(PLEDGE_DESCRIPTION)
    page.get_by_label("Theme").select_option(label="Housing")
    page.get_by_label("Status").select_option("under_way")
    page.get_by_label("Target date").fill("2032-06-30")
    page.locator("#id_figure").fill("5000")
    page.locator("#id_figure_label_en").fill("people housed")
    assert axe_serious(page) == []
    screenshot(page, "pledge-form")
    page.get_by_role("button", name="Send the action").click()
    page.wait_for_url(f"{url}/en/endorsements/{endorsement_token}/#pledges")
    assert page.locator(".messages").inner_text() == (
        "Thank you: the organisers will review the action before it is public."
    )
    pledge = Pledge.objects.get()
    row = page.locator(f"#pledge-{pledge.code}")
    assert PLEDGE_TITLE in row.locator("th").inner_text()
    assert row.locator("td").first.inner_text() == "Awaiting review"
    assert axe_serious(page) == []
    screenshot(page, "pledge-pending")
    revision = pledge.revisions.get()
    assert (pledge.state, revision.state, revision.title_en, revision.status) == (
        PledgeState.PENDING,
        "pending",
        PLEDGE_TITLE,
        "under_way",
    )
    assert (revision.target_date, revision.figure, revision.track.name) == (
        date(2032, 6, 30),
        5000,
        "Housing",
    )

    public_pledges = f"{url}/en/events/quito/statements/quito-call/pledges/"
    page.goto(public_pledges)
    assert page.locator("#pledge-list tbody tr[data-code]").count() == 0
    assert PLEDGE_TITLE not in page.content()
    assert axe_serious(page) == []

    # The organiser approves it; the public page then lists it.
    pledge_path = f"/en/manage/quito/statements/quito-call/pledges/{pledge.code}/"
    log_in(page, live_server, username="aminata", next_path=pledge_path)
    assert page.locator("#pledge-state").inner_text() == "Awaiting review"
    assert PLEDGE_TITLE in page.locator("#pending").inner_text()
    assert axe_serious(page) == []
    screenshot(page, "pledge-moderation")
    with page.expect_navigation():
        page.get_by_role("button", name="Approve and publish").click()
    assert page.locator(".messages").inner_text() == "The text is approved and public."
    assert page.locator("#pledge-state").inner_text() == "Published"
    pledge.refresh_from_db()
    assert (pledge.state, pledge.published_revision_id) == (PledgeState.PUBLISHED, revision.pk)

    page.context.clear_cookies()
    page.goto(public_pledges)
    rows = page.locator("#pledge-list tbody tr[data-code]")
    assert rows.count() == 1
    shown = rows.first
    assert shown.get_attribute("data-code") == pledge.code
    assert shown.locator("th").inner_text() == "Municipio de Quito"
    assert PLEDGE_TITLE in shown.inner_text()
    assert shown.locator("td[data-status]").inner_text() == "Under way"
    assert "alcalde@quito.gob.example" not in page.content()
    assert axe_serious(page) == []
    screenshot(page, "pledges-public")
    assert page.js_errors == []
