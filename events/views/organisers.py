"""The organiser's start page under /manage/."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from events.selectors.events import event_list_for_organiser


@login_required
def manage_dashboard(request):
    """The organiser's start page: the events they organise and where to work on each."""
    events = list(event_list_for_organiser(user=request.user))
    if not events and not request.user.is_superuser:
        raise PermissionDenied
    return render(request, "manage/dashboard.html", {"events": events})
