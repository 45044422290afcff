"""Reminders before the reporting deadline: once per reminder day, only while the deadline
is ahead, only for reports not yet submitted; two runs at once still send each once."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from sessions.enums import RoleKind
from sessions.models import ReportReminder
from sessions.services import reports as reports_service
from sessions.services.reports import (
    report_accept,
    report_save,
    report_settings_save,
    report_submit,
    reports_remind,
)
from sessions.tasks import reports_remind_task
from tests.concurrency import race
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory
from tests.sessions.reports.conftest import save_kwargs

on_postgres = connection.vendor == "postgresql"

DEADLINE = datetime(2031, 3, 10, 23, 0, tzinfo=UTC)  # 18:00 in Guayaquil


def remind(at: datetime, capture) -> int:
    with capture(execute=True):
        return reports_remind(now=at)


def rows():
    return sorted(
        ReportReminder.objects.values_list("session__code", "speaker__email", "days_before")
    )


@pytest.fixture
def deadline(event, organiser):
    return report_settings_save(event=event, deadline=DEADLINE, user=organiser)


@pytest.mark.django_db
def test_each_reminder_once_at_its_moment(
    session, rapporteur, deadline, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks

    assert remind(DEADLINE - timedelta(days=7, seconds=1), capture) == 0  # not yet
    assert remind(DEADLINE - timedelta(days=7), capture) == 1
    assert remind(DEADLINE - timedelta(days=6), capture) == 0  # already sent
    assert remind(DEADLINE - timedelta(hours=23), capture) == 1  # the day before
    assert remind(DEADLINE - timedelta(hours=1), capture) == 0
    assert remind(DEADLINE, capture) == 0  # the deadline passed: no more

    assert rows() == [("T1", "lucia@quito.ec", 1), ("T1", "lucia@quito.ec", 7)]
    assert [m.to for m in mailoutbox] == [["lucia@quito.ec"], ["lucia@quito.ec"]]
    body = mailoutbox[0].body
    assert "2031-03-10 18:00 (America/Guayaquil)" in body
    assert "Housing on the move" in mailoutbox[0].subject


@pytest.mark.django_db
def test_reminder_in_the_speaker_language(
    event, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(event=event, code="T9", title="Housing")
    session.title_fr = "Logement"
    session.save()
    speaker = SpeakerFactory(event=event, email="awa@dakar.sn", language="fr")
    SessionRoleFactory(session=session, speaker=speaker, role=RoleKind.RAPPORTEUR)
    report_settings_save(event=event, deadline=DEADLINE, user=organiser)

    remind(DEADLINE - timedelta(days=2), django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [["awa@dakar.sn"]]
    assert "Logement" in mailoutbox[0].subject and "Housing" not in mailoutbox[0].subject


@pytest.mark.django_db
def test_not_for_submitted_or_accepted_reports_nor_declined_or_other_roles(
    event,
    session,
    rapporteur,
    panellist,
    organiser,
    deadline,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    submitted = SessionFactory(event=event, code="T2")
    accepted = SessionFactory(event=event, code="T3")
    for other in (submitted, accepted):
        SessionRoleFactory(session=other, speaker=rapporteur, role=RoleKind.RAPPORTEUR)
        report = report_submit(
            report=report_save(session=other, speaker=rapporteur, **save_kwargs()),
            speaker=rapporteur,
        )
    report_accept(report=report, user=organiser)
    declined = SpeakerFactory(event=event, email="gone@x.org", state="declined")
    SessionRoleFactory(session=session, speaker=declined, role=RoleKind.RAPPORTEUR)
    no_email = SpeakerFactory(event=event, email="")
    SessionRoleFactory(session=session, speaker=no_email, role=RoleKind.RAPPORTEUR)
    cancelled = SessionFactory(event=event, code="T4", state="cancelled")
    SessionRoleFactory(session=cancelled, speaker=rapporteur, role=RoleKind.RAPPORTEUR)
    # A draft (returned or never submitted) is still reminded of.
    report_save(session=session, speaker=rapporteur, **save_kwargs())

    sent = remind(DEADLINE - timedelta(days=3), django_capture_on_commit_callbacks)

    assert sent == 1
    assert rows() == [("T1", "lucia@quito.ec", 7)]
    assert [m.to for m in mailoutbox] == [["lucia@quito.ec"]]


@pytest.mark.django_db
def test_a_new_deadline_starts_a_new_series(
    event, session, rapporteur, organiser, deadline, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert remind(DEADLINE - timedelta(days=2), capture) == 1
    later = DEADLINE + timedelta(days=14)
    report_settings_save(event=event, deadline=later, user=organiser)

    assert remind(DEADLINE - timedelta(days=1), capture) == 0  # the new one is 15 days ahead
    assert remind(later - timedelta(days=7), capture) == 1
    assert remind(later - timedelta(days=1), capture) == 1

    assert sorted(ReportReminder.objects.values_list("deadline", "days_before")) == [
        (DEADLINE, 7),
        (later, 1),
        (later, 7),
    ]
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_no_deadline_no_reminders(event, session, rapporteur, organiser, mailoutbox):
    report_settings_save(event=event, deadline=None, user=organiser)

    assert reports_remind(now=DEADLINE) == 0
    assert ReportReminder.objects.count() == 0


@pytest.mark.django_db
def test_reminder_days_come_from_the_setting(
    settings, session, rapporteur, deadline, django_capture_on_commit_callbacks
):
    settings.FORUM_REPORT_REMINDER_DAYS = [3]

    assert remind(DEADLINE - timedelta(days=4), django_capture_on_commit_callbacks) == 0
    assert remind(DEADLINE - timedelta(days=3), django_capture_on_commit_callbacks) == 1
    assert rows() == [("T1", "lucia@quito.ec", 3)]


@pytest.mark.django_db
def test_command_and_task_run_the_reminders(session, rapporteur, event, organiser, mailoutbox):
    report_settings_save(
        event=event, deadline=datetime.now(UTC) + timedelta(hours=12), user=organiser
    )

    out = io.StringIO()
    call_command("report_reminders", stdout=out)

    # A deadline twelve hours away: both reminders are due, both are recorded, one email
    # (the nearest) goes out.
    assert out.getvalue() == "1 report reminder(s) queued (days before the deadline: 7, 1).\n"
    assert reports_remind_task() == 0  # nothing twice
    assert rows() == [("T1", "lucia@quito.ec", 1), ("T1", "lucia@quito.ec", 7)]


def test_beat_runs_the_task_hourly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["programme-report-reminders"]

    assert entry == {"task": "sessions.tasks.reports_remind_task", "schedule": 3600}


# --- two runs at once -------------------------------------------------------------------------


def rapporteurs(event, n):
    for i in range(n):
        session = SessionFactory(event=event, code=f"R{i}")
        speaker = SpeakerFactory(event=event, email=f"r{i}@x.org")
        SessionRoleFactory(session=session, speaker=speaker, role=RoleKind.RAPPORTEUR)


def run_twice():
    mail.outbox = []
    return race(2, lambda i: reports_remind(now=DEADLINE - timedelta(hours=2)))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_two_runs_send_each_reminder_once(event, organiser):
    rapporteurs(event, 4)
    report_settings_save(event=event, deadline=DEADLINE, user=organiser)

    outcomes = run_twice()

    # 4 rapporteurs × 2 reminder days (7 and 1 both passed) recorded, one email each (the
    # nearest reminder), shared between the two runs.
    print(f"with the guard: {dict(outcomes)}")
    assert sum(outcomes.values()) == 2 and sum(outcomes) == 4
    assert ReportReminder.objects.count() == 8
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"r{i}@x.org" for i in range(4))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_without_the_guard_sends_twice(event, organiser, monkeypatch):
    """Negative control: the same race with the once-only record taken away."""
    rapporteurs(event, 4)
    report_settings_save(event=event, deadline=DEADLINE, user=organiser)
    monkeypatch.setattr(reports_service, "_reminder_claim", lambda **kwargs: True)

    outcomes = run_twice()

    print(f"without the guard: {dict(outcomes)}")
    assert outcomes == {4: 2}
    assert len(mail.outbox) == 8
