"""Organiser pages setting up one event's registration: categories, invitations, delegations,
under /<lang>/manage/<event>/registrations/….

The same decorator as the registration pages lets in organisers of that event holding
``can_manage_registrations``; anyone else logged in gets a 404. Every write is one service call.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from events.models import Event
from forum.errors import ServiceError
from registrations.forms.setup import CategoryForm, InvitationForm, InvitationUploadForm
from registrations.selectors.setup import (
    category_get_for_organiser,
    category_list_for_organiser,
    delegation_list_for_organiser,
    invitation_get_for_organiser,
    invitation_list_for_organiser,
)
from registrations.services.categories import category_create, category_update
from registrations.services.invitations import (
    BulkInvitationError,
    invitation_create,
    invitation_revoke,
    invitation_send,
    invitations_create_bulk,
)
from registrations.views.organisers import registration_manager_required

# --- Categories ----------------------------------------------------------------------------------


@registration_manager_required
def category_list(request, event: Event):
    form = CategoryForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            category = category_create(
                event=event,
                details=form.details(),
                capacity=form.cleaned_data["capacity"],
                user=request.user,
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request, _("Category “%(name)s” created.") % {"name": category.display_name}
            )
            return redirect("manage:categories", slug=event.slug)
    return render(
        request,
        "registrations/manage/categories.html",
        {
            "event": event,
            "categories": list(category_list_for_organiser(event=event)),
            "form": form,
        },
    )


@registration_manager_required
def category_edit(request, event: Event, pk: int):
    category = category_get_for_organiser(event=event, pk=pk)
    form = CategoryForm(
        request.POST or None,
        initial=CategoryForm.initial_for(category),
        event=event,
        category=category,
    )
    if request.method == "POST" and form.is_valid():
        try:
            category, promoted = category_update(
                category=category,
                details=form.details(),
                capacity=form.cleaned_data["capacity"],
                user=request.user,
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request, _("Category “%(name)s” saved.") % {"name": category.display_name}
            )
            if promoted:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d person was promoted from the waiting list.",
                        "%(count)d people were promoted from the waiting list.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )
            return redirect("manage:categories", slug=event.slug)
    return render(
        request,
        "registrations/manage/category_edit.html",
        {"event": event, "category": category, "form": form},
    )


# --- Invitations ---------------------------------------------------------------------------------


def _invitation_action(request, event: Event) -> None:
    """Send or revoke one invitation of the event, named by its id in the POST."""
    action = request.POST.get("action")
    try:
        pk = int(request.POST.get("invitation", ""))
    except ValueError:
        messages.error(request, _("Choose an invitation."))
        return
    invitation = invitation_get_for_organiser(event=event, pk=pk)
    try:
        if action == "send":
            invitation_send(invitation=invitation, user=request.user)
            messages.success(
                request, _("Invitation emailed to %(email)s.") % {"email": invitation.email}
            )
        elif action == "revoke":
            invitation_revoke(invitation=invitation, user=request.user)
            messages.success(request, _("Invitation %(code)s revoked.") % {"code": invitation.code})
    except ServiceError as exc:
        messages.error(request, exc.message)


@registration_manager_required
def invitation_list(request, event: Event):
    # Both forms have a category field: distinct ids keep each label on its own field.
    form = InvitationForm(event=event, auto_id="invite-%s")
    upload = InvitationUploadForm(event=event, auto_id="upload-%s")
    row_errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("send", "revoke"):
            _invitation_action(request, event)
            return redirect("manage:invitations", slug=event.slug)
        if action == "upload":
            upload = InvitationUploadForm(
                request.POST, request.FILES, event=event, auto_id="upload-%s"
            )
            if upload.is_valid():
                try:
                    created = invitations_create_bulk(
                        event=event,
                        category=upload.cleaned_data["category"],
                        rows=upload.cleaned_data["file"],
                        user=request.user,
                        send=upload.cleaned_data["send"],
                    )
                except BulkInvitationError as exc:
                    upload.add_error("file", exc.message)
                    row_errors = exc.rows
                except ServiceError as exc:
                    upload.add_service_error(exc)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d invitation created.",
                            "%(count)d invitations created.",
                            len(created),
                        )
                        % {"count": len(created)},
                    )
                    return redirect("manage:invitations", slug=event.slug)
        else:
            form = InvitationForm(request.POST, event=event, auto_id="invite-%s")
            if form.is_valid():
                data = form.cleaned_data
                try:
                    invitation = invitation_create(
                        event=event,
                        category=data["category"],
                        kind=data["kind"],
                        user=request.user,
                        email=data["email"],
                        name=data["name"],
                        organisation=data["organisation"],
                        grants_head_of_delegation=data["grants_head_of_delegation"],
                        max_uses=data["max_uses"],
                        expires_at=data["expires_at"],
                        send=data["send"],
                    )
                except ServiceError as exc:
                    form.add_service_error(exc)
                else:
                    messages.success(
                        request, _("Invitation %(code)s created.") % {"code": invitation.code}
                    )
                    return redirect("manage:invitations", slug=event.slug)
    return render(
        request,
        "registrations/manage/invitations.html",
        {
            "event": event,
            "invitations": list(invitation_list_for_organiser(event=event)),
            "form": form,
            "upload": upload,
            "row_errors": row_errors,
        },
    )


# --- Delegations ---------------------------------------------------------------------------------


@registration_manager_required
@require_safe
def delegation_list(request, event: Event):
    return render(
        request,
        "registrations/manage/delegations.html",
        {"event": event, "delegations": list(delegation_list_for_organiser(event=event))},
    )
