"""Registration state transitions. Every state change goes through one of these services.

Capacity is enforced without overbooking: the transaction that counts the seats and inserts
the registration first locks the category row (and the event row when the event has an
overall capacity), always in that order, so no two can count the same free seat. On SQLite,
transactions are IMMEDIATE, which serialises writers the same way.

Places are counted per participation mode. In-person seats are limited by the category's
capacity and the event's (the venue: it counts in-person registrations only); online places
by the category's ``online_capacity`` (None: no limit), where the category offers them. The
organisation's quota counts people in every mode. Each mode has its own waiting queue: for
in person, the waitlisted in-person registrations and the online registrants who asked for a
seat (``in_person_requested_at``) wait together, in the order they started waiting.
"""

import secrets
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.domains import domain_matches, email_domain
from events.enums import RegistrationWindowStatus
from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.errors import ServiceError
from forum.locking import lock, lock_one
from forum.mail import mail_send_later
from forum.ratelimit import hit
from forum.signals import registration_changed
from forum.tokens import token_hash, token_new
from registrations.enums import (
    ACTIVE_STATES,
    APPROVE_FROM,
    CANCEL_FROM,
    ORGANISER_ACTIONS_FROM,
    REJECT_FROM,
    SEAT_HOLDING_STATES,
    CreatedBy,
    HeadOfDelegationClaim,
    LetterState,
    Participation,
    RegistrationState,
)
from registrations.inputs import PERSON_FIELDS, PersonDetails
from registrations.models import (
    Delegation,
    FocalPoint,
    Invitation,
    OrganisationQuota,
    Registration,
    RegistrationCategory,
    RegistrationTransition,
)
from registrations.selectors.registrations import delegation_headed_by
from registrations.services.fees import payment_due_context
from registrations.services.questions import (
    AnswerValue,
    answer_files_discard,
    answer_files_stored,
    answers_for_category,
    answers_write,
)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


class RegistrationError(ServiceError):
    """A refusal the registrant or organiser should read: ``message`` is translated."""


class CategoryFull(RegistrationError):
    code = "full"


class QuotaReached(RegistrationError):
    """The organisation has as many people in the category as its quota allows."""

    code = "quota"


class InvalidTransition(RegistrationError):
    code = "invalid_transition"


class DetailsRefused(RegistrationError):
    """A person's details break a rule of the category, the visa letter, travel support or
    delegations; ``code`` names which: ``visa_letter_not_offered``, ``passport_number_required``,
    ``passport_expiry_required``, ``passport_expiry_too_early``, ``date_of_birth_required``,
    ``date_of_birth_implausible``, ``travel_support_reason_required``, ``head_organisation``."""


# --- helpers ---------------------------------------------------------------------------------


def _lock_capacity(*, category_id: int, event: Event) -> RegistrationCategory:
    """Lock what capacity depends on, in a fixed order (event, then category); re-read it."""
    if event.capacity is not None:
        lock_one(Event.objects.only("pk"), event.pk)
    return lock_one(RegistrationCategory.objects.select_related("event"), category_id)


def seats_taken(
    *, category: RegistrationCategory, participation: str = Participation.IN_PERSON
) -> int:
    """The places of ``participation`` held in ``category`` (in-person seats by default)."""
    return Registration.objects.filter(
        category=category, participation=participation, state__in=SEAT_HOLDING_STATES
    ).count()


def event_seats_taken(*, event: Event) -> int:
    """The event's in-person seats held: its capacity is the venue's."""
    return Registration.objects.filter(
        event=event, participation=Participation.IN_PERSON, state__in=SEAT_HOLDING_STATES
    ).count()


def _has_free_seat(
    *, category: RegistrationCategory, participation: str = Participation.IN_PERSON
) -> bool:
    """A place of ``participation`` is free: for in person, under the category's and the
    event's capacity; online, where the category offers it, under its online capacity."""
    if participation == Participation.ONLINE:
        if not category.online_offered:
            return False
        limit = category.online_capacity
        return limit is None or seats_taken(category=category, participation=participation) < limit
    event = category.event
    if category.capacity is not None and seats_taken(category=category) >= category.capacity:
        return False
    return not (event.capacity is not None and event_seats_taken(event=event) >= event.capacity)


def organisation_quota(
    *, category: RegistrationCategory, organisation_id: int | None
) -> int | None:
    """How many people the organisation may have in ``category`` (seat-holding ones): its own
    quota, else the category's default; None for no limit (and for no organisation)."""
    if organisation_id is None:
        return None
    own = (
        OrganisationQuota.objects.filter(category=category, organisation_id=organisation_id)
        .values_list("limit", flat=True)
        .first()
    )
    return own if own is not None else category.organisation_quota


def organisation_seats_taken(*, category: RegistrationCategory, organisation_id: int) -> int:
    return Registration.objects.filter(
        category=category, organisation_id=organisation_id, state__in=SEAT_HOLDING_STATES
    ).count()


def _quota_left(*, category: RegistrationCategory, organisation_id: int | None) -> int | None:
    """Places left in the organisation's quota for ``category`` (None: no quota). Counted
    under the category's lock, like the seats, so no two registrations take the last place."""
    quota = organisation_quota(category=category, organisation_id=organisation_id)
    if quota is None:
        return None
    taken = organisation_seats_taken(category=category, organisation_id=organisation_id)
    return max(quota - taken, 0)


def _quota_refusal(category: RegistrationCategory, organisation) -> "QuotaReached":
    quota = organisation_quota(category=category, organisation_id=organisation.pk)
    return QuotaReached(
        ngettext(
            "“%(organisation)s” has reached its quota of %(quota)d person in “%(category)s”.",
            "“%(organisation)s” has reached its quota of %(quota)d people in “%(category)s”.",
            quota,
        )
        % {
            "organisation": organisation.name,
            "quota": quota,
            "category": category.display_name,
        }
    )


