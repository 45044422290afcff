"""Reads of the sessions' reports: the organisers' list and one report, the report shown on a
session's public page, and the accepted reports the outcome statement is compiled from."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from events.models import Event
from sessions.enums import ReportState, RoleKind, SpeakerState
from sessions.models import ReportMessage, ReportSettings, Session, SessionReport, SessionRole

# The list's state filter also offers the sessions whose report nobody has started.
NOT_STARTED = "none"


@dataclass(frozen=True)
class ReportRow:
    """One session of the organisers' reports list: its report (None before the first save)
    and its rapporteurs."""

    session: Session
    report: SessionReport | None
    rapporteurs: list = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.report.state if self.report is not None else NOT_STARTED


def _rapporteur_roles() -> QuerySet[SessionRole]:
    return (
        SessionRole.objects.filter(role=RoleKind.RAPPORTEUR)
        .select_related("speaker")
        .order_by("order", "pk")
    )


def _reported_sessions(*, event: Event, track=None) -> QuerySet[Session]:
    """The sessions of ``event`` with a rapporteur or a report (of ``track`` when given)."""
    has_rapporteur = Exists(
        SessionRole.objects.filter(session=OuterRef("pk"), role=RoleKind.RAPPORTEUR)
    )
    sessions = Session.objects.filter(event=event).filter(
        Q(has_rapporteur) | Q(report__isnull=False)
    )
    if track is not None:
        sessions = sessions.filter(track=track)
    return sessions


def report_rows_for_organisers(
    *, event: Event, track=None, state: str | None = None
) -> list[ReportRow]:
    """Every session of ``event`` with a rapporteur or a report, in programme order, with its
    track, report and rapporteurs (two queries). ``state`` is a ``ReportState`` value or
    ``NOT_STARTED``."""
    sessions = _reported_sessions(event=event, track=track)
    if state == NOT_STARTED:
        sessions = sessions.filter(report__isnull=True)
    elif state:
        sessions = sessions.filter(report__state=state)
    sessions = (
        sessions.select_related("track", "report")
        .prefetch_related(
            Prefetch("roles", queryset=_rapporteur_roles(), to_attr="rapporteur_roles")
        )
        .order_by("start", "code")
    )
    rows = []
    for session in sessions:
        try:
            report = session.report
        except SessionReport.DoesNotExist:
            report = None
        rows.append(
            ReportRow(
                session=session,
                report=report,
                rapporteurs=[role.speaker for role in session.rapporteur_roles],
            )
        )
    return rows


def report_counts(*, event: Event, track=None) -> dict[str, int]:
    """How many of the listed sessions' reports are in each state (``NOT_STARTED`` for none
    yet), in one query."""
    counted = _reported_sessions(event=event, track=track).aggregate(
        **{
            NOT_STARTED: Count("pk", filter=Q(report__isnull=True)),
            **{value: Count("pk", filter=Q(report__state=value)) for value in ReportState.values},
        }
    )
    return counted


def report_settings_get(*, event: Event) -> ReportSettings | None:
    return ReportSettings.objects.filter(event=event).first()


def _messages() -> QuerySet[ReportMessage]:
    return ReportMessage.objects.order_by("position", "pk")


def report_session_for_organiser(*, event: Event, code: str) -> Session:
    """One session of ``event`` by its code with its report (``report_or_none``: None before
    the first save), the report's key messages and its rapporteurs; a 404 for another event's."""
    session = get_object_or_404(
        Session.objects.filter(event=event)
        .select_related("event", "track", "report")
        .prefetch_related(
            Prefetch("roles", queryset=_rapporteur_roles(), to_attr="rapporteur_roles"),
            Prefetch("report__messages", queryset=_messages()),
        ),
        code=code,
    )
    try:
        session.report_or_none = session.report
    except SessionReport.DoesNotExist:
        session.report_or_none = None
    return session


def report_public(*, session_code: str, event: Event) -> SessionReport | None:
    """The report of ``event``'s session ``session_code`` when it is accepted and published,
    with its key messages; None otherwise."""
    return (
        SessionReport.objects.filter(
            session__event=event,
            session__code=session_code,
            state=ReportState.ACCEPTED,
            published_at__isnull=False,
        )
        .prefetch_related(Prefetch("messages", queryset=_messages()))
        .first()
    )


def reports_accepted(*, event: Event, track=None) -> list[SessionReport]:
    """The accepted reports of ``event`` (of ``track`` when given) in programme order, with
    their session, its track, their key messages and the session's rapporteurs who have not
    declined (three queries)."""
    reports = SessionReport.objects.filter(session__event=event, state=ReportState.ACCEPTED)
    if track is not None:
        reports = reports.filter(session__track=track)
    return list(
        reports.select_related("session", "session__track")
        .prefetch_related(
            Prefetch("messages", queryset=_messages()),
            Prefetch(
                "session__roles",
                queryset=_rapporteur_roles().exclude(speaker__state=SpeakerState.DECLINED),
                to_attr="rapporteur_roles",
            ),
        )
        .order_by("session__start", "session__code")
    )
