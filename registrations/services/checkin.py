"""Tickets (the secret on a badge's QR code) and check-in at the venue.

A ticket secret is 100 bits derived with the site key from the registration and a stored
nonce; only its SHA-256 is stored, and check-in looks the hash up, as manage links do. It is
printed in groups of four so staff can type it when a camera cannot read the code.

Badges and check-in are for people who come to the venue: an online registrant has no
ticket made for them and is refused at the desk (``in_person_required``).
"""

import base64
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from events.models import AuditAction, Event
from events.services.audit import audit_record
from forum.tokens import token_hash
from registrations.enums import Participation, RegistrationState
from registrations.models import CheckIn, Registration, Ticket
from registrations.services.in_person import in_person_required

TICKET_SALT = "forum.events.ticket"
TICKET_LENGTH = 20  # base32 characters: 100 bits
# What people mistype for base32's letters when copying a code by hand.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _secret_for(*, registration_id: int, nonce: str) -> str:
    digest = salted_hmac(TICKET_SALT, f"{registration_id}:{nonce}", algorithm="sha256").digest()
    code = base64.b32encode(digest).decode()[:TICKET_LENGTH]
    return "-".join(code[i : i + 4] for i in range(0, TICKET_LENGTH, 4))


def ticket_normalise(text: str) -> str:
    """``abcd efgh-…`` or a scanned code -> ``ABCD-EFGH-…``; empty if it cannot be a ticket."""
    code = re.sub(r"[^A-Z0-9]", "", (text or "")[:200].upper()).translate(_LOOKALIKES)
    if len(code) != TICKET_LENGTH or not re.fullmatch(r"[A-Z2-7]+", code):
        return ""
    return "-".join(code[i : i + 4] for i in range(0, TICKET_LENGTH, 4))


def ticket_secret(*, registration: Registration) -> str:
    """The registration's ticket secret, creating its ticket on first use (in person only)."""
    in_person_required(registration, code="badge_online")
    nonce = secrets.token_hex(8)
    ticket, _created = Ticket.objects.get_or_create(
        registration=registration,
        defaults={
            "nonce": nonce,
            "secret_hash": token_hash(_secret_for(registration_id=registration.pk, nonce=nonce)),
        },
    )
    return _secret_for(registration_id=registration.pk, nonce=ticket.nonce)


def ticket_secrets(*, registrations: list[Registration]) -> dict[int, str]:
    """Secrets for many registrations (a badge sheet): one read and one bulk insert; all of
    them in person (``InPersonOnly`` otherwise, nothing written)."""
    for registration in registrations:
        in_person_required(registration, code="badge_online")
    tickets = {t.registration_id: t for t in Ticket.objects.filter(registration__in=registrations)}
    missing = []
    for registration in registrations:
        if registration.pk not in tickets:
            nonce = secrets.token_hex(8)
            missing.append(
                Ticket(
                    registration=registration,
                    nonce=nonce,
                    secret_hash=token_hash(
                        _secret_for(registration_id=registration.pk, nonce=nonce)
                    ),
                )
            )
    if missing:
        Ticket.objects.bulk_create(missing, ignore_conflicts=True)
        tickets = {
            t.registration_id: t for t in Ticket.objects.filter(registration__in=registrations)
        }
    return {pk: _secret_for(registration_id=pk, nonce=t.nonce) for pk, t in tickets.items()}


@transaction.atomic
def ticket_revoke(*, registration: Registration, user=None) -> str:
    """A badge was lost: a new nonce makes the printed code worthless; returns the new secret.

    The audit log says the badge code changed, never the code itself. Only an in-person
    registrant has a badge to replace.
    """
    in_person_required(registration, code="badge_online")
    nonce = secrets.token_hex(8)
    secret = _secret_for(registration_id=registration.pk, nonce=nonce)
    Ticket.objects.update_or_create(
        registration=registration, defaults={"nonce": nonce, "secret_hash": token_hash(secret)}
    )
    audit_record(
        event=registration.event,
        obj=registration,
        action=AuditAction.CHANGED,
        actor=user,
        changes={"badge": [None, None]},
    )
    return secret


class CheckInStatus:
    CHECKED_IN = "checked_in"
    ALREADY = "already"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"
    NOT_CONFIRMED = "not_confirmed"
    ONLINE = "online"  # an online registrant (a badge printed before they switched)


@dataclass(frozen=True)
class CheckInResult:
    status: str
    registration: Registration | None = None
    at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status == CheckInStatus.CHECKED_IN


def ticket_check_in(*, event: Event, secret: str, user) -> CheckInResult:
    """Mark the ticket's registration as attended, once.

    The one-to-one CheckIn row is the guard: of two scans at the same moment one inserts and
    the other meets the unique constraint and reports when the first checked in. A badge
    printed before its registrant switched to online participation is refused (``ONLINE``).
    """
    code = ticket_normalise(secret)
    if not code:
        return CheckInResult(CheckInStatus.UNKNOWN)
    ticket = (
        Ticket.objects.select_related(
            "registration__category", "registration__organisation", "registration__event"
        )
        .filter(secret_hash=token_hash(code), registration__event=event)
        .first()
    )
    if ticket is None:
        return CheckInResult(CheckInStatus.UNKNOWN)
    registration = ticket.registration
    if registration.state in (RegistrationState.CANCELLED, RegistrationState.REJECTED):
        return CheckInResult(CheckInStatus.CANCELLED, registration)
    if registration.state != RegistrationState.CONFIRMED:
        return CheckInResult(CheckInStatus.NOT_CONFIRMED, registration)
    if registration.participation != Participation.IN_PERSON:
        return CheckInResult(CheckInStatus.ONLINE, registration)
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                registration=registration,
                event=event,
                by=user if user and user.is_authenticated else None,
            )
            audit_record(
                event=event,
                obj=registration,
                action=AuditAction.CHECKED_IN,
                actor=user,
                changes={"checked_in": [False, True]},
            )
    except IntegrityError:
        first = CheckIn.objects.filter(registration=registration).values_list("at", flat=True)
        return CheckInResult(CheckInStatus.ALREADY, registration, first.first())
    return CheckInResult(CheckInStatus.CHECKED_IN, registration, check_in.at)


@transaction.atomic
def ticket_check_in_undo(*, event: Event, registration: Registration, user) -> bool:
    """Take back a check-in made by mistake (the wrong badge scanned); False when the
    registration was not checked in, so there was nothing to undo."""
    deleted, _rows = CheckIn.objects.filter(registration=registration, event=event).delete()
    if not deleted:
        return False
    audit_record(
        event=event,
        obj=registration,
        action=AuditAction.CHECK_IN_UNDONE,
        actor=user,
        changes={"checked_in": [True, False]},
    )
    return True