def category_open_to_focal_points(category: RegistrationCategory) -> bool:
    """A focal point may register people in the event's public categories and in those by
    invitation only: the organiser who designated them vouches for them as an invitation
    would. Hidden categories that are not by invitation stay closed to them."""
    return category.is_public or category.invitation_only


# The same rule as a filter on categories (the focal point's form offers these).
FOCAL_POINT_CATEGORIES = Q(is_public=True) | Q(invitation_only=True)


def _fits(registration: Registration, *, category: RegistrationCategory) -> bool:
    """A waiting registration may take a place of the mode it waits for: the category (and
    the event, in person) has one, and, unless it already holds a place of the other mode
    (it counts in its organisation's quota already), its organisation is within its quota."""
    mode = _awaited_mode(registration)
    if not _has_free_seat(category=category, participation=mode):
        return False
    if registration.holds_seat:
        return True
    left = _quota_left(category=category, organisation_id=registration.organisation_id)
    return left is None or left > 0


def _awaited_mode(registration: Registration) -> str:
    """The mode whose place a waiting registration waits for: its own, or in person for an
    online registrant who asked for a seat."""
    if registration.in_person_requested_at is not None:
        return Participation.IN_PERSON
    return registration.participation


def _waiters(*, participation: str, **scope) -> QuerySet[Registration]:
    """Who waits for a place of ``participation`` in ``scope`` (``category=`` or ``event=``),
    annotated with ``waiting_since``: the waitlisted registrations of that mode and, for in
    person, the online place-holders who asked for a seat; oldest first."""
    waiting = Q(state=RegistrationState.WAITLISTED, participation=participation)
    if participation == Participation.IN_PERSON:
        waiting |= Q(
            state__in=SEAT_HOLDING_STATES,
            participation=Participation.ONLINE,
            in_person_requested_at__isnull=False,
        )
    return (
        Registration.objects.filter(waiting, **scope)
        .annotate(waiting_since=Coalesce("waitlisted_at", "in_person_requested_at"))
        .order_by("waiting_since", "pk")
    )


def credentials_verified(registration: Registration) -> bool:
    """A verified nomination letter names ``registration``."""
    return registration.nomination_letters.filter(state=LetterState.VERIFIED).exists()


def _seat_state(category: RegistrationCategory, *, verified: bool = False) -> str:
    """The state a registration takes a seat in: waiting for its credentials where the
    category asks for a letter (unless one is ``verified``), then for approval, then for
    payment."""
    if category.requires_nomination_letter and not verified:
        return RegistrationState.CREDENTIALS_PENDING
    if category.requires_approval:
        return RegistrationState.PENDING_APPROVAL
    if category.has_fee:
        return RegistrationState.AWAITING_PAYMENT
    return RegistrationState.CONFIRMED


def _reference_new() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def registration_history_add(
    registration: Registration, *, from_state: str, actor_label: str, user=None, reason: str = ""
) -> None:
    """Record an entry of the registration's history, in the state machine's own table (the
    payment deadline and expiry read it) and in the event's audit log (what the registration
    page shows); when its state changed (or it was created: ``from_state`` is empty), tell the
    subscribers of ``registration_changed``."""
    RegistrationTransition.objects.create(
        registration=registration,
        from_state=from_state,
        to_state=registration.state,
        actor=user if user and user.is_authenticated else None,
        actor_label=actor_label,
        reason=reason,
    )
    audit_record(
        event=registration.event,
        obj=registration,
        action=AuditAction.STATE_CHANGED,
        actor=user,
        actor_label=actor_label,
        changes={"state": [from_state, registration.state]},
        note=reason,
    )
    if from_state != registration.state:
        registration_changed.send(
            sender=Registration,
            registration=registration,
            from_state=from_state,
            to_state=registration.state,
            actor_label=actor_label,
        )


def _queue_position(registration: Registration, *, since: datetime) -> int:
    """``registration``'s place in its category's queue for the mode it awaits, waiting
    ``since``: 1 for the next in line."""
    ahead = (
        _waiters(participation=_awaited_mode(registration), category_id=registration.category_id)
        .filter(Q(waiting_since__lt=since) | Q(waiting_since=since, pk__lt=registration.pk))
        .count()
    )
    return ahead + 1


def waitlist_position(*, registration: Registration) -> int | None:
    """A waitlisted registration's place in the queue for its mode (for in person, the online
    registrants asking for a seat count among those ahead); None when not waitlisted."""
    if registration.state != RegistrationState.WAITLISTED:
        return None
    return _queue_position(registration, since=registration.waitlisted_at)


def in_person_request_position(*, registration: Registration) -> int | None:
    """An online registrant's place in the queue for an in-person seat; None when they have
    not asked for one."""
    if registration.in_person_requested_at is None or not registration.holds_seat:
        return None
    return _queue_position(registration, since=registration.in_person_requested_at)


def manage_url(*, token: str, language: str) -> str:
    return f"{settings.SITE_URL}/{language}/r/{token}/"


def _email(registration: Registration, template: str, *, token: str | None = None, **extra) -> None:
    """The one email of a state change. Entering awaiting payment (on registration, approval
    or promotion), it also carries the amount, the deadline and how to pay."""
    context = {
        "name": registration.full_name,
        "event": registration.event.name,
        "category": registration.category.name,
        "reference": registration.reference,
        "state": registration.state,
        "participation": registration.participation,
        "manage_url": manage_url(token=token, language=registration.language) if token else "",
        "resend_url": f"{settings.SITE_URL}/{registration.language}/events/"
        f"{registration.event.slug}/register/link/",
        **extra,
    }
    if registration.state == RegistrationState.AWAITING_PAYMENT:
        context.update(payment_due_context(registration=registration))
    mail_send_later(
        to=[registration.email], template=template, language=registration.language, context=context
    )


