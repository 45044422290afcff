"""The rapporteur's report page on the speaker link: who reaches it, what it writes, and
what it shows once submitted."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from sessions.enums import ReportState as R
from sessions.enums import RoleKind, SpeakerState
from sessions.models import ReportMessage, SessionReport
from sessions.services.reports import (
    report_accept,
    report_return,
    report_save,
    report_settings_save,
    report_submit,
)
from sessions.services.speakers import speaker_invite
from tests.factories import EventFactory
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory
from tests.sessions.reports.conftest import save_kwargs

pytestmark = pytest.mark.django_db

# event, speaker by token, session by code, the rapporteur role, the report, its messages
# (none before the first save: the page then skips that query), the deadline; the same for
# one message or five.
QUERIES_REPORT_PAGE = 7


@pytest.fixture
def token(rapporteur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return speaker_invite(speaker=rapporteur)


def page(event, token, code="T1", lang="en"):
    with translation.override(lang):
        return reverse(
            "programme:speaker_report",
            kwargs={"event_slug": event.slug, "token": token, "code": code},
        )


def invitation(event, token):
    return reverse(
        "programme:speaker_invitation", kwargs={"event_slug": event.slug, "token": token}
    )


def text(response) -> str:
    return response.content.decode()


def form_data(action="save", messages=(), **sections):
    """A post of the form in the event's languages (es, en, fr): ``messages`` as dicts."""
    data = {
        "action": action,
        "messages-TOTAL_FORMS": str(len(messages)),
        "messages-INITIAL_FORMS": "0",
        "messages-MIN_NUM_FORMS": "0",
        "messages-MAX_NUM_FORMS": "30",
    }
    for i, texts in enumerate(messages):
        for code in ("es", "en", "fr"):
            data[f"messages-{i}-text_{code}"] = texts.get(code, "")
    for name in ("actions", "commitments", "needs"):
        for code in ("es", "en", "fr"):
            data[f"report-{name}_{code}"] = sections.get(f"{name}_{code}", "")
    return data


def test_spanish_form_saves_the_exact_texts(client, event, session, token):
    data = form_data(
        messages=[
            {"es": "Las ciudades acogen a quienes llegan.", "en": ""},
            {"es": "", "en": "", "fr": ""},
            {"es": "Los datos deben compartirse.", "fr": "Les données doivent circuler."},
        ],
        actions_es="* Vivienda temporal\n* Escuelas abiertas",
        needs_es="Financiación directa.",
    )

    response = client.post(page(event, token, lang="es"), data)

    assert response.status_code == 302 and response["Location"] == page(event, token, lang="es")
    report = SessionReport.objects.get()
    assert (report.state, report.actions_es, report.needs_es, report.commitments_es or "") == (
        R.DRAFT,
        "* Vivienda temporal\n* Escuelas abiertas",
        "Financiación directa.",
        "",
    )
    assert [
        (m.position, m.text_es, m.text_en or "", m.text_fr or "")
        for m in ReportMessage.objects.order_by("position")
    ] == [
        (0, "Las ciudades acogen a quienes llegan.", "", ""),
        (1, "Los datos deben compartirse.", "", "Les données doivent circuler."),
    ]


def test_submit_saves_and_submits_then_the_page_is_read_only(
    client, event, session, rapporteur, token
):
    data = form_data("submit", messages=[{"en": "Cities welcome."}], actions_en="**Housing**")

    response = client.post(page(event, token), data)
    assert response.status_code == 302
    report = SessionReport.objects.get()
    assert (report.state, report.submitted_by) == (R.SUBMITTED, rapporteur.display_name)

    shown = client.get(page(event, token))
    assert 'data-state="submitted"' in text(shown)
    assert 'id="report-form"' not in text(shown)
    assert "Cities welcome." in text(shown)
    assert "<strong>Housing</strong>" in text(shown)

    again = client.post(page(event, token), form_data(messages=[{"en": "Changed."}]))
    assert again.status_code == 302
    assert list(ReportMessage.objects.values_list("text_en", flat=True)) == ["Cities welcome."]


def test_submit_without_a_message_is_refused_and_nothing_written(client, event, session, token):
    response = client.post(page(event, token), form_data("submit", actions_en="Some text."))

    assert response.status_code == 400
    assert "Write at least one key message before you submit." in text(response)
    assert SessionReport.objects.count() == 0


def test_a_message_too_long_is_refused_on_its_field(client, event, session, token):
    response = client.post(page(event, token), form_data(messages=[{"en": "x" * 1501}]))

    assert response.status_code == 400
    assert "Ensure this value has at most 1500 characters (it has 1501)." in text(response)
    assert SessionReport.objects.count() == 0


def test_no_button_writes_nothing(client, event, session, token):
    response = client.post(page(event, token), form_data("other", messages=[{"en": "A"}]))

    assert response.status_code == 302
    assert SessionReport.objects.count() == 0


