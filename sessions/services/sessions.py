"""Writes to the working programme's sessions: scheduling, the organisers' workspace (create,
edit, speakers and roles, duplicate, cancel, restore, bulk moves) and the conflict preview.

Every organiser write records one audit entry per changed row in its own transaction. What the
public sees changes only when the programme is next published.
"""

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from events.models import AuditAction, AuditEntry, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import (
    clean_texts,
    content_write,
    merged_texts,
    text_fields,
    texts_of,
    write_texts,
)
from forum.errors import ServiceError
from forum.locking import lock, lock_one
from sessions.enums import RoleKind, SessionKind, SessionState
from sessions.models import Room, Session, SessionRole, Speaker, Track
from sessions.models.programme import code_new
from sessions.selectors.conflicts import Conflict, conflict_list
from sessions.services.speakers import speaker_create

logger = logging.getLogger(__name__)

# The audit log's name for a session's speakers and roles (not a column of the session).
SPEAKERS_FIELD = "speakers"
# What the audit log records of a session: what organisers edit (its event never changes).
SESSION_FIELDS = (
    "code",
    *text_fields("title"),
    *text_fields("abstract"),
    "kind",
    "track",
    "room",
    "start",
    "end",
    "spoken_language",
    "interpretation_languages",
    "expected_attendance",
    "state",
)


def _snapshot(session: Session) -> dict:
    return audit_snapshot(session, SESSION_FIELDS)


class SessionError(ServiceError):
    """A session write refused; ``code`` names the form field it is about, when there is one."""


@dataclass(frozen=True)
class RoleInput:
    """One speaker in one role, in the order the programme lists them; ``remote``: they join
    online, through the session's meeting link."""

    speaker: Speaker
    role: str
    order: int = 0
    remote: bool = False


@dataclass(frozen=True)
class NewSpeakerInput:
    """A speaker who is not yet in the event's list: created with the session's save."""

    name: str
    role: str
    order: int = 0
    email: str = ""
    organisation_name: str = ""
    remote: bool = False


@dataclass(frozen=True)
class SessionDetails:
    """What an organiser may set on a session in the workspace (not its code or state).

    ``title`` and ``abstract`` are {code: text}: the languages given are set ("" clears one),
    the others keep their text.
    """

    title: Mapping[str, str]
    kind: str
    abstract: Mapping[str, str] = dataclasses.field(default_factory=dict)
    track: Track | None = None
    room: Room | None = None
    start: datetime | None = None
    end: datetime | None = None
    spoken_language: str = "en"
    interpretation_languages: tuple[str, ...] = ()
    expected_attendance: int | None = None
    confirmed: bool = False


# What moving a session on the timetable changes.
SLOT_FIELDS = ("start", "end", "room")


@transaction.atomic
def session_schedule(
    *,
    session: Session,
    start: datetime | None,
    end: datetime | None,
    room: Room | None,
    user=None,
) -> Session:
    """Place a session in time and room, or take it off the grid (all three None).

    Clashes are only warnings (see ``conflict_list``): organisers often move things through
    a conflicting state, so nothing but the shape of the slot is refused here.
    """
    if (start is None) != (end is None):
        raise ValidationError(_("Give both a start and an end time, or neither."))
    if start is not None and end <= start:
        raise ValidationError(_("The session must end after it starts."))
    if room is not None and room.event_id != session.event_id:
        raise ValidationError(_("Choose one of this event's rooms."))
    before = audit_snapshot(session, SLOT_FIELDS)
    session.start, session.end, session.room = start, end, room
    session.save(update_fields=["start", "end", "room", "updated_at"])
    audit_record(
        event=session.event,
        obj=session,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(session, SLOT_FIELDS)),
    )
    logger.info("session %s scheduled", session.pk)
    return session


# --- The workspace -----------------------------------------------------------------------------


def _texts_clean(session: Session, details: SessionDetails) -> dict[str, dict[str, str]]:
    """The session's titles and abstracts in every language once ``details`` is applied: a
    title in one language at least, each text within its column's length."""
    merged = {}
    for field, given, single_line in (
        ("title", details.title, True),
        ("abstract", details.abstract, False),
    ):
        max_length = Session._meta.get_field(field).max_length
        cleaned = clean_texts(
            given, field=field, max_length=max_length, error=SessionError, single_line=single_line
        )
        merged[field] = merged_texts(session, field, cleaned)
    if not any(merged["title"].values()):
        first = next(iter(details.title), "en")
        raise SessionError(
            _("Give the session a title in at least one language."), code=f"title_{first}"
        )
    return merged