# --- creating --------------------------------------------------------------------------------


def invitation_check(*, event: Event, code: str, now: datetime | None = None) -> Invitation:
    """The usable invitation with this code, or a RegistrationError saying why not."""
    now = now or timezone.now()
    code = code.strip()
    # Codes are short printable text; anything else (a NUL byte breaks PostgreSQL) is unknown.
    invitation = (
        Invitation.objects.select_related("category", "organisation")
        .filter(event=event, code__iexact=code)
        .first()
        if code.isprintable() and 0 < len(code) <= 64
        else None
    )
    if invitation is None:
        raise RegistrationError(_("This invitation code is not valid."), "invitation_invalid")
    if invitation.expires_at and invitation.expires_at <= now:
        raise RegistrationError(_("This invitation has expired."), "invitation_expired")
    if invitation.uses >= invitation.max_uses:
        raise RegistrationError(_("This invitation has already been used."), "invitation_used")
    return invitation


def registration_create(
    *,
    event: Event,
    category_id: int,
    person: PersonDetails,
    invitation_code: str = "",
    delegation: Delegation | None = None,
    head_of_delegation: bool = False,
    actor_label: str = "registrant",
    user=None,
    now: datetime | None = None,
    submission_key: str = "",
    nominated_by: FocalPoint | None = None,
    answers: Mapping[int, AnswerValue | None] | None = None,
    participation: str = Participation.IN_PERSON,
) -> tuple[Registration, str | None]:
    """Register a person: take a seat (or a waitlist place) and email them their manage link.

    Returns the registration and the manage-link secret, which exists nowhere else. A
    ``submission_key`` (the public form's one-time key) registers once: posted again, even
    concurrently, it returns the registration it made and no secret (that went by email).

    The organisation's quota in the category counts like the seats: beyond it the
    registration waits on the category's waiting list, or is refused (``QuotaReached``) when
    the category has none. ``nominated_by`` is the focal point registering the person on
    their organisation's behalf (``actor_label`` "focal point").

    ``participation`` is the mode whose place the person takes: online only where the
    category offers it (else ``online_not_offered``); full in that mode, they wait for a
    place of that mode, or are refused (``CategoryFull``) when the category has no waiting
    list.

    ``answers`` (from ``questions.answers_clean``) are written in the same transaction: a
    refused answer registers nobody, and their files are deleted again.
    """
    if submission_key:
        existing = Registration.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, None
    with answer_files_stored(answers or {}) as stored:
        return _registration_create_once(
            event=event,
            category_id=category_id,
            person=person,
            invitation_code=invitation_code,
            delegation=delegation,
            head_of_delegation=head_of_delegation,
            actor_label=actor_label,
            user=user,
            now=now,
            submission_key=submission_key,
            nominated_by=nominated_by,
            answers=stored,
            participation=participation,
        )


def _registration_create_once(*, submission_key: str, answers, **kwargs):
    """``_registration_create``, or the registration the same form key already made (its
    answers' files, stored for nothing, deleted)."""
    try:
        return _registration_create(submission_key=submission_key, answers=answers, **kwargs)
    except IntegrityError:
        existing = (
            Registration.objects.filter(submission_key=submission_key).first()
            if submission_key
            else None
        )
        if existing is None:
            raise
        answer_files_discard(answers)
        return existing, None


