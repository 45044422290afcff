"""Focal points: their own page, reached with their secret link (``/<lang>/fp/<token>/``), and
the organisers' pages of the organisations taking part in an event
(``/<lang>/manage/<event>/registrations/organisations/``).

The focal point's page shows and acts on their organisation's registrations at their event
only: any other reference is a 404, like an unknown one. Like the registrant's manage link, the
page is never cached and sends its address to no other site, so the secret stays out of caches and other sites'
logs. Every write is one service call.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from events.models import Event
from forum.errors import ServiceError
from forum.ratelimit import hit
from forum.uploads import UploadRefused, allowed_types_text
from registrations.enums import ACTIVE_STATES, RegistrationState
from registrations.forms.focal_points import (
    FocalPointDesignateForm,
    FocalPointRegistrationForm,
    LetterForm,
    QuotaForm,
    WithdrawForm,
)
from registrations.models import SENSITIVE_FIELDS
from registrations.selectors.nominations import (
    focal_point_get_for_organiser,
    focal_point_quotas,
    organisation_choices,
    organisation_detail,
    organisation_get,
    organisation_letters,
    organisation_overview,
    organisation_registration_get,
    organisation_registrations,
)
from registrations.services.credentials import letter_upload
from registrations.services.focal_points import (
    FOCAL_POINT_LABEL,
    focal_point_designate,
    focal_point_get_by_token,
    focal_point_new_link,
    focal_point_revoke,
    nomination_register,
    nomination_withdraw,
    quotas_set,
)
from registrations.services.questions import AnswersRefused
from registrations.services.registrations import RegistrationError
from registrations.views.organisers import registration_manager_required

# --- the focal point's page ----------------------------------------------------------------------


def _register(request, focal_point, form) -> bool:
    try:
        registration, _token = nomination_register(
            focal_point=focal_point,
            category_id=form.cleaned_data["category"].pk,
            person=form.person(),
            submission_key=form.cleaned_data.get("submission_key") or "",
            answers=form.answers,
            participation=form.participation(),
        )
    except AnswersRefused as exc:
        form.add_answers_error(exc)
        return False
    except RegistrationError as exc:
        form.add_service_error(exc)
        return False
    if registration.state == RegistrationState.WAITLISTED:
        messages.success(
            request,
            _("%(name)s is on the waiting list; they will receive their own link by email.")
            % {"name": registration.full_name},
        )
    else:
        messages.success(
            request,
            _("%(name)s is registered; they will receive their own link by email.")
            % {"name": registration.full_name},
        )
    return True


def _withdraw(request, focal_point, form) -> None:
    registration = organisation_registration_get(
        focal_point=focal_point, reference=form.cleaned_data["reference"]
    )
    try:
        nomination_withdraw(
            focal_point=focal_point, registration=registration, reason=form.cleaned_data["reason"]
        )
    except RegistrationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The registration of %(name)s is withdrawn.") % {"name": registration.full_name},
        )


def _upload(request, focal_point, form) -> bool:
    # Letters are files kept for months: a focal point sends at most as many as they may
    # register people (``FORUM_NOMINATION_RATE``).
    if not hit(f"letter-upload:fp:{focal_point.pk}", rate=settings.FORUM_NOMINATION_RATE).allowed:
        form.add_error(None, _("Too many letters were sent in a short time: try again later."))
        return False
    try:
        letter_upload(
            event=focal_point.event,
            registrations=form.chosen(),
            uploaded=form.cleaned_data["file"],
            actor_label=FOCAL_POINT_LABEL,
            focal_point=focal_point,
        )
    except (UploadRefused, RegistrationError) as exc:
        form.add_service_error(exc)
        return False
    messages.success(request, _("Your letter has been sent to the organisers."))
    return True


# Never cached. The page's address goes to no other site (the site-wide
# SECURE_REFERRER_POLICY "same-origin"); "no-referrer" would make browsers send
# ``Origin: null`` with the page's own forms, which the CSRF check refuses.
@never_cache
@sensitive_post_parameters(*SENSITIVE_FIELDS)
def focal_point_page(request, token: str):
    """The focal point's page, reached only with their secret link (no account)."""
    focal_point = focal_point_get_by_token(token=token)
    if focal_point is None:
        return render(request, "registrations/manage_link_invalid.html", status=404)
    action = request.POST.get("action") if request.method == "POST" else None
    registrations = list(organisation_registrations(focal_point=focal_point))
    active = [r for r in registrations if r.state in ACTIVE_STATES]
    if action in ("withdraw", "letter"):
        # A reference outside the organisation's registrations at this event is a 404,
        # whatever the rest of the form says.
        mine = {r.reference for r in registrations}
        posted = request.POST.getlist("registrations" if action == "letter" else "reference")
        if any(reference not in mine for reference in posted):
            raise Http404
    register_form = FocalPointRegistrationForm(
        request.POST if action == "register" else None,
        request.FILES if action == "register" else None,
        focal_point=focal_point,
    )
    letter_form = LetterForm(
        request.POST if action == "letter" else None,
        request.FILES if action == "letter" else None,
        registrations=active,
    )
    withdraw_form = WithdrawForm(request.POST if action == "withdraw" else None)
    if action == "withdraw":
        if withdraw_form.is_valid():
            _withdraw(request, focal_point, withdraw_form)
        return redirect("focal_point_page", token=token)
    done = (
        action == "register"
        and register_form.is_valid()
        and _register(request, focal_point, register_form)
    ) or (
        action == "letter" and letter_form.is_valid() and _upload(request, focal_point, letter_form)
    )
    if done:
        return redirect("focal_point_page", token=token)
    return render(
        request,
        "registrations/focal_point/page.html",
        {
            "focal_point": focal_point,
            "event": focal_point.event,
            "organisation": focal_point.organisation,
            "quotas": focal_point_quotas(focal_point=focal_point),
            "registrations": registrations,
            "withdrawable": {r.pk for r in active},
            "letters": organisation_letters(focal_point=focal_point),
            "register_form": register_form,
            "letter_form": letter_form,
            "allowed_types": allowed_types_text(),
            "token": token,
        },
    )


