"""Reads for the organisers' room and track lists."""

from django.db.models import Count, QuerySet

from events.models import Event
from sessions.models import Room, Track


def room_list_for_organiser(*, event: Event) -> QuerySet[Room]:
    """The event's rooms in timetable order, each with how many sessions use it."""
    return (
        Room.objects.filter(event=event)
        .annotate(session_count=Count("sessions"))
        .order_by("order", "name_en", "pk")
    )


def track_list_for_organiser(*, event: Event) -> QuerySet[Track]:
    """The event's tracks in their order, each with how many sessions belong to it."""
    return (
        Track.objects.filter(event=event)
        .annotate(session_count=Count("sessions"))
        .order_by("order", "name_en", "pk")
    )