@transaction.atomic
def _registration_create(
    *,
    event: Event,
    category_id: int,
    person: PersonDetails,
    invitation_code: str,
    delegation: Delegation | None,
    head_of_delegation: bool,
    actor_label: str,
    user,
    now: datetime | None,
    submission_key: str,
    nominated_by: FocalPoint | None,
    answers: Mapping[int, AnswerValue | None],
    participation: str,
) -> tuple[Registration, str]:
    now = now or timezone.now()
    if participation not in Participation.values:
        raise RegistrationError(_("Choose how you will take part."), "participation")
    if event.registration_window_status(now) != RegistrationWindowStatus.OPEN:
        raise RegistrationError(_("Registration for this event is not open."), "closed")
    invitation = None
    if invitation_code:
        invitation = invitation_check(event=event, code=invitation_code, now=now)
        # Count the use atomically; the check constraint refuses a use beyond max_uses.
        updated = Invitation.objects.filter(pk=invitation.pk, uses__lt=F("max_uses")).update(
            uses=F("uses") + 1
        )
        if not updated:
            raise RegistrationError(_("This invitation has already been used."), "invitation_used")
        if invitation.category_id != category_id:
            raise RegistrationError(
                _("This invitation is for the category “%(category)s”.")
                % {"category": invitation.category.display_name},
                "invitation_category",
            )

    category = _lock_capacity(category_id=category_id, event=event)
    if category.event_id != event.pk:
        raise RegistrationError(_("Choose a category of this event."), "category")
    if nominated_by is not None:
        if not category_open_to_focal_points(category):
            raise RegistrationError(_("Choose a category of this event."), "category")
    elif (category.invitation_only or not category.is_public) and invitation is None:
        raise RegistrationError(
            _("This category is by invitation only: enter your invitation code."),
            "invitation_required",
        )
    if participation == Participation.ONLINE and not category.online_offered:
        raise online_not_offered(category)
    organisation = person.organisation or (invitation.organisation if invitation else None)
    grants_head = invitation is not None and invitation.grants_head_of_delegation
    if grants_head:
        # The invitation names the organisation the invitee leads.
        organisation = invitation.organisation
    if nominated_by is not None:
        # A focal point nominates for their own organisation only.
        organisation = nominated_by.organisation
    quota_left = _quota_left(
        category=category, organisation_id=organisation.pk if organisation else None
    )
    if _has_free_seat(category=category, participation=participation) and quota_left != 0:
        state, waitlisted_at = _seat_state(category), None
    elif category.waitlist_enabled:
        state, waitlisted_at = RegistrationState.WAITLISTED, now
    elif quota_left == 0:
        raise _quota_refusal(category, organisation)
    else:
        raise mode_full(category, participation=participation)

    _check_details(person, category=category, today=now.date(), participation=participation)
    if head_of_delegation and delegation is None and organisation is None:
        raise DetailsRefused(
            _("Delegations are for organisations on our list; pick yours from it."),
            "head_organisation",
        )
    token = token_new()
    fields = {**person.model_fields(), "organisation": organisation}
    for attempt in range(5):
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    category=category,
                    state=state,
                    participation=participation,
                    waitlisted_at=waitlisted_at,
                    reference=_reference_new(),
                    invitation=invitation,
                    delegation=delegation,
                    manage_token_hash=token_hash(token),
                    submission_key=submission_key or None,
                    consent_at=now,
                    created_by=actor_label if actor_label in CreatedBy.values else "registrant",
                    nominated_by=nominated_by,
                    **fields,
                )
            break
        except IntegrityError:
            # The same form submitted concurrently: undo everything (the invitation use
            # too); registration_create answers with the registration that won.
            if (
                submission_key
                and Registration.objects.filter(submission_key=submission_key).exists()
            ):
                raise
            if attempt == 4:  # else a reference collision: 32^8 makes a second one unthinkable
                raise
    registration_history_add(registration, from_state="", actor_label=actor_label, user=user)
    if answers:
        answers_write(
            registration=registration,
            answers=answers_for_category(answers, category_id=category.pk),
            actor_label=actor_label,
            user=user,
        )

    if delegation is None and (head_of_delegation or grants_head) and organisation is not None:
        _head_claim(registration, invitation=invitation if grants_head else None)

    if state == RegistrationState.WAITLISTED:
        _email(
            registration,
            "registration_waitlisted",
            token=token,
            position=waitlist_position(registration=registration),
        )
    else:
        _email(registration, "registration_received", token=token)
    return registration, token


def online_not_offered(category: RegistrationCategory) -> RegistrationError:
    return RegistrationError(
        _("“%(category)s” cannot be followed online.") % {"category": category.display_name},
        "online_not_offered",
    )


def mode_full(category: RegistrationCategory, *, participation: str) -> CategoryFull:
    """The refusal of a full mode: ``full`` when registering; the switch services use their
    own codes."""
    if participation == Participation.ONLINE:
        message = _("Sorry, there are no online places left in “%(category)s”.")
    else:
        message = _("Sorry, “%(category)s” is full.")
    return CategoryFull(message % {"category": category.display_name})


# Online participants do not travel: the one refusal of a visa letter for them (the
# document services and this file's rules share it).
VISA_LETTER_ONLINE = _(
    "Visa invitation letters are issued to in-person participants only: online "
    "participants do not travel to the forum."
)


def details_refusals(
    person: PersonDetails,
    *,
    event: Event,
    category: RegistrationCategory | None,
    today: date,
    participation: str = Participation.IN_PERSON,
) -> list[DetailsRefused]:
    """Every rule of the category, the visa letter and travel support that ``person`` breaks,
    in the order a form shows them; empty when none. ``category`` None skips the category's
    own rule (a form whose category choice is itself invalid). Taking part online
    (``participation``), a person asks for no visa letter.

    The one home of these rules: the services refuse the first (``_check_details``), the
    public form shows them all on their fields.
    """
    refusals = []
    if person.visa_letter_requested and participation == Participation.ONLINE:
        refusals.append(DetailsRefused(VISA_LETTER_ONLINE, "visa_letter_online"))
    elif person.visa_letter_requested:
        if category is not None and not category.visa_letter_offered:
            refusals.append(
                DetailsRefused(
                    _("This category does not come with a visa invitation letter."),
                    "visa_letter_not_offered",
                )
            )
        if not person.passport_number:
            refusals.append(
                DetailsRefused(
                    _("Needed for the visa invitation letter."), "passport_number_required"
                )
            )
        if not person.passport_expiry:
            refusals.append(
                DetailsRefused(
                    _("Needed for the visa invitation letter."), "passport_expiry_required"
                )
            )
        elif person.passport_expiry <= event.end_date:
            refusals.append(
                DetailsRefused(
                    _("Your passport must be valid beyond the forum’s last day."),
                    "passport_expiry_too_early",
                )
            )
        if not person.date_of_birth:
            refusals.append(
                DetailsRefused(
                    _("Needed for the visa invitation letter."), "date_of_birth_required"
                )
            )
    if person.date_of_birth and not (_years_before(today, 120) <= person.date_of_birth < today):
        refusals.append(
            DetailsRefused(_("Enter your real date of birth."), "date_of_birth_implausible")
        )
    if person.travel_support_requested and not person.travel_support_reason.strip():
        refusals.append(
            DetailsRefused(
                _("Tell us briefly why you need support."), "travel_support_reason_required"
            )
        )
    return refusals


