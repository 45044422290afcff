"""Speakers: invitations by secret link instead of an account, and the organisers' edits.

Only the SHA-256 of the token is stored, so a database leak exposes no working link. Every
organiser write (create, edit, moderation, invitation, merge) records an audit entry in its
own transaction.
"""

import logging
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import WORKING_LANGUAGES
from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import clean_texts, content_write, merged_texts, write_texts
from forum.errors import ServiceError
from forum.locking import lock
from forum.mail import mail_send_later
from forum.tokens import token_hash, token_new
from sessions.enums import SpeakerState
from sessions.models import SessionRole, Speaker

logger = logging.getLogger(__name__)

# What an invitation changes that an organiser reads in the history (never the token's hash).
AUDITED_INVITATION = ("state", "invited_at")
# The fields a merge copies from the removed record when the kept one has them empty.
MERGE_FILLED = ("honorific", "organisation", "organisation_name", "photo", "email")
# The translated texts a merge joins language by language: the kept record's text, else the
# removed one's.
MERGE_TEXTS = ("position", "biography")
# What the history shows; a translated text is recorded per language (``position_fr``).
AUDITED = (
    "honorific",
    "name",
    "position",
    "organisation",
    "organisation_name",
    "biography",
    "photo",
    "email",
    "language",
    "state",
    "invited_at",
    "responded_at",
)
# The longest biography a speaker or an organiser may write, in each language.
BIOGRAPHY_MAX_LENGTH = 3000
# The longest position, in each language (its column's length).
POSITION_MAX_LENGTH = Speaker._meta.get_field("position").max_length


class SpeakerError(ServiceError):
    """An organiser's speaker write was refused; ``code`` names the field a form maps it to."""


def _positions_clean(position: Mapping[str, str] | None) -> dict[str, str]:
    return clean_texts(
        position or {}, field="position", max_length=POSITION_MAX_LENGTH, error=SpeakerError
    )


def _biographies_clean(biographies: Mapping[str, str]) -> dict[str, str]:
    return clean_texts(
        biographies,
        field="biography",
        max_length=BIOGRAPHY_MAX_LENGTH,
        error=SpeakerError,
        single_line=False,
    )


@transaction.atomic
def speaker_invite(*, speaker: Speaker, actor=None) -> str:
    """Give the speaker a new secret link (the old one stops working) and email it.

    Returns the raw token: it exists only in the email and this return value.
    """
    if not speaker.email:
        raise ValidationError(_("This speaker has no email address to send the invitation to."))
    before = audit_snapshot(speaker, AUDITED_INVITATION)
    token = token_new()
    speaker.token_hash = token_hash(token)
    speaker.invited_at = timezone.now()
    fields = ["token_hash", "invited_at", "updated_at"]
    if speaker.state == SpeakerState.DECLINED:
        speaker.state = SpeakerState.INVITED
        fields.append("state")
    speaker.save(update_fields=fields)
    event = speaker.event
    audit_record(
        event=event,
        obj=speaker,
        action=AuditAction.INVITED,
        actor=actor,
        changes=audit_diff(before, audit_snapshot(speaker, AUDITED_INVITATION)),
    )
    mail_send_later(
        to=[speaker.email],
        template="speaker_invitation",
        language=speaker.language,
        context={
            "speaker_name": speaker.display_name,
            "event_name": event.name,
            "link_path": reverse(
                "programme:speaker_invitation",
                kwargs={"event_slug": event.slug, "token": token},
            ),
        },
    )
    logger.info("speaker %s invited", speaker.pk)
    return token


@transaction.atomic
def speaker_respond(*, speaker: Speaker, accept: bool) -> Speaker:
    """The speaker confirms or declines; they may change their mind until the forum."""
    speaker.state = SpeakerState.CONFIRMED if accept else SpeakerState.DECLINED
    speaker.responded_at = timezone.now()
    speaker.save(update_fields=["state", "responded_at", "updated_at"])
    logger.info("speaker %s responded: %s", speaker.pk, speaker.state)
    return speaker


