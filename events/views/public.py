"""The public event page."""

from django.shortcuts import render

from events.enums import RegistrationWindowStatus
from events.selectors.events import event_get_for_viewer


def event_detail(request, slug: str):
    event = event_get_for_viewer(slug=slug, user=request.user)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registration_status": event.registration_status,
            "RegistrationWindowStatus": RegistrationWindowStatus,
        },
    )
