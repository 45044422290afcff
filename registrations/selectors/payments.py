"""Reads for the organisers' payments, travel-support and check-in pages.

Each returns everything its page shows, in a fixed number of queries whatever the count.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from events.models import Event
from registrations.enums import Participation, RegistrationState
from registrations.models import CheckIn, Payment, Refund, Registration, RegistrationTransition


def payment_list_for_organiser(*, event: Event) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(registration__event=event)
        .select_related("registration__category", "registration__organisation")
        .prefetch_related(Prefetch("refunds", queryset=Refund.objects.select_related("created_by")))
        .order_by("-created_at", "-pk")
    )


def registrations_awaiting_payment(*, event: Event) -> QuerySet[Registration]:
    entered = (
        RegistrationTransition.objects.filter(
            registration=OuterRef("pk"), to_state=RegistrationState.AWAITING_PAYMENT
        )
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        Registration.objects.filter(event=event, state=RegistrationState.AWAITING_PAYMENT)
        .select_related("category", "organisation")
        .annotate(payable_since=Subquery(entered))
        .order_by("payable_since", "pk")
    )


def travel_support_requests(*, event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event, travel_support_requested=True)
        .select_related("category", "organisation", "travel_support_decision")
        .order_by("family_name", "given_name", "pk")
    )


@dataclass(frozen=True)
class BadgeCounts:
    in_person: int  # confirmed registrants who get a badge
    online: int  # confirmed registrants who take part online: no badge


def badge_counts(*, event: Event) -> BadgeCounts:
    """Confirmed registrations by participation mode, in one query."""
    counts = Registration.objects.filter(event=event, state=RegistrationState.CONFIRMED).aggregate(
        in_person=Count("pk", filter=Q(participation=Participation.IN_PERSON)),
        online=Count("pk", filter=Q(participation=Participation.ONLINE)),
    )
    return BadgeCounts(in_person=counts["in_person"], online=counts["online"])


@dataclass(frozen=True)
class CheckInSummary:
    confirmed: int
    checked_in: int
    recent: list[CheckIn]


def check_in_summary(*, event: Event, recent: int = 15) -> CheckInSummary:
    """Check-ins against the confirmed in-person registrants (online ones are not expected at
    the venue), and the latest check-ins."""
    return CheckInSummary(
        confirmed=Registration.objects.filter(
            event=event,
            state=RegistrationState.CONFIRMED,
            participation=Participation.IN_PERSON,
        ).count(),
        checked_in=CheckIn.objects.filter(event=event).count(),
        recent=list(
            CheckIn.objects.filter(event=event)
            .select_related("registration__category", "registration__organisation")
            .order_by("-at", "-pk")[:recent]
        ),
    )
