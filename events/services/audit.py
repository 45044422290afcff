"""The audit log's one way in: services record their writes here, in their own transaction.

A service that edits a row takes ``audit_snapshot`` before and after, and records the
difference::

    before = audit_snapshot(session)
    ...change and save...
    audit_record(event=event, obj=session, action=AuditAction.CHANGED, actor=user,
                 changes=audit_diff(before, audit_snapshot(session)))

A change that changed nothing is not recorded.
"""

import datetime
import decimal
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from modeltranslation.translator import NotRegistered, translator

from events.models import AuditAction, AuditEntry, Event
from forum.content import text_fields
from forum.personal import PERSONAL_FIELDS

# Bookkeeping fields whose change says nothing an organiser decided.
IGNORED_FIELDS = frozenset({"id", "created_at", "updated_at", "modified_at"})


def _value(obj: models.Model, field: models.Field):
    """A field's value as JSON can hold it: related rows by their name, dates as ISO text."""
    if field.is_relation and field.many_to_one:
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else None
    value = getattr(obj, field.attname)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).isoformat()  # one zone, whatever the caller's
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | datetime.timedelta):
        return str(value)
    if isinstance(value, str | int | float | bool | list | dict) or value is None:
        return value
    return str(value)


def _mirrors(model: type[models.Model]) -> frozenset[str]:
    """The unsuffixed columns of ``model``'s translated fields (``name``): they only mirror
    one of the per-language columns (``name_en``, ``name_fr``…), which the snapshot records."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return frozenset()
    return frozenset(options.fields)


def audit_snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The values of ``fields`` (default: every editable concrete field) of ``obj``; a
    translated field is recorded per language column (``title_fr``), never by its plain name,
    and only in the languages that have a text."""
    mirrors = _mirrors(type(obj))
    chosen = None
    if fields is not None:  # a translated field named plainly stands for its language columns
        chosen = set()
        for name in fields:
            chosen.update(text_fields(name) if name in mirrors else (name,))
    columns = {column for name in mirrors for column in text_fields(name)}
    snapshot = {}
    for field in obj._meta.concrete_fields:
        if field.name in mirrors:
            continue
        if field.name in columns and not getattr(obj, field.attname):
            continue  # a language without a text ("" or NULL) is left out: no noise per language
        if chosen is not None and field.name not in chosen:
            continue
        if chosen is None and (not field.editable or field.name in IGNORED_FIELDS):
            continue
        snapshot[field.name] = _value(obj, field)
    return snapshot


def audit_diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def audit_record(
    *,
    event: Event,
    obj: models.Model,
    action: str,
    actor=None,
    actor_label: str = "organiser",
    changes: dict | None = None,
    note: str = "",
    label: str = "",
) -> AuditEntry | None:
    """Record one write to ``obj`` of ``event``; None (nothing recorded) for a change of nothing.

    Values of personal fields are dropped: the entry says that they changed, not to what.
    ``label`` names the object instead of ``str(obj)`` when that would quote free text (a
    comment's ``str`` begins with its body).
    """
    changes = {
        name: ([None, None] if name in PERSONAL_FIELDS else values)
        for name, values in (changes or {}).items()
    }
    if action == AuditAction.CHANGED and not changes:
        return None
    return AuditEntry.objects.create(
        event=event,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=(label or str(obj))[:200],
        changes=changes,
        note=note[:500],
    )


def audit_record_bulk(
    *,
    event: Event,
    objs: Iterable[models.Model],
    action: str,
    actor=None,
    actor_label: str = "organiser",
    changes_of=None,
    note: str = "",
    batch_size: int = 500,
) -> int:
    """``audit_record`` for many rows of one model in a few INSERTs (a bulk erasure, say);
    ``changes_of(obj)`` gives each row's changes. Returns how many entries were written."""
    entries = []
    for obj in objs:
        changes = {
            name: ([None, None] if name in PERSONAL_FIELDS else values)
            for name, values in (changes_of(obj) if changes_of else {}).items()
        }
        entries.append(
            AuditEntry(
                event=event,
                actor=actor if actor is not None and actor.is_authenticated else None,
                actor_label=actor_label,
                action=action,
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                changes=changes,
                note=note[:500],
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)
