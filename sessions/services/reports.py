"""Sessions' reports: the rapporteurs write and submit them through their speaker link; the
organisers edit, accept or return them, publish and unpublish them; reminders before the
event's deadline.

Every write locks the report (the session row while the report does not exist yet), so
concurrent saves and submits queue and read the state they change. Organisers' writes are
audited with their values; a rapporteur's words are the rapporteur's, so their writes are
recorded as "changed" without the texts. Rapporteurs are emailed when their report is
returned (with the note) or accepted, and reminded before the deadline; nothing else.
"""

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import (
    CONTENT_LANGUAGES,
    clean_texts,
    content_write,
    merged_texts,
    texts_of,
    write_texts,
)
from forum.errors import ServiceError
from forum.locking import lock_one
from forum.mail import mail_send_later
from sessions.enums import REPORT_SECTIONS, ReportState, RoleKind, SessionState, SpeakerState
from sessions.models import (
    ReportMessage,
    ReportReminder,
    ReportSettings,
    Session,
    SessionReport,
    SessionRole,
    Speaker,
)
from sessions.selectors.sessions import session_mail_names

logger = logging.getLogger(__name__)

MESSAGE_MAX = ReportMessage._meta.get_field("text").max_length
SECTION_MAX = 20000
RETURN_NOTE_MAX = 4000
# The audit log's name for the key messages (rows of their own, recorded as one list).
MESSAGES_FIELD = "messages"
RAPPORTEUR = "rapporteur"
# States in which each kind of writer may change the texts.
RAPPORTEUR_EDITS = (ReportState.DRAFT,)
ORGANISER_EDITS = (ReportState.DRAFT, ReportState.SUBMITTED)


class ReportError(ServiceError):
    """A report write refused: ``not_rapporteur`` (this speaker may not write this session's
    report), ``state`` (not in this state), ``empty`` (no key message to submit), ``picked``
    (a key message is already in the outcome statement), or a text field's column
    (``text_fr``, ``actions_es``…) or ``note`` for a text refused."""


# --- who may write ----------------------------------------------------------------------------


def rapporteur_of(*, speaker: Speaker, session: Session) -> bool:
    """A speaker of the session's event, not declined, with the rapporteur role in it, of a
    session that still takes place."""
    return (
        speaker is not None
        and speaker.event_id == session.event_id
        and speaker.state != SpeakerState.DECLINED
        and session.state != SessionState.CANCELLED
        and SessionRole.objects.filter(
            session=session, speaker=speaker, role=RoleKind.RAPPORTEUR
        ).exists()
    )


def _report_of(session: Session) -> SessionReport | None:
    return SessionReport.objects.filter(session=session).first()


def report_may_edit(*, speaker: Speaker, session: Session) -> bool:
    """Whether ``speaker`` may write ``session``'s report through their link now: its
    rapporteur, and the report (if any) is a draft."""
    if not rapporteur_of(speaker=speaker, session=session):
        return False
    report = _report_of(session)
    return report is None or report.state in RAPPORTEUR_EDITS


def _writer_check(*, speaker, user) -> None:
    if (speaker is None) == (user is None):
        raise TypeError("Name exactly one writer: the rapporteur (speaker=) or the organiser.")


def _not_rapporteur() -> ReportError:
    return ReportError(_("Only this session’s rapporteurs may write its report."), "not_rapporteur")


def _state_error(report: SessionReport | None) -> ReportError:
    state = report.get_state_display() if report is not None else ReportState.DRAFT.label
    return ReportError(
        _("This report is %(state)s: it cannot be changed that way now.") % {"state": state},
        "state",
    )


def _lock_report(report: SessionReport) -> SessionReport:
    return lock_one(
        SessionReport.objects.filter(session_id=report.session_id).select_related("session__event"),
        report.pk,
    )


# --- audit ------------------------------------------------------------------------------------


def _messages_snapshot(report: SessionReport) -> list[dict[str, str]]:
    return [texts_of(message, "text") for message in report.messages.order_by("position", "pk")]


def _snapshot(report: SessionReport) -> dict:
    snapshot = audit_snapshot(report, REPORT_SECTIONS) if report.pk else {}
    if report.pk:
        messages = _messages_snapshot(report)
        if messages:
            snapshot[MESSAGES_FIELD] = messages
    return snapshot


def _audit(
    *,
    report: SessionReport,
    action: str,
    changes: dict,
    user=None,
    speaker: Speaker | None = None,
    words: bool = False,
) -> None:
    """Record a write: an organiser's with its values; a rapporteur's ``words`` as the names
    of what changed only (their texts are theirs, not the log's)."""
    if speaker is not None and words:
        changes = {name: [None, None] for name in changes}
    audit_record(
        event=report.session.event,
        obj=report,
        action=action,
        actor=user,
        actor_label=RAPPORTEUR if speaker is not None else "organiser",
        changes=changes,
        label=report.session.code,
    )


