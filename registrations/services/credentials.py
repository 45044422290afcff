"""Nomination letters: uploaded by a focal point, a registrant or an organiser for one or more
registrations of one event; verified or rejected by an organiser.

A category that requires a letter holds its registrations in *credentials pending*
(``RegistrationState.CREDENTIALS_PENDING``, a seat held) until a letter naming them is
verified: they then move on as an approval would (to pending approval when the category also
needs an organiser's approval, else to awaiting payment or confirmed) and get that email. A
rejected letter leaves them waiting for a better one; its reason is emailed to the people it
names and to the focal point who sent it.

Like the documents' services, ``letter_upload`` manages its own transaction (the file is
written first, the rows after, the file deleted again if they fail): callers must not wrap it.
"""

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, Event
from events.services.audit import audit_record
from forum.locking import lock, lock_one
from forum.mail import mail_send_later
from forum.storage import PERSONAL_PREFIX, file_discard, file_store
from forum.uploads import CheckedFile, upload_check
from registrations.enums import ACTIVE_STATES, LetterState, RegistrationState
from registrations.models import FocalPoint, NominationLetter, Registration
from registrations.services.registrations import (
    RegistrationError,
    _email,
    _transition,
    credentials_verified,
    registration_history_add,
)


class LetterError(RegistrationError):
    """A letter upload or decision refused; ``code`` names why."""


LETTER_VERIFIED = "credentials_verified"
LETTER_REJECTED = "credentials_rejected"


def _stored_name(event: Event, upload: CheckedFile) -> str:
    return f"{PERSONAL_PREFIX}letters/{event.pk}/{secrets.token_urlsafe(12)}/{upload.filename}"


def registrant_may_send_letter(*, registration: Registration) -> bool:
    """The registrant's own page offers an upload: their category asks for a letter and the
    registration is still active."""
    return registration.category.requires_nomination_letter and registration.state in ACTIVE_STATES


def letter_upload(
    *,
    event: Event,
    registrations: Iterable[Registration],
    uploaded,
    actor_label: str,
    focal_point: FocalPoint | None = None,
    user=None,
) -> NominationLetter:
    """Store an uploaded letter naming ``registrations`` (all of ``event``; a focal point's
    all of their organisation, nominated or not by them). The file passes the same checks as
    documents (``forum.uploads``); refused, nothing is stored (``UploadRefused``)."""
    registrations = list(registrations)
    if not registrations:
        raise LetterError(_("Choose the people this letter nominates."), "registrations")
    for registration in registrations:
        if registration.event_id != event.pk:
            raise LetterError(_("Choose the people this letter nominates."), "registrations")
        if focal_point is not None and registration.organisation_id != focal_point.organisation_id:
            raise LetterError(_("Choose the people this letter nominates."), "registrations")
        if registration.state not in ACTIVE_STATES:
            raise LetterError(
                _("%(name)s’s registration is withdrawn: a letter no longer helps it.")
                % {"name": registration.full_name},
                "registrations",
            )
    checked = upload_check(uploaded)
    name = file_store(_stored_name(event, checked), checked.content)
    try:
        return _letter_rows(
            event=event,
            registrations=registrations,
            name=name,
            checked=checked,
            actor_label=actor_label,
            focal_point=focal_point,
            user=user,
        )
    except BaseException:
        file_discard(name)
        raise


