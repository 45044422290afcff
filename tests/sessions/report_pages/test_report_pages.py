"""The organisers' report pages (list with filters, counts and the deadline; one report with
its editing form and buttons) and the published report on the public session page."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from events.models import AuditEntry
from sessions.enums import ReportState, RoleKind
from sessions.models import ReportSettings, SessionReport
from sessions.selectors.reports import report_public, report_rows_for_organisers, reports_accepted
from sessions.services.reports import (
    report_accept,
    report_publish,
    report_return,
    report_save,
    report_submit,
)
from tests.factories import EventFactory, UserFactory
from tests.sessions.conftest import codes
from tests.sessions.factories import (
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db

EMAIL = "rapporteur.private@example.org"


def url(name, event, **kwargs):
    return reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, can_manage_programme=True)
    client.force_login(user)
    return user


def rapporteur(session, **kwargs):
    speaker = SpeakerFactory(event=session.event, **kwargs)
    SessionRoleFactory(session=session, speaker=speaker, role=RoleKind.RAPPORTEUR)
    return speaker


def write(session, user, messages=({"en": "Cities lead."},), **sections):
    return report_save(
        session=session,
        messages=list(messages),
        actions=sections.get("actions", {}),
        commitments=sections.get("commitments", {}),
        needs=sections.get("needs", {}),
        user=user,
    )


def accepted(session, user, **kwargs):
    report = write(session, user, **kwargs)
    report = report_submit(report=report, user=user)
    return report_accept(report=report, user=user)


def states(response) -> list[str]:
    return re.findall(r'data-report-state="([^"]*)"', response.content.decode())


def counts(response) -> dict[str, int]:
    html = response.content.decode()
    return {
        state: int(n)
        for state, n in re.findall(r'<li data-state="([^"]*)">[^<]*<strong>(\d+)</strong>', html)
    }


# --- the list ---------------------------------------------------------------------------------


@pytest.fixture
def listed(event, manager):
    """S1 (track A) rapporteur, no report; S2 (track A) draft; S3 (track B) submitted; S4
    (track B) accepted and published; S5 no rapporteur and no report (not listed)."""
    track_a = TrackFactory(event=event, name="Alpha")
    track_b = TrackFactory(event=event, name="Beta")
    sessions = {}
    for number, track in ((1, track_a), (2, track_a), (3, track_b), (4, track_b), (5, track_a)):
        sessions[number] = SessionFactory(
            event=event, code=f"S{number}", title=f"Session {number}", track=track
        )
    for number in (1, 2, 3, 4):
        rapporteur(sessions[number], name=f"Reporter {number}")
    write(sessions[2], manager)
    report_submit(report=write(sessions[3], manager), user=manager)
    report_publish(report=accepted(sessions[4], manager), user=manager)
    return {"sessions": sessions, "a": track_a, "b": track_b}


def test_list_shows_every_session_with_a_rapporteur_or_a_report(client, event, listed):
    response = client.get(url("reports", event))

    assert response.status_code == 200
    assert codes(response) == ["S1", "S2", "S3", "S4"]
    assert states(response) == ["none", "draft", "submitted", "accepted"]
    assert counts(response) == {"none": 1, "draft": 1, "submitted": 1, "accepted": 1}
    assert "Reporter 3" in response.text
    assert 'aria-current="page">Reports' in response.text


@pytest.mark.parametrize(
    ("query", "expected", "expected_counts"),
    [
        ({"track": "a"}, ["S1", "S2"], {"none": 1, "draft": 1, "submitted": 0, "accepted": 0}),
        ({"track": "b"}, ["S3", "S4"], {"none": 0, "draft": 0, "submitted": 1, "accepted": 1}),
        ({"state": "submitted"}, ["S3"], {"none": 1, "draft": 1, "submitted": 1, "accepted": 1}),
        ({"state": "none"}, ["S1"], {"none": 1, "draft": 1, "submitted": 1, "accepted": 1}),
        (
            {"track": "a", "state": "accepted"},
            [],
            {"none": 1, "draft": 1, "submitted": 0, "accepted": 0},
        ),
        ({"state": "bogus"}, [], {"none": 1, "draft": 1, "submitted": 1, "accepted": 1}),
    ],
)
def test_list_filters_by_track_and_state(client, event, listed, query, expected, expected_counts):
    if "track" in query:
        query = {**query, "track": listed[query["track"]].pk}

    response = client.get(url("reports", event), query)

    assert response.status_code == 200
    assert codes(response) == expected
    assert counts(response) == expected_counts


def test_selectors_rows_and_accepted(event, listed):
    rows = report_rows_for_organisers(event=event, track=listed["b"])
    assert [(r.session.code, r.state, [s.name for s in r.rapporteurs]) for r in rows] == [
        ("S3", "submitted", ["Reporter 3"]),
        ("S4", "accepted", ["Reporter 4"]),
    ]
    assert [r.session.code for r in reports_accepted(event=event)] == ["S4"]
    assert reports_accepted(event=event, track=listed["a"]) == []
    assert report_public(session_code="S4", event=event).session.code == "S4"
    assert report_public(session_code="S3", event=event) is None
    assert report_public(session_code="S4", event=EventFactory()) is None


@pytest.mark.parametrize("size", [2, 12])
def test_list_query_count_does_not_grow(client, event, manager, django_assert_num_queries, size):
    track = TrackFactory(event=event)
    for number in range(size):
        session = SessionFactory(event=event, code=f"Q{number:02d}", track=track)
        rapporteur(session)
        rapporteur(session)
        if number % 2:
            write(session, manager, messages=[{"en": f"M{i}"} for i in range(3)])

    # session, user, team flags (2), settings, tracks, the track filter, rows, rapporteurs,
    # counts
    with django_assert_num_queries(10):
        response = client.get(url("reports", event), {"track": track.pk})

    assert len(codes(response)) == size


# --- the deadline -----------------------------------------------------------------------------


def test_deadline_is_typed_in_the_event_zone_and_stored_in_utc(client, event, manager):
    assert event.timezone == "America/Guayaquil"

    response = client.post(url("reports", event), {"deadline": "2026-05-20T18:30"})

    assert response.status_code == 302
    settings = ReportSettings.objects.get(event=event)
    assert settings.deadline == datetime(2026, 5, 20, 23, 30, tzinfo=UTC)
    page = client.get(url("reports", event))
    assert 'value="2026-05-20T18:30"' in page.text
    assert "America/Guayaquil" in page.text
    assert AuditEntry.objects.filter(event=event).count() == 1

    client.post(url("reports", event), {"deadline": ""})
    assert ReportSettings.objects.get(event=event).deadline is None


def test_deadline_bad_input_is_an_error_and_writes_nothing(client, event, manager):
    response = client.post(url("reports", event), {"deadline": "the day after"})

    assert response.status_code == 200
    assert "Enter a valid date/time." in response.text
    assert ReportSettings.objects.count() == 0


# --- one report -------------------------------------------------------------------------------


def report_post(**fields) -> dict:
    """The report form's post: ``message_<n>_<lang>`` and ``<section>_<lang>`` keyword names."""
    data = {"action": "save"}
    rows = 0
    for name, value in fields.items():
        if name.startswith("message_"):
            _, index, code = name.split("_")
            data[f"messages-{index}-text_{code}"] = value
            rows = max(rows, int(index) + 1)
        else:
            data[f"report-{name}"] = value
    data.update(
        {
            "messages-TOTAL_FORMS": str(rows),
            "messages-INITIAL_FORMS": "0",
            "messages-MIN_NUM_FORMS": "0",
            "messages-MAX_NUM_FORMS": "30",
        }
    )
    return data