@transaction.atomic
def speaker_profile_update(
    *,
    speaker: Speaker,
    biographies: Mapping[str, str],
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> Speaker:
    """The speaker edits their own biography, per language, and photo (shown publicly after
    the next publish). ``biographies`` is {code: text}: a blank text clears that language; a
    language not given keeps its text."""
    fields = [*write_texts(speaker, "biography", _biographies_clean(biographies)), "updated_at"]
    if photo is not None:
        speaker.photo.save(photo.name, photo, save=False)
        fields.append("photo")
    elif remove_photo and speaker.photo:
        speaker.photo = ""
        fields.append("photo")
    with content_write():
        speaker.save(update_fields=fields)
    return speaker


def _details_clean(
    *, name: str, honorific: str, organisation_name: str, email: str, language: str
) -> dict:
    name = " ".join(name.split())
    if not name:
        raise SpeakerError(_("Enter the speaker's name."), code="name")
    if language not in WORKING_LANGUAGES:
        raise SpeakerError(_("Choose one of the forum's working languages."), code="language")
    return {
        "name": name,
        "honorific": honorific.strip(),
        "organisation_name": organisation_name.strip(),
        "email": email.strip(),
        "language": language,
    }


@transaction.atomic
def speaker_create(
    *,
    event: Event,
    name: str,
    honorific: str = "",
    position: Mapping[str, str] | None = None,
    organisation_name: str = "",
    email: str = "",
    language: str = "en",
    actor=None,
    note: str = "",
) -> Speaker:
    """A speaker not yet invited: the invitation is a separate step (``speaker_invite``).

    ``position`` is {code: text}, one entry per language written.
    """
    details = _details_clean(
        name=name,
        honorific=honorific,
        organisation_name=organisation_name,
        email=email,
        language=language,
    )
    positions = _positions_clean(position)
    speaker = Speaker(event=event, **details)
    write_texts(speaker, "position", merged_texts(Speaker(), "position", positions))
    write_texts(speaker, "biography", merged_texts(Speaker(), "biography", {}))
    with content_write():
        speaker.save()
        after = audit_snapshot(speaker, AUDITED)
    audit_record(
        event=event,
        obj=speaker,
        action=AuditAction.CREATED,
        actor=actor,
        changes=audit_diff({}, after),
        note=note,
    )
    logger.info("speaker %s created", speaker.pk)
    return speaker


@transaction.atomic
def speaker_update(
    *,
    speaker: Speaker,
    name: str,
    honorific: str = "",
    position: Mapping[str, str] | None = None,
    organisation_name: str = "",
    email: str = "",
    language: str = "en",
    actor=None,
) -> Speaker:
    """The organiser corrects a speaker's details (shown publicly after the next publish).

    ``position`` is {code: text}: a blank text clears that language; a language not given
    keeps its text.
    """
    details = _details_clean(
        name=name,
        honorific=honorific,
        organisation_name=organisation_name,
        email=email,
        language=language,
    )
    positions = _positions_clean(position)
    before = audit_snapshot(speaker, AUDITED)
    for field, value in details.items():
        setattr(speaker, field, value)
    columns = write_texts(speaker, "position", positions)
    with content_write():
        speaker.save(update_fields=[*details, *columns, "updated_at"])
    after = audit_snapshot(speaker, AUDITED)
    audit_record(
        event=speaker.event,
        obj=speaker,
        action=AuditAction.CHANGED,
        actor=actor,
        changes=audit_diff(before, after),
    )
    return speaker


@transaction.atomic
def speaker_moderate(
    *,
    speaker: Speaker,
    biographies: Mapping[str, str],
    clear_photo: bool,
    note: str,
    actor=None,
) -> Speaker:
    """The organiser edits or clears what a speaker submitted (biography per language, photo),
    saying why. ``biographies`` is {code: text}: a blank text clears that language; a language
    not given keeps its text.

    The note is kept with the audit entry; the speaker may submit again through their link.
    """
    note = note.strip()
    if not note:
        raise SpeakerError(_("Say why, for the history: the note is required."), code="note")
    texts = _biographies_clean(biographies)
    before = audit_snapshot(speaker, AUDITED)
    fields = [*write_texts(speaker, "biography", texts), "updated_at"]
    if clear_photo and speaker.photo:
        speaker.photo.delete(save=False)
        speaker.photo = ""
        fields.append("photo")
    with content_write():
        speaker.save(update_fields=fields)
    after = audit_snapshot(speaker, AUDITED)
    audit_record(
        event=speaker.event,
        obj=speaker,
        action=AuditAction.CHANGED,
        actor=actor,
        changes=audit_diff(before, after),
        note=note,
    )
    return speaker


def _roles_label(roles: list[SessionRole]) -> str:
    """ "2 (S001 chair, S004 speaker)" for the history's note; "0" for none."""
    if not roles:
        return "0"
    listed = ", ".join(f"{role.session.code} {role.get_role_display()}" for role in roles)
    return f"{len(roles)} ({listed})"


def _is_empty(speaker: Speaker, field: str) -> bool:
    return not getattr(speaker, speaker._meta.get_field(field).attname)


@transaction.atomic
def speaker_merge(*, keep: Speaker, other: Speaker, actor=None) -> Speaker:
    """Make two records of one person one: ``other``'s roles move to ``keep``, ``keep``'s
    empty fields are filled from ``other``, and ``other`` is deleted.

    Where both had a role in the same session, ``keep``'s role stays and ``other``'s goes.
    If only ``other`` was ever invited, its invitation (state and link) carries over, so the
    link the person holds keeps working. Both speakers are locked (primary-key order), then
    their roles.
    """
    if keep.pk == other.pk:
        raise SpeakerError(_("Choose two different speakers to merge."), code="same")
    if keep.event_id != other.event_id:
        raise SpeakerError(_("Both speakers must belong to this event."), code="event")
    locked = {
        s.pk: s for s in lock(Speaker.objects.filter(event_id=keep.event_id), keep.pk, other.pk)
    }
    if len(locked) != 2:
        raise SpeakerError(_("One of the speakers no longer exists."), code="gone")
    keep, other = locked[keep.pk], locked[other.pk]
    before = audit_snapshot(keep, AUDITED)

    roles = lock(
        SessionRole.objects.select_related("session").filter(speaker_id__in=[keep.pk, other.pk])
    )
    kept_sessions = {role.session_id for role in roles if role.speaker_id == keep.pk}
    moved, dropped = [], []
    for role in roles:
        if role.speaker_id != other.pk:
            continue
        if role.session_id in kept_sessions:
            dropped.append(role)
        else:
            moved.append(role)
            kept_sessions.add(role.session_id)
    SessionRole.objects.filter(pk__in=[role.pk for role in dropped]).delete()
    SessionRole.objects.filter(pk__in=[role.pk for role in moved]).update(speaker=keep)

    filled = [f for f in MERGE_FILLED if _is_empty(keep, f) and not _is_empty(other, f)]
    for field in filled:
        setattr(keep, field, getattr(other, field))
    for field in MERGE_TEXTS:
        kept, given = merged_texts(keep, field, {}), merged_texts(other, field, {})
        write_texts(
            keep,
            field,
            {code: text if text.strip() else given[code] for code, text in kept.items()},
        )
    if keep.invited_at is None and other.invited_at is not None:
        for field in ("state", "token_hash", "invited_at", "responded_at"):
            setattr(keep, field, getattr(other, field))
    other_label, other_pk = f"{other.display_name} ({other.code})", other.pk
    audit_record(
        event=keep.event,
        obj=other,
        action=AuditAction.DELETED,
        actor=actor,
        note=_("Merged into %(speaker)s (%(code)s).")
        % {"speaker": keep.display_name, "code": keep.code},
    )
    other.delete()
    with content_write():
        keep.save()
    after = audit_snapshot(keep, AUDITED)
    audit_record(
        event=keep.event,
        obj=keep,
        action=AuditAction.MERGED,
        actor=actor,
        changes=audit_diff(before, after),
        note=_(
            "Merged %(other)s into this speaker. Roles moved: %(moved)s. "
            "Duplicate roles removed: %(dropped)s."
        )
        % {"other": other_label, "moved": _roles_label(moved), "dropped": _roles_label(dropped)},
    )
    logger.info("speaker %s merged into %s", other_pk, keep.pk)
    return keep