# --- organisers ----------------------------------------------------------------------------------


@registration_manager_required
def organisation_list(request, event: Event):
    """Every organisation taking part: quota used and left per category, credentials still
    pending, focal points."""
    chosen = request.GET.get("organisation", "")
    if chosen.isdigit():
        return redirect("manage:organisation", slug=event.slug, pk=int(chosen))
    categories, rows = organisation_overview(event=event)
    return render(
        request,
        "registrations/manage/organisations.html",
        {
            "event": event,
            "categories": categories,
            "rows": rows,
            "organisation_choices": organisation_choices(),
        },
    )


def _organiser_action(request, event: Event, organisation, row):
    """Apply the posted action; returns the form to show again when it was refused."""
    action = request.POST.get("action")
    if action == "designate":
        form = FocalPointDesignateForm(request.POST)
        if not form.is_valid():
            return form
        try:
            focal_point, _token = focal_point_designate(
                event=event, organisation=organisation, user=request.user, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_service_error(exc)
            return form
        messages.success(
            request,
            _("%(name)s is a focal point of %(organisation)s; their link is on its way.")
            % {"name": focal_point.name, "organisation": organisation.name},
        )
    elif action in ("revoke", "new_link"):
        posted = request.POST.get("focal_point", "")
        focal_point = focal_point_get_for_organiser(
            event=event, organisation=organisation, pk=int(posted) if posted.isdigit() else 0
        )
        try:
            if action == "revoke":
                focal_point_revoke(focal_point=focal_point, user=request.user)
                messages.success(
                    request,
                    _("%(name)s’s link no longer works.") % {"name": focal_point.name},
                )
            else:
                focal_point_new_link(focal_point=focal_point, user=request.user)
                messages.success(
                    request,
                    _("A new link is on its way to %(name)s; the previous one no longer works.")
                    % {"name": focal_point.name},
                )
        except ServiceError as exc:
            messages.error(request, exc.message)
    elif action == "quotas":
        form = QuotaForm(request.POST, cells=row.cells)
        if not form.is_valid():
            return form
        try:
            promoted = quotas_set(
                organisation=organisation, limits=form.limits(), user=request.user
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
            return form
        messages.success(request, _("Quotas saved."))
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
    return None


@registration_manager_required
def organisation_page(request, event: Event, pk: int):
    """One organisation at the event: its focal points and its own quotas."""
    organisation = organisation_get(pk=pk)
    row = organisation_detail(event=event, organisation=organisation)
    refused = None
    if request.method == "POST":
        refused = _organiser_action(request, event, organisation, row)
        if refused is None:
            return redirect("manage:organisation", slug=event.slug, pk=organisation.pk)
    designate_form = (
        refused if isinstance(refused, FocalPointDesignateForm) else FocalPointDesignateForm()
    )
    quota_form = refused if isinstance(refused, QuotaForm) else QuotaForm(cells=row.cells)
    return render(
        request,
        "registrations/manage/organisation.html",
        {
            "event": event,
            "organisation": organisation,
            "row": row,
            "designate_form": designate_form,
            "quota_form": quota_form,
        },
    )
