"""Focal points and organisation quotas.

An organiser designates a focal point for an organisation at one event; the focal point gets
a secret link (only its SHA-256 is stored) to a page where they register people on the
organisation's behalf, within its quota per category, withdraw them and upload nomination
letters. Organisers set an organisation's own quota per category (``quota_set``); lowering it
below what is used cancels nobody, it only refuses new registrations.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, Event, Organisation
from events.services.audit import audit_record
from forum.errors import ServiceError
from forum.locking import lock_one
from forum.mail import mail_send_later
from forum.ratelimit import hit
from forum.tokens import token_hash, token_new
from registrations.enums import Participation
from registrations.inputs import PersonDetails
from registrations.models import FocalPoint, OrganisationQuota, Registration, RegistrationCategory
from registrations.services.registrations import (
    RegistrationError,
    _lock_capacity,
    _promote_waitlisted,
    registration_cancel,
    registration_create,
)

FOCAL_POINT_LABEL = "focal point"


class FocalPointError(ServiceError):
    """An organiser's or a focal point's request refused; ``code`` names the field at fault."""


def focal_point_url(*, token: str, language: str) -> str:
    return f"{settings.SITE_URL}/{language}/fp/{token}/"


def _invite(focal_point: FocalPoint, *, token: str) -> None:
    mail_send_later(
        to=[focal_point.email],
        template="focal_point_invitation",
        language=focal_point.language,
        context={
            "name": focal_point.name,
            "event": focal_point.event.name,
            "organisation": focal_point.organisation.name,
            "url": focal_point_url(token=token, language=focal_point.language),
        },
    )


@transaction.atomic
def focal_point_designate(
    *, event: Event, organisation: Organisation, name: str, email: str, language: str, user
) -> tuple[FocalPoint, str]:
    """Make ``email`` a focal point of ``organisation`` at ``event`` and email them their link.

    An address already designated for that organisation (revoked or not) is re-activated
    with its new name and language and a new link; its previous link stops working.
    """
    name, email = name.strip(), email.strip()
    if not name:
        raise FocalPointError(_("Enter the focal point’s name."), "name")
    if language not in dict(settings.LANGUAGES):
        raise FocalPointError(_("Choose a language for the emails."), "language")
    token = token_new()
    found = (
        FocalPoint.objects.filter(event=event, organisation=organisation, email__iexact=email)
        .values_list("pk", flat=True)
        .first()
    )
    existing = lock_one(FocalPoint, found) if found is not None else None
    if existing is None:
        focal_point = FocalPoint.objects.create(
            event=event,
            organisation=organisation,
            name=name,
            email=email,
            language=language,
            token_hash=token_hash(token),
            created_by=user if user is not None and user.is_authenticated else None,
        )
        audit_record(
            event=event,
            obj=focal_point,
            action=AuditAction.CREATED,
            actor=user,
            changes={"organisation": [None, organisation.name], "email": [None, email]},
        )
    else:
        focal_point = existing
        changes = {}
        for field, value in (("name", name), ("language", language), ("revoked_at", None)):
            if getattr(focal_point, field) != value:
                changes[field] = [str(getattr(focal_point, field) or ""), str(value or "")]
                setattr(focal_point, field, value)
        focal_point.token_hash = token_hash(token)
        focal_point.save(update_fields=["name", "language", "revoked_at", "token_hash"])
        audit_record(
            event=event,
            obj=focal_point,
            action=AuditAction.RESTORED if "revoked_at" in changes else AuditAction.CHANGED,
            actor=user,
            changes=changes,
            note="new link sent",
        )
    focal_point.event = event
    focal_point.organisation = organisation
    _invite(focal_point, token=token)
    return focal_point, token


@transaction.atomic
def focal_point_revoke(*, focal_point: FocalPoint, user) -> FocalPoint:
    """Turn the focal point's link off; the registrations they made stay."""
    locked = lock_one(FocalPoint, focal_point.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit_record(
        event=focal_point.event,
        obj=locked,
        action=AuditAction.REVOKED,
        actor=user,
        changes={"revoked_at": ["", locked.revoked_at.isoformat()]},
    )
    return locked


@transaction.atomic
def focal_point_new_link(*, focal_point: FocalPoint, user) -> str:
    """Email an active focal point a new link; the old one stops working at once."""
    locked = lock_one(FocalPoint.objects.select_related("event", "organisation"), focal_point.pk)
    if locked.revoked_at is not None:
        raise FocalPointError(
            _("This focal point is revoked: designate them again to send a link."), "revoked"
        )
    token = token_new()
    locked.token_hash = token_hash(token)
    locked.save(update_fields=["token_hash"])
    # The secret is never recorded, only that a new one was sent.
    audit_record(
        event=locked.event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes={"link": ["", "new link sent"]},
    )
    _invite(locked, token=token)
    return token


def focal_point_get_by_token(*, token: str) -> FocalPoint | None:
    """The active focal point this link opens, or None (unknown, replaced or revoked)."""
    if not token or len(token) > 100:
        return None
    return (
        FocalPoint.objects.select_related("event", "organisation")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )


def nomination_register(
    *,
    focal_point: FocalPoint,
    category_id: int,
    person: PersonDetails,
    answers=None,
    submission_key: str = "",
    now: datetime | None = None,
    participation: str = Participation.IN_PERSON,
) -> tuple[Registration, str | None]:
    """Register a person on the focal point's organisation's behalf.

    The person gets their own manage link by email, in their language; the organisation's
    quota applies (``QuotaReached``, or the waiting list where the category has one).
    Rate-limited per focal point (``FORUM_NOMINATION_RATE``). ``answers`` (from
    ``answers_clean``) are written with the registration, in its transaction.
    """
    if not focal_point.is_active:
        raise RegistrationError(_("This focal point link no longer works."), "revoked")
    if not hit(f"nomination:{focal_point.pk}", rate=settings.FORUM_NOMINATION_RATE).allowed:
        raise RegistrationError(
            _("Too many people were registered in a short time: please try again later."),
            "rate",
        )
    return registration_create(
        event=focal_point.event,
        category_id=category_id,
        person=person,
        actor_label=FOCAL_POINT_LABEL,
        nominated_by=focal_point,
        submission_key=submission_key,
        answers=answers,
        now=now,
        participation=participation,
    )


def nomination_withdraw(
    *, focal_point: FocalPoint, registration: Registration, reason: str = ""
) -> Registration:
    """Cancel a registration of the focal point's organisation at their event (whoever made
    it); anything else is refused as if it did not exist."""
    if (
        not focal_point.is_active
        or registration.event_id != focal_point.event_id
        or registration.organisation_id != focal_point.organisation_id
    ):
        raise RegistrationError(
            _("This registration is not one of your organisation’s."), "not_found"
        )
    return registration_cancel(
        registration=registration, actor_label=FOCAL_POINT_LABEL, reason=reason
    )


@transaction.atomic
def quota_set(
    *,
    category: RegistrationCategory,
    organisation: Organisation,
    limit: int | None,
    user,
) -> list[Registration]:
    """Give ``organisation`` its own quota in ``category`` (None: back to the category's
    default). Returns the registrations a larger quota promoted from the waiting list.

    A quota below what the organisation already uses cancels nobody: it refuses new
    registrations until people leave. Written under the category's capacity lock, the lock
    the registration services count quotas under.
    """
    if limit is not None and limit < 0:
        raise FocalPointError(_("The quota cannot be negative."), "limit")
    locked = _lock_capacity(category_id=category.pk, event=category.event)
    existing = OrganisationQuota.objects.filter(category=locked, organisation=organisation).first()
    before = existing.limit if existing is not None else None
    if before == limit:
        return []
    if limit is None:
        existing.delete()
    elif existing is None:
        OrganisationQuota.objects.create(category=locked, organisation=organisation, limit=limit)
    else:
        existing.limit = limit
        existing.save(update_fields=["limit"])
    audit_record(
        event=locked.event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes={f"quota of {organisation.name}": [before, limit]},
    )
    return _promote_waitlisted(category=locked)


@transaction.atomic
def quotas_set(
    *, organisation: Organisation, limits: dict[RegistrationCategory, int | None], user
) -> list[Registration]:
    """``quota_set`` for several categories of one event at once: all or none are written.
    Categories are locked in primary-key order, the order every writer takes them in."""
    promoted = []
    for category in sorted(limits, key=lambda c: c.pk):
        promoted += quota_set(
            category=category, organisation=organisation, limit=limits[category], user=user
        )
    return promoted