def _years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February becomes the 28th if need be)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _check_details(
    person: PersonDetails, *, category: RegistrationCategory, today: date, participation: str
) -> None:
    """Refuse details that break a rule of ``details_refusals`` (``DetailsRefused`` for the
    first one, nothing written)."""
    refusals = details_refusals(
        person, event=category.event, category=category, today=today, participation=participation
    )
    if refusals:
        raise refusals[0]


# The details ``details_refusals`` judges: an update changing one of them is checked again.
RULED_FIELDS = frozenset(
    {
        "visa_letter_requested",
        "passport_number",
        "passport_expiry",
        "date_of_birth",
        "travel_support_requested",
        "travel_support_reason",
    }
)


def _head_claim(registration: Registration, *, invitation: Invitation | None) -> None:
    """Record a new registrant's claim to lead their delegation.

    Only a personal invitation granting it, used from the invited address, makes them head at
    once; a ticked box waits for an organiser (``registration_head_confirm``).
    """
    granted = invitation is not None and (
        registration.email.strip().lower() == invitation.email.strip().lower()
    )
    registration.head_of_delegation = HeadOfDelegationClaim.PENDING
    registration.save(update_fields=["head_of_delegation"])
    if granted and _head_install(registration) is None:
        registration.head_of_delegation = HeadOfDelegationClaim.CONFIRMED
        registration.save(update_fields=["head_of_delegation"])
        registration_history_add(
            registration,
            from_state=registration.state,
            actor_label="system",
            reason=HEAD_GRANTED_BY_INVITATION,
        )
        return
    registration_history_add(
        registration, from_state=registration.state, actor_label="registrant", reason=HEAD_REQUESTED
    )


def _head_install(registration: Registration) -> Registration | None:
    """Make ``registration`` head of its organisation's delegation (created if need be).

    Returns the registration already heading it, if another one does (nothing changes then).
    """
    delegation, _created = Delegation.objects.get_or_create(
        event_id=registration.event_id, organisation_id=registration.organisation_id
    )
    delegation = lock_one(Delegation.objects.select_related("head"), delegation.pk)
    if delegation.head_id not in (None, registration.pk):
        return delegation.head
    delegation.head = registration
    delegation.save(update_fields=["head"])
    registration.delegation = delegation
    registration.save(update_fields=["delegation", "updated_at"])
    return None


# Reasons of the non-state entries in a registration's history (codes; the page labels them).
HEAD_REQUESTED = "head_of_delegation_requested"
HEAD_GRANTED_BY_INVITATION = "head_of_delegation_granted_by_invitation"
HEAD_CONFIRMED = "head_of_delegation_confirmed"
HEAD_REFUSED = "head_of_delegation_refused"


def head_of_delegation_evidence(*, registration: Registration) -> dict:
    """What an organiser weighs before confirming a head: the address's domain against the
    organisation's official domains."""
    organisation = registration.organisation
    official = organisation.domains if organisation is not None else []
    domain = email_domain(registration.email)
    return {
        "email_domain": domain,
        "official_domains": official,
        "matching_domain": domain_matches(domain, official),
    }


@transaction.atomic
def registration_head_confirm(*, registration: Registration, user) -> Registration:
    """An organiser confirms that the registrant leads their organisation's delegation.

    From then on they add members and endorse statements for that organisation in one step.
    """
    locked = lock_one(Registration.objects.select_related("event", "organisation"), registration.pk)
    if locked.head_of_delegation not in (
        HeadOfDelegationClaim.PENDING,
        HeadOfDelegationClaim.REFUSED,
    ):
        raise InvalidTransition(
            _("This registrant has not asked to lead a delegation."), "head_not_requested"
        )
    if locked.state not in ACTIVE_STATES or locked.organisation_id is None:
        raise InvalidTransition(
            _("Only an active registration for a listed organisation can lead its delegation."),
            "head_not_eligible",
        )
    other = _head_install(locked)
    if other is not None:
        raise InvalidTransition(
            _("%(name)s already leads this delegation; refuse their claim first.")
            % {"name": other.full_name},
            "head_taken",
        )
    locked.head_of_delegation = HeadOfDelegationClaim.CONFIRMED
    locked.save(update_fields=["head_of_delegation", "updated_at"])
    registration_history_add(
        locked, from_state=locked.state, actor_label="organiser", user=user, reason=HEAD_CONFIRMED
    )
    return locked


@transaction.atomic
def registration_head_refuse(*, registration: Registration, user) -> Registration:
    """An organiser refuses (or withdraws) a registrant's leadership of their delegation.

    They stay a member of the delegation, but no longer add members or endorse for it.
    """
    locked = lock_one(Registration.objects.select_related("event", "organisation"), registration.pk)
    if locked.head_of_delegation not in (
        HeadOfDelegationClaim.PENDING,
        HeadOfDelegationClaim.CONFIRMED,
    ):
        raise InvalidTransition(
            _("This registrant does not claim to lead a delegation."), "head_not_requested"
        )
    Delegation.objects.filter(head=locked).update(head=None)
    locked.head_of_delegation = HeadOfDelegationClaim.REFUSED
    locked.save(update_fields=["head_of_delegation", "updated_at"])
    registration_history_add(
        locked, from_state=locked.state, actor_label="organiser", user=user, reason=HEAD_REFUSED
    )
    return locked


