from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from events.enums import RegistrationState, RegistrationWindowStatus
from events.forms import (
    CancelForm,
    DelegationMemberForm,
    RegistrationEditForm,
    RegistrationForm,
    ResendLinkForm,
)
from events.models import SENSITIVE_FIELDS
from events.selectors.events import event_get_for_viewer, event_list_for_organiser
from events.selectors.registrations import delegation_headed_by
from events.services.registrations import (
    RegistrationError,
    delegation_add_member,
    invitation_check,
    registration_cancel,
    registration_create,
    registration_get_by_token,
    registration_send_new_links,
    registration_update,
    waitlist_position,
)
from forum.ratelimit import ratelimit


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


@login_required
def manage_dashboard(request):
    """The organiser's start page: the events they organise and where to work on each."""
    events = list(event_list_for_organiser(user=request.user))
    if not events and not request.user.is_superuser:
        raise PermissionDenied
    return render(request, "manage/dashboard.html", {"events": events})


# --- Public registration and self-service ----------------------------------------------------


# Which form field a service refusal belongs to (None: the whole form).
ERROR_FIELDS = {
    "invitation_invalid": "invitation_code",
    "invitation_expired": "invitation_code",
    "invitation_used": "invitation_code",
    "invitation_category": "invitation_code",
    "invitation_required": "invitation_code",
    "full": "category",
    "category": "category",
}


@sensitive_post_parameters(*SENSITIVE_FIELDS)
@ratelimit("register", rate=lambda: settings.FORUM_REGISTRATION_RATE)
def register(request, slug: str):
    event = event_get_for_viewer(slug=slug, user=request.user)
    code = (request.POST.get("invitation_code") or request.GET.get("code") or "").strip()[:64]
    invitation = None
    if code:
        try:
            invitation = invitation_check(event=event, code=code)
        except RegistrationError:
            invitation = None
    window = event.registration_status
    form = RegistrationForm(
        request.POST or None,
        event=event,
        invitation=invitation,
        initial={"invitation_code": code, "language": get_language()[:2]},
    )
    if request.method == "POST" and window == RegistrationWindowStatus.OPEN and form.is_valid():
        try:
            _registration, token = registration_create(
                event=event,
                category_id=form.cleaned_data["category"].pk,
                person=form.person(),
                invitation_code=form.cleaned_data["invitation_code"],
                head_of_delegation=form.cleaned_data["head_of_delegation"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except RegistrationError as exc:
            form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
        else:
            if token is None:  # this form was posted before: registered once, link emailed
                messages.success(
                    request,
                    _(
                        "Thank you: your registration has been received. We have emailed you "
                        "the link to your registration."
                    ),
                )
                return redirect("events:detail", slug=event.slug)
            messages.success(request, _("Thank you: your registration has been received."))
            return redirect("registration_manage", token=token)
    return render(
        request,
        "events/register.html",
        {
            "event": event,
            "form": form,
            "window": window,
            "RegistrationWindowStatus": RegistrationWindowStatus,
        },
    )


@ratelimit("new-link", rate=lambda: settings.FORUM_NEW_LINK_ADDRESS_RATE)
def registration_resend_link(request, slug: str):
    event = event_get_for_viewer(slug=slug, user=request.user)
    form = ResendLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration_send_new_links(event=event, email=form.cleaned_data["email"])
        messages.info(
            request,
            _(
                "If a registration under that address exists, a new link is on its way. "
                "Your current link keeps working until you use the new one."
            ),
        )
        return redirect("registration_resend_link", slug=event.slug)
    return render(request, "events/resend_link.html", {"event": event, "form": form})


def _manage_context(registration, **extra):
    return {
        "registration": registration,
        "event": registration.event,
        "position": waitlist_position(registration=registration),
        "delegation": delegation_headed_by(registration=registration),
        "RegistrationState": RegistrationState,
        **extra,
    }


@never_cache
@sensitive_post_parameters(*SENSITIVE_FIELDS)
def registration_manage(request, token: str):
    """The registrant's own page, reached only with the secret link (no account)."""
    registration = registration_get_by_token(token=token)
    if registration is None:
        return render(request, "events/manage_link_invalid.html", status=404)
    action = request.POST.get("action")
    edit_form = RegistrationEditForm(
        request.POST if action == "edit" else None,
        initial={f: getattr(registration, f) for f in RegistrationEditForm.EDITABLE},
    )
    cancel_form = CancelForm(request.POST if action == "cancel" else None)
    delegation = delegation_headed_by(registration=registration)
    member_form = (
        DelegationMemberForm(request.POST if action == "add_member" else None, head=registration)
        if delegation
        else None
    )
    try:
        if action == "edit" and edit_form.is_valid():
            registration_update(registration=registration, changes=edit_form.changes(registration))
            messages.success(request, _("Your changes have been saved."))
            return redirect("registration_manage", token=token)
        if action == "cancel" and cancel_form.is_valid():
            registration_cancel(
                registration=registration,
                actor_label="registrant",
                reason=cancel_form.cleaned_data["reason"],
            )
            messages.success(request, _("Your registration has been cancelled."))
            return redirect("registration_manage", token=token)
        if action == "add_member" and member_form is not None and member_form.is_valid():
            member, _token = delegation_add_member(
                head=registration,
                category_id=member_form.cleaned_data["category"].pk,
                person=member_form.person(),
            )
            messages.success(
                request,
                _("%(name)s is registered; they will receive their own link by email.")
                % {"name": member.full_name},
            )
            return redirect("registration_manage", token=token)
    except RegistrationError as exc:
        messages.error(request, exc.message)
        return redirect("registration_manage", token=token)
    members = (
        list(
            delegation.members.exclude(pk=registration.pk)
            .select_related("category")
            .order_by("family_name")
        )
        if delegation
        else []
    )
    return render(
        request,
        "events/registration_manage.html",
        _manage_context(
            registration,
            edit_form=edit_form,
            cancel_form=cancel_form,
            member_form=member_form,
            members=members,
        ),
    )
