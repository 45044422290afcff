"""Setting up an event's registration categories from the organisers' workspace.

A changed capacity goes through ``category_set_capacity``, so new seats go to the waiting list
at once; every write is recorded in the event's audit log with its old and new values.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import content_write
from forum.errors import ServiceError
from forum.locking import lock_one
from registrations.models import Registration, RegistrationCategory
from registrations.services.registrations import category_set_capacity


class CategoryError(ServiceError):
    """A category an organiser cannot save as given; ``code`` names the field at fault."""


@dataclass(frozen=True)
class CategoryDetails:
    """What an organiser sets on a category (the capacity apart: it moves the waiting list)."""

    name: str
    name_fr: str = ""
    name_es: str = ""
    fee: Decimal = Decimal("0")
    currency: str = "EUR"
    visa_letter_offered: bool = False
    invitation_only: bool = False
    is_public: bool = True


def _check(*, event: Event, details: CategoryDetails, capacity: int | None, pk: int | None) -> None:
    if not details.name.strip():
        raise CategoryError(_("Enter the category’s English name."), "name")
    if capacity is not None and capacity < 0:
        raise CategoryError(_("The capacity cannot be negative."), "capacity")
    if details.fee < 0:
        raise CategoryError(_("The fee cannot be negative."), "fee")
    if not (len(details.currency) == 3 and details.currency.isalpha()):
        raise CategoryError(_("Enter a three-letter currency code, such as EUR."), "currency")
    taken = RegistrationCategory.objects.filter(event=event, name_en=details.name.strip())
    if taken.exclude(pk=pk).exists():
        raise CategoryError(_("This event already has a category of that name."), "name")


def _fields(details: CategoryDetails) -> dict:
    fields = asdict(details)
    fields["name"] = details.name.strip()
    fields["currency"] = details.currency.upper()
    fields["fee"] = details.fee.quantize(Decimal("0.01"))  # as the database returns it
    return fields


@transaction.atomic
def category_create(
    *, event: Event, details: CategoryDetails, capacity: int | None, user
) -> RegistrationCategory:
    """Add a category to ``event``, after its existing ones."""
    _check(event=event, details=details, capacity=capacity, pk=None)
    last = RegistrationCategory.objects.filter(event=event).order_by("-order").first()
    with content_write():  # the plain name is the English one
        category = RegistrationCategory.objects.create(
            event=event,
            capacity=capacity,
            order=(last.order + 1) if last else 0,
            **_fields(details),
        )
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
    _check(event=event, details=details, capacity=capacity, pk=locked.pk)
    before = audit_snapshot(locked)
    with content_write():  # the plain name is the English one
        for name, value in _fields(details).items():
            setattr(locked, name, value)
        locked.save(update_fields=list(_fields(details)))
    promoted = []
    if capacity != locked.capacity:
        promoted = category_set_capacity(category=locked, capacity=capacity, user=user)
        locked.capacity = capacity
    audit_record(
        event=event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked)),
    )
    return locked, promoted
