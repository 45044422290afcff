"""The report's state machine, who may write it, its key messages, audit and emails."""

import pytest
from django.contrib.contenttypes.models import ContentType

from events.models import AuditEntry
from sessions.enums import ReportState as R
from sessions.enums import RoleKind, SessionState, SpeakerState
from sessions.models import ReportMessage, SessionReport
from sessions.services.reports import (
    ReportError,
    report_accept,
    report_may_edit,
    report_publish,
    report_return,
    report_save,
    report_submit,
    report_unpublish,
)
from sessions.text import report_html
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory
from tests.sessions.reports.conftest import save_kwargs

pytestmark = pytest.mark.django_db

# Scripts gone with their content, the javascript: link reduced to its text, h1 made h3.
REPORT_HTML = "<h3>Title</h3>\n\n<p>a <strong>b</strong></p>"


def messages_of(report):
    return [
        (m.position, m.text_en or "", m.text_es or "", m.text_fr or "")
        for m in ReportMessage.objects.filter(report=report).order_by("position")
    ]


def entries(report):
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(SessionReport), object_id=str(report.pk)
        )
        .order_by("pk")
        .values_list("action", "actor_label", "changes", "object_repr")
    )


def submitted(session, rapporteur):
    report = report_save(session=session, speaker=rapporteur, **save_kwargs())
    return report_submit(report=report, speaker=rapporteur)


def accepted(session, rapporteur, organiser):
    return report_accept(report=submitted(session, rapporteur), user=organiser)


# --- writing and the key messages ---------------------------------------------------------


def test_first_save_creates_the_report_with_messages_in_order(session, rapporteur):
    report = report_save(session=session, speaker=rapporteur, **save_kwargs())

    assert (report.state, report.actions_es, report.actions_en or "") == (
        R.DRAFT,
        "Vivienda temporal.",
        "",
    )
    assert messages_of(report) == [
        (0, "Cities welcome.", "Las ciudades acogen.", ""),
        (1, "Data must be shared.", "", ""),
    ]


def test_blank_messages_are_dropped_and_positions_close_up(session, rapporteur):
    report_save(session=session, speaker=rapporteur, **save_kwargs())
    report = report_save(
        session=session,
        speaker=rapporteur,
        **save_kwargs(
            messages=[
                {"en": "  ", "es": ""},
                {"fr": "Les villes agissent.\n"},
                {},
                {"es": "  Tercero  "},
            ]
        ),
    )

    assert SessionReport.objects.count() == 1
    assert messages_of(report) == [(0, "", "", "Les villes agissent."), (1, "", "Tercero", "")]


def test_sections_left_out_keep_their_text(session, rapporteur, organiser):
    report_save(session=session, speaker=rapporteur, **save_kwargs())
    report = report_save(
        session=session, user=organiser, **save_kwargs(actions={"en": "Temporary housing."})
    )

    report.refresh_from_db()
    assert (report.actions_es, report.actions_en) == ("Vivienda temporal.", "Temporary housing.")


def test_a_message_too_long_is_refused_and_nothing_written(session, rapporteur):
    with pytest.raises(ReportError) as exc:
        report_save(
            session=session, speaker=rapporteur, **save_kwargs(messages=[{"es": "x" * 1501}])
        )

    assert exc.value.code == "text_es"
    assert exc.value.message == "Spanish: at most 1500 characters (it has 1501)."
    assert SessionReport.objects.count() == 0


def test_report_html_sanitises():
    html = report_html("# Title\n\n<script>x()</script>[a](javascript:alert(1)) **b**")

    assert str(html) == REPORT_HTML


# --- the state machine ----------------------------------------------------------------------


def test_submit_needs_a_key_message(session, rapporteur):
    report = report_save(session=session, speaker=rapporteur, **save_kwargs(messages=[{"en": " "}]))

    with pytest.raises(ReportError) as exc:
        report_submit(report=report, speaker=rapporteur)

    assert (exc.value.code, exc.value.message) == (
        "empty",
        "Write at least one key message before you submit.",
    )
    report.refresh_from_db()
    assert report.state == R.DRAFT


def test_submit_then_accept_then_publish_then_unpublish(session, rapporteur, organiser):
    report = submitted(session, rapporteur)
    assert (report.state, report.submitted_by) == (R.SUBMITTED, rapporteur.display_name)
    assert report.submitted_at is not None

    report = report_accept(report=report, user=organiser)
    assert (report.state, report.accepted_by) == (R.ACCEPTED, organiser)

    report = report_publish(report=report, user=organiser)
    assert report.published_at is not None

    report = report_unpublish(report=report, user=organiser)
    report.refresh_from_db()
    assert (report.state, report.published_at) == (R.ACCEPTED, None)


