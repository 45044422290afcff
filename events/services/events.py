"""Changes to an event's settings: the workspace's settings page and the admin go through here."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, Event, Venue
from events.models.event import validate_languages, validate_timezone
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import content_write
from forum.errors import ServiceError
from forum.locking import lock_one
from forum.signals import event_capacity_changed


class EventError(ServiceError):
    """A refused change to an event's settings; ``code`` names the field it concerns."""


class _Keep:
    """The default of ``event_update``'s arguments: leave this setting as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


@transaction.atomic
def event_set_capacity(*, event: Event, capacity: int | None, user=None) -> Event:
    """Change the event's overall capacity (None: no overall limit).

    The event row stays locked until the commit, and ``event_capacity_changed`` is sent
    inside the transaction: registrations hands new seats to its waiting lists before any
    other registration can count them.
    """
    locked = lock_one(Event, event.pk)
    previous = locked.capacity
    locked.capacity = capacity
    locked.save(update_fields=["capacity", "updated_at"])
    event_capacity_changed.send(sender=Event, event=locked, previous=previous, user=user)
    event.capacity = capacity
    return locked


def _refuse_invalid(locked: Event, capacity) -> None:
    """Raise EventError for the first setting that breaks a rule (form-independent)."""
    if not locked.name.strip():
        raise EventError(_("The event needs a name."), code="name")
    if locked.end_date < locked.start_date:
        raise EventError(_("The last day cannot be before the first day."), code="end_date")
    for validate, field in ((validate_timezone, "timezone"), (validate_languages, "languages")):
        try:
            validate(getattr(locked, field))
        except ValidationError as exc:
            raise EventError(exc.messages[0], code=field) from exc
    opens, closes = locked.registration_opens_at, locked.registration_closes_at
    if opens is not None and closes is not None and closes <= opens:
        raise EventError(
            _("Registration must close after it opens."), code="registration_closes_at"
        )
    if capacity is not KEEP and capacity is not None and capacity < 0:
        raise EventError(_("The capacity cannot be negative."), code="capacity")
    if locked.max_delegation_size < 1:
        raise EventError(
            _("A delegation must be allowed at least one person."), code="max_delegation_size"
        )


@transaction.atomic
def event_update(
    *,
    event: Event,
    user,
    name: str = KEEP,
    tagline: str = KEEP,
    description: str = KEEP,
    start_date: datetime.date = KEEP,
    end_date: datetime.date = KEEP,
    timezone: str = KEEP,
    languages: list[str] = KEEP,
    registration_opens_at: datetime.datetime | None = KEEP,
    registration_closes_at: datetime.datetime | None = KEEP,
    venue: Venue | None = KEEP,
    capacity: int | None = KEEP,
    max_delegation_size: int = KEEP,
) -> Event:
    """Change the settings given (the others keep their value) and record old → new once.

    Every rule is checked before anything is written, so a refusal writes nothing. A new
    overall capacity goes through ``event_set_capacity``: new seats go to the waiting lists.
    """
    locked = lock_one(Event.objects.select_related("venue"), event.pk)
    before = audit_snapshot(locked)
    fields = {
        "name": name,
        "tagline": tagline,
        "description": description,
        "start_date": start_date,
        "end_date": end_date,
        "timezone": timezone,
        "languages": languages,
        "registration_opens_at": registration_opens_at,
        "registration_closes_at": registration_closes_at,
        "venue": venue,
        "max_delegation_size": max_delegation_size,
    }
    changed = {field: value for field, value in fields.items() if value is not KEEP}
    for field in ("registration_opens_at", "registration_closes_at"):
        if changed.get(field) is not None:  # stored and logged in UTC, whatever zone it came in
            changed[field] = changed[field].astimezone(datetime.UTC)
    with content_write():  # texts given by their plain name are the default language's
        for field, value in changed.items():
            setattr(locked, field, value)
        _refuse_invalid(locked, capacity)
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
    if capacity is not KEEP and capacity != locked.capacity:
        event_set_capacity(event=locked, capacity=capacity, user=user)
    audit_record(
        event=locked,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked)),
    )
    with content_write():
        for field in [*changed, "capacity"]:
            setattr(event, field, getattr(locked, field))
    return locked


@transaction.atomic
def venue_create(
    *, event: Event, user, name: str, city: str, country: str, address: str = ""
) -> Venue:
    """A new venue (shared between editions), recorded in the log of the event it was made for."""
    name, city = name.strip(), city.strip()
    if not name or not city or not country:
        raise EventError(_("A new venue needs a name, a city and a country."), code="venue")
    if Venue.objects.filter(name_en__iexact=name, city__iexact=city).exists():
        raise EventError(
            _("A venue of that name already exists in that city: choose it from the list."),
            code="venue",
        )
    try:
        with transaction.atomic(), content_write():
            venue = Venue.objects.create(name=name, city=city, country=country, address=address)
    except IntegrityError as exc:  # created by someone else since the check
        raise EventError(
            _("A venue of that name already exists in that city: choose it from the list."),
            code="venue",
        ) from exc
    audit_record(
        event=event,
        obj=venue,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(venue)),
    )
    return venue