# --- emails -----------------------------------------------------------------------------------


def _rapporteurs(session: Session) -> list[Speaker]:
    """The session's rapporteurs who have an address and have not declined, once each."""
    roles = (
        SessionRole.objects.filter(session=session, role=RoleKind.RAPPORTEUR)
        .exclude(speaker__email="")
        .exclude(speaker__state=SpeakerState.DECLINED)
        .select_related("speaker")
        .order_by("speaker_id", "pk")
    )
    return list({role.speaker_id: role.speaker for role in roles}.values())


def _deadline_text(event: Event, deadline: datetime | None) -> str:
    """The deadline in the event's zone, the zone named: "2026-05-31 18:00 (Africa/Dakar)"."""
    if deadline is None:
        return ""
    zone = event.tzinfo
    return f"{timezone.localtime(deadline, zone):%Y-%m-%d %H:%M} ({zone.key})"


def _deadline_of(event: Event) -> datetime | None:
    return ReportSettings.objects.filter(event=event).values_list("deadline", flat=True).first()


def _email_rapporteurs(*, report: SessionReport, template: str, **context) -> int:
    session, event = report.session, report.session.event
    deadline = _deadline_text(event, _deadline_of(event))
    speakers = _rapporteurs(session)
    for speaker in speakers:
        mail_send_later(
            to=[speaker.email],
            template=template,
            language=speaker.language,
            context={
                **session_mail_names(event=event, session=session, language=speaker.language),
                "speaker_name": speaker.display_name,
                "session_code": session.code,
                "deadline": deadline,
                **context,
            },
        )
    return len(speakers)


# --- writing ----------------------------------------------------------------------------------


def _messages_clean(messages) -> list[dict[str, str]]:
    """Each message's texts trimmed; messages blank in every language dropped."""
    cleaned = []
    for texts in messages:
        texts = clean_texts(
            texts, field="text", max_length=MESSAGE_MAX, error=ReportError, single_line=False
        )
        if any(texts.values()):
            cleaned.append(texts)
    return cleaned


def _messages_write(report: SessionReport, messages: list[dict[str, str]]) -> None:
    """Make the report's messages exactly ``messages``, at positions 0..n-1: a message keeps
    its row at its position, rows past the new end are deleted."""
    existing = {message.position: message for message in report.messages.all()}
    for position, texts in enumerate(messages):
        message = existing.pop(position, None) or ReportMessage(report=report, position=position)
        # Every language is written: a message's languages are exactly those it is given.
        write_texts(message, "text", {code: texts.get(code, "") for code in CONTENT_LANGUAGES})
        with content_write():
            message.save()
    if existing:
        ReportMessage.objects.filter(pk__in=[m.pk for m in existing.values()]).delete()


@transaction.atomic
def report_save(
    *,
    session: Session,
    messages: list[Mapping[str, str]],
    actions: Mapping[str, str],
    commitments: Mapping[str, str],
    needs: Mapping[str, str],
    speaker: Speaker | None = None,
    user=None,
) -> SessionReport:
    """Write ``session``'s report, creating it on the first save: the key messages become
    exactly ``messages`` (each {language: text}; blank ones dropped), the sections take the
    languages given (those left out keep their text).

    ``speaker``: a rapporteur through their link, while the report is a draft; ``user``: an
    organiser, while it is a draft or submitted.
    """
    _writer_check(speaker=speaker, user=user)
    session = Session.objects.select_related("event").get(pk=session.pk)
    if speaker is not None and not rapporteur_of(speaker=speaker, session=session):
        raise _not_rapporteur()
    cleaned_messages = _messages_clean(messages)
    sections = {
        name: clean_texts(
            texts or {}, field=name, max_length=SECTION_MAX, error=ReportError, single_line=False
        )
        for name, texts in (("actions", actions), ("commitments", commitments), ("needs", needs))
    }
    existing = _report_of(session)
    if existing is None:
        # The first save of two at once: the session row queues them; the second finds the
        # report the first created.
        lock_one(Session.objects.filter(event_id=session.event_id), session.pk)
        existing = _report_of(session)
    if existing is None:
        report = SessionReport(session=session)
        before = {}
    else:
        report = _lock_report(existing)
        before = _snapshot(report)
    allowed = RAPPORTEUR_EDITS if speaker is not None else ORGANISER_EDITS
    if report.pk and report.state not in allowed:
        raise _state_error(report)
    for name, texts in sections.items():
        write_texts(report, name, merged_texts(report, name, texts))
    with content_write():
        report.save()
    _messages_write(report, cleaned_messages)
    report.session = session
    _audit(
        report=report,
        action=AuditAction.CREATED if not before else AuditAction.CHANGED,
        changes=audit_diff(before, _snapshot(report)),
        user=user,
        speaker=speaker,
        words=True,
    )
    return report


