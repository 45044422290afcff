"""Pledges: the signatory's pages through their endorsement's link, and the organisers'
review under /manage/<event>/statements/<statement>/pledges/.

The link adds and changes pledges only while the endorsement is published and the statement
public (``pledge_may_add``); a pledge code is found only among the link's own endorsement's
pledges. Every write goes through outcomes.services.pledges.
"""

import csv
import re

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.decorators import event_permission_required
from events.models import Event
from forum.content import pick_for_page, texts_of
from forum.spreadsheets import csv_safe
from outcomes.enums import PledgeState, RevisionState
from outcomes.forms.pledges import PledgeFilterForm, PledgeForm, RejectForm
from outcomes.models import Endorsement, Statement
from outcomes.selectors.pledge_moderation import (
    pledge_counts_for_organisers,
    pledge_row_for_organisers,
    pledge_row_for_signatory,
    pledge_rows_for_organisers,
)
from outcomes.services.endorsements import endorsement_get_by_token
from outcomes.services.pledges import (
    PledgeError,
    pledge_create,
    pledge_may_add,
    pledge_update,
    pledge_withdraw,
    revision_approve,
    revision_reject,
)
from sessions.models import Track

outcomes_manager_required = event_permission_required(
    "outcomes.manage_outcomes", slug_kwarg="event_slug"
)


def _form_error(form, exc: PledgeError) -> None:
    """A service's refusal shown on the field it names, else above the form."""
    field = getattr(exc, "field", "")
    form.add_error(field if field in form.fields else None, exc.message)


def _tracks(event: Event) -> list[Track]:
    return list(Track.objects.filter(event=event).order_by("order", "pk"))


# --- The signatory, through the endorsement's link ------------------------------------------


def _endorsement(token: str) -> Endorsement:
    endorsement = endorsement_get_by_token(token=token)
    if endorsement is None:
        raise Http404
    return endorsement


def _link_url(token: str) -> str:
    return reverse("outcomes:endorsement_link", kwargs={"token": token}) + "#pledges"


def _refused(request, endorsement: Endorsement, token: str):
    """What the link answers once it may no longer add or change pledges; nothing is written."""
    return render(
        request,
        "outcomes/pledge_refused.html",
        {
            "endorsement": endorsement,
            "statement": endorsement.statement,
            "event": endorsement.statement.event,
            "token": token,
        },
        status=403,
    )


@never_cache
def pledge_new(request, token: str):
    """The signatory adds a local action; it is public once the organisers approve it."""
    endorsement = endorsement_get_by_token(token=token)
    if endorsement is None:
        return render(request, "outcomes/endorsement_link_invalid.html", status=404)
    if not pledge_may_add(endorsement=endorsement):
        return _refused(request, endorsement, token)
    event = endorsement.statement.event
    form = PledgeForm(request.POST or None, event=event, tracks=_tracks(event))
    if request.method == "POST" and form.is_valid():
        try:
            pledge_create(endorsement=endorsement, data=form.pledge_input())
        except PledgeError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("Thank you: the organisers will review the action before it is public.")
            )
            return redirect(_link_url(token))
    return render(
        request,
        "outcomes/pledge_form.html",
        {
            "endorsement": endorsement,
            "statement": endorsement.statement,
            "event": event,
            "form": form,
            "token": token,
            "row": None,
        },
    )


