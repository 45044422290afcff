"""The previous edition's thematic sessions and rapporteurs' reports once loaded by seed_demo
through the sessions and report services, and the declaration compiled from them."""

import io
from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command

from events.models import Event
from forum.demo.report_texts import DEADLINE_DAYS_AFTER, RETURN_NOTE, SESSIONS
from outcomes.enums import StatementState
from outcomes.models import Statement, StatementSource
from sessions.enums import ReportState, RoleKind
from sessions.models import (
    ReportMessage,
    ReportSettings,
    ScheduleVersion,
    Session,
    SessionReport,
    SessionRole,
)
from sessions.selectors.conflicts import conflict_list

pytestmark = pytest.mark.django_db


def seed() -> Event:
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    return Event.objects.get(slug="mayoral-forum-quezon-city")


def state(event: Event) -> tuple:
    return (
        Session.objects.filter(event=event).count(),
        ScheduleVersion.objects.filter(event=event).count(),
        sorted(
            SessionReport.objects.filter(session__event=event).values_list(
                "session__code", "state", "published_at", "submitted_at"
            )
        ),
        ReportMessage.objects.filter(report__session__event=event).count(),
        StatementSource.objects.filter(version__statement__event=event).count(),
        Statement.objects.get(event=event, slug="declaration").versions.count(),
    )


def test_demo_reports_sessions_states_and_sources_and_idempotent():
    event = seed()
    first = state(event)

    # Eight thematic sessions next to the closing plenary, published as version 2.
    thematic = Session.objects.filter(
        event=event, title_en__in=[s["title"]["en"] for s in SESSIONS]
    )
    assert thematic.count() == 8
    assert first[:2] == (9, 2)
    latest = ScheduleVersion.objects.filter(event=event).order_by("-number").first()
    assert {s["code"] for s in latest.snapshot["sessions"]} == set(
        Session.objects.filter(event=event).values_list("code", flat=True)
    )
    assert set(thematic.values_list("track__name_en", flat=True)) == {
        "Climate mobility",
        "Access to services",
        "Labour migration and skills",
        "Inclusive urban governance",
    }
    rapporteurs = Counter(
        SessionRole.objects.filter(session__in=thematic, role=RoleKind.RAPPORTEUR).values_list(
            "session__code", flat=True
        )
    )
    assert sorted(rapporteurs.values()) == [1, 1, 1, 1, 1, 1, 2, 2]
    assert conflict_list(event=event) == []  # no speaker in two sessions at once

    # Five accepted and public, one awaiting review, one returned with a note, one missing.
    reports = SessionReport.objects.filter(session__event=event)
    assert Counter((r.state, r.published_at is not None, r.return_note) for r in reports) == {
        (ReportState.ACCEPTED, True, ""): 5,
        (ReportState.SUBMITTED, False, ""): 1,
        (ReportState.DRAFT, False, RETURN_NOTE): 1,
    }
    missing = thematic.exclude(report__isnull=False).get()
    assert missing.title_en == SESSIONS[7]["title"]["en"]
    # Stamped in the days after the forum, in order.
    for report in reports:
        assert report.submitted_at.date() > report.session.end.date()
        assert report.submitted_at.date() <= event.end_date + timedelta(days=DEADLINE_DAYS_AFTER)
        if report.state == ReportState.ACCEPTED:
            assert report.submitted_at < report.accepted_at < report.published_at
    # Key messages in three languages for most, in one or two for some.
    languages = Counter(
        sum(bool(getattr(m, f"text_{code}")) for code in ("en", "fr", "es"))
        for m in ReportMessage.objects.filter(report__session__event=event)
    )
    assert languages == {3: 7, 2: 5, 1: 2}
    deadline = ReportSettings.objects.get(event=event).deadline
    assert deadline == datetime.combine(
        event.end_date + timedelta(days=DEADLINE_DAYS_AFTER), time(18), tzinfo=event.tzinfo
    )

    # The adopted declaration traces six key messages of accepted, published reports.
    statement = Statement.objects.get(event=event, slug="declaration")
    assert statement.state == StatementState.OPEN
    adopted = statement.adopted_version
    assert [v.sources.count() for v in statement.versions.order_by("number")] == [0, 6, 6]
    sources = list(adopted.sources.select_related("message__report"))
    assert Counter(s.section for s in sources) == {
        "our-commitments": 4,
        "why-we-act": 1,
        "partnerships": 1,
    }
    for source in sources:
        assert source.message.report.state == ReportState.ACCEPTED
        assert source.message.report.published_at is not None
        for code in ("en", "fr", "es"):
            assert f"- {getattr(source.message, f'text_{code}')}" in adopted.text(code)
    # The consultation's changes are in the adopted text, not the circulated wording.
    assert "By the next forum, each" in adopted.text_en
    assert "Within five years" not in adopted.text_en

    assert state(seed()) == first