def _check_details(*, event: Event, details: SessionDetails) -> None:
    if details.kind not in SessionKind.values:
        raise SessionError(_("Choose a kind of session from the list."), code="kind")
    if details.track is not None and details.track.event_id != event.pk:
        raise SessionError(_("Choose one of this event's tracks."), code="track")
    if details.room is not None and details.room.event_id != event.pk:
        raise SessionError(_("Choose one of this event's rooms."), code="room")
    if (details.start is None) != (details.end is None):
        raise SessionError(_("Give both a start and an end time, or neither."), code="end")
    if details.start is not None and details.end <= details.start:
        raise SessionError(_("The session must end after it starts."), code="end")


def _check_roles(
    *, event: Event, roles: Sequence[RoleInput], new_speakers: Sequence[NewSpeakerInput]
) -> None:
    seen = set()
    for item in roles:
        if item.speaker.event_id != event.pk:
            raise SessionError(_("Choose one of this event's speakers."), code="speakers")
        if item.role not in RoleKind.values:
            raise SessionError(_("Choose a role from the list."), code="speakers")
        if (item.speaker.pk, item.role) in seen:
            raise SessionError(
                _("%(speaker)s is listed twice as %(role)s.")
                % {"speaker": item.speaker.display_name, "role": RoleKind(item.role).label},
                code="speakers",
            )
        seen.add((item.speaker.pk, item.role))
    for item in new_speakers:
        if not item.name.strip():
            raise SessionError(_("Give the new speaker's name."), code="new_speakers")
        if item.role not in RoleKind.values:
            raise SessionError(_("Choose a role from the list."), code="new_speakers")


def _apply_details(session: Session, details: SessionDetails, texts: dict) -> None:
    """Set ``details`` on ``session``, with ``texts`` from ``_texts_clean``; save it under
    ``content_write()`` (the unsuffixed title mirrors the default language)."""
    for field, values in texts.items():
        write_texts(session, field, values)
    session.kind = details.kind
    session.track = details.track
    session.room = details.room
    # Stored and compared in UTC, as the database returns them (the audit diff compares text).
    session.start = details.start.astimezone(UTC) if details.start else None
    session.end = details.end.astimezone(UTC) if details.end else None
    session.spoken_language = details.spoken_language
    session.interpretation_languages = list(details.interpretation_languages)
    session.expected_attendance = details.expected_attendance
    if session.state != SessionState.CANCELLED:
        session.state = SessionState.CONFIRMED if details.confirmed else SessionState.DRAFT


def _roles_text(session: Session) -> str:
    """The session's speakers as the audit log shows them: "Chair: Mayor A; Speaker: Dr B
    (joins online)"."""
    roles = SessionRole.objects.filter(session=session).select_related("speaker")
    online = _("joins online")
    return "; ".join(
        f"{role.get_role_display()}: {role.speaker.display_name}"
        + (f" ({online})" if role.remote else "")
        for role in roles.order_by("order", "pk")
    )


def _speaker_create(*, event: Event, item: NewSpeakerInput, user, session: Session) -> Speaker:
    """A new speaker of ``event`` named on a session's page (not yet invited)."""
    return speaker_create(
        event=event,
        name=item.name,
        email=item.email,
        organisation_name=item.organisation_name,
        actor=user,
        note=_("Added on the page of session %(code)s.") % {"code": session.code},
    )


def _roles_replace(
    *,
    session: Session,
    roles: Sequence[RoleInput],
    new_speakers: Sequence[NewSpeakerInput],
    user,
) -> None:
    """The session's roles become exactly ``roles`` plus the new speakers in theirs."""
    wanted = [(item.speaker, item.role, item.order, item.remote) for item in roles]
    for item in new_speakers:
        speaker = _speaker_create(event=session.event, item=item, user=user, session=session)
        wanted.append((speaker, item.role, item.order, item.remote))
    SessionRole.objects.filter(session=session).delete()
    SessionRole.objects.bulk_create(
        SessionRole(session=session, speaker=speaker, role=role, order=order, remote=remote)
        for speaker, role, order, remote in wanted
    )


def _session_code_new(event: Event) -> str:
    code = code_new()
    while Session.objects.filter(event=event, code=code).exists():
        code = code_new()
    return code


