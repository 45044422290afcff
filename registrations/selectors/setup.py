"""Reads for the organisers' registration set-up pages: categories, invitations, delegations.

Each costs one query whatever the number of rows: counts and the last use are annotations.
"""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from events.models import Event
from registrations.enums import (
    ACTIVE_STATES,
    SEAT_HOLDING_STATES,
    Participation,
    RegistrationState,
)
from registrations.models import Delegation, Invitation, Registration, RegistrationCategory


def category_list_for_organiser(*, event: Event) -> QuerySet[RegistrationCategory]:
    """The event's categories with ``seats_taken`` (in person), ``online_taken`` and
    ``waitlisted`` (either mode) counted."""
    holding = Q(registrations__state__in=SEAT_HOLDING_STATES)
    return (
        RegistrationCategory.objects.filter(event=event)
        .annotate(
            seats_taken=Count(
                "registrations",
                filter=holding & Q(registrations__participation=Participation.IN_PERSON),
            ),
            online_taken=Count(
                "registrations",
                filter=holding & Q(registrations__participation=Participation.ONLINE),
            ),
            waitlisted=Count(
                "registrations", filter=Q(registrations__state=RegistrationState.WAITLISTED)
            ),
        )
        .order_by("order", "name_en", "pk")
    )


def category_get_for_organiser(*, event: Event, pk: int) -> RegistrationCategory:
    """One category of ``event`` (another event's is a 404)."""
    category = RegistrationCategory.objects.select_related("event").filter(event=event, pk=pk)
    found = category.first()
    if found is None:
        raise Http404
    return found


def invitation_list_for_organiser(*, event: Event) -> QuerySet[Invitation]:
    """The event's invitations, newest first, with the reference and name of the registration
    that used each last (``last_reference``, ``last_given_name``, ``last_family_name``)."""
    last = Registration.objects.filter(invitation=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        Invitation.objects.filter(event=event)
        .select_related("category", "organisation")
        .annotate(
            last_reference=Subquery(last.values("reference")[:1]),
            last_given_name=Subquery(last.values("given_name")[:1]),
            last_family_name=Subquery(last.values("family_name")[:1]),
        )
        .order_by("-created_at", "-pk")
    )


def invitation_get_for_organiser(*, event: Event, pk: int) -> Invitation:
    found = Invitation.objects.select_related("event", "category").filter(event=event, pk=pk)
    invitation = found.first()
    if invitation is None:
        raise Http404
    return invitation


def delegation_list_for_organiser(*, event: Event) -> QuerySet[Delegation]:
    """The event's delegations by organisation name, with their head and ``member_count``
    (active registrations, the head included)."""
    return (
        Delegation.objects.filter(event=event)
        .select_related("organisation", "head")
        .annotate(member_count=Count("members", filter=Q(members__state__in=ACTIVE_STATES)))
        .order_by("organisation__name", "pk")
    )