def delegation_add_member(
    *,
    head: Registration,
    category_id: int,
    person: PersonDetails,
    now: datetime | None = None,
    participation: str = Participation.IN_PERSON,
) -> tuple[Registration, str]:
    """The head of a delegation registers a member, who gets their own registration and link.

    A delegation holds at most ``event.max_delegation_size`` active registrations (its head
    included), checked with the delegation row locked; additions are also rate-limited per
    delegation (``FORUM_DELEGATION_MEMBER_RATE``), so a head cannot spend seats in bulk.
    """
    delegation = delegation_headed_by(registration=head)
    if delegation is None or head.state not in ACTIVE_STATES:
        raise RegistrationError(_("Only an active head of delegation can add members."), "not_head")
    if not hit(
        f"delegation-member:{delegation.pk}", rate=settings.FORUM_DELEGATION_MEMBER_RATE
    ).allowed:
        raise RegistrationError(
            _("Too many members were added in a short time: please try again later."), "rate"
        )
    return _delegation_add_member(
        head=head,
        delegation=delegation,
        category_id=category_id,
        person=person,
        now=now,
        participation=participation,
    )


@transaction.atomic
def _delegation_add_member(
    *,
    head: Registration,
    delegation: Delegation,
    category_id: int,
    person: PersonDetails,
    now: datetime | None,
    participation: str,
) -> tuple[Registration, str]:
    # Locked first, so two additions at once cannot both take the delegation's last place.
    lock_one(Delegation.objects.only("pk"), delegation.pk)
    category = RegistrationCategory.objects.get(pk=category_id, event=head.event)
    if (category.invitation_only or not category.is_public) and category.pk != head.category_id:
        raise RegistrationError(_("Choose a category open to delegation members."), "category")
    size = Registration.objects.filter(delegation=delegation, state__in=ACTIVE_STATES).count()
    if size >= head.event.max_delegation_size:
        limit = head.event.max_delegation_size
        raise RegistrationError(
            ngettext(
                "This delegation is complete: it may hold at most %(size)d person.",
                "This delegation is complete: it may hold at most %(size)d people.",
                limit,
            )
            % {"size": limit},
            "delegation_full",
        )
    person = replace(person, organisation=delegation.organisation)
    return registration_create(
        event=head.event,
        category_id=category.pk,
        person=person,
        delegation=delegation,
        actor_label="head of delegation",
        now=now,
        participation=participation,
    )


# --- moving between states -------------------------------------------------------------------


def _locked_registration(registration: Registration) -> tuple[Registration, RegistrationCategory]:
    category = _lock_capacity(category_id=registration.category_id, event=registration.event)
    locked = lock_one(Registration.objects.select_related("event"), registration.pk)
    return locked, category


def _promote_after_freed_seat(
    *,
    category: RegistrationCategory,
    event_locked: bool,
    participation: str = Participation.IN_PERSON,
) -> list[Registration]:
    """Give a place of ``participation`` freed in ``category`` (locked) to whoever waits.

    An online place goes to the category's online queue. For an in-person seat under an
    overall capacity, the full event may be what kept other categories' queues back, so the
    seat goes to the oldest in-person waiter of any category that fits its own category's
    capacity. That needs the event row locked (``event_locked``: ``_lock_capacity`` took it);
    without it, or without an overall capacity, the category's own queues are served.
    """
    if participation == Participation.ONLINE:
        return _promote_mode(category=category, participation=Participation.ONLINE)
    if event_locked and category.event.capacity is not None:
        return _promote_across_categories(event=category.event)
    return _promote_waitlisted(category=category)


def _promote_waitlisted(*, category: RegistrationCategory) -> list[Registration]:
    """Give the category's free places to its queues, in person first (an online registrant
    taking a seat frees an online place), then online.

    Runs inside the transaction that freed the place, with the capacity lock held.
    """
    promoted = _promote_mode(category=category, participation=Participation.IN_PERSON)
    return promoted + _promote_mode(category=category, participation=Participation.ONLINE)


def _promote_mode(*, category: RegistrationCategory, participation: str) -> list[Registration]:
    """Give free places of ``participation`` to the category's queue for that mode, first
    come first served, exactly once each."""
    promoted = []
    waiting = _waiters(participation=participation, category=category).select_related(
        "event", "category"
    )
    for registration in waiting:
        if not _has_free_seat(category=category, participation=participation):
            break  # this mode is full; the other mode's queue is served on its own
        if not _fits(registration, category=category):
            continue  # its organisation's quota is used up; a later one may still fit
        _promote(registration, category=category)
        promoted.append(registration)
    return promoted


def _promote(registration: Registration, *, category: RegistrationCategory) -> None:
    """Give one waiting registration its place (the caller checked there is one).

    A waitlisted registration takes the seat state of its category. An online registrant
    who asked for an in-person seat keeps its state and moves to in person, which frees its
    online place (the caller's online queue is served after the in-person one).
    """
    from_state = registration.state
    if registration.in_person_requested_at is not None:
        registration.participation = Participation.IN_PERSON
        registration.in_person_requested_at = None
        registration.save(update_fields=["participation", "in_person_requested_at", "updated_at"])
        registration_history_add(
            registration, from_state=from_state, actor_label="system", reason=IN_PERSON_GRANTED
        )
        participation_email(registration, outcome=IN_PERSON_GRANTED)
        return
    registration.state = _seat_state(category, verified=credentials_verified(registration))
    registration.waitlisted_at = None
    registration.save(update_fields=["state", "waitlisted_at", "updated_at"])
    registration_history_add(
        registration, from_state=from_state, actor_label="system", reason="promoted"
    )
    _email(registration, "registration_promoted")


# Reasons of the history entries of a change of participation mode (codes; the page labels
# them), also the ``outcome`` of the email telling the registrant.
PARTICIPATION_SWITCHED = "participation_switched"
IN_PERSON_REQUESTED = "in_person_requested"
IN_PERSON_REQUEST_WITHDRAWN = "in_person_request_withdrawn"
IN_PERSON_GRANTED = "in_person_granted"
WAITLIST_MODE_CHANGED = "waitlist_mode_changed"