def test_organiser_writes_a_report_side_by_side(client, event, manager):
    session = SessionFactory(event=event, code="S1")
    rapporteur(session)

    page = client.get(url("report", event, code="S1"))
    assert page.status_code == 200
    assert 'name="messages-0-text_es"' in page.text and 'name="messages-1-text_fr"' in page.text
    response = client.post(
        url("report", event, code="S1"),
        report_post(
            message_0_en="Housing first.",
            message_0_fr="Le logement d'abord.",
            message_1_es="",
            message_2_es="Ciudades abiertas.",
            actions_en="Quito **opened** shelters.",
        ),
    )

    assert response.status_code == 302
    report = SessionReport.objects.get(session=session)
    assert report.state == ReportState.DRAFT
    assert [(m.position, m.text_en, m.text_fr, m.text_es) for m in report.messages.all()] == [
        (0, "Housing first.", "Le logement d'abord.", ""),
        (1, "", "", "Ciudades abiertas."),
    ]
    assert report.actions_en == "Quito **opened** shelters."
    page = client.get(url("report", event, code="S1"))
    assert "<strong>opened</strong>" in page.text
    assert "Le logement d&#x27;abord." in page.text


def test_buttons_move_the_report(client, event, manager):
    session = SessionFactory(event=event, code="S1")
    rapporteur(session)
    write(session, manager)
    target = url("report", event, code="S1")

    def state():
        report = SessionReport.objects.get(session=session)
        return report.state, report.published_at is not None

    client.post(target, {"action": "submit"})
    assert state() == (ReportState.SUBMITTED, False)
    client.post(target, {"action": "return", "note": "Add the numbers."})
    assert state() == (ReportState.DRAFT, False)
    assert SessionReport.objects.get(session=session).return_note == "Add the numbers."
    client.post(target, {"action": "submit"})
    client.post(target, {"action": "accept"})
    assert state() == (ReportState.ACCEPTED, False)
    client.post(target, {"action": "publish"})
    assert state() == (ReportState.ACCEPTED, True)
    client.post(target, {"action": "unpublish"})
    assert state() == (ReportState.ACCEPTED, False)
    page = client.get(target)
    assert 'name="action" value="publish"' in page.text
    assert 'id="report-form"' not in page.text  # accepted: no longer editable