@pytest.mark.parametrize(
    "state, action",
    [
        (R.DRAFT, "submit_again"),
        (R.DRAFT, "accept"),
        (R.DRAFT, "publish"),
        (R.DRAFT, "unpublish"),
        (R.DRAFT, "return"),
        (R.SUBMITTED, "submit_again"),
        (R.SUBMITTED, "publish"),
        (R.SUBMITTED, "unpublish"),
        (R.ACCEPTED, "submit_again"),
        (R.ACCEPTED, "accept"),
        (R.ACCEPTED, "unpublish"),
        (R.ACCEPTED, "rapporteur_save"),
        (R.ACCEPTED, "organiser_save"),
        (R.SUBMITTED, "rapporteur_save"),
        ("published", "publish"),
        ("published", "return"),
    ],
)
def test_transitions_refused(session, rapporteur, organiser, state, action):
    report = report_save(session=session, speaker=rapporteur, **save_kwargs())
    if state != R.DRAFT:
        report = report_submit(report=report, speaker=rapporteur)
    if state in (R.ACCEPTED, "published"):
        report = report_accept(report=report, user=organiser)
    if state == "published":
        report = report_publish(report=report, user=organiser)
    if state == R.DRAFT and action == "submit_again":
        report = report_submit(report=report, user=organiser)  # now submitted: again refused
    before = SessionReport.objects.values().get(pk=report.pk)
    calls = {
        "submit_again": lambda: report_submit(report=report, speaker=rapporteur),
        "accept": lambda: report_accept(report=report, user=organiser),
        "publish": lambda: report_publish(report=report, user=organiser),
        "unpublish": lambda: report_unpublish(report=report, user=organiser),
        "return": lambda: report_return(report=report, user=organiser, note="More detail."),
        "rapporteur_save": lambda: report_save(
            session=session, speaker=rapporteur, **save_kwargs(messages=[{"en": "New"}])
        ),
        "organiser_save": lambda: report_save(
            session=session, user=organiser, **save_kwargs(messages=[{"en": "New"}])
        ),
    }

    with pytest.raises(ReportError) as exc:
        calls[action]()

    assert exc.value.code == "state"
    assert SessionReport.objects.values().get(pk=report.pk) == before
    assert messages_of(report)[0][1] == "Cities welcome."


def test_organiser_edits_a_submitted_report(session, rapporteur, organiser):
    report = submitted(session, rapporteur)

    report = report_save(
        session=session, user=organiser, **save_kwargs(messages=[{"en": "Edited."}])
    )

    assert (report.state, messages_of(report)) == (R.SUBMITTED, [(0, "Edited.", "", "")])


def test_return_a_submitted_report_with_its_note(session, rapporteur, organiser):
    report = submitted(session, rapporteur)

    report = report_return(report=report, user=organiser, note=" Add the figures. ")

    assert (report.state, report.return_note) == (R.DRAFT, "Add the figures.")
    assert report_may_edit(speaker=rapporteur, session=session) is True
    # Submitted again, then accepted: the note is done with.
    report = report_accept(report=report_submit(report=report, speaker=rapporteur), user=organiser)
    assert report.return_note == ""


def test_return_needs_a_note(session, rapporteur, organiser):
    report = submitted(session, rapporteur)

    with pytest.raises(ReportError) as exc:
        report_return(report=report, user=organiser, note="  ")

    assert (exc.value.code, exc.value.message) == ("note", "Tell the rapporteurs what to change.")
    report.refresh_from_db()
    assert report.state == R.SUBMITTED


def test_return_an_accepted_unpublished_report(session, rapporteur, organiser):
    report = accepted(session, rapporteur, organiser)

    report = report_return(report=report, user=organiser, note="One more message.")

    report.refresh_from_db()
    assert (report.state, report.accepted_at, report.accepted_by) == (R.DRAFT, None, None)


def test_return_refused_once_a_message_is_in_the_statement(session, rapporteur, organiser):
    from outcomes.models import StatementSource
    from outcomes.services.statements import statement_create

    report = accepted(session, rapporteur, organiser)
    statement = statement_create(
        event=session.event,
        title="Declaration",
        slug="declaration",
        texts={"en": "We."},
        user=organiser,
    )
    StatementSource.objects.create(
        version=statement.versions.get(), message=report.messages.first(), section="preamble"
    )

    with pytest.raises(ReportError) as exc:
        report_return(report=report, user=organiser, note="Change it.")

    assert exc.value.code == "picked"
    report.refresh_from_db()
    assert report.state == R.ACCEPTED


# --- who may write ----------------------------------------------------------------------------


def test_rapporteur_may_edit_a_draft_only(session, rapporteur, organiser):
    assert report_may_edit(speaker=rapporteur, session=session) is True
    report = submitted(session, rapporteur)
    assert report_may_edit(speaker=rapporteur, session=session) is False
    report_accept(report=report, user=organiser)
    assert report_may_edit(speaker=rapporteur, session=session) is False


def test_a_speaker_who_is_not_the_rapporteur_writes_nothing(session, rapporteur, panellist):
    assert report_may_edit(speaker=panellist, session=session) is False

    with pytest.raises(ReportError) as exc:
        report_save(session=session, speaker=panellist, **save_kwargs())

    assert (exc.value.code, exc.value.message) == (
        "not_rapporteur",
        "Only this session’s rapporteurs may write its report.",
    )
    assert SessionReport.objects.count() == 0
    report = report_save(session=session, speaker=rapporteur, **save_kwargs())
    with pytest.raises(ReportError) as exc:
        report_submit(report=report, speaker=panellist)
    assert exc.value.code == "not_rapporteur"
    report.refresh_from_db()
    assert report.state == R.DRAFT