@transaction.atomic
def report_submit(
    *, report: SessionReport, speaker: Speaker | None = None, user=None
) -> SessionReport:
    """Send a draft to the organisers; it needs at least one key message. A rapporteur may
    no longer change it until the organisers return it."""
    _writer_check(speaker=speaker, user=user)
    report = _lock_report(report)
    if speaker is not None and not rapporteur_of(speaker=speaker, session=report.session):
        raise _not_rapporteur()
    if report.state != ReportState.DRAFT:
        raise _state_error(report)
    if not any(texts_of(message, "text") for message in report.messages.all()):
        raise ReportError(_("Write at least one key message before you submit."), "empty")
    before = audit_snapshot(report, ("state",))
    report.state = ReportState.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = speaker.display_name if speaker is not None else str(user)[:200]
    report.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    _audit(
        report=report,
        action=AuditAction.SUBMITTED,
        changes=audit_diff(before, audit_snapshot(report, ("state",))),
        user=user,
        speaker=speaker,
    )
    return report


@transaction.atomic
def report_accept(*, report: SessionReport, user) -> SessionReport:
    """Accept a submitted report: its key messages may be compiled into the statement, and
    it may be published. Its rapporteurs are told."""
    report = _lock_report(report)
    if report.state != ReportState.SUBMITTED:
        raise _state_error(report)
    before = audit_snapshot(report, ("state",))
    report.state = ReportState.ACCEPTED
    report.accepted_at = timezone.now()
    report.accepted_by = user if user is not None and user.is_authenticated else None
    report.return_note = ""
    report.save(update_fields=["state", "accepted_at", "accepted_by", "return_note", "updated_at"])
    _audit(
        report=report,
        action=AuditAction.APPROVED,
        changes=audit_diff(before, audit_snapshot(report, ("state",))),
        user=user,
    )
    _email_rapporteurs(report=report, template="report_accepted")
    return report


@transaction.atomic
def report_return(*, report: SessionReport, user, note: str) -> SessionReport:
    """Return a report to its rapporteurs as a draft, with a note they read on their page and
    in an email. A submitted report always; an accepted one only while unpublished and none
    of its key messages is in the outcome statement."""
    note = (note or "").strip()
    if not note:
        raise ReportError(_("Tell the rapporteurs what to change."), "note")
    if len(note) > RETURN_NOTE_MAX:
        raise ReportError(
            _("The note may have at most %(max)d characters.") % {"max": RETURN_NOTE_MAX}, "note"
        )
    report = _lock_report(report)
    if report.state == ReportState.ACCEPTED:
        if report.published_at is not None:
            raise _state_error(report)
        if report.messages.filter(statement_sources__isnull=False).exists():
            raise ReportError(
                _(
                    "Some of this report’s key messages are already in the outcome "
                    "statement: it can no longer be returned."
                ),
                "picked",
            )
    elif report.state != ReportState.SUBMITTED:
        raise _state_error(report)
    before = audit_snapshot(report, ("state", "return_note"))
    report.state = ReportState.DRAFT
    report.accepted_at = None
    report.accepted_by = None
    report.return_note = note
    report.save(update_fields=["state", "accepted_at", "accepted_by", "return_note", "updated_at"])
    _audit(
        report=report,
        action=AuditAction.STATE_CHANGED,
        changes=audit_diff(before, audit_snapshot(report, ("state", "return_note"))),
        user=user,
    )
    _email_rapporteurs(report=report, template="report_returned", note=note)
    return report


@transaction.atomic
def report_publish(*, report: SessionReport, user) -> SessionReport:
    """Show an accepted report on the session's public page."""
    report = _lock_report(report)
    if report.state != ReportState.ACCEPTED or report.published_at is not None:
        raise _state_error(report)
    before = audit_snapshot(report, ("published_at",))
    report.published_at = timezone.now()
    report.save(update_fields=["published_at", "updated_at"])
    _audit(
        report=report,
        action=AuditAction.PUBLISHED,
        changes=audit_diff(before, audit_snapshot(report, ("published_at",))),
        user=user,
    )
    return report


