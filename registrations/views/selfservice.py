"""The registrant's own pages, reached with the secret manage link (or the signed pay link in
the payment emails): the manage page, the pay page, and their own letter and badge.
"""

from csp.decorators import csp_update
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from registrations.enums import ACTIVE_STATES, Participation, RegistrationState
from registrations.forms.credentials import LetterUploadForm
from registrations.forms.questions import AnswersForm
from registrations.forms.selfservice import (
    CancelForm,
    DelegationMemberForm,
    ParticipationSwitchForm,
    RegistrationEditForm,
)
from registrations.models import SENSITIVE_FIELDS, Registration
from registrations.selectors.credentials import letters_for_registrant
from registrations.selectors.questions import (
    answer_rows,
    answers_for_registration,
    question_list,
    questions_asked,
)
from registrations.selectors.registrations import delegation_headed_by
from registrations.services.credentials import registrant_may_send_letter
from registrations.services.documents import (
    DocumentError,
    badge_available,
    badges_pdf,
    visa_letter_available,
    visa_letter_pdf,
)
from registrations.services.fees import (
    format_amount,
    payment_deadline,
    registration_fee,
    registration_get_by_pay_token,
)
from registrations.services.participation import (
    REQUESTED,
    SWITCHED,
    registration_in_person_request_withdraw,
    registration_participation_switch,
)
from registrations.services.payment_methods import payment_method_for
from registrations.services.payments import PaymentError
from registrations.services.questions import AnswersRefused, QuestionError, answers_update
from registrations.services.registrations import (
    RegistrationError,
    delegation_add_member,
    in_person_request_position,
    registration_cancel,
    registration_get_by_token,
    registration_update,
    waitlist_position,
)
from registrations.views.common import pdf_response as _pdf_response