def participation_email(registration: Registration, *, outcome: str) -> None:
    """The one email of a change of participation mode (``outcome``: one of the reasons
    above), sent after commit."""
    _email(
        registration,
        "participation_changed",
        outcome=outcome,
        position=in_person_request_position(registration=registration)
        or waitlist_position(registration=registration),
    )


@transaction.atomic
def event_promote_waitlisted(*, event: Event) -> list[Registration]:
    """Give the event's free seats to the waiting lists of all its categories, in one
    waitlist order (first come first served across categories), each category's own
    capacity respected; after the event's overall capacity changed.

    Locks the event, then its categories in primary-key order: the order ``_lock_capacity``
    takes them in.
    """
    event = lock_one(Event.objects.only("pk", "capacity"), event.pk)
    return _promote_across_categories(event=event)


def _promote_across_categories(*, event: Event) -> list[Registration]:
    """``event_promote_waitlisted`` once the event row is locked (by the caller): lock the
    event's categories in primary-key order, then give free in-person seats to the oldest
    in-person waiters that fit their own category's capacity, while the event has a free
    seat; then serve each category's online queue (a waiter who took a seat freed an online
    place; the event's capacity does not count online places).

    A caller already holding one category's lock keeps the order safe: every transaction
    that locks categories of an event with an overall capacity locks the event row first.
    """
    categories = {
        c.pk: c
        for c in lock(RegistrationCategory.objects.select_related("event").filter(event=event))
    }
    promoted = []
    waiting = _waiters(participation=Participation.IN_PERSON, event=event).select_related(
        "event", "category"
    )
    for registration in waiting:
        category = categories[registration.category_id]
        if event.capacity is not None and event_seats_taken(event=event) >= event.capacity:
            break  # no category has a seat left
        if not _fits(registration, category=category):
            continue  # this category (or its quota) is full; a later one may still fit
        _promote(registration, category=category)
        promoted.append(registration)
    for category in categories.values():
        if category.online_offered:
            promoted += _promote_mode(category=category, participation=Participation.ONLINE)
    return promoted


def _transition(
    registration: Registration,
    *,
    allowed_from: tuple[str, ...],
    to_state: str | Callable[[RegistrationCategory], str],
    template: str | None,
    actor_label: str,
    user=None,
    reason: str = "",
) -> Registration:
    """Move one registration; email ``template`` (None: the caller's service sends the one
    email of this change) and give a freed seat to the waiting list."""
    locked, category = _locked_registration(registration)
    if locked.state not in allowed_from:
        raise InvalidTransition(
            _("This registration is %(state)s and cannot be changed that way.")
            % {"state": locked.get_state_display()}
        )
    held_seat = locked.holds_seat
    from_state = locked.state
    locked.state = to_state(category) if callable(to_state) else to_state
    if locked.state != RegistrationState.WAITLISTED:
        locked.waitlisted_at = None
    if not locked.holds_seat:
        locked.in_person_requested_at = None  # leaving, it waits for nothing
    locked.save(update_fields=["state", "waitlisted_at", "in_person_requested_at", "updated_at"])
    registration_history_add(
        locked, from_state=from_state, actor_label=actor_label, user=user, reason=reason
    )
    if template:
        _email(locked, template, message=reason)
    if held_seat and not locked.holds_seat:
        # _lock_capacity locked the event row when the caller's event had an overall capacity.
        event_locked = registration.event.capacity is not None
        _promote_after_freed_seat(
            category=category, event_locked=event_locked, participation=locked.participation
        )
    return locked


def registration_allowed_actions(*, registration: Registration) -> list[str]:
    """The organiser decisions (``approve``, ``reject``, ``cancel``, in that order) that the
    registration's state accepts: the same states the transitions below start from."""
    return [
        action
        for action, allowed_from in ORGANISER_ACTIONS_FROM.items()
        if registration.state in allowed_from
    ]


@transaction.atomic
def registration_approve(*, registration: Registration, user, message: str = "") -> Registration:
    """An organiser accepts a pending registration; it then awaits payment or is confirmed."""
    return _transition(
        registration,
        allowed_from=APPROVE_FROM,
        to_state=lambda c: (
            RegistrationState.AWAITING_PAYMENT if c.has_fee else RegistrationState.CONFIRMED
        ),
        template="registration_approved",
        actor_label="organiser",
        user=user,
        reason=message,
    )


@transaction.atomic
def registration_reject(*, registration: Registration, user, message: str = "") -> Registration:
    """An organiser declines; a freed seat goes to the waiting list."""
    return _transition(
        registration,
        allowed_from=REJECT_FROM,
        to_state=RegistrationState.REJECTED,
        template="registration_rejected",
        actor_label="organiser",
        user=user,
        reason=message,
    )


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor_label: str, user=None, reason: str = ""
) -> Registration:
    """Cancel (by the registrant through their link, or by an organiser); frees the seat."""
    return _transition(
        registration,
        allowed_from=CANCEL_FROM,
        to_state=RegistrationState.CANCELLED,
        template="registration_cancelled",
        actor_label=actor_label,
        user=user,
        reason=reason,
    )


@transaction.atomic
def registration_confirm_payment(
    *, registration: Registration, user=None, reason: str = ""
) -> Registration:
    """Payment received (Stripe webhook, or marked by an organiser for a bank transfer).

    Sends no email: the payment's receipt says the registration is confirmed.
    """
    return _transition(
        registration,
        allowed_from=(RegistrationState.AWAITING_PAYMENT,),
        to_state=RegistrationState.CONFIRMED,
        template=None,
        actor_label="organiser" if user else "system",
        user=user,
        reason=reason,
    )


