"""Reading the audit log: one event's timeline, one object's history, both as display rows."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import AuditEntry, Event
from forum.content import CONTENT_LANGUAGES, Language
from forum.personal import PERSONAL_FIELDS


@dataclass(frozen=True)
class AuditChange:
    field: str
    old: str
    new: str
    personal: bool


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    kind: str
    object: str
    changes: list[AuditChange]
    note: str


def audit_list_for_event(*, event: Event) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(event=event).select_related("actor", "content_type", "event")


def audit_list_for_object(*, obj: models.Model) -> QuerySet[AuditEntry]:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(
        content_type=content_type, object_id=str(obj.pk)
    ).select_related("actor", "content_type", "event")


def audit_kinds_for_event(*, event: Event) -> list[tuple[int, str]]:
    """The kinds of object the event's log mentions, as (content type id, name) choices."""
    ids = AuditEntry.objects.filter(event=event).values_list("content_type", flat=True).distinct()
    kinds = [ContentType.objects.get_for_id(pk) for pk in ids]
    return sorted(((ct.pk, _kind(ct)) for ct in kinds), key=lambda choice: choice[1])


# What a service records under a name that is no model field (a session's speakers and roles,
# whether a registration is checked in).
PSEUDO_FIELDS = {
    "speakers": gettext_lazy("speakers"),
    "webcast": gettext_lazy("webcast links"),
    "checked_in": gettext_lazy("checked in"),
    "badge": gettext_lazy("badge code"),
}


def _kind(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model


def _display(field: models.Field | None, value, zone: str) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        # In the event's time zone, as organisers plan it.
        return f"{timezone.localtime(moment, zoneinfo.ZoneInfo(zone)):%Y-%m-%d %H:%M}"
    if field is not None and field.flatchoices:
        labels = {str(key): label for key, label in field.flatchoices}
        if isinstance(value, list):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _label(field) -> str:
    """A field's name as the log shows it; a language column of a translated text names its
    language: "title (French)"."""
    original = getattr(field, "translated_field", None)
    language = getattr(field, "language", None)
    if original is not None and language in CONTENT_LANGUAGES:
        return _("%(field)s (%(language)s)") % {
            "field": original.verbose_name,
            "language": Language(language).label,
        }
    return str(field.verbose_name)


def _changes(entry: AuditEntry) -> list[AuditChange]:
    model = entry.content_type.model_class()
    zone = entry.event.timezone or "UTC"
    # In the model's field order (PostgreSQL's jsonb does not keep the order keys were written).
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    rows = []
    for name, (old, new) in sorted(
        entry.changes.items(), key=lambda c: (order.get(c[0], 1e9), c[0])
    ):
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = _label(field) if field is not None else str(PSEUDO_FIELDS.get(name, name))
        # Personal data and secrets are recorded as changed, without values ([null, null]).
        personal = name in PERSONAL_FIELDS or (old is None and new is None)
        rows.append(
            AuditChange(
                field=label,
                old="" if personal else _display(field, old, zone),
                new="" if personal else _display(field, new, zone),
                personal=personal,
            )
        )
    return rows


def audit_lines(entries) -> list[AuditLine]:
    """Display rows of ``entries`` (with ``actor``, ``content_type`` and ``event`` selected)."""
    return [
        AuditLine(
            at=entry.at,
            actor=(entry.actor.get_full_name() or entry.actor.get_username())
            if entry.actor
            else _actor_label(entry.actor_label),
            action=entry.get_action_display(),
            kind=_kind(entry.content_type),
            object=entry.object_repr,
            changes=_changes(entry),
            note=entry.note,
        )
        for entry in entries
    ]


def _actor_label(label: str) -> str:
    return {
        "organiser": _("an organiser"),
        "registrant": _("the registrant"),
        "system": _("the system"),
        "stripe": _("Stripe"),
        "speaker": _("the speaker"),
    }.get(label, label or _("the system"))