@transaction.atomic
def session_create(
    *,
    event: Event,
    details: SessionDetails,
    roles: Sequence[RoleInput] = (),
    new_speakers: Sequence[NewSpeakerInput] = (),
    user,
) -> Session:
    """A new session of ``event`` with its speakers; drafts stay out of the public programme."""
    _check_details(event=event, details=details)
    _check_roles(event=event, roles=roles, new_speakers=new_speakers)
    session = Session(event=event, code=_session_code_new(event))
    _apply_details(session, details, _texts_clean(session, details))
    with content_write():
        session.save()
    _roles_replace(session=session, roles=roles, new_speakers=new_speakers, user=user)
    changes = audit_diff({}, _snapshot(session))
    speakers = _roles_text(session)
    if speakers:
        changes[SPEAKERS_FIELD] = [None, speakers]
    audit_record(event=event, obj=session, action=AuditAction.CREATED, actor=user, changes=changes)
    transaction.on_commit(lambda: logger.info("session %s created", session.pk))
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    details: SessionDetails,
    roles: Sequence[RoleInput],
    new_speakers: Sequence[NewSpeakerInput] = (),
    user,
) -> Session:
    """Change a session's details and make its speakers exactly ``roles`` (+ new speakers).

    Conflicts are warnings (see ``session_conflicts_preview``), never refusals.
    """
    event = session.event
    _check_details(event=event, details=details)
    _check_roles(event=event, roles=roles, new_speakers=new_speakers)
    session = lock_one(Session.objects.filter(event=event).select_related("event"), session.pk)
    before, speakers_before = _snapshot(session), _roles_text(session)
    _apply_details(session, details, _texts_clean(session, details))
    with content_write():
        session.save()
    _roles_replace(session=session, roles=roles, new_speakers=new_speakers, user=user)
    changes = audit_diff(before, _snapshot(session))
    speakers_after = _roles_text(session)
    if speakers_after != speakers_before:
        changes[SPEAKERS_FIELD] = [speakers_before or None, speakers_after or None]
    audit_record(event=event, obj=session, action=AuditAction.CHANGED, actor=user, changes=changes)
    transaction.on_commit(lambda: logger.info("session %s updated", session.pk))
    return session


@transaction.atomic
def session_duplicate(*, session: Session, user) -> Session:
    """A draft copy of ``session`` with a new code and the same speakers, off the grid,
    without its links.

    Every language's title and abstract is copied; each title is marked "Copy of …" in its own
    language where the interface has one (else in English). The copy has no time and no room,
    so it never double-books anything until placed.
    """
    event = session.event
    copy = Session.objects.get(pk=session.pk)
    copy.pk = None
    copy.code = _session_code_new(event)
    max_length = Session._meta.get_field("title").max_length
    titles = {}
    for code, title in texts_of(copy, "title").items():
        with translation.override(code):
            titles[code] = (_("Copy of %(title)s") % {"title": title})[:max_length]
    write_texts(copy, "title", titles)
    copy.start = copy.end = copy.room = None
    copy.state = SessionState.DRAFT
    # Links belong to the original session (its meeting room, its recording): none copied.
    copy.meeting_url = copy.recording_url = ""
    copy.recording_audience = Session._meta.get_field("recording_audience").default
    with content_write():
        copy.save(force_insert=True)
    SessionRole.objects.bulk_create(
        SessionRole(
            session=copy,
            speaker_id=role.speaker_id,
            role=role.role,
            order=role.order,
            remote=role.remote,
        )
        for role in SessionRole.objects.filter(session=session).order_by("order", "pk")
    )
    changes = audit_diff({}, _snapshot(copy))
    speakers = _roles_text(copy)
    if speakers:
        changes[SPEAKERS_FIELD] = [None, speakers]
    audit_record(
        event=event,
        obj=copy,
        action=AuditAction.CREATED,
        actor=user,
        changes=changes,
        note=_("Copy of session %(code)s.") % {"code": session.code},
    )
    return copy


def _state_set(
    *, session: Session, state: str | Callable[[Session], str], action: str, user
) -> Session:
    """Set the locked session's state to ``state`` (or to what ``state(session)`` says)."""
    rows = Session.objects.filter(event_id=session.event_id).select_related("event")
    session = lock_one(rows, session.pk)
    if callable(state):
        state = state(session)
    before = _snapshot(session)
    session.state = state
    session.save(update_fields=["state", "updated_at"])
    audit_record(
        event=session.event,
        obj=session,
        action=action,
        actor=user,
        changes=audit_diff(before, _snapshot(session)),
    )
    return session