@transaction.atomic
def registration_expire_unpaid(*, registration: Registration, reason: str) -> Registration:
    """Not paid in time: cancel, only from awaiting payment, so a payment that
    confirmed it meanwhile wins; the freed seat goes to the waiting list."""
    return _transition(
        registration,
        allowed_from=(RegistrationState.AWAITING_PAYMENT,),
        to_state=RegistrationState.CANCELLED,
        template="registration_cancelled",
        actor_label="system",
        reason=reason,
    )


@transaction.atomic
def category_set_capacity(
    *, category: RegistrationCategory, capacity: int | None, user=None
) -> list[Registration]:
    """Change a category's capacity; a larger one promotes from the waiting list at once."""
    locked = _lock_capacity(category_id=category.pk, event=category.event)
    locked.capacity = capacity
    locked.save(update_fields=["capacity"])
    return _promote_waitlisted(category=locked)


@transaction.atomic
def category_set_online_places(
    *,
    category: RegistrationCategory,
    online_offered: bool,
    online_capacity: int | None,
    user=None,
) -> list[Registration]:
    """Offer online places in a category (``online_capacity`` None: no limit), or stop
    offering them; more places promote the online waiting list at once.

    Stopping cancels nobody: online registrants keep their places, and nobody new takes one.
    """
    if online_capacity is not None and not online_offered:
        raise RegistrationError(
            _("Online places need online participation to be offered."), "online_capacity"
        )
    if online_capacity is not None and online_capacity < 0:
        raise RegistrationError(_("The capacity cannot be negative."), "online_capacity")
    locked = _lock_capacity(category_id=category.pk, event=category.event)
    locked.online_offered = online_offered
    locked.online_capacity = online_capacity
    locked.save(update_fields=["online_offered", "online_capacity"])
    return _promote_mode(category=locked, participation=Participation.ONLINE)


# --- self-service ----------------------------------------------------------------------------


def registration_get_by_token(*, token: str) -> Registration | None:
    """The registration this manage link opens, or None.

    A requested new link (``pending_token_hash``) becomes the manage link on its first use,
    and only then does the previous link stop working.
    """
    if not token or len(token) > 100:
        return None
    digest = token_hash(token)
    queryset = Registration.objects.select_related(
        "event", "category", "organisation", "delegation"
    )
    registration = queryset.filter(manage_token_hash=digest).first()
    if registration is None and queryset.filter(pending_token_hash=digest).update(
        manage_token_hash=digest, pending_token_hash=None, updated_at=timezone.now()
    ):
        registration = queryset.filter(manage_token_hash=digest).first()
    return registration


def registration_update_refusals(
    *, registration: Registration, changes: dict
) -> list[RegistrationError]:
    """Every reason ``registration_update`` would refuse ``changes`` (a form shows them all on
    their fields); empty when it would save them.

    Only fields of ``PersonDetails`` may change (any other key is a ``TypeError``).
    """
    unknown = set(changes) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"registration_update() cannot change {', '.join(sorted(unknown))}")
    if registration.state not in ACTIVE_STATES:
        return [InvalidTransition(_("A cancelled or rejected registration cannot be edited."))]
    if not set(changes) & RULED_FIELDS:
        return []
    details = PersonDetails(
        **{field: getattr(registration, field) for field in PERSON_FIELDS} | changes
    )
    return details_refusals(
        details,
        event=registration.event,
        category=registration.category,
        today=timezone.now().date(),
        participation=registration.participation,
    )


@transaction.atomic
def registration_update(
    *, registration: Registration, changes: dict, actor_label: str = "registrant", user=None
) -> Registration:
    """Change a registration's own details (the self-service form and the admin decide which
    they offer); the audit log records which changed (personal ones without their values).

    Only fields of ``PersonDetails`` may change (any other key is a ``TypeError``), and the
    result must keep the rules of ``details_refusals`` (the first refusal is raised, nothing
    written).
    """
    refusals = registration_update_refusals(registration=registration, changes=changes)
    if refusals:
        raise refusals[0]
    before = audit_snapshot(registration, changes)
    for field, value in changes.items():
        setattr(registration, field, value)
    registration.save(update_fields=[*changes, "updated_at"])
    audit_record(
        event=registration.event,
        obj=registration,
        action=AuditAction.CHANGED,
        actor=user,
        actor_label=actor_label,
        changes=audit_diff(before, audit_snapshot(registration, changes)),
    )
    return registration


def registration_send_new_links(*, event: Event, email: str) -> int:
    """Email a new manage link for each active registration under ``email``.

    Only hashes are stored, so the old link cannot be resent. The new one is kept pending:
    the old link works until the new one is first used, so a stranger asking for links
    cannot lock anyone out. At most ``FORUM_NEW_LINK_RATE`` requests per email address are
    served (counted whether or not the address is registered); beyond that nothing is sent.
    The caller shows the same message in every case.
    """
    email = email.strip()
    if not hit(f"new-link:email:{email.lower()}", rate=settings.FORUM_NEW_LINK_RATE).allowed:
        return 0
    return _send_new_links(event=event, email=email)


@transaction.atomic
def _send_new_links(*, event: Event, email: str) -> int:
    registrations = lock(
        Registration.objects.select_related("event", "category").filter(
            event=event, email__iexact=email, state__in=ACTIVE_STATES
        )
    )
    for registration in registrations:
        token = token_new()
        registration.pending_token_hash = token_hash(token)
        registration.save(update_fields=["pending_token_hash", "updated_at"])
        _email(registration, "registration_link", token=token)
    return len(registrations)
