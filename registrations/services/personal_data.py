"""Erasing passport, health and travel-support answers once they are no longer needed.

Only the fields in ``SENSITIVE_FIELDS`` are blanked, and the files of the nomination letters
naming the registration deleted: the registration itself, its state, category, name, email and
history stay (and each letter's decision), so seat counts, invoices and the audit trail still
add up after erasure. Each erasure is logged as a state-preserving entry in the history.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, Event
from events.services.audit import audit_record_bulk
from forum.locking import lock, lock_one
from forum.storage import file_discard
from registrations.models import SENSITIVE_FIELDS, Answer, Registration, RegistrationTransition
from registrations.services.credentials import event_letters_erase, letters_erase
from registrations.services.registrations import RegistrationError, registration_history_add

# The history entry's reason, a fixed code like the waiting list's "promoted".
ERASURE_REASON = "personal data erased"
# Rows per UPDATE: keeps each statement under SQLite's bound-parameter limit.
ERASE_BATCH = 500


class RetentionNotOver(RegistrationError):
    code = "retention_not_over"


def _blank_values() -> dict:
    """Each sensitive field's empty value: NULL where the column allows it, else ""."""
    values = {}
    for name in SENSITIVE_FIELDS:
        model_field = Registration._meta.get_field(name)
        values[name] = None if model_field.null else ""
    return values


def _actor(user) -> tuple[object, str]:
    if user is not None and user.is_authenticated:
        return user, "organiser"
    return None, "system"


@transaction.atomic
def registration_erase_personal_data(
    *, registration: Registration, user=None, now: datetime | None = None
) -> bool:
    """Blank one registration's sensitive fields; True if anything was erased.

    Idempotent: a registration already erased (and not refilled since) is left alone.
    """
    now = now or timezone.now()
    # Letters before the registration: the order the letter decisions lock them in.
    letters = letters_erase(registration=registration, now=now)
    locked = lock_one(Registration, registration.pk)
    blank = _blank_values()
    if (
        not letters
        and locked.personal_data_erased_at is not None
        and all(getattr(locked, name) == value for name, value in blank.items())
        and not _personal_answers(Registration.objects.filter(pk=locked.pk)).exists()
    ):
        return False
    for name, value in blank.items():
        setattr(locked, name, value)
    locked.personal_data_erased_at = now
    locked.save(update_fields=[*blank, "personal_data_erased_at", "updated_at"])
    personal_answers_erase(registrations=Registration.objects.filter(pk=locked.pk))
    actor, label = _actor(user)
    registration_history_add(
        locked, from_state=locked.state, actor_label=label, user=actor, reason=ERASURE_REASON
    )
    for name, value in blank.items():
        setattr(registration, name, value)
    registration.personal_data_erased_at = now
    return True


def _personal_answers(registrations):
    return Answer.objects.filter(registration__in=registrations, question__personal=True)


def personal_answers_erase(*, registrations) -> int:
    """Delete the answers of ``registrations`` to personal questions, in the caller's
    transaction; their files are deleted once it commits. Returns how many were deleted."""
    answers = _personal_answers(registrations)
    names = list(answers.exclude(file="").values_list("file", flat=True))
    count, _by_model = answers.delete()
    for name in names:
        transaction.on_commit(lambda name=name: file_discard(name))
    return count


def retention_ends(*, event: Event) -> date:
    """The first day (event time) on which the event's personal data may be erased."""
    return event.end_date + timedelta(days=settings.FORUM_PERSONAL_DATA_RETENTION_DAYS)


@transaction.atomic
def event_erase_personal_data(
    *, event: Event, user=None, force: bool = False, now: datetime | None = None
) -> int:
    """Erase the personal data of every registration of ``event`` not erased yet.

    Refused before the retention period is over unless ``force``. Set-based (an UPDATE and a
    bulk INSERT per 500 rows) so a forum of thousands erases in a few queries.
    Returns how many registrations were erased; running it again returns 0.
    """
    now = now or timezone.now()
    ends = retention_ends(event=event)
    if not force and event.local_today(now) < ends:
        raise RetentionNotOver(
            _(
                "The retention period of %(event)s ends on %(date)s; "
                "personal data cannot be erased before then."
            )
            % {"event": event.name, "date": ends.isoformat()}
        )
    # Letters before the registrations: the order the letter decisions lock them in.
    event_letters_erase(event=event, now=now)
    pending = lock(
        Registration.objects.filter(event=event, personal_data_erased_at__isnull=True).only(
            "pk", "state", "honorific", "given_name", "family_name", "reference"
        )
    )
    rows = [(registration.pk, registration.state) for registration in pending]
    if not rows:
        return 0
    personal_answers_erase(registrations=Registration.objects.filter(event=event))
    blank = _blank_values()
    for start in range(0, len(rows), ERASE_BATCH):
        batch = [pk for pk, _state in rows[start : start + ERASE_BATCH]]
        Registration.objects.filter(pk__in=batch).update(
            **blank, personal_data_erased_at=now, updated_at=now
        )
    actor, label = _actor(user)
    RegistrationTransition.objects.bulk_create(
        [
            RegistrationTransition(
                registration_id=pk,
                from_state=state,
                to_state=state,
                actor=actor,
                actor_label=label,
                reason=ERASURE_REASON,
            )
            for pk, state in rows
        ],
        batch_size=ERASE_BATCH,
    )
    audit_record_bulk(
        event=event,
        objs=pending,
        action=AuditAction.STATE_CHANGED,
        actor=actor,
        actor_label=label,
        changes_of=lambda registration: {"state": [registration.state, registration.state]},
        note=ERASURE_REASON,
        batch_size=ERASE_BATCH,
    )
    return len(rows)