@never_cache
def pledge_edit(request, token: str, code: str):
    """One of the signatory's actions: its texts so far; a new text (starting from the latest
    sent); withdraw it."""
    endorsement = endorsement_get_by_token(token=token)
    if endorsement is None:
        return render(request, "outcomes/endorsement_link_invalid.html", status=404)
    row = pledge_row_for_signatory(endorsement=endorsement, code=code)
    if row is None:
        raise Http404
    event = endorsement.statement.event
    may_change = (
        pledge_may_add(endorsement=endorsement) and row.pledge.state != PledgeState.WITHDRAWN
    )
    if request.method == "POST" and not may_change:
        return _refused(request, endorsement, token)
    form = PledgeForm(
        request.POST if request.POST.get("action") == "update" else None,
        event=event,
        tracks=_tracks(event),
        revision=row.latest,
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw":
                pledge_withdraw(pledge=row.pledge)
                messages.success(request, _("The action has been withdrawn."))
                return redirect(_link_url(token))
            if request.POST.get("action") == "update" and form.is_valid():
                pledge_update(pledge=row.pledge, data=form.pledge_input())
                messages.success(
                    request,
                    _("Thank you: the organisers will review the new text before it is public."),
                )
                return redirect(_link_url(token))
        except PledgeError as exc:
            _form_error(form, exc)
    return render(
        request,
        "outcomes/pledge_form.html",
        {
            "endorsement": endorsement,
            "statement": endorsement.statement,
            "event": event,
            "form": form if may_change else None,
            "token": token,
            "row": row,
        },
    )


# --- Organisers ------------------------------------------------------------------------------


def _statement(event: Event, slug: str) -> Statement:
    statement = get_object_or_404(Statement, event=event, slug=slug)
    statement.event = event
    return statement


@outcomes_manager_required
def pledges(request, event: Event, slug: str):
    """Every pledge of the statement, those awaiting review first, with counts by state."""
    statement = _statement(event, slug)
    filters = PledgeFilterForm(request.GET or None)
    state = filters.state_value()
    return render(
        request,
        "outcomes/manage/pledges.html",
        {
            "event": event,
            "statement": statement,
            "filters": filters,
            "state": state,
            "rows": pledge_rows_for_organisers(statement=statement, state=state),
            "counts": pledge_counts_for_organisers(statement=statement),
            "PledgeState": PledgeState,
            "current": "pledges",
        },
    )


def _posted_id(request, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


@outcomes_manager_required
def pledge(request, event: Event, slug: str, code: str):
    """One pledge: the text awaiting review beside the published one, approve or reject it,
    and every text sent so far."""
    statement = _statement(event, slug)
    row = pledge_row_for_organisers(statement=statement, code=code)
    if row is None:
        raise Http404
    reject_form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    if request.method == "POST":
        revision_id = _posted_id(request, "revision")
        revision = next((r for r in row.revisions if r.pk == revision_id), None)
        if revision is None:
            raise Http404
        try:
            if request.POST.get("action") == "approve":
                revision_approve(revision=revision, user=request.user)
                messages.success(request, _("The text is approved and public."))
                return redirect(
                    "outcomes_manage:pledge", event_slug=event.slug, slug=slug, code=code
                )
            if request.POST.get("action") == "reject" and reject_form.is_valid():
                revision_reject(
                    revision=revision, user=request.user, reason=reject_form.cleaned_data["reason"]
                )
                messages.success(request, _("The text is rejected; the signatory is told why."))
                return redirect(
                    "outcomes_manage:pledge", event_slug=event.slug, slug=slug, code=code
                )
        except PledgeError as exc:
            messages.error(request, exc.message)
            return redirect("outcomes_manage:pledge", event_slug=event.slug, slug=slug, code=code)
    return render(
        request,
        "outcomes/manage/pledge.html",
        {
            "event": event,
            "statement": statement,
            "row": row,
            "reject_form": reject_form,
            "RevisionState": RevisionState,
            "current": "pledges",
        },
    )


def _titles(revision, languages) -> list[str]:
    texts = texts_of(revision, "title") if revision is not None else {}
    return [texts.get(code, "") for code in languages]


@outcomes_manager_required
def pledges_csv(request, event: Event, slug: str):
    """Every pledge with its latest and its published text, without the signatory's contact."""
    statement = _statement(event, slug)
    languages = list(event.languages)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-{statement.slug}-pledges.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Code"),
            _("Organisation"),
            _("Country"),
            _("State"),
            _("Endorsement"),
            _("Latest text"),
            _("Latest text state"),
            _("Sent"),
            *(_("Latest title (%(language)s)") % {"language": code} for code in languages),
            _("Published text"),
            *(_("Published title (%(language)s)") % {"language": code} for code in languages),
            _("Status"),
            _("Theme"),
            _("Target date"),
            _("Link"),
            _("Figure"),
            _("What the figure counts"),
            _("Public since"),
            _("Withdrawn"),
        ]
    )
    for row in pledge_rows_for_organisers(statement=statement):
        latest, published = row.latest, row.published
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    row.pledge.code,
                    row.pledge.organisation.name,
                    row.pledge.organisation.country,
                    row.pledge.get_state_display(),
                    row.pledge.endorsement.get_state_display(),
                    latest.number if latest else "",
                    latest.get_state_display() if latest else "",
                    latest.submitted_at.isoformat() if latest else "",
                    *_titles(latest, languages),
                    published.number if published else "",
                    *_titles(published, languages),
                    published.get_status_display() if published else "",
                    pick_for_page(published.track, "name", languages)
                    if published and published.track
                    else "",
                    published.target_date.isoformat()
                    if published and published.target_date
                    else "",
                    published.link if published else "",
                    published.figure if published and published.figure is not None else "",
                    pick_for_page(published, "figure_label", languages) if published else "",
                    row.pledge.published_at.isoformat() if row.pledge.published_at else "",
                    row.pledge.withdrawn_at.isoformat() if row.pledge.withdrawn_at else "",
                )
            ]
        )
    return response
