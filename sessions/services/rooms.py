"""Organisers' writes to an event's rooms and tracks: create, edit, order, delete.

Each write records an audit entry in its own transaction. Rooms and tracks share the
ordering rule: the list is renumbered 1..n, so "move up" always swaps two neighbours.
"""

import logging
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import AuditAction, Event, Team
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import clean_texts, content_write, merged_texts, taken_language, write_texts
from forum.errors import ServiceError
from forum.locking import lock, lock_one
from sessions.models import Room, Session, Track
from sessions.models.programme import validate_colour

logger = logging.getLogger(__name__)

UP, DOWN = "up", "down"


class ProgrammeSetupError(ServiceError):
    """A room or track write was refused; ``code`` names the field a form maps it to."""


def _names_clean(
    *, model: type[Room] | type[Track], event: Event, names: Mapping[str, str], obj=None
) -> dict[str, str]:
    """Every language's name of ``obj`` (or a new row) once ``names`` ({code: text}) is
    applied: required in one language at least, within the column's length, and unique in
    each language within the event (a clash is reported on that language's column)."""
    max_length = model._meta.get_field("name").max_length
    cleaned = clean_texts(names, field="name", max_length=max_length, error=ProgrammeSetupError)
    merged = (
        merged_texts(obj, "name", cleaned)
        if obj is not None
        else merged_texts(model(), "name", cleaned)
    )
    if not any(merged.values()):
        first = next(iter(names), "en")
        raise ProgrammeSetupError(_("Enter a name in at least one language."), code=f"name_{first}")
    others = model.objects.filter(event=event)
    if obj is not None:
        others = others.exclude(pk=obj.pk)
    code = taken_language(others, "name", merged)
    if code is not None:
        raise ProgrammeSetupError(
            _("This event already has an entry called “%(name)s”.") % {"name": merged[code]},
            code=f"name_{code}",
        )
    return merged


def _capacity_clean(capacity: int) -> int:
    if capacity is None or capacity < 0:
        raise ProgrammeSetupError(_("The capacity cannot be negative."), code="capacity")
    return capacity


def _colour_clean(colour: str) -> str:
    try:
        validate_colour(colour)
    except ValidationError as exc:
        raise ProgrammeSetupError(_("Enter a colour such as #0b5394."), code="colour") from exc
    return colour.lower()


def _next_order(model: type[Room] | type[Track], event: Event) -> int:
    last = model.objects.filter(event=event).order_by("-order").values_list("order", flat=True)
    return (last.first() or 0) + 1


def _record_created(*, event: Event, obj, actor) -> None:
    audit_record(
        event=event,
        obj=obj,
        action=AuditAction.CREATED,
        actor=actor,
        changes=audit_diff({}, audit_snapshot(obj)),
    )


@transaction.atomic
def room_create(
    *,
    event: Event,
    name: Mapping[str, str],
    capacity: int,
    has_booths: bool,
    has_streaming: bool = False,
    actor,
) -> Room:
    """A new room at the end of the event's list; ``name`` is {code: text}."""
    names = _names_clean(model=Room, event=event, names=name)
    room = Room(
        event=event,
        capacity=_capacity_clean(capacity),
        has_booths=has_booths,
        has_streaming=has_streaming,
        order=_next_order(Room, event),
    )
    write_texts(room, "name", names)
    with content_write():  # the unsuffixed name mirrors the default language (mirror_text)
        room.save()
    _record_created(event=event, obj=room, actor=actor)
    logger.info("room %s created", room.pk)
    return room


@transaction.atomic
def room_update(
    *,
    room: Room,
    name: Mapping[str, str],
    capacity: int,
    has_booths: bool,
    has_streaming: bool | None = None,
    actor,
) -> Room:
    """Rename a room ({code: text}; languages left out keep their name) or change its seats,
    booths and streaming equipment (None keeps it); the timetable's conflicts follow."""
    before = audit_snapshot(room)
    names = _names_clean(model=Room, event=room.event, names=name, obj=room)
    room.capacity = _capacity_clean(capacity)
    room.has_booths = has_booths
    if has_streaming is not None:
        room.has_streaming = has_streaming
    columns = write_texts(room, "name", names)
    with content_write():
        room.save(update_fields=[*columns, "capacity", "has_booths", "has_streaming"])
    audit_record(
        event=room.event,
        obj=room,
        action=AuditAction.CHANGED,
        actor=actor,
        changes=audit_diff(before, audit_snapshot(room)),
    )
    return room


def _delete(*, obj, in_use: bool, refusal: str, actor) -> None:
    if in_use:
        raise ProgrammeSetupError(refusal, code="in_use")
    audit_record(
        event=obj.event,
        obj=obj,
        action=AuditAction.DELETED,
        actor=actor,
        changes=audit_diff(audit_snapshot(obj), {}),
    )
    obj.delete()


@transaction.atomic
def room_delete(*, room: Room, actor) -> None:
    """Delete a room that no session uses; a used room is refused, never emptied silently."""
    room = lock_one(Room.objects.filter(event_id=room.event_id), room.pk)
    used = Session.objects.filter(room=room).count()
    _delete(
        obj=room,
        in_use=bool(used),
        refusal=ngettext(
            "“%(name)s” cannot be deleted: %(count)d session takes place there. "
            "Move it to another room first.",
            "“%(name)s” cannot be deleted: %(count)d sessions take place there. "
            "Move them to another room first.",
            used,
        )
        % {"name": room.name, "count": used},
        actor=actor,
    )
    logger.info("room deleted")


