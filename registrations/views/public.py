"""Public registration pages: the registration form and asking for a new manage link, and
the embassies' letter verification."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from events.enums import RegistrationWindowStatus
from events.selectors.events import event_get_for_viewer
from forum.ratelimit import ratelimit
from registrations.forms.public import LetterVerifyForm, RegistrationForm, ResendLinkForm
from registrations.models import SENSITIVE_FIELDS
from registrations.services.documents import (
    visa_letter_verify,
)
from registrations.services.questions import AnswersRefused
from registrations.services.registrations import (
    RegistrationError,
    invitation_check,
    registration_create,
    registration_send_new_links,
)

# --- Public registration and self-service ----------------------------------------------------


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
        request.FILES or None,
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
                answers=form.answers,
                participation=form.participation(),
            )
        except AnswersRefused as exc:
            form.add_answers_error(exc)
        except RegistrationError as exc:
            form.add_service_error(exc)
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
        "registrations/register.html",
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
    return render(request, "registrations/resend_link.html", {"event": event, "form": form})


@ratelimit("letter-verify", rate=lambda: settings.FORUM_LETTER_VERIFY_RATE)
def letter_verify(request):
    """Embassies check a letter: valid or not, whose, which event — nothing else."""
    form = LetterVerifyForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = visa_letter_verify(reference=form.cleaned_data["reference"])
    return render(request, "registrations/letter_verify.html", {"form": form, "result": result})
