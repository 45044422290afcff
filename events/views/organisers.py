"""The organiser's start page under /manage/ and the event's audit log."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from events.decorators import event_permission_required
from events.filters import AuditFilter
from events.models import Event
from events.selectors.audit import audit_lines, audit_list_for_event
from events.selectors.events import event_list_for_organiser


@login_required
def manage_dashboard(request):
    """The organiser's start page: the events they organise and where to work on each."""
    events = list(event_list_for_organiser(user=request.user))
    if not events and not request.user.is_superuser:
        raise PermissionDenied
    return render(request, "manage/dashboard.html", {"events": events})


AUDIT_PAGE_SIZE = 50


@event_permission_required("events.view_auditentry")
def audit_log(request, event: Event):
    """The event's timeline of writes: who changed what, when, old → new."""
    filterset = AuditFilter(request.GET, queryset=audit_list_for_event(event=event), event=event)
    entries = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/manage/audit_log.html",
        {"event": event, "filter": filterset, "page": page, "lines": audit_lines(page.object_list)},
    )
