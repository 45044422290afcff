"""Nomination letters: the organisers' queue under /<lang>/manage/<event>/registrations/credentials/,
a letter's file, an organiser's upload for one registration, and the registrant's upload
through their manage link (/<lang>/r/<token>/credentials/).

Letters are personal data: the organiser pages need both the registrations flag and the
personal-data flag (``registrations.check_credentials``). A registration manager without the
personal-data flag is told so (403) on the queue; a letter's file and the writes are a 404 for
them, as for anyone else. Files are never logged, nor their names.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.decorators import event_permission_required
from events.models import Event
from forum.errors import ServiceError
from forum.ratelimit import hit
from forum.storage import private_download
from registrations.forms.credentials import LetterDecisionForm, LetterFilterForm, LetterUploadForm
from registrations.models import NominationLetter, Registration
from registrations.selectors.credentials import letter_queue, letters_pending_count
from registrations.services.credentials import (
    letter_reject,
    letter_upload,
    letter_verify,
    letters_verify,
    registrant_may_send_letter,
)
from registrations.services.registrations import registration_get_by_token

PAGE_SIZE = 50
# Letters a registrant may send through their link per hour: each is up to the upload limit.
REGISTRANT_UPLOAD_RATE = "5/h"

registration_manager_required = event_permission_required("registrations.change_registration")
credentials_checker_required = event_permission_required("registrations.check_credentials")


# --- the organisers' queue -------------------------------------------------------------------


@registration_manager_required
def credentials_queue(request, event: Event):
    if not request.user.has_perm("registrations.check_credentials", event):
        return render(
            request,
            "registrations/manage/credentials_flag_needed.html",
            {"event": event},
            status=403,
        )
    if request.method == "POST":
        return _decide(request, event)
    filter_form = LetterFilterForm(request.GET or None)
    state = filter_form.state_chosen()
    page = Paginator(letter_queue(event=event, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "registrations/manage/credentials.html",
        {
            "event": event,
            "filter_form": filter_form,
            "state": state,
            "page": page,
            "letters_pending": letters_pending_count(event=event),
        },
    )


def _decide(request, event: Event):
    form = LetterDecisionForm(request.POST, event=event)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(request.get_full_path())
    action = form.cleaned_data["action"]
    if action == "verify_selected":
        done, refused = letters_verify(
            letters=list(form.cleaned_data["letters"]), event=event, user=request.user
        )
        if done:
            messages.success(
                request,
                ngettext("%(count)d letter verified.", "%(count)d letters verified.", len(done))
                % {"count": len(done)},
            )
        for letter, reason in refused:
            messages.warning(
                request,
                _("“%(filename)s” was not verified: %(reason)s")
                % {"filename": letter.filename, "reason": reason},
            )
        return redirect(request.get_full_path())
    letter = get_object_or_404(NominationLetter, pk=form.cleaned_data["letter"], event=event)
    try:
        if action == "verify":
            letter_verify(letter=letter, event=event, user=request.user)
            messages.success(
                request, _("The letter “%(filename)s” is verified.") % {"filename": letter.filename}
            )
        else:
            letter_reject(
                letter=letter, event=event, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _(
                    "The letter “%(filename)s” is rejected: the people it names and its "
                    "sender are told why."
                )
                % {"filename": letter.filename},
            )
    except ServiceError as exc:  # a refusal, or Busy
        messages.error(request, exc.message)
    back = form.cleaned_data["back"]
    if back and Registration.objects.filter(event=event, reference=back).exists():
        return redirect(
            reverse("manage:registration_detail", kwargs={"slug": event.slug, "reference": back})
            + "#credentials"
        )
    return redirect(request.get_full_path())


# --- a letter's file -------------------------------------------------------------------------


@credentials_checker_required
def letter_file(request, event: Event, pk: int):
    """The letter as stored, always downloaded, never cached, never run as a page. Another
    event's letter, or an erased one, is a 404 (looked up before the method is checked)."""
    letter = get_object_or_404(NominationLetter, pk=pk, event=event, erased_at__isnull=True)
    if not letter.file.name:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return private_download(
        letter.file.name,
        filename=letter.filename,
        content_type=letter.content_type,
        size=letter.size,
    )


# --- uploads -----------------------------------------------------------------------------------


@credentials_checker_required
@require_POST
def registration_letter_upload(request, event: Event, reference: str):
    """An organiser received a letter (by email, say) for this registration and files it."""
    registration = get_object_or_404(Registration, event=event, reference=reference)
    form = LetterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form.errors["file"][0])
    else:
        try:
            letter = letter_upload(
                event=event,
                registrations=[registration],
                uploaded=form.cleaned_data["file"],
                actor_label="organiser",
                user=request.user,
            )
        except ServiceError as exc:  # UploadRefused, LetterError, Busy
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The letter “%(filename)s” is filed: verify it below.")
                % {"filename": letter.filename},
            )
    return redirect(
        reverse("manage:registration_detail", kwargs={"slug": event.slug, "reference": reference})
        + "#credentials"
    )


@never_cache
@require_POST
def registration_credentials(request, token: str):
    """The registrant sends their nomination letter through their manage link."""
    registration = registration_get_by_token(token=token)
    if registration is None:
        return render(request, "registrations/manage_link_invalid.html", status=404)
    form = LetterUploadForm(request.POST, request.FILES)
    if not registrant_may_send_letter(registration=registration):
        messages.error(request, _("Your registration does not take a nomination letter now."))
    elif not form.is_valid():
        messages.error(request, form.errors["file"][0])
    elif not hit(f"letter-upload:{registration.pk}", rate=REGISTRANT_UPLOAD_RATE).allowed:
        messages.error(request, _("Too many letters were sent in a short time: try again later."))
    else:
        try:
            letter_upload(
                event=registration.event,
                registrations=[registration],
                uploaded=form.cleaned_data["file"],
                actor_label="registrant",
            )
        except ServiceError as exc:  # UploadRefused, LetterError, Busy
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Your letter has been received: the organisers will check it and email you."),
            )
    return redirect(reverse("registration_manage", kwargs={"token": token}) + "#credentials")