def test_refusals_are_shown_without_a_server_error(client, event, manager):
    session = SessionFactory(event=event, code="S1")
    rapporteur(session)
    write(session, manager, messages=[])
    target = url("report", event, code="S1")

    empty = client.post(target, {"action": "submit"}, follow=True)
    publish = client.post(target, {"action": "publish"}, follow=True)
    bogus = client.post(target, {"action": "explode"}, follow=True)

    assert [r.status_code for r in (empty, publish, bogus)] == [200, 200, 200]
    assert "Write at least one key message before you submit." in empty.text
    assert "This report is Draft: it cannot be changed that way now." in publish.text
    assert "Unknown action." in bogus.text
    report = SessionReport.objects.get(session=session)
    assert (report.state, report.published_at) == (ReportState.DRAFT, None)


def test_return_needs_a_note(client, event, manager):
    session = SessionFactory(event=event, code="S1")
    rapporteur(session)
    report_submit(report=write(session, manager), user=manager)

    response = client.post(url("report", event, code="S1"), {"action": "return", "note": " "})

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert SessionReport.objects.get(session=session).state == ReportState.SUBMITTED


def test_published_report_cannot_be_returned(client, event, manager):
    session = SessionFactory(event=event, code="S1")
    rapporteur(session)
    report_publish(report=accepted(session, manager), user=manager)

    response = client.post(
        url("report", event, code="S1"), {"action": "return", "note": "Redo."}, follow=True
    )

    assert response.status_code == 200
    report = SessionReport.objects.get(session=session)
    assert (report.state, report.published_at is not None) == (ReportState.ACCEPTED, True)
    assert "This report is Accepted: it cannot be changed that way now." in response.text


def test_a_session_without_report_refuses_the_buttons(client, event, manager):
    SessionFactory(event=event, code="S1")

    response = client.post(url("report", event, code="S1"), {"action": "accept"}, follow=True)

    assert response.status_code == 200
    assert "This session has no report yet." in response.text
    assert SessionReport.objects.count() == 0


def test_too_long_message_is_a_form_error_and_writes_nothing(client, event, manager):
    SessionFactory(event=event, code="S1")

    response = client.post(url("report", event, code="S1"), report_post(message_0_en="x" * 1501))

    assert response.status_code == 200
    assert "Ensure this value has at most 1500 characters" in response.text
    assert SessionReport.objects.count() == 0


@pytest.mark.parametrize("messages", [1, 8])
def test_report_page_query_count_does_not_grow(
    client, event, manager, django_assert_num_queries, messages
):
    session = SessionFactory(event=event, code="S1")
    rapporteur(session)
    rapporteur(session)
    write(session, manager, messages=[{"en": f"M{i}", "fr": f"F{i}"} for i in range(messages)])

    # session, user, team flags (2), session + report, rapporteurs, messages
    with django_assert_num_queries(7):
        response = client.get(url("report", event, code="S1"))

    assert response.text.count("Key message ") >= messages