def test_rapporteur_of_another_session_writes_nothing(session, rapporteur):
    other = SessionFactory(event=session.event, code="T2")

    assert report_may_edit(speaker=rapporteur, session=other) is False
    with pytest.raises(ReportError) as exc:
        report_save(session=other, speaker=rapporteur, **save_kwargs())
    assert exc.value.code == "not_rapporteur"
    assert SessionReport.objects.count() == 0


def test_declined_rapporteur_or_cancelled_session_writes_nothing(session, rapporteur):
    rapporteur.state = SpeakerState.DECLINED
    rapporteur.save()
    assert report_may_edit(speaker=rapporteur, session=session) is False
    rapporteur.state = SpeakerState.CONFIRMED
    rapporteur.save()
    session.state = SessionState.CANCELLED
    session.save()

    assert report_may_edit(speaker=rapporteur, session=session) is False
    with pytest.raises(ReportError):
        report_save(session=session, speaker=rapporteur, **save_kwargs())
    assert SessionReport.objects.count() == 0


def test_exactly_one_writer_is_named(session, rapporteur, organiser):
    with pytest.raises(TypeError):
        report_save(session=session, **save_kwargs())
    with pytest.raises(TypeError):
        report_save(session=session, speaker=rapporteur, user=organiser, **save_kwargs())


# --- audit ------------------------------------------------------------------------------------


def test_audit_records_organisers_values_and_rapporteurs_changes_only(
    session, rapporteur, organiser
):
    report = report_save(session=session, speaker=rapporteur, **save_kwargs())
    report = report_submit(report=report, speaker=rapporteur)
    report_save(
        session=session, user=organiser, **save_kwargs(messages=[{"en": "Edited."}], actions={})
    )
    report = report_accept(report=report, user=organiser)
    report = report_publish(report=report, user=organiser)
    report = report_unpublish(report=report, user=organiser)
    report_return(report=report, user=organiser, note="Add figures.")

    rows = entries(report)
    assert [(action, label) for action, label, _changes, _repr in rows] == [
        ("created", "rapporteur"),
        ("submitted", "rapporteur"),
        ("changed", "organiser"),
        ("approved", "organiser"),
        ("published", "organiser"),
        ("state_changed", "organiser"),
        ("state_changed", "organiser"),
    ]
    assert rows[0][2] == {"actions_es": [None, None], "messages": [None, None]}
    assert rows[1][2] == {"state": ["draft", "submitted"]}
    assert rows[2][2] == {
        "messages": [
            [
                {"en": "Cities welcome.", "es": "Las ciudades acogen."},
                {"en": "Data must be shared."},
            ],
            [{"en": "Edited."}],
        ]
    }
    assert rows[3][2] == {"state": ["submitted", "accepted"]}
    assert rows[6][2] == {"state": ["accepted", "draft"], "return_note": ["", "Add figures."]}
    assert {row[3] for row in rows} == {"T1"}


def test_saving_the_same_texts_again_records_nothing(session, organiser):
    report_save(session=session, user=organiser, **save_kwargs())
    report = report_save(session=session, user=organiser, **save_kwargs())

    assert [row[0] for row in entries(report)] == ["created"]


# --- emails -----------------------------------------------------------------------------------


def test_return_emails_the_rapporteurs_in_their_language_with_the_note(
    session, rapporteur, panellist, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    session.title_es = "Vivienda en movimiento"
    session.save()
    english = SpeakerFactory(event=session.event, name="Ann Lee", email="ann@x.org", language="en")
    SessionRoleFactory(session=session, speaker=english, role=RoleKind.RAPPORTEUR)
    report = submitted(session, rapporteur)
    assert mailoutbox == []  # saving and submitting email nobody

    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=report, user=organiser, note="Añadan cifras.")

    by_address = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_address) == ["ann@x.org", "lucia@quito.ec"]
    # Each reads the session's title in their language.
    assert "Vivienda en movimiento" in by_address["lucia@quito.ec"].subject
    assert "Housing on the move" not in by_address["lucia@quito.ec"].subject
    assert "Añadan cifras." in by_address["lucia@quito.ec"].body
    assert by_address["ann@x.org"].subject == "Your report on “Housing on the move” needs changes"
    assert "Añadan cifras." in by_address["ann@x.org"].body


def test_accept_emails_the_rapporteurs(
    session, rapporteur, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    report = submitted(session, rapporteur)

    with django_capture_on_commit_callbacks(execute=True):
        report_accept(report=report, user=organiser)
        report_publish(report=report, user=organiser)

    assert [m.to for m in mailoutbox] == [["lucia@quito.ec"]]
    assert "Housing on the move" in mailoutbox[0].subject