@transaction.atomic
def _letter_rows(
    *, event, registrations, name, checked, actor_label, focal_point, user
) -> NominationLetter:
    organisations = {r.organisation_id for r in registrations}
    letter = NominationLetter.objects.create(
        event=event,
        organisation_id=organisations.pop() if len(organisations) == 1 else None,
        focal_point=focal_point,
        uploaded_by_label=actor_label,
        uploaded_by=user if user is not None and user.is_authenticated else None,
        file=name,
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    letter.registrations.set(registrations)
    for registration in registrations:
        audit_record(
            event=event,
            obj=registration,
            action=AuditAction.CHANGED,
            actor=user,
            actor_label=actor_label,
            changes={"nomination_letter": ["", checked.filename]},
        )
    return letter


def _next_state(category) -> str:
    if category.requires_approval:
        return RegistrationState.PENDING_APPROVAL
    if category.has_fee:
        return RegistrationState.AWAITING_PAYMENT
    return RegistrationState.CONFIRMED


def _locked_pending(letter: NominationLetter, *, event: Event) -> NominationLetter:
    locked = lock_one(NominationLetter.objects.select_related("event", "focal_point"), letter.pk)
    if locked.event_id != event.pk:
        raise LetterError(_("This letter is not one of this event’s."), "letter")
    if locked.state != LetterState.PENDING:
        raise LetterError(
            _("This letter has already been %(state)s.")
            % {"state": locked.get_state_display().lower()},
            "decided",
        )
    if locked.erased_at is not None:
        raise LetterError(_("This letter was erased."), "erased")
    return locked


@transaction.atomic
def letter_verify(
    *, letter: NominationLetter, event: Event, user, now: datetime | None = None
) -> list[Registration]:
    """An organiser verifies a letter: every registration it names that waits for its
    credentials moves on (and gets the email of that step). Returns those moved."""
    locked = _locked_pending(letter, event=event)
    locked.state = LetterState.VERIFIED
    locked.decided_by = user
    locked.decided_at = now or timezone.now()
    locked.save(update_fields=["state", "decided_by", "decided_at"])
    moved = []
    # In category order: every transaction locks categories in primary-key order.
    waiting = locked.registrations.filter(state=RegistrationState.CREDENTIALS_PENDING).order_by(
        "category_id", "pk"
    )
    for registration in waiting.select_related("event", "category"):
        next_state = _next_state(registration.category)
        # The email is sent here, not by _transition: it would hand the history's reason code
        # to the email as an organiser's message.
        changed = _transition(
            registration,
            allowed_from=(RegistrationState.CREDENTIALS_PENDING,),
            to_state=next_state,
            template=None,
            actor_label="organiser",
            user=user,
            reason=LETTER_VERIFIED,
        )
        _email(
            changed,
            LETTER_VERIFIED
            if next_state == RegistrationState.PENDING_APPROVAL
            else "registration_approved",
        )
        moved.append(changed)
    for registration in locked.registrations.exclude(pk__in=[r.pk for r in moved]):
        registration_history_add(
            registration,
            from_state=registration.state,
            actor_label="organiser",
            user=user,
            reason=LETTER_VERIFIED,
        )
    return moved


@transaction.atomic
def letter_reject(
    *, letter: NominationLetter, event: Event, user, reason: str, now: datetime | None = None
) -> NominationLetter:
    """An organiser rejects a letter, saying why: the people it names keep waiting for their
    credentials (a better letter may follow) and are told why, as is the focal point who
    sent it."""
    reason = (reason or "").strip()
    if not reason:
        raise LetterError(
            _("Say why the letter is rejected: the people it names are told."), "reason"
        )
    locked = _locked_pending(letter, event=event)
    locked.state = LetterState.REJECTED
    locked.reason = reason
    locked.decided_by = user
    locked.decided_at = now or timezone.now()
    locked.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    registrations = list(
        lock(locked.registrations.select_related("event", "category").order_by("pk"))
    )
    for registration in registrations:
        registration_history_add(
            registration,
            from_state=registration.state,
            actor_label="organiser",
            user=user,
            reason=LETTER_REJECTED,
        )
        # The email says their registration keeps its place while it waits for a letter:
        # only those still waiting for their credentials are told.
        if registration.state in ACTIVE_STATES and not credentials_verified(registration):
            _email(registration, LETTER_REJECTED, message=reason, filename=locked.filename)
    focal_point = locked.focal_point
    if focal_point is not None:
        mail_send_later(
            to=[focal_point.email],
            template="focal_point_letter_rejected",
            language=focal_point.language,
            context={
                "name": focal_point.name,
                "event": locked.event.name,
                "filename": locked.filename,
                "message": reason,
                "people": [r.full_name for r in registrations],
            },
        )
    return locked


def letters_verify(
    *, letters: Iterable[NominationLetter], event: Event, user
) -> tuple[list[NominationLetter], list[tuple[NominationLetter, str]]]:
    """Verify several letters, each in its own transaction: one refusal (a letter decided
    meanwhile) does not undo the others. Returns (verified, [(refused, why)])."""
    done, refused = [], []
    for letter in letters:
        try:
            letter_verify(letter=letter, event=event, user=user)
        except RegistrationError as exc:
            refused.append((letter, str(exc.message)))
        else:
            done.append(letter)
    return done, refused


def _letters_erase(letters: list[NominationLetter], *, now: datetime) -> int:
    """Blank the file of ``letters`` (locked), mark them erased and delete their files once
    the transaction commits (a rolled-back erasure keeps them)."""
    names = [letter.file.name for letter in letters if letter.file.name]
    NominationLetter.objects.filter(pk__in=[letter.pk for letter in letters]).update(
        file="", erased_at=now
    )
    for letter in letters:
        letter.file, letter.erased_at = "", now
    if names:
        transaction.on_commit(lambda: [file_discard(name) for name in names])
    return len(letters)


@transaction.atomic
def letters_erase(*, registration: Registration, now: datetime | None = None) -> int:
    """Erase the files of the letters naming ``registration`` (personal data): the rows and
    decisions stay, the files go once the transaction commits. Returns how many.

    Callers erasing the registration too lock the letters first, as the decisions do
    (letter, then its registrations)."""
    letters = lock(
        NominationLetter.objects.filter(
            pk__in=registration.nomination_letters.values("pk"), erased_at__isnull=True
        )
    )
    return _letters_erase(letters, now=now or timezone.now())


@transaction.atomic
def event_letters_erase(*, event: Event, now: datetime | None = None) -> int:
    """Erase the files of every letter of ``event`` (its personal data is erased as a whole):
    two queries and one deletion per file after the commit, however many letters."""
    letters = lock(
        NominationLetter.objects.filter(event=event, erased_at__isnull=True).only("pk", "file")
    )
    return _letters_erase(letters, now=now or timezone.now())
