"""Reads for the organisers' payments, travel-support and check-in pages.

Each returns everything its page shows, in a fixed number of queries whatever the count.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from events.models import Event
from registrations.enums import RegistrationState
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
class CheckInSummary:
    confirmed: int
    checked_in: int
    recent: list[CheckIn]


def check_in_summary(*, event: Event, recent: int = 15) -> CheckInSummary:
    return CheckInSummary(
        confirmed=Registration.objects.filter(
            event=event, state=RegistrationState.CONFIRMED
        ).count(),
        checked_in=CheckIn.objects.filter(event=event).count(),
        recent=list(
            CheckIn.objects.filter(event=event)
            .select_related("registration__category", "registration__organisation")
            .order_by("-at", "-pk")[:recent]
        ),
    )
