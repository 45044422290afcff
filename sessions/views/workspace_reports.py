"""The organisers' report pages under /<lang>/manage/<event_slug>/reports/: every session with
a rapporteur or a report, with filters, counts and the reporting deadline; one session's
report with its editing form and the buttons that move it (submit on behalf, accept, return
to the rapporteurs, publish on the session page, unpublish).

Only the event's organisers holding the programme flag get in; anyone else gets a 404. Every
write goes through ``sessions.services.reports``; a refusal is shown, never a server error.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.enums import Language
from events.models import Event
from forum.errors import ServiceError
from forum.markdown import markdown_to_html
from sessions.decorators import programme_manager_required
from sessions.enums import REPORT_SECTIONS, ReportState
from sessions.forms.report_manage import (
    DeadlineForm,
    ReportFilterForm,
    ReturnForm,
    state_choices,
)
from sessions.forms.reports import report_forms, report_languages
from sessions.models.reports import report_section_label
from sessions.selectors.reports import (
    report_counts,
    report_rows_for_organisers,
    report_session_for_organiser,
    report_settings_get,
)
from sessions.selectors.sessions import tracks_for_event
from sessions.services.reports import (
    report_accept,
    report_publish,
    report_return,
    report_save,
    report_settings_save,
    report_submit,
    report_unpublish,
)

# The states in which the organisers may still edit a report.
EDITABLE = (ReportState.DRAFT, ReportState.SUBMITTED)


@programme_manager_required
@require_http_methods(["GET", "POST"])
def report_list(request, event: Event):
    """The reports list with its filters and counts, and the deadline form (POST)."""
    settings = report_settings_get(event=event)
    with timezone.override(event.tzinfo):
        deadline_form = DeadlineForm(
            request.POST if request.method == "POST" else None, settings=settings
        )
        if request.method == "POST" and deadline_form.is_valid():
            try:
                report_settings_save(
                    event=event, deadline=deadline_form.cleaned_data["deadline"], user=request.user
                )
            except ServiceError as exc:
                deadline_form.add_service_error(exc)
            else:
                messages.success(request, _("The deadline for reports has been saved."))
                return redirect("programme_manage:reports", event_slug=event.slug)
        tracks = list(tracks_for_event(event=event))
        filters = ReportFilterForm(request.GET or None, event=event, tracks=tracks)
        track = state = None
        if filters.is_bound and filters.is_valid():
            track = filters.cleaned_data["track"]
            state = filters.cleaned_data["state"] or None
        rows = (
            []
            if filters.is_bound and not filters.is_valid()
            else report_rows_for_organisers(event=event, track=track, state=state)
        )
        counted = report_counts(event=event, track=track)
        counts = [(value, label, counted[value]) for value, label in state_choices() if value]
        return render(
            request,
            "sessions/manage/reports_list.html",
            {
                "event": event,
                "settings": settings,
                "deadline_form": deadline_form,
                "filters": filters,
                "rows": rows,
                "counts": counts,
            },
        )


def _page_url(event: Event, code: str) -> str:
    return reverse("programme_manage:report", kwargs={"event_slug": event.slug, "code": code})


def _act(request, event: Event, session, action: str):
    """Run one of the page's buttons on the session's report; a message says what happened."""
    report = session.report_or_none
    done = {
        "submit": _("The report has been submitted on the rapporteurs' behalf."),
        "accept": _("The report has been accepted."),
        "return": _("The report has been returned to its rapporteurs."),
        "publish": _("The report is now shown on the session's public page."),
        "unpublish": _("The report is no longer shown on the session's public page."),
    }
    if action not in done:
        messages.error(request, _("Unknown action."))
        return None
    if report is None:
        messages.error(request, _("This session has no report yet."))
        return None
    if action == "return":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return form
        report_return(report=report, user=request.user, note=form.cleaned_data["note"])
    elif action == "submit":
        report_submit(report=report, user=request.user)
    elif action == "accept":
        report_accept(report=report, user=request.user)
    elif action == "publish":
        report_publish(report=report, user=request.user)
    else:
        report_unpublish(report=report, user=request.user)
    messages.success(request, done[action])
    return None


def _texts(report, messages_, languages: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The report's rows side by side: each key message, then each section (rendered), with
    its text in each of ``languages`` ("" where it has none)."""
    rows = [
        (
            _("Key message %(number)d") % {"number": index + 1},
            [(code, getattr(message, f"text_{code}", "") or "") for code in languages],
        )
        for index, message in enumerate(messages_)
    ]
    for section in REPORT_SECTIONS:
        cells = []
        for code in languages:
            text = getattr(report, f"{section}_{code}", "") or ""
            cells.append((code, markdown_to_html(text) if text.strip() else ""))
        rows.append((report_section_label(section), cells))
    return rows


@programme_manager_required
@require_http_methods(["GET", "POST"])
def report_detail(request, event: Event, code: str):
    """One session's report: its texts, the editing form, the buttons that move it."""
    session = report_session_for_organiser(event=event, code=code)
    report = session.report_or_none
    editable = report is None or report.state in EDITABLE
    action = request.POST.get("action", "") if request.method == "POST" else ""
    messages_list = list(report.messages.all()) if report else []
    sections_form, formset = report_forms(
        request.POST if action == "save" else None,
        event=event,
        report=report,
        messages=messages_list,
    )
    return_form = ReturnForm()
    if action == "save":
        if not editable:
            messages.error(request, _("An accepted report can no longer be edited."))
            return redirect(_page_url(event, code))
        if sections_form.is_valid() and formset.is_valid():
            try:
                report_save(
                    session=session,
                    messages=formset.messages(),
                    user=request.user,
                    **sections_form.sections(),
                )
            except ServiceError as exc:
                sections_form.refusal_show(exc)
            else:
                messages.success(request, _("The report has been saved."))
                return redirect(_page_url(event, code))
    elif action:
        try:
            invalid = _act(request, event, session, action)
        except ServiceError as exc:
            messages.error(request, exc.message)
            invalid = None
        if invalid is None:
            return redirect(_page_url(event, code))
        return_form = invalid
    languages = report_languages(event, report, messages_list)
    with timezone.override(event.tzinfo):
        return render(
            request,
            "sessions/manage/report_detail.html",
            {
                "event": event,
                "session": session,
                "report": report,
                "rapporteurs": [role.speaker for role in session.rapporteur_roles],
                "editable": editable,
                "sections_form": sections_form,
                "formset": formset,
                "return_form": return_form,
                "language_labels": [(code, Language(code).label) for code in languages],
                "texts": _texts(report, messages_list, languages) if report else [],
            },
        )
