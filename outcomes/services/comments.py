"""Consultation comments: participants write them through their manage link, organisers
answer and resolve them."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


@transaction.atomic
def comment_answer(*, comment: Comment, user, answer: str) -> Comment:
    """The organisers' answer, shown to the participant on their page (replaces any earlier)."""
    locked = lock_one(Comment, comment.pk)
    answer = answer.strip()
    if not answer:
        raise OutcomeError(_("Write an answer."), "empty")
    locked.answer = answer
    locked.answered_by = user
    locked.answered_at = timezone.now()
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    return locked


@transaction.atomic
def comment_resolve(*, comment: Comment, user) -> Comment:
    """Mark a comment dealt with (taken into a version, or answered)."""
    locked = lock_one(Comment, comment.pk)
    if locked.resolved_at is not None:
        raise OutcomeError(_("This comment is already resolved."), "resolved")
    locked.resolved_by = user
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["resolved_by", "resolved_at"])
    return locked