def _move(*, model: type[Room] | type[Track], obj, direction: str, actor):
    """Swap ``obj`` with its neighbour in the event's order, renumbering the list 1..n.

    All rows of the event's list are locked, so two organisers moving rows at once queue.
    """
    if direction not in (UP, DOWN):
        raise ProgrammeSetupError(_("Choose up or down."), code="direction")
    rows = lock(model.objects.filter(event_id=obj.event_id))
    rows.sort(key=lambda row: (row.order, row.name.lower(), row.pk))
    index = next(i for i, row in enumerate(rows) if row.pk == obj.pk)
    target = index - 1 if direction == UP else index + 1
    if 0 <= target < len(rows):
        rows[index], rows[target] = rows[target], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.order == position:
            continue
        before = audit_snapshot(row, ["order"])
        row.order = position
        row.save(update_fields=["order"])
        audit_record(
            event=obj.event,
            obj=row,
            action=AuditAction.CHANGED,
            actor=actor,
            changes=audit_diff(before, audit_snapshot(row, ["order"])),
        )
    return next(row for row in rows if row.pk == obj.pk)


@transaction.atomic
def room_move(*, room: Room, direction: str, actor) -> Room:
    """One place up or down in the timetable's column order."""
    return _move(model=Room, obj=room, direction=direction, actor=actor)


def _review_teams_clean(event: Event, teams: Iterable[Team]) -> list[Team]:
    """``teams`` by name, each a team of ``event`` whose members review proposals."""
    teams = sorted(set(teams), key=lambda team: (team.name, team.pk))
    for team in teams:
        if team.event_id != event.pk or not team.can_review_proposals:
            raise ProgrammeSetupError(
                _("“%(name)s” is not a team of this event that reviews proposals.")
                % {"name": team.name},
                code="review_teams",
            )
    return teams


def _review_teams_set(track: Track, teams: list[Team]) -> dict:
    """Name ``teams`` as the track's reviewers; the audit change, {} when none."""
    before = sorted(team.name for team in track.review_teams.all())
    after = [team.name for team in teams]
    if before == after:
        return {}
    track.review_teams.set(teams)
    return {"review_teams": [before, after]}


@transaction.atomic
def track_create(
    *,
    event: Event,
    name: Mapping[str, str],
    colour: str,
    actor,
    review_teams: Iterable[Team] = (),
) -> Track:
    """A new track (theme) at the end of the event's list; ``name`` is {code: text};
    ``review_teams`` review its side-event proposals."""
    names = _names_clean(model=Track, event=event, names=name)
    teams = _review_teams_clean(event, review_teams)
    track = Track(event=event, colour=_colour_clean(colour), order=_next_order(Track, event))
    write_texts(track, "name", names)
    with content_write():
        track.save()
    changes = audit_diff({}, audit_snapshot(track))
    if teams:
        track.review_teams.set(teams)
        changes["review_teams"] = [None, [team.name for team in teams]]
    audit_record(event=event, obj=track, action=AuditAction.CREATED, actor=actor, changes=changes)
    logger.info("track %s created", track.pk)
    return track


@transaction.atomic
def track_update(
    *,
    track: Track,
    name: Mapping[str, str],
    colour: str,
    actor,
    review_teams: Iterable[Team] | None = None,
) -> Track:
    """Rename a track ({code: text}; languages left out keep their name) or recolour it;
    ``review_teams`` (None: unchanged) become the teams reviewing its proposals."""
    before = audit_snapshot(track)
    names = _names_clean(model=Track, event=track.event, names=name, obj=track)
    teams = None if review_teams is None else _review_teams_clean(track.event, review_teams)
    track.colour = _colour_clean(colour)
    columns = write_texts(track, "name", names)
    with content_write():
        track.save(update_fields=[*columns, "colour"])
    changes = audit_diff(before, audit_snapshot(track))
    if teams is not None:
        changes.update(_review_teams_set(track, teams))
    audit_record(
        event=track.event,
        obj=track,
        action=AuditAction.CHANGED,
        actor=actor,
        changes=changes,
    )
    return track


@transaction.atomic
def track_delete(*, track: Track, actor) -> None:
    """Delete a track that no session belongs to."""
    track = lock_one(Track.objects.filter(event_id=track.event_id), track.pk)
    used = Session.objects.filter(track=track).count()
    _delete(
        obj=track,
        in_use=bool(used),
        refusal=ngettext(
            "“%(name)s” cannot be deleted: %(count)d session belongs to it. "
            "Give it another track first.",
            "“%(name)s” cannot be deleted: %(count)d sessions belong to it. "
            "Give them another track first.",
            used,
        )
        % {"name": track.name, "count": used},
        actor=actor,
    )
    logger.info("track deleted")


@transaction.atomic
def track_move(*, track: Track, direction: str, actor) -> Track:
    return _move(model=Track, obj=track, direction=direction, actor=actor)