@transaction.atomic
def report_unpublish(*, report: SessionReport, user) -> SessionReport:
    """Take a published report off the session's public page (it stays accepted)."""
    report = _lock_report(report)
    if report.published_at is None:
        raise _state_error(report)
    before = audit_snapshot(report, ("published_at",))
    report.published_at = None
    report.save(update_fields=["published_at", "updated_at"])
    _audit(
        report=report,
        action=AuditAction.STATE_CHANGED,
        changes=audit_diff(before, audit_snapshot(report, ("published_at",))),
        user=user,
    )
    return report


@transaction.atomic
def report_settings_save(*, event: Event, deadline: datetime | None, user) -> ReportSettings:
    """Set the event's reporting deadline (aware; stored in UTC) or clear it. A new deadline
    starts a new series of reminders."""
    if deadline is not None and deadline.tzinfo is None:
        raise ReportError(_("Give the deadline’s date and time."), "deadline")
    existing = ReportSettings.objects.filter(event=event).values_list("pk", flat=True).first()
    if existing is None:
        settings_row, before = ReportSettings(event=event), {}
    else:
        settings_row = lock_one(ReportSettings.objects.filter(event=event), existing)
        before = audit_snapshot(settings_row, ("deadline",))
    settings_row.deadline = deadline
    settings_row.save()
    audit_record(
        event=event,
        obj=settings_row,
        action=AuditAction.CREATED if existing is None else AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(settings_row, ("deadline",))),
    )
    return settings_row


# --- reminders --------------------------------------------------------------------------------


def reminder_days() -> list[int]:
    """The days before the deadline on which rapporteurs are reminded, furthest first."""
    return sorted({int(day) for day in settings.FORUM_REPORT_REMINDER_DAYS}, reverse=True)


def _reminder_claim(*, session: Session, speaker: Speaker, deadline: datetime, days: int) -> bool:
    """Record the reminder, once: False when it was already recorded (by this run or another
    one running at the same time, which the unique constraint makes wait and then refuse)."""
    try:
        with transaction.atomic():
            ReportReminder.objects.create(
                session=session, speaker=speaker, deadline=deadline, days_before=days
            )
    except IntegrityError:
        return False
    return True


def _waiting_roles(event_id: int):
    """The rapporteur roles of the event's sessions that still take place and whose report
    is neither submitted nor accepted, of speakers with an address who have not declined."""
    return (
        SessionRole.objects.filter(session__event_id=event_id, role=RoleKind.RAPPORTEUR)
        .exclude(session__state=SessionState.CANCELLED)
        .exclude(session__report__state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED])
        .exclude(speaker__email="")
        .exclude(speaker__state=SpeakerState.DECLINED)
        .select_related("session", "speaker")
        .order_by("session_id", "speaker_id", "pk")
    )


@transaction.atomic
def reports_remind(*, now: datetime | None = None) -> int:
    """Remind each rapporteur of each report still to be submitted, on each reminder day
    whose moment (the deadline less that many days) has come while the deadline has not
    passed. Each reminder is sent once, whatever runs at the same time; reminders that fell
    due together (a deadline set late) send only the nearest. Returns the number
    of emails queued (they leave after commit)."""
    now = now or timezone.now()
    days = reminder_days()
    if not days:
        return 0
    sent = 0
    rows = (
        ReportSettings.objects.filter(deadline__gt=now, deadline__lte=now + timedelta(max(days)))
        .select_related("event")
        .order_by("pk")
    )
    for row in rows:
        event, deadline = row.event, row.deadline
        due = [day for day in days if deadline - timedelta(days=day) <= now]
        if not due:
            continue
        pairs = {}
        for role in _waiting_roles(event.pk):
            pairs.setdefault((role.session_id, role.speaker_id), role)
        nearest = min(due)
        for role in pairs.values():
            session, speaker = role.session, role.speaker
            # Every due reminder is recorded, but one email goes out: the nearest to the
            # deadline (a deadline set late would otherwise send the earlier ones at once).
            claimed = [
                day
                for day in sorted(due, reverse=True)
                if _reminder_claim(session=session, speaker=speaker, deadline=deadline, days=day)
            ]
            if nearest in claimed:
                mail_send_later(
                    to=[speaker.email],
                    template="report_reminder",
                    language=speaker.language,
                    context={
                        **session_mail_names(
                            event=event, session=session, language=speaker.language
                        ),
                        "speaker_name": speaker.display_name,
                        "session_code": session.code,
                        "deadline": _deadline_text(event, deadline),
                        "days": nearest,
                    },
                )
                sent += 1
    if sent:
        logger.info("report reminders queued: %d", sent)
    return sent