# Stripe.js and the Payment Element's frames, on the pay page only
# (https://docs.stripe.com/security/guide#content-security-policy).
STRIPE_CSP = {
    "script-src": ["https://js.stripe.com", "https://*.js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


# --- the pay page ------------------------------------------------------------------------------


def _pay(request, registration: Registration, *, manage_token: str | None):
    amount, currency = registration_fee(registration)
    context = {
        "registration": registration,
        "event": registration.event,
        "amount": format_amount(amount, currency),
        "manage_token": manage_token,
        "deadline": payment_deadline(registration),
        "RegistrationState": RegistrationState,
        "stripe": False,
    }
    method = payment_method_for(registration.event)
    if method.returned(registration=registration, request=request):
        return redirect(request.path)
    if registration.state != RegistrationState.AWAITING_PAYMENT:
        return render(request, "registrations/pay.html", context)
    try:
        context.update(method.start(registration=registration, request=request))
    except PaymentError as exc:
        context["error"] = exc.message
    return render(request, "registrations/pay.html", context)


@never_cache
@csp_update(STRIPE_CSP)
def registration_pay(request, token: str):
    """Pay through the manage link (``/r/<token>/pay/``)."""
    registration = registration_get_by_token(token=token)
    if registration is None:
        return render(request, "registrations/manage_link_invalid.html", status=404)
    return _pay(request, registration, manage_token=token)


@never_cache
@csp_update(STRIPE_CSP)
def registration_pay_link(request, token: str):
    """Pay through the signed link in the payment emails (``/pay/<token>/``)."""
    registration = registration_get_by_pay_token(token=token)
    if registration is None:
        return render(request, "registrations/manage_link_invalid.html", status=404)
    return _pay(request, registration, manage_token=None)


# --- the registrant's documents ----------------------------------------------------------------


@never_cache
def registration_letter(request, token: str):
    registration = registration_get_by_token(token=token)
    if registration is None or not visa_letter_available(registration):
        raise Http404
    try:
        content = visa_letter_pdf(registration=registration)
    except DocumentError as exc:
        messages.error(request, exc.message)
        return redirect("registration_manage", token=token)
    return _pdf_response(content, f"invitation-letter-{registration.reference}.pdf")


@never_cache
def registration_badge(request, token: str):
    registration = registration_get_by_token(token=token)
    if registration is None or not badge_available(registration):
        raise Http404
    content = badges_pdf(registrations=[registration])
    return _pdf_response(content, f"badge-{registration.reference}.pdf")


# --- the registrant's own page -------------------------------------------------------------------


def _credentials_context(registration) -> dict:
    """Where the category asks for a nomination letter: the registrant's own letters (never
    the other people a letter names) and, while the registration is active, an upload."""
    if not registration.category.requires_nomination_letter:
        return {}
    return {
        "letters": letters_for_registrant(registration=registration),
        "letter_form": (
            LetterUploadForm() if registrant_may_send_letter(registration=registration) else None
        ),
    }


def _participation_context(registration) -> dict:
    """How the registrant takes part, their place in the queue for an in-person seat, and
    the mode they may switch to (None: nothing to switch to)."""
    other = (
        Participation.IN_PERSON
        if registration.participation == Participation.ONLINE
        else Participation.ONLINE
    )
    may_switch = registration.is_active and (
        other == Participation.IN_PERSON or registration.category.online_offered
    )
    if registration.in_person_requested_at is not None:
        may_switch = False  # already waiting for a seat: they may withdraw the request
    return {
        "in_person_position": in_person_request_position(registration=registration),
        "switch_to": other if may_switch else None,
        "Participation": Participation,
    }


def _switch_message(registration, outcome: str) -> str:
    if outcome == SWITCHED:
        if registration.is_online:
            return _("You now take part online.")
        return _("You now take part in person.")
    if outcome == REQUESTED:
        return _(
            "No in-person seat is free: you keep your online place and are number "
            "%(position)s in the queue for one. We will email you when a seat is yours."
        ) % {"position": in_person_request_position(registration=registration)}
    if registration.is_online:
        return _("You are now on the waiting list for an online place.")
    return _("You are now on the waiting list for an in-person seat.")


def _manage_context(registration, **extra):
    return {
        **_credentials_context(registration),
        **_participation_context(registration),
        "registration": registration,
        "event": registration.event,
        "position": waitlist_position(registration=registration),
        "delegation": delegation_headed_by(registration=registration),
        "RegistrationState": RegistrationState,
        **extra,
    }


def _answers_form(request, registration: Registration, *, bound: bool):
    """The registrant's answers: a form while the registration is active (else None), and
    (question, answer, text) rows of the questions asked of their category."""
    questions = questions_asked(
        question_list(event=registration.event), category_id=registration.category_id
    )
    if not questions:
        return None, []
    answers = answers_for_registration(registration=registration)
    rows = answer_rows(questions, answers)
    if registration.state not in ACTIVE_STATES:
        return None, rows
    form = AnswersForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        questions=questions,
        answers=answers,
        category_id=registration.category_id,
    )
    return form, rows


@never_cache
@sensitive_post_parameters(*SENSITIVE_FIELDS)
def registration_manage(request, token: str):
    """The registrant's own page, reached only with the secret link (no account)."""
    registration = registration_get_by_token(token=token)
    if registration is None:
        return render(request, "registrations/manage_link_invalid.html", status=404)
    action = request.POST.get("action")
    edit_form = RegistrationEditForm(
        request.POST if action == "edit" else None,
        initial={f: getattr(registration, f) for f in RegistrationEditForm.EDITABLE},
    )
    cancel_form = CancelForm(request.POST if action == "cancel" else None)
    switch_form = ParticipationSwitchForm(request.POST if action == "participation" else None)
    answers_form, answers = _answers_form(request, registration, bound=action == "answers")
    delegation = delegation_headed_by(registration=registration)
    member_form = (
        DelegationMemberForm(request.POST if action == "add_member" else None, head=registration)
        if delegation
        else None
    )
    try:
        if action == "participation":
            if not switch_form.is_valid():
                raise RegistrationError(_("Choose in person or online."), "participation")
            switched, outcome = registration_participation_switch(
                registration=registration,
                participation=switch_form.cleaned_data["participation"],
            )
            messages.success(request, _switch_message(switched, outcome))
            return redirect("registration_manage", token=token)
        if action == "withdraw_request":
            registration_in_person_request_withdraw(registration=registration)
            messages.success(
                request,
                _("You no longer wait for an in-person seat; you keep your online place."),
            )
            return redirect("registration_manage", token=token)
        if action == "answers" and answers_form is not None and answers_form.is_valid():
            answers_update(
                registration=registration,
                answers=answers_form.answers,
                actor_label="registrant",
            )
            messages.success(request, _("Your answers have been saved."))
            return redirect("registration_manage", token=token)
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
                participation=member_form.participation(),
            )
            messages.success(
                request,
                _("%(name)s is registered; they will receive their own link by email.")
                % {"name": member.full_name},
            )
            return redirect("registration_manage", token=token)
    except AnswersRefused as exc:
        answers_form.add_answers_error(exc)
    except (RegistrationError, QuestionError) as exc:
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
        "registrations/registration_manage.html",
        _manage_context(
            registration,
            edit_form=edit_form,
            cancel_form=cancel_form,
            member_form=member_form,
            members=members,
            answers_form=answers_form,
            answers=answers,
        ),
    )
