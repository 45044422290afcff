"""A registrant changing how they take part: in person or online.

A switch runs under the capacity lock the registration services count places under (event,
then category, then the registration row), so a switch never takes a place another
registration or switch counted as free. A seat-holding registrant moving to the other mode
takes a free place of it at once and frees their old place (its queue is served); an online
registrant finding no in-person seat keeps their online place and joins the in-person queue
(``in_person_requested_at``) where the category has a waiting list.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registrations.enums import ACTIVE_STATES, Participation, RegistrationState
from registrations.models import Registration
from registrations.services.registrations import (
    IN_PERSON_REQUEST_WITHDRAWN,
    IN_PERSON_REQUESTED,
    PARTICIPATION_SWITCHED,
    WAITLIST_MODE_CHANGED,
    CategoryFull,
    InvalidTransition,
    RegistrationError,
    _fits,
    _has_free_seat,
    _locked_registration,
    _promote_after_freed_seat,
    _seat_state,
    credentials_verified,
    online_not_offered,
    participation_email,
    registration_history_add,
)

# What ``registration_participation_switch`` did.
SWITCHED = PARTICIPATION_SWITCHED  # holds a place of the new mode
REQUESTED = IN_PERSON_REQUESTED  # online still, waiting for an in-person seat
WAITLISTED = WAITLIST_MODE_CHANGED  # still on the waiting list, for the new mode


@transaction.atomic
def registration_participation_switch(
    *,
    registration: Registration,
    participation: str,
    actor_label: str = "registrant",
    user=None,
    now: datetime | None = None,
) -> tuple[Registration, str]:
    """Move an active registration to ``participation``; returns it and what happened
    (``SWITCHED``, ``REQUESTED`` or ``WAITLISTED``), recorded in its history and emailed.

    A seat-holder takes a free place of the new mode, else: online to in person joins the
    in-person queue keeping the online place (refused, ``in_person_full``, without a waiting
    list); in person to online is refused (``online_full``). A waitlisted registration takes
    a free place of the new mode, else waits for that mode from now on: those already waiting
    for it came first. Online needs the category to offer it (``online_not_offered``).
    """
    if participation not in Participation.values:
        raise RegistrationError(_("Choose in person or online."), "participation")
    now = now or timezone.now()
    locked, category = _locked_registration(registration)
    if locked.state not in ACTIVE_STATES:
        raise InvalidTransition(
            _("A cancelled or rejected registration cannot be changed."), "inactive"
        )
    if locked.participation == participation:
        raise RegistrationError(_("You already take part that way."), "unchanged")
    if participation == Participation.ONLINE and not category.online_offered:
        raise online_not_offered(category)
    from_state = locked.state
    old_mode = locked.participation

    if locked.state == RegistrationState.WAITLISTED:
        locked.participation = participation
        if _fits(locked, category=category):
            locked.state = _seat_state(category, verified=credentials_verified(locked))
            locked.waitlisted_at = None
            outcome = SWITCHED
        else:
            locked.waitlisted_at = now
            outcome = WAITLISTED
        locked.save(update_fields=["participation", "state", "waitlisted_at", "updated_at"])
        return _recorded(locked, from_state, outcome, actor_label=actor_label, user=user)

    if _has_free_seat(category=category, participation=participation):
        locked.participation = participation
        locked.in_person_requested_at = None
        locked.save(update_fields=["participation", "in_person_requested_at", "updated_at"])
        _recorded(locked, from_state, SWITCHED, actor_label=actor_label, user=user)
        _promote_after_freed_seat(
            category=category,
            event_locked=registration.event.capacity is not None,
            participation=old_mode,
        )
        return locked, SWITCHED
    if participation == Participation.ONLINE:
        raise CategoryFull(
            _("Sorry, there are no online places left in “%(category)s”.")
            % {"category": category.display_name},
            "online_full",
        )
    if locked.in_person_requested_at is not None:
        raise RegistrationError(
            _("You are already waiting for an in-person seat."), "already_requested"
        )
    if not category.waitlist_enabled:
        raise CategoryFull(
            _("Sorry, no in-person seat is left in “%(category)s”.")
            % {"category": category.display_name},
            "in_person_full",
        )
    locked.in_person_requested_at = now
    locked.save(update_fields=["in_person_requested_at", "updated_at"])
    return _recorded(locked, from_state, REQUESTED, actor_label=actor_label, user=user)


@transaction.atomic
def registration_in_person_request_withdraw(
    *, registration: Registration, actor_label: str = "registrant", user=None
) -> Registration:
    """An online registrant no longer waits for an in-person seat; they keep their online
    place."""
    locked, _category = _locked_registration(registration)
    if locked.in_person_requested_at is None:
        raise RegistrationError(
            _("You are not waiting for an in-person seat."), "no_in_person_request"
        )
    locked.in_person_requested_at = None
    locked.save(update_fields=["in_person_requested_at", "updated_at"])
    _recorded(locked, locked.state, IN_PERSON_REQUEST_WITHDRAWN, actor_label=actor_label, user=user)
    return locked


def _recorded(
    registration: Registration, from_state: str, outcome: str, *, actor_label: str, user
) -> tuple[Registration, str]:
    """Record the change in the registration's history and email the registrant."""
    registration_history_add(
        registration, from_state=from_state, actor_label=actor_label, user=user, reason=outcome
    )
    participation_email(registration, outcome=outcome)
    return registration, outcome