# --- who gets in ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reports", "report"])
@pytest.mark.parametrize("who", ["other_event_manager", "without_flag", "plain_user"])
def test_pages_are_a_404_for_everyone_else(client, event, organiser_of, who, name):
    session = SessionFactory(event=event, code="S1", title="Private working title")
    rapporteur(session)
    user = {
        "other_event_manager": lambda: organiser_of(EventFactory(), can_manage_programme=True),
        "without_flag": lambda: organiser_of(event, can_manage_registrations=True),
        "plain_user": UserFactory,
    }[who]()
    client.force_login(user)
    target = url(name, event, **({"code": "S1"} if name == "report" else {}))

    get = client.get(target)
    post = client.post(
        target, {**report_post(message_0_en="Intruder"), "deadline": "2026-05-20T18:30"}
    )

    assert (get.status_code, post.status_code) == (404, 404)
    assert "Private working title" not in get.text
    assert SessionReport.objects.count() == 0
    assert ReportSettings.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_another_events_session_is_a_404(client, event, manager):
    SessionFactory(event=EventFactory(), code="OTHER")

    response = client.get(url("report", event, code="OTHER"))

    assert response.status_code == 404


# --- the public session page ------------------------------------------------------------------


def public_url(event, code):
    return reverse("programme:session", kwargs={"event_slug": event.slug, "code": code})


@pytest.fixture
def public_session(event, published, manager):
    session = published(1)[0]
    rapporteur(session, email=EMAIL, name="Hidden Reporter")
    return session


def test_public_page_shows_a_published_report_in_the_page_language(
    client, event, manager, public_session
):
    report = accepted(
        public_session,
        manager,
        messages=[
            {"en": "Cities lead.", "fr": "Les villes montrent la voie."},
            {"es": "Solo en español."},
        ],
        actions={"en": "Quito **opened** shelters."},
        needs={"fr": "Des fonds."},
    )
    report_publish(report=report, user=manager)
    client.logout()

    english = client.get(public_url(event, public_session.code))
    french = client.get("/fr" + public_url(event, public_session.code)[3:])

    assert english.status_code == 200
    assert "Rapporteurs&#x27; report" in english.text or "Rapporteurs' report" in english.text
    assert "<li>Cities lead." in english.text
    # Spanish is the event's first working language: the fallback, marked.
    assert '<li lang="es" dir="ltr">Solo en español.' in english.text
    assert "Quito <strong>opened</strong> shelters." in english.text
    assert 'data-section="needs" lang="fr" dir="ltr"' in english.text
    assert EMAIL not in english.text
    assert "<li>Les villes montrent la voie." in french.text
    assert EMAIL not in french.text


@pytest.mark.parametrize("stage", ["draft", "submitted", "accepted", "unpublished"])
def test_public_page_shows_nothing_before_publication(
    client, event, manager, public_session, stage
):
    report = write(public_session, manager, messages=[{"en": "Secret draft message."}])
    if stage != "draft":
        report = report_submit(report=report, user=manager)
    if stage in ("accepted", "unpublished"):
        report = report_accept(report=report, user=manager)
    if stage == "unpublished":
        from sessions.services.reports import report_unpublish

        report = report_unpublish(report=report_publish(report=report, user=manager), user=manager)
    client.logout()

    response = client.get(public_url(event, public_session.code))

    assert response.status_code == 200
    assert "Secret draft message." not in response.text
    assert 'id="session-report"' not in response.text
    assert EMAIL not in response.text


def test_public_page_never_shows_the_rapporteurs_contact_or_the_organisers_note(
    client, event, manager, public_session
):
    report = write(public_session, manager, messages=[{"en": "Cities lead."}])
    report = report_return(
        report=report_submit(report=report, user=manager), user=manager, note="NOTE-7731 fix it"
    )
    report = report_accept(report=report_submit(report=report, user=manager), user=manager)
    report_publish(report=report, user=manager)
    client.logout()

    page = client.get(public_url(event, public_session.code)).text

    assert "<li>Cities lead." in page
    for marker in ("NOTE-7731", EMAIL, "/speaker/", "submitted_by", manager.username):
        assert marker not in page


@pytest.mark.parametrize("messages", [1, 10])
def test_public_page_query_count_does_not_grow(
    client, event, manager, public_session, django_assert_num_queries, messages
):
    report = accepted(
        public_session, manager, messages=[{"en": f"Message {i}."} for i in range(messages)]
    )
    report_publish(report=report, user=manager)
    client.logout()

    with django_assert_num_queries(QUERIES_PUBLIC):
        response = client.get(public_url(event, public_session.code))

    assert response.text.count("<li>Message ") == messages


# The page without a report (4) and the published report with its messages (2).
QUERIES_PUBLIC = 6
