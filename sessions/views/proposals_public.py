"""Public pages of the call for side events: the call, starting a proposal, the proposal's
own page behind its secret link (no account), and asking for a new link.

The proposal page is never indexed and never logs the token or the proposer's details; an
unknown or forged token is a 404 that says nothing of the event's proposals.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from events.models import Event
from events.selectors.events import event_get_for_viewer
from forum.errors import ServiceError
from forum.ratelimit import ratelimit
from sessions.enums import PROPOSAL_FORMATS, SCORE_MAX, ProposalState
from sessions.forms.proposals import (
    ProposalForm,
    ProposalLinkForm,
    ProposalStartForm,
    speaker_formset,
    speaker_inputs,
)
from sessions.models import Proposal
from sessions.selectors.proposals import (
    call_get,
    call_is_published,
    call_page,
    call_status,
    proposal_page,
)
from sessions.services.proposals import (
    EDITABLE_STATES,
    proposal_link_open,
    proposal_send_new_links,
    proposal_start,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)

logger = logging.getLogger(__name__)

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "contact_position")


def call_detail(request, event_slug: str):
    event = event_get_for_viewer(slug=event_slug, user=request.user)
    page = call_page(event=event, lang=translation.get_language())
    if page is None:
        raise Http404
    form = ProposalStartForm() if page.status == "open" else None
    return render(
        request,
        "sessions/call_detail.html",
        {
            "event": event,
            "page": page,
            "call": page.call,
            "form": form,
            "formats": [(kind.value, kind.label) for kind in PROPOSAL_FORMATS],
            "call_languages": page.call.languages or event.languages,
            "score_max": SCORE_MAX,
        },
    )


@sensitive_post_parameters(*CONTACT_FIELDS)
@ratelimit("proposal-start", rate=lambda: settings.FORUM_PROPOSAL_RATE)
def proposal_start_view(request, event_slug: str):
    event = event_get_for_viewer(slug=event_slug, user=request.user)
    call = call_get(event=event)
    if call is None or not call.published:
        raise Http404
    status = call_status(call)
    form = ProposalStartForm(request.POST or None)
    if request.method == "POST" and status == "open" and form.is_valid():
        try:
            _proposal, token = proposal_start(call=call, details=form.details())
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _(
                    "Your draft proposal is saved. We have emailed its personal link to the "
                    "contact person: use it to come back until the call closes."
                ),
            )
            return redirect("programme:proposal_edit", event_slug=event.slug, token=token)
    return render(
        request,
        "sessions/proposal_start.html",
        {"event": event, "call": call, "form": form, "status": status},
    )


@ratelimit("proposal-new-link", rate=lambda: settings.FORUM_NEW_LINK_ADDRESS_RATE)
def proposal_link_request(request, event_slug: str):
    """Ask for a new secret link by the contact's email; the same answer whatever it is."""
    event = event_get_for_viewer(slug=event_slug, user=request.user)
    call = call_get(event=event)
    if call is None or not call.published:
        raise Http404
    form = ProposalLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal_send_new_links(event=event, email=form.cleaned_data["email"])
        messages.info(
            request,
            _(
                "If a proposal under that address exists, a new link is on its way. "
                "Your current link keeps working until you use the new one."
            ),
        )
        return redirect("programme:proposal_link", event_slug=event.slug)
    return render(request, "sessions/proposal_link_request.html", {"event": event, "form": form})


ACTIONS = ("save", "submit", "withdraw")


def _edit_post(request, page, form, formset):
    """Save the posted proposal (and submit it when asked); True when it was written."""
    proposal = page.proposal
    action = request.POST.get("action")
    if action == "withdraw":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that you withdraw the proposal."))
            return False
        try:
            proposal_withdraw(proposal=proposal)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return False
        messages.success(request, _("Your proposal has been withdrawn."))
        return True
    if not (form.is_valid() and formset.is_valid()):
        return False
    try:
        proposal = proposal_update(
            proposal=proposal,
            details=form.details(),
            speakers=speaker_inputs(formset),
            answers=form.answers,
        )
    except ServiceError as exc:
        form.add_service_error(exc)
        return False
    if action == "submit":
        try:
            proposal_submit(proposal=proposal)
        except ServiceError as exc:
            # The details are saved; the submission waits for what is missing.
            messages.warning(request, _("Your changes are saved, but not submitted."))
            form.add_service_error(exc)
            return False
        messages.success(request, _("Thank you: your proposal has been submitted."))
    else:
        messages.success(request, _("Your proposal has been saved."))
    return True


@never_cache
@sensitive_post_parameters(*CONTACT_FIELDS)
def proposal_edit(request, event_slug: str, token: str):
    event = get_object_or_404(Event, slug=event_slug)
    try:
        proposal = proposal_link_open(event=event, token=token)
    except Proposal.DoesNotExist:
        public = event.is_public
        context = {
            "event": event if public else None,
            "call_published": public and call_is_published(event=event),
        }
        return render(request, "sessions/proposal_link_invalid.html", context, status=404)
    page = proposal_page(proposal=proposal)
    status = call_status(page.call)
    editable = proposal.state in EDITABLE_STATES and status == "open"
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if data is not None else None
    if data is not None and action not in ACTIONS:
        messages.error(request, _("Please choose one of the buttons on this page."))
        return redirect(request.path)
    posted = data if action in ("save", "submit") else None
    form = ProposalForm(
        posted,
        call=page.call,
        proposal=proposal,
        tracks=page.tracks,
        questions=page.questions,
        answers=page.answers,
        co_organisers=page.co_organisers,
    )
    formset = speaker_formset(posted, speakers=page.speakers)
    if data is not None:
        if _edit_post(request, page, form, formset):
            return redirect(request.path)
        refreshed = Proposal.objects.filter(pk=proposal.pk).values_list("state", flat=True)
        proposal.state = refreshed.first() or proposal.state
        editable = proposal.state in EDITABLE_STATES and status == "open"
    if not editable:
        for field in form.fields.values():
            field.disabled = True
        for speaker_form in formset:
            for field in speaker_form.fields.values():
                field.disabled = True
    return render(
        request,
        "sessions/proposal_edit.html",
        {
            "event": event,
            "call": page.call,
            "page": page,
            "proposal": proposal,
            "form": form,
            "formset": formset,
            "status": status,
            "editable": editable,
            "may_withdraw": proposal.state != ProposalState.WITHDRAWN,
            "ProposalState": ProposalState,
        },
    )
