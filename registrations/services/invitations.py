"""Invitations: codes to share and personal invitations, created, emailed and revoked.

Codes are drawn with ``secrets`` from an alphabet people can read over the phone. Every write is
recorded in the event's audit log (created, invited, revoked).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, Event, Organisation
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.errors import ServiceError
from forum.locking import lock_one
from forum.mail import mail_send_later
from registrations.enums import InvitationKind
from registrations.models import Invitation, RegistrationCategory
from registrations.services.registrations import REFERENCE_ALPHABET

CODE_LENGTH = 10
# A bulk upload creates at most this many invitations in one transaction.
BULK_MAX_ROWS = 1000


class InvitationError(ServiceError):
    """An invitation that cannot be made, sent or revoked; ``code`` names why."""


class BulkInvitationError(InvitationError):
    """Some rows of a bulk upload are wrong; ``rows`` lists (row number, translated message)."""

    code = "rows"

    def __init__(self, rows: list[tuple[int, str]]):
        super().__init__(_("Some rows are not valid; no invitation was created."))
        self.rows = rows


@dataclass(frozen=True)
class InviteeRow:
    """One person of a bulk upload; ``row`` is its number in the file (the header is row 1)."""

    row: int
    email: str
    name: str = ""
    organisation: str = ""


def _code_new() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(CODE_LENGTH))


def _check_category(*, event: Event, category: RegistrationCategory) -> None:
    if category.event_id != event.pk:
        raise InvitationError(_("Choose a category of this event."), "category")


def _create(
    *,
    event: Event,
    category: RegistrationCategory,
    kind: str,
    user,
    email: str,
    name: str,
    organisation: Organisation | None,
    grants_head_of_delegation: bool,
    max_uses: int,
    expires_at: datetime | None,
    language: str,
    code: str,
) -> Invitation:
    for attempt in range(5):
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    event=event,
                    category=category,
                    kind=kind,
                    code=code or _code_new(),
                    email=email,
                    name=name,
                    organisation=organisation,
                    grants_head_of_delegation=grants_head_of_delegation,
                    max_uses=max_uses,
                    expires_at=expires_at,
                    language=language,
                    created_by=user if user is not None and user.is_authenticated else None,
                )
            break
        except IntegrityError:
            if code:
                raise InvitationError(
                    _("This event already has an invitation with that code."), "code"
                ) from None
            if attempt == 4:  # a collision of random codes: 32^10 makes a second unthinkable
                raise
    audit_record(
        event=event,
        obj=invitation,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(invitation)),
    )
    return invitation


@transaction.atomic
def invitation_create(
    *,
    event: Event,
    category: RegistrationCategory,
    kind: str,
    user,
    email: str = "",
    name: str = "",
    organisation: Organisation | None = None,
    grants_head_of_delegation: bool = False,
    max_uses: int = 1,
    expires_at: datetime | None = None,
    language: str = "en",
    code: str = "",
    send: bool = False,
) -> Invitation:
    """Make one invitation; ``code`` empty draws a new one; ``send`` emails a personal one.

    Only a personal invitation naming an organisation may make its invitee head of delegation.
    """
    _check_category(event=event, category=category)
    code = code.strip()
    if code and not (code.isprintable() and len(code) <= 64):
        raise InvitationError(_("Codes are at most 64 printable characters."), "code")
    if kind not in InvitationKind.values:
        raise InvitationError(_("Choose a kind of invitation."), "kind")
    if kind == InvitationKind.PERSONAL and not email.strip():
        raise InvitationError(_("A personal invitation needs the invitee’s email."), "email")
    if grants_head_of_delegation and (kind != InvitationKind.PERSONAL or organisation is None):
        raise InvitationError(
            _("Only a personal invitation naming an organisation can grant head of delegation."),
            "grants_head_of_delegation",
        )
    if max_uses < 1:
        raise InvitationError(_("An invitation is usable at least once."), "max_uses")
    invitation = _create(
        event=event,
        category=category,
        kind=kind,
        user=user,
        email=email.strip(),
        name=name.strip(),
        organisation=organisation,
        grants_head_of_delegation=grants_head_of_delegation,
        max_uses=max_uses,
        expires_at=expires_at,
        language=language,
        code=code,
    )
    if send and invitation.email:
        _send(invitation, user=user)
    return invitation


def _row_errors(
    rows: list[InviteeRow], *, organisations: dict[str, Organisation]
) -> list[tuple[int, str]]:
    errors = []
    seen: dict[str, int] = {}
    for row in rows:
        email = row.email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append((row.row, str(_("Enter a valid email address."))))
            continue
        if email in seen:
            errors.append(
                (
                    row.row,
                    str(_("This email is already on row %(row)d.") % {"row": seen[email]}),
                )
            )
            continue
        seen[email] = row.row
        if row.organisation.strip() and row.organisation.strip().lower() not in organisations:
            errors.append(
                (
                    row.row,
                    str(
                        _("“%(name)s” is not an organisation on our list.")
                        % {"name": row.organisation.strip()}
                    ),
                )
            )
    return errors


@transaction.atomic
def invitations_create_bulk(
    *,
    event: Event,
    category: RegistrationCategory,
    rows: list[InviteeRow],
    user,
    send: bool = True,
    expires_at: datetime | None = None,
    language: str = "en",
) -> list[Invitation]:
    """Make one personal invitation per row (and email it when ``send``), all or none.

    Every row is checked before anything is written; any wrong row raises
    ``BulkInvitationError`` listing each wrong row by its number.
    """
    _check_category(event=event, category=category)
    if not rows:
        raise InvitationError(_("The file lists nobody."), "empty")
    if len(rows) > BULK_MAX_ROWS:
        raise InvitationError(
            _("Upload at most %(count)d people at a time.") % {"count": BULK_MAX_ROWS}, "too_many"
        )
    wanted = {row.organisation.strip().lower() for row in rows if row.organisation.strip()}
    organisations = {
        organisation.name.lower(): organisation
        for organisation in Organisation.objects.annotate(lowered=Lower("name")).filter(
            lowered__in=wanted
        )
    }
    errors = _row_errors(rows, organisations=organisations)
    if errors:
        raise BulkInvitationError(errors)
    invitations = []
    for row in rows:
        invitation = _create(
            event=event,
            category=category,
            kind=InvitationKind.PERSONAL,
            user=user,
            email=row.email.strip(),
            name=row.name.strip(),
            organisation=organisations.get(row.organisation.strip().lower()),
            grants_head_of_delegation=False,
            max_uses=1,
            expires_at=expires_at,
            language=language,
            code="",
        )
        if send:
            _send(invitation, user=user)
        invitations.append(invitation)
    return invitations


def invitation_register_url(*, invitation: Invitation) -> str:
    return (
        f"{settings.SITE_URL}/{invitation.language}/events/{invitation.event.slug}/register/"
        f"?code={invitation.code}"
    )


def _send(invitation: Invitation, *, user) -> None:
    mail_send_later(
        to=[invitation.email],
        template="invitation",
        language=invitation.language,
        context={
            "name": invitation.name,
            "event": invitation.event.name,
            "category": invitation.category.name,
            "code": invitation.code,
            "register_url": invitation_register_url(invitation=invitation),
            "expires_at": invitation.expires_at.date().isoformat() if invitation.expires_at else "",
        },
    )
    audit_record(
        event=invitation.event,
        obj=invitation,
        action=AuditAction.INVITED,
        actor=user,
        note=invitation.email,
    )


@transaction.atomic
def invitation_send(*, invitation: Invitation, user, now: datetime | None = None) -> Invitation:
    """Email a personal invitation (again) to its invitee, while it is still usable."""
    locked = lock_one(Invitation.objects.select_related("event", "category"), invitation.pk)
    now = now or timezone.now()
    if locked.kind != InvitationKind.PERSONAL or not locked.email:
        raise InvitationError(_("Only personal invitations are emailed."), "not_personal")
    if (locked.expires_at and locked.expires_at <= now) or locked.uses >= locked.max_uses:
        raise InvitationError(_("This invitation can no longer be used."), "unusable")
    _send(locked, user=user)
    return locked


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, user, now: datetime | None = None) -> Invitation:
    """Stop an invitation from being used: it expires now. Registrations made with it stay."""
    locked = lock_one(Invitation.objects.select_related("event", "category"), invitation.pk)
    now = now or timezone.now()
    if locked.expires_at is not None and locked.expires_at <= now:
        raise InvitationError(_("This invitation has already expired."), "expired")
    before = audit_snapshot(locked)
    locked.expires_at = now
    locked.save(update_fields=["expires_at"])
    audit_record(
        event=locked.event,
        obj=locked,
        action=AuditAction.REVOKED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked)),
    )
    return locked