def test_page_shows_the_deadline_in_the_event_zone_and_the_return_note(
    client, event, session, rapporteur, token, organiser
):
    report_settings_save(
        event=event, deadline=datetime(2031, 3, 10, 23, 0, tzinfo=UTC), user=organiser
    )
    report = report_submit(
        report=report_save(session=session, speaker=rapporteur, **save_kwargs()),
        speaker=rapporteur,
    )
    report_return(report=report, user=organiser, note="Añadan cifras <b>ya</b>.")

    response = client.get(page(event, token))

    body = text(response)
    assert "Reports are due by 10 March 2031, 18:00 (America/Guayaquil)." in body
    assert "Añadan cifras &lt;b&gt;ya&lt;/b&gt;." in body
    assert 'data-state="draft"' in body
    # The form holds the saved texts, each in its language's column.
    assert re.search(r'name="messages-0-text_es"[^>]*>\s*Las ciudades acogen.</textarea>', body)
    assert re.search(r'name="report-actions_es"[^>]*>\s*Vivienda temporal.</textarea>', body)


# --- who reaches the page ---------------------------------------------------------------------


def assert_404_and_nothing_written(client, url):
    assert client.get(url).status_code == 404
    assert client.post(url, form_data("submit", messages=[{"en": "X"}])).status_code == 404
    assert SessionReport.objects.count() == 0


def test_bad_token_is_404(client, event, session, token):
    assert_404_and_nothing_written(client, page(event, "wrong"))
    assert_404_and_nothing_written(client, page(event, "x" * 500))


def test_session_where_the_speaker_is_not_rapporteur_is_404(client, event, session, token):
    SessionRoleFactory(
        session=SessionFactory(event=event, code="T2"),
        speaker=session.roles.get().speaker,
        role=RoleKind.PANELLIST,
    )
    assert_404_and_nothing_written(client, page(event, token, code="T2"))
    assert_404_and_nothing_written(client, page(event, token, code="NOPE"))


def test_panellist_of_the_session_is_404(
    client, event, session, panellist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        other_token = speaker_invite(speaker=panellist)

    assert_404_and_nothing_written(client, page(event, other_token))


def test_another_events_session_code_is_404(client, event, session, token):
    other = EventFactory()
    other_session = SessionFactory(event=other, code="T7")
    other_speaker = SpeakerFactory(event=other)
    SessionRoleFactory(session=other_session, speaker=other_speaker, role=RoleKind.RAPPORTEUR)

    assert_404_and_nothing_written(client, page(event, token, code="T7"))
    assert_404_and_nothing_written(client, page(other, token, code="T7"))


def test_declined_speaker_is_404(client, event, session, rapporteur, token):
    rapporteur.state = SpeakerState.DECLINED
    rapporteur.save()

    assert_404_and_nothing_written(client, page(event, token))


# --- the speaker's page links to it -----------------------------------------------------------


def test_speaker_page_links_each_report_with_its_state(
    client, event, session, rapporteur, token, organiser
):
    SessionRoleFactory(
        session=SessionFactory(event=event, code="T2"), speaker=rapporteur, role=RoleKind.RAPPORTEUR
    )
    SessionRoleFactory(
        session=SessionFactory(event=event, code="T3"), speaker=rapporteur, role=RoleKind.CHAIR
    )
    report = report_submit(
        report=report_save(session=session, speaker=rapporteur, **save_kwargs()),
        speaker=rapporteur,
    )
    report_accept(report=report, user=organiser)

    body = text(client.get(invitation(event, token)))

    links = re.findall(r'data-report-state="([^"]+)" href="([^"]+)">([^<]+)</a>', body)
    assert links == [
        ("accepted", page(event, token, "T1"), "See the report"),
        ("none", page(event, token, "T2"), "Write the report"),
    ]


# --- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 5])
def test_page_query_count_is_fixed(
    client, event, session, rapporteur, token, count, django_assert_num_queries
):
    report_save(
        session=session,
        speaker=rapporteur,
        **save_kwargs(messages=[{"en": f"Message {i}"} for i in range(count)]),
    )

    with django_assert_num_queries(QUERIES_REPORT_PAGE):
        response = client.get(page(event, token))

    assert len(re.findall(r'name="messages-\d+-text_en"', text(response))) == count + 2


@pytest.mark.parametrize("count", [1, 5])
def test_read_only_page_query_count_is_fixed(
    client, event, session, rapporteur, token, count, django_assert_num_queries
):
    report_submit(
        report=report_save(
            session=session,
            speaker=rapporteur,
            **save_kwargs(messages=[{"en": f"Message {i}"} for i in range(count)]),
        ),
        speaker=rapporteur,
    )

    with django_assert_num_queries(QUERIES_REPORT_PAGE):
        response = client.get(page(event, token))

    assert len(re.findall(r"Message \d", text(response))) == count
