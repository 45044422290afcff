"""Consultation comments: participants write them through their manage link, organisers
answer and resolve them."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction
from events.services.audit import audit_record, audit_snapshot
from forum.locking import lock_one
from outcomes.enums import StatementState
from outcomes.models import Comment, Statement
from outcomes.services import OutcomeError
from outcomes.text import sections_split
from registrations.enums import ACTIVE_STATES
from registrations.models import Registration


@transaction.atomic
def comment_create(
    *, statement: Statement, registration: Registration, language: str, section: str, body: str
) -> Comment:
    """A comment on one section of the current version, by an active participant of the event."""
    statement = lock_one(Statement, statement.pk)
    if statement.state != StatementState.CONSULTATION:
        raise OutcomeError(_("This statement is not open for comments."), "not_consultation")
    if registration.event_id != statement.event_id or registration.state not in ACTIVE_STATES:
        raise OutcomeError(
            _("Only participants registered for this forum may comment."), "not_participant"
        )
    body = body.strip()
    if not body:
        raise OutcomeError(_("Write your comment."), "empty")
    version = statement.versions.order_by("-number").first()
    found = {s.anchor: s for s in sections_split(version.text(language))}
    if section not in found:
        raise OutcomeError(_("That section does not exist in this version."), "section")
    return Comment.objects.create(
        statement=statement,
        version=version,
        registration=registration,
        language=language,
        section=section,
        section_title=found[section].title[:300],
        body=body,
    )


def comment_label(comment: Comment) -> str:
    """How the audit log names a comment: its statement and section, never its words."""
    return f"{comment.statement} — {comment.section_title} (#{comment.pk})"


def _locked(comment: Comment) -> Comment:
    return lock_one(Comment.objects.select_related("statement__event"), comment.pk)


@transaction.atomic
def comment_answer(*, comment: Comment, user, answer: str) -> Comment:
    """The organisers' answer, shown to the participant on their page (replaces any earlier)."""
    locked = _locked(comment)
    answer = answer.strip()
    if not answer:
        raise OutcomeError(_("Write an answer."), "empty")
    changed = answer != locked.answer
    locked.answer = answer
    locked.answered_by = user
    locked.answered_at = timezone.now()
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    if changed:
        # The answer goes to one participant and may quote them: recorded as changed, no words.
        audit_record(
            event=locked.statement.event,
            obj=locked,
            action=AuditAction.ANSWERED,
            actor=user,
            changes={"answer": [None, None]},
            label=comment_label(locked),
        )
    return locked


@transaction.atomic
def comment_resolve(*, comment: Comment, user) -> Comment:
    """Mark a comment dealt with (taken into a version, or answered)."""
    locked = _locked(comment)
    if locked.resolved_at is not None:
        raise OutcomeError(_("This comment is already resolved."), "resolved")
    locked.resolved_by = user
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["resolved_by", "resolved_at"])
    audit_record(
        event=locked.statement.event,
        obj=locked,
        action=AuditAction.RESOLVED,
        actor=user,
        changes={"resolved_at": [None, audit_snapshot(locked, ("resolved_at",))["resolved_at"]]},
        label=comment_label(locked),
    )
    return locked
