"""The organisers' proposal pages under /<lang>/manage/<event_slug>/proposals/: the overview
(state counts, filters, scores, bulk decision) and one proposal's page (everything it says,
its reviews per criterion, decision log, decision, duplicate and organisation forms).

Only the event's organisers holding the programme flag get in (reviewers alone do not);
anyone else gets a 404. Every write goes through ``sessions.services.decisions``.
"""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from events.models import Event
from forum.errors import ServiceError
from forum.spreadsheets import csv_safe
from sessions.decorators import proposals_manager_required
from sessions.enums import ProposalState
from sessions.forms.decisions import (
    BulkDecisionForm,
    DecisionForm,
    DuplicateForm,
    OrganisationResolveForm,
    ProposalFilter,
)
from sessions.selectors.decisions import (
    proposal_choices_for_duplicate,
    proposal_overview,
    proposal_page,
    proposal_state_counts,
)
from sessions.selectors.sessions import tracks_for_event
from sessions.services.decisions import (
    proposal_mark_duplicate,
    proposal_organisation_resolve,
    proposals_decide,
)


def _detail_url(event: Event, code: str) -> str:
    return reverse(
        "programme_manage:proposal_detail", kwargs={"event_slug": event.slug, "code": code}
    )


def _decided_message(request, decision: str, changed: list, asked: int) -> None:
    labels = {
        ProposalState.ACCEPTED: ngettext(
            "%(count)d proposal accepted: its draft session is in the workspace.",
            "%(count)d proposals accepted: their draft sessions are in the workspace.",
            len(changed),
        ),
        ProposalState.WAITLISTED: ngettext(
            "%(count)d proposal put on the waiting list.",
            "%(count)d proposals put on the waiting list.",
            len(changed),
        ),
        ProposalState.REJECTED: ngettext(
            "%(count)d proposal rejected.", "%(count)d proposals rejected.", len(changed)
        ),
    }
    messages.success(request, labels[decision] % {"count": len(changed)})
    if asked > len(changed):
        messages.info(
            request,
            ngettext(
                "%(count)d proposal already had this decision and was left as it was.",
                "%(count)d proposals already had this decision and were left as they were.",
                asked - len(changed),
            )
            % {"count": asked - len(changed)},
        )


def _filtered(request, event: Event):
    """The filter form and the overview's rows it leaves (none when its input is invalid)."""
    filterset = ProposalFilter(
        request.GET or None,
        queryset=proposal_overview(event=event),
        tracks=list(tracks_for_event(event=event)),
    )
    if filterset.is_bound and not filterset.is_valid():
        return filterset, filterset.queryset.none()
    return filterset, filterset.qs


@proposals_manager_required
def proposal_list(request, event: Event):
    if request.method == "POST":
        form = BulkDecisionForm(request.POST, event=event)
        if form.is_valid():
            proposals = list(form.cleaned_data["proposals"])
            decision = form.cleaned_data["decision"]
            try:
                changed = proposals_decide(
                    event=event,
                    proposals=proposals,
                    decision=decision,
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except ServiceError as exc:
                messages.error(request, exc.message)
            else:
                _decided_message(request, decision, changed, len(proposals))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        # Back to the same page with the same filters (the path is our own).
        return redirect(request.get_full_path())

    filterset, queryset = _filtered(request, event)
    return render(
        request,
        "sessions/manage/proposals_list.html",
        {
            "event": event,
            "filter": filterset,
            "proposals": list(queryset),
            "counts": proposal_state_counts(event=event),
            "decide_form": DecisionForm(),
        },
    )


def _score(value) -> str:
    return "" if value is None else f"{value:.2f}"


@proposals_manager_required
@require_safe
def proposal_export(request, event: Event):
    """The overview's rows, as filtered, as a CSV file (cells safe from formulas)."""
    _filterset, queryset = _filtered(request, event)
    columns = [
        (_("Reference"), lambda p: p.code),
        (_("Title"), lambda p: p.display_title),
        (_("Organisation"), lambda p: p.organisation_name),
        (_("New, to review"), lambda p: _("yes") if p.organisation_pending else ""),
        (_("Format"), lambda p: p.get_format_display()),
        (_("Track"), lambda p: p.track.name if p.track else ""),
        (_("State"), lambda p: p.get_state_display()),
        (_("Mean score"), lambda p: _score(p.score_mean)),
        (_("Spread"), lambda p: _score(p.score_spread)),
        (_("Reviews"), lambda p: p.review_count),
        (_("Duplicate of"), lambda p: p.duplicate_of.code if p.duplicate_of else ""),
        (_("Session"), lambda p: p.session.code if p.session else ""),
    ]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # so that spreadsheets read UTF-8
    writer = csv.writer(response)
    writer.writerow([csv_safe(header) for header, _getter in columns])
    for proposal in queryset:
        writer.writerow([csv_safe(getter(proposal)) for _header, getter in columns])
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-proposals-{stamp}.csv"'
    return response


def _post(request, event: Event, page) -> bool:
    """Apply the form the proposal page posted; False when it must be shown again."""
    proposal = page.proposal
    action = request.POST.get("action")
    if action == "decide":
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return False
        decision = form.cleaned_data["decision"]
        changed = proposals_decide(
            event=event,
            proposals=[proposal],
            decision=decision,
            note=form.cleaned_data["note"],
            user=request.user,
        )
        _decided_message(request, decision, changed, 1)
    elif action == "duplicate":
        form = DuplicateForm(
            request.POST, choices=proposal_choices_for_duplicate(event=event, proposal=proposal)
        )
        if not form.is_valid():
            return False
        proposal_mark_duplicate(
            proposal=proposal, of=form.cleaned_data["duplicate_of"], user=request.user
        )
        messages.success(request, _("The duplicate has been saved."))
    elif action == "organisation":
        form = OrganisationResolveForm(request.POST)
        if not form.is_valid():
            return False
        proposal_organisation_resolve(
            proposal=proposal, organisation=form.cleaned_data["organisation"], user=request.user
        )
        messages.success(request, _("The proposing organisation has been saved."))
    else:
        return False
    return True


@proposals_manager_required
def proposal_detail(request, event: Event, code: str):
    page = proposal_page(event=event, code=code)
    if request.method == "POST":
        try:
            done = _post(request, event, page)
        except ServiceError as exc:
            messages.error(request, exc.message)
            done = True
        if not done:
            messages.error(request, _("Check the form: nothing was changed."))
        return redirect(_detail_url(event, code))
    proposal = page.proposal
    return render(
        request,
        "sessions/manage/proposal_detail.html",
        {
            "event": event,
            "page": page,
            "proposal": proposal,
            "decide_form": DecisionForm(),
            "duplicate_form": DuplicateForm(
                initial={"duplicate_of": proposal.duplicate_of_id},
                choices=proposal_choices_for_duplicate(event=event, proposal=proposal),
            ),
            "organisation_form": OrganisationResolveForm(
                initial={"organisation": proposal.organisation_id}
            ),
        },
    )