@transaction.atomic
def session_cancel(*, session: Session, user) -> Session:
    """Cancel a session: the public programme shows it cancelled from the next publish."""
    if session.state == SessionState.CANCELLED:
        raise SessionError(_("This session is already cancelled."), code="state")
    return _state_set(
        session=session, state=SessionState.CANCELLED, action=AuditAction.CANCELLED, user=user
    )


def _state_before_cancel(session: Session) -> str:
    """The state ``session`` had when it was last cancelled, as its audit entry recorded it.

    Every cancel goes through ``session_cancel``, which records ``state: [old, cancelled]``;
    a session cancelled some other way (no such entry) comes back as a draft.
    """
    content_type = ContentType.objects.get_for_model(Session, for_concrete_model=False)
    entry = (
        AuditEntry.objects.filter(
            event_id=session.event_id,
            content_type=content_type,
            object_id=str(session.pk),
            action=AuditAction.CANCELLED,
        )
        .order_by("-at", "-pk")
        .values_list("changes", flat=True)
        .first()
    )
    old = (entry or {}).get("state", [None])[0]
    live = {SessionState.DRAFT, SessionState.CONFIRMED}
    return old if old in live else SessionState.DRAFT


@transaction.atomic
def session_restore(*, session: Session, user) -> Session:
    """Bring a cancelled session back to the state it had before it was cancelled (a
    confirmed session is confirmed again, a draft stays a draft)."""
    if session.state != SessionState.CANCELLED:
        raise SessionError(_("Only a cancelled session can be restored."), code="state")
    return _state_set(
        session=session, state=_state_before_cancel, action=AuditAction.RESTORED, user=user
    )


def _bulk_set(*, event: Event, sessions: Sequence[Session], field: str, value, user) -> int:
    """Set ``field`` on each of ``sessions`` (locked in primary-key order); the count changed."""
    changed = 0
    for session in lock(Session.objects.filter(event=event), *[s.pk for s in sessions]):
        before = _snapshot(session)
        setattr(session, field, value)
        session.save(update_fields=[field, "updated_at"])
        entry = audit_record(
            event=event,
            obj=session,
            action=AuditAction.CHANGED,
            actor=user,
            changes=audit_diff(before, _snapshot(session)),
        )
        changed += entry is not None
    return changed


@transaction.atomic
def sessions_move_to_track(
    *, event: Event, sessions: Sequence[Session], track: Track | None, user
) -> int:
    """Put ``sessions`` in ``track`` (None: no track); returns how many changed."""
    if track is not None and track.event_id != event.pk:
        raise SessionError(_("Choose one of this event's tracks."), code="track")
    return _bulk_set(event=event, sessions=sessions, field="track", value=track, user=user)


@transaction.atomic
def sessions_set_room(*, event: Event, sessions: Sequence[Session], room: Room | None, user) -> int:
    """Put ``sessions`` in ``room`` (None: no room), keeping their times; how many changed."""
    if room is not None and room.event_id != event.pk:
        raise SessionError(_("Choose one of this event's rooms."), code="room")
    return _bulk_set(event=event, sessions=sessions, field="room", value=room, user=user)


# --- What an edit would do ----------------------------------------------------------------------


class _Preview(Exception):
    """Carries the preview's result out of the transaction it rolls back."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__("preview")
        self.conflicts = conflicts


def _conflict_key(conflict: Conflict) -> tuple:
    return (
        conflict.kind,
        tuple(sorted(s.pk for s in conflict.sessions)),
        conflict.speaker.pk if conflict.speaker else None,
    )


def session_conflicts_preview(*, event: Event, write: Callable[[], Session]) -> list[Conflict]:
    """The conflicts ``write`` (a call of ``session_create`` or ``session_update``) would add.

    The write runs for real inside a transaction that is then rolled back, so the preview
    sees exactly what saving would produce, and nothing (audit entries, new speakers) stays.
    Only conflicts about the written session that did not exist before are returned.
    """
    existing = {_conflict_key(c) for c in conflict_list(event=event)}
    try:
        with transaction.atomic():
            session = write()
            found = [
                conflict
                for conflict in conflict_list(event=event)
                if session.pk in {s.pk for s in conflict.sessions}
                and _conflict_key(conflict) not in existing
            ]
            raise _Preview(found)
    except _Preview as preview:
        return preview.conflicts
