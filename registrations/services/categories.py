"""Setting up an event's registration categories from the organisers' workspace.

A changed capacity goes through ``category_set_capacity`` (online places through
``category_set_online_places``), so new places go to the waiting list at once; every write is recorded in the event's audit log with its old and new values.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import clean_texts, content_write, merged_texts, taken_language, write_texts
from forum.errors import ServiceError
from forum.locking import lock_one
from registrations.models import Registration, RegistrationCategory
from registrations.services.registrations import (
    category_set_capacity,
    category_set_online_places,
)


class CategoryError(ServiceError):
    """A category an organiser cannot save as given; ``code`` names the field at fault."""


@dataclass(frozen=True)
class CategoryDetails:
    """What an organiser sets on a category (the capacity apart: it moves the waiting list).

    ``name`` and ``description`` are {code: text}: the languages given are set ("" clears
    one), the others keep their text.
    """

    name: Mapping[str, str]
    description: Mapping[str, str] = field(default_factory=dict)
    fee: Decimal = Decimal("0")
    currency: str = "EUR"
    visa_letter_offered: bool = False
    invitation_only: bool = False
    is_public: bool = True
    organisation_quota: int | None = None
    requires_nomination_letter: bool = False
    # Online places (None: no limit), only where online participation is offered.
    online_offered: bool = False
    online_capacity: int | None = None


TEXTS = ("name", "description")
# Set through ``category_set_online_places`` on an update: it serves the online waiting list.
ONLINE_FIELDS = ("online_offered", "online_capacity")


def _texts_clean(
    category: RegistrationCategory, details: CategoryDetails
) -> dict[str, dict[str, str]]:
    """The category's names and descriptions in every language once ``details`` is applied."""
    merged = {}
    for name in TEXTS:
        max_length = RegistrationCategory._meta.get_field(name).max_length
        cleaned = clean_texts(
            getattr(details, name),
            field=name,
            max_length=max_length,
            error=CategoryError,
            single_line=name == "name",
        )
        merged[name] = merged_texts(category, name, cleaned)
    return merged


def _check(
    *, event: Event, details: CategoryDetails, capacity: int | None, category: RegistrationCategory
) -> dict[str, dict[str, str]]:
    """Refuse what breaks a rule; returns the texts to write (``_texts_clean``)."""
    texts = _texts_clean(category, details)
    if not any(texts["name"].values()):
        first = next(iter(details.name), "en")
        raise CategoryError(
            _("Enter the category’s name in at least one language."), f"name_{first}"
        )
    if capacity is not None and capacity < 0:
        raise CategoryError(_("The capacity cannot be negative."), "capacity")
    if details.organisation_quota is not None and details.organisation_quota < 0:
        raise CategoryError(_("The quota cannot be negative."), "organisation_quota")
    if details.online_capacity is not None and not details.online_offered:
        raise CategoryError(
            _("Online places need online participation to be offered."), "online_capacity"
        )
    if details.online_capacity is not None and details.online_capacity < 0:
        raise CategoryError(_("The capacity cannot be negative."), "online_capacity")
    if details.fee < 0:
        raise CategoryError(_("The fee cannot be negative."), "fee")
    if not (len(details.currency) == 3 and details.currency.isalpha()):
        raise CategoryError(_("Enter a three-letter currency code, such as EUR."), "currency")
    others = RegistrationCategory.objects.filter(event=event).exclude(pk=category.pk)
    code = taken_language(others, "name", texts["name"], case_sensitive=True)
    if code is not None:
        raise CategoryError(_("This event already has a category of that name."), f"name_{code}")
    return texts


def _fields(details: CategoryDetails) -> dict:
    fields = {name: value for name, value in asdict(details).items() if name not in TEXTS}
    fields["currency"] = details.currency.upper()
    fields["fee"] = details.fee.quantize(Decimal("0.01"))  # as the database returns it
    return fields


@transaction.atomic
def category_create(
    *, event: Event, details: CategoryDetails, capacity: int | None, user
) -> RegistrationCategory:
    """Add a category to ``event``, after its existing ones."""
    category = RegistrationCategory(event=event, capacity=capacity, **_fields(details))
    texts = _check(event=event, details=details, capacity=capacity, category=category)
    last = RegistrationCategory.objects.filter(event=event).order_by("-order").first()
    category.order = (last.order + 1) if last else 0
    for name, values in texts.items():
        write_texts(category, name, values)
    with content_write():  # the unsuffixed name mirrors the default language
        category.save(force_insert=True)
    audit_record(
        event=event,
        obj=category,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(category)),
    )
    return category


@transaction.atomic
def category_update(
    *, category: RegistrationCategory, details: CategoryDetails, capacity: int | None, user
) -> tuple[RegistrationCategory, list[Registration]]:
    """Change a category; returns it and the registrations a larger capacity promoted from the
    waiting list.

    Locks the event (when it has an overall capacity), then the category: the order the
    registration services take them in.
    """
    event = category.event
    if event.capacity is not None:
        lock_one(Event.objects.only("pk"), event.pk)
    locked = lock_one(RegistrationCategory.objects.select_related("event"), category.pk)
    texts = _check(event=event, details=details, capacity=capacity, category=locked)
    before = audit_snapshot(locked)
    quota_raised = locked.organisation_quota is not None and (
        details.organisation_quota is None or details.organisation_quota > locked.organisation_quota
    )
    online_changed = (locked.online_offered, locked.online_capacity) != (
        details.online_offered,
        details.online_capacity,
    )
    columns = []
    for name, values in texts.items():
        columns += write_texts(locked, name, values)
    fields = {k: v for k, v in _fields(details).items() if k not in ONLINE_FIELDS}
    for name, value in fields.items():
        setattr(locked, name, value)
    with content_write():  # the unsuffixed name mirrors the default language
        locked.save(update_fields=[*fields, *columns])
    promoted = []
    if capacity != locked.capacity or quota_raised:
        # A larger capacity or quota per organisation gives the waiting list its seats.
        promoted = category_set_capacity(category=locked, capacity=capacity, user=user)
        locked.capacity = capacity
    if online_changed:
        # More online places give the online waiting list its places.
        promoted += category_set_online_places(
            category=locked,
            online_offered=details.online_offered,
            online_capacity=details.online_capacity,
            user=user,
        )
        locked.online_offered = details.online_offered
        locked.online_capacity = details.online_capacity
    audit_record(
        event=event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked)),
    )
    return locked, promoted
