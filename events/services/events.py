"""Changes to an event's settings: the workspace's settings page and the admin go through here."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, Event, Venue
from events.models.event import validate_languages, validate_timezone
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import (
    clean_texts,
    content_write,
    merged_texts,
    taken_language,
    text_fields,
    write_texts,
)
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


# The event's translated texts: each one's longest text per language (None: no limit).
EVENT_TEXTS = {"name": 200, "tagline": 300, "description": None}
VENUE_TEXTS = {"name": 200, "directions": None}
# The texts that are required in at least one language.
REQUIRED_TEXTS = frozenset({"name"})


def _texts_clean(obj, texts: Mapping[str, Mapping[str, str]], limits: dict) -> dict:
    """{field: {code: text}} trimmed, checked against ``limits`` and REQUIRED_TEXTS, and
    merged with what ``obj`` holds in the languages left out."""
    merged = {}
    for field, given in texts.items():
        cleaned = clean_texts(
            given,
            field=field,
            max_length=limits[field],
            error=EventError,
            single_line=limits[field] is not None,
        )
        merged[field] = merged_texts(obj, field, cleaned)
        if field in REQUIRED_TEXTS and not any(merged[field].values()):
            first = next(iter(given), "en")
            raise EventError(_("Enter a name in at least one language."), code=f"{field}_{first}")
    return merged


def _refuse_invalid(locked: Event, capacity) -> None:
    """Raise EventError for the first setting that breaks a rule (form-independent)."""
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
    name: Mapping[str, str] = KEEP,
    tagline: Mapping[str, str] = KEEP,
    description: Mapping[str, str] = KEEP,
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

    ``name``, ``tagline`` and ``description`` are {code: text}: the languages given are set
    ("" clears one), the others keep their text; the name is required in one language at
    least. Every rule is checked before anything is written, so a refusal writes nothing. A new
    overall capacity goes through ``event_set_capacity``: new seats go to the waiting lists.
    """
    locked = lock_one(Event.objects.select_related("venue"), event.pk)
    before = audit_snapshot(locked)
    texts = {
        field: value
        for field, value in (("name", name), ("tagline", tagline), ("description", description))
        if value is not KEEP
    }
    merged = _texts_clean(locked, texts, EVENT_TEXTS)
    fields = {
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
    columns = []
    for field, value in changed.items():
        setattr(locked, field, value)
    for field, values in merged.items():
        columns += write_texts(locked, field, values)
    _refuse_invalid(locked, capacity)
    if changed or columns:
        with content_write():  # the unsuffixed columns mirror the default language
            locked.save(update_fields=[*changed, *columns, "updated_at"])
    if capacity is not KEEP and capacity != locked.capacity:
        event_set_capacity(event=locked, capacity=capacity, user=user)
    audit_record(
        event=locked,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked)),
    )
    for field in [*changed, "capacity", *(c for f in merged for c in text_fields(f))]:
        setattr(event, field, getattr(locked, field))
    for field in merged:
        event.__dict__[field] = locked.__dict__[field]
    return locked


def _venue_refuse_taken(venue: Venue, values: Mapping[str, str], city: str) -> None:
    """Refuse a venue name another venue of ``city`` has in the same language."""
    others = Venue.objects.filter(city__iexact=city)
    if venue.pk is not None:
        others = others.exclude(pk=venue.pk)
    code = taken_language(others, "name", values)
    if code is not None:
        raise EventError(
            _("A venue of that name already exists in that city: choose it from the list."),
            code=f"name_{code}",
        )


@transaction.atomic
def venue_create(
    *,
    event: Event,
    user,
    name: Mapping[str, str],
    city: str,
    country: str,
    address: str = "",
    directions: Mapping[str, str] | None = None,
) -> Venue:
    """A new venue (shared between editions), recorded in the log of the event it was made for.

    ``name`` and ``directions`` are {code: text}; the name is required in one language at
    least and unique per language within the city.
    """
    city = city.strip()
    venue = Venue(city=city, country=country, address=address)
    merged = _texts_clean(venue, {"name": name, "directions": directions or {}}, VENUE_TEXTS)
    if not city or not country:
        raise EventError(_("A new venue needs a name, a city and a country."), code="venue")
    _venue_refuse_taken(venue, merged["name"], city)
    for field, values in merged.items():
        write_texts(venue, field, values)
    _venue_save(venue, force_insert=True)
    audit_record(
        event=event,
        obj=venue,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(venue)),
    )
    return venue


def _venue_save(venue: Venue, **kwargs) -> None:
    """Save ``venue`` (its plain columns mirror the default language); a name taken in its
    city since the check (by someone else, concurrently) is refused like one taken before."""
    try:
        with transaction.atomic(), content_write():
            venue.save(**kwargs)
    except IntegrityError as exc:
        raise EventError(
            _("A venue of that name already exists in that city: choose it from the list."),
            code="venue",
        ) from exc


@transaction.atomic
def venue_update(
    *,
    event: Event,
    venue: Venue,
    user,
    name: Mapping[str, str] = KEEP,
    directions: Mapping[str, str] = KEEP,
) -> Venue:
    """Change a venue's name or directions ({code: text}; languages left out keep theirs),
    recorded in the log of the event it was edited from. The venue is shared between
    editions: every event held there shows the change."""
    locked = lock_one(Venue.objects.all(), venue.pk)
    before = audit_snapshot(locked)
    texts = {f: v for f, v in (("name", name), ("directions", directions)) if v is not KEEP}
    merged = _texts_clean(locked, texts, VENUE_TEXTS)
    if "name" in merged:
        _venue_refuse_taken(locked, merged["name"], locked.city)
    columns = []
    for field, values in merged.items():
        columns += write_texts(locked, field, values)
    if columns:
        _venue_save(locked, update_fields=columns)
    audit_record(
        event=event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked)),
    )
    return locked
