"""Payments, documents and check-in pages.

Public: the pay page (through the manage link or the signed pay link in emails), the
registrant's own letter and badge, the embassies' letter verification, and Stripe's webhook.
Organisers (per event, default deny, 404 for anyone else): payments and refunds, travel
support, badge sheets and letters, and check-in.
"""

import stripe
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.db import OperationalError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from events.decorators import event_permission_required
from events.enums import PaymentProvider, RegistrationState
from events.forms_payments import (
    BadgeSheetForm,
    BankTransferForm,
    CheckInForm,
    LetterVerifyForm,
    RefundForm,
    TravelSupportForm,
    amount_initial,
)
from events.models import Event, Payment, Registration
from events.selectors.payments import (
    check_in_summary,
    payment_list_for_organiser,
    registrations_awaiting_payment,
    travel_support_requests,
)
from events.services.checkin import ticket_check_in
from events.services.documents import (
    DocumentError,
    badges_pdf,
    visa_letter_available,
    visa_letter_pdf,
    visa_letter_verify,
)
from events.services.payments import (
    PaymentError,
    WebhookRejected,
    format_amount,
    payment_deadline,
    payment_record_bank_transfer,
    payment_refund,
    payment_start_stripe,
    payment_sync_stripe,
    registration_fee,
    registration_get_by_pay_token,
    stripe_enabled,
    stripe_webhook_handle,
    travel_support_decide,
)
from events.services.registrations import RegistrationError, registration_get_by_token
from forum.errors import Busy
from forum.ratelimit import ratelimit

# Stripe.js and the Payment Element's frames, on the pay page only
# (https://docs.stripe.com/security/guide#content-security-policy).
STRIPE_CSP = {
    "script-src": ["https://js.stripe.com", "https://*.js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


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
    returned = request.GET.get("payment_intent", "")
    if returned and stripe_enabled():
        # Back from a redirecting payment method: apply what Stripe says now (the webhook
        # would too, a little later). Only this registration's own intents count.
        if Payment.objects.filter(registration=registration, stripe_intent_id=returned).exists():
            payment_sync_stripe(intent_id=returned)
            registration.refresh_from_db(fields=["state"])
        return redirect(request.path)
    if registration.state != RegistrationState.AWAITING_PAYMENT:
        return render(request, "events/pay.html", context)
    if stripe_enabled():
        try:
            start = payment_start_stripe(registration=registration)
        except PaymentError as exc:
            context["error"] = exc.message
        except stripe.StripeError:
            context["error"] = _(
                "Card payments are unavailable at the moment. Please try again in a few minutes."
            )
        else:
            context.update(
                stripe=True,
                client_secret=start.client_secret,
                publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
                return_url=request.build_absolute_uri(request.path),
                stripe_locale=get_language()[:2],
            )
    else:
        context.update(bank_transfer=True, bank_details=settings.FORUM_BANK_TRANSFER_DETAILS)
    return render(request, "events/pay.html", context)


@never_cache
@csp_update(STRIPE_CSP)
def registration_pay(request, token: str):
    """Pay through the manage link (``/r/<token>/pay/``)."""
    registration = registration_get_by_token(token=token)
    if registration is None:
        return render(request, "events/manage_link_invalid.html", status=404)
    return _pay(request, registration, manage_token=token)


@never_cache
@csp_update(STRIPE_CSP)
def registration_pay_link(request, token: str):
    """Pay through the signed link in the payment emails (``/pay/<token>/``)."""
    registration = registration_get_by_pay_token(token=token)
    if registration is None:
        return render(request, "events/manage_link_invalid.html", status=404)
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
    if registration is None or registration.state != RegistrationState.CONFIRMED:
        raise Http404
    content = badges_pdf(registrations=[registration])
    return _pdf_response(content, f"badge-{registration.reference}.pdf")


@ratelimit("letter-verify", rate=lambda: settings.FORUM_LETTER_VERIFY_RATE)
def letter_verify(request):
    """Embassies check a letter: valid or not, whose, which event — nothing else."""
    form = LetterVerifyForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = visa_letter_verify(reference=form.cleaned_data["reference"])
    return render(request, "events/letter_verify.html", {"form": form, "result": result})


# --- Stripe's webhook --------------------------------------------------------------------------


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """2xx once an event is processed (or was before), 400 for anything not genuinely
    Stripe's, 503 when the database or Stripe is busy so that Stripe delivers it again."""
    try:
        outcome = stripe_webhook_handle(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except WebhookRejected:
        return HttpResponseBadRequest("invalid signature", content_type="text/plain")
    except (Busy, OperationalError, stripe.APIConnectionError, stripe.RateLimitError):
        # Stripe reads only the status, and delivers the event again on its own schedule.
        return JsonResponse({"status": "busy"}, status=503, headers={"Retry-After": "10"})
    return JsonResponse({"status": outcome})


# --- organiser pages ---------------------------------------------------------------------------


organiser_required = event_permission_required


def _refuse(request, exc: RegistrationError):
    messages.error(request, exc.message)


@organiser_required("events.manage_payments")
def payment_list(request, event: Event):
    """Payments with refund forms, and registrations awaiting payment (bank transfers)."""
    if request.method == "POST":
        _payment_action(request, event)
        return redirect("manage:payments", slug=event.slug)
    payments = list(payment_list_for_organiser(event=event))
    awaiting = list(registrations_awaiting_payment(event=event))
    for payment in payments:
        payment.display_amount = format_amount(payment.amount, payment.currency)
        payment.display_refunded = format_amount(payment.amount_refunded, payment.currency)
        payment.refundable_initial = amount_initial(payment.refundable, payment.currency)
        payment.needs_refund = payment.refundable > 0 and payment.registration.state in (
            RegistrationState.CANCELLED,
            RegistrationState.REJECTED,
        )
    for registration in awaiting:
        amount, currency = registration_fee(registration)
        registration.display_fee = format_amount(amount, currency)
        registration.fee_initial = amount_initial(amount, currency)
    return render(
        request,
        "manage/payments.html",
        {
            "event": event,
            "payments": payments,
            "awaiting": awaiting,
            "stripe_enabled": stripe_enabled(),
            "refund_form": RefundForm(),
            "transfer_form": BankTransferForm(),
            "PaymentProvider": PaymentProvider,
        },
    )


def _payment_action(request, event: Event) -> None:
    action = request.POST.get("action")
    if action == "refund":
        form = RefundForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter an amount and a reason to refund."))
            return
        payment = get_object_or_404(
            Payment.objects.select_related("registration"),
            pk=form.cleaned_data["payment"],
            registration__event=event,
        )
        try:
            refund = payment_refund(
                payment=payment,
                amount=form.minor_amount(payment.currency),
                reason=form.cleaned_data["reason"],
                user=request.user,
                cancel_registration=form.cleaned_data["cancel_registration"],
            )
        except RegistrationError as exc:
            _refuse(request, exc)
            return
        messages.success(
            request,
            _("Refunded %(amount)s to %(name)s.")
            % {
                "amount": format_amount(refund.amount, payment.currency),
                "name": payment.registration.full_name,
            },
        )
    elif action == "bank_transfer":
        form = BankTransferForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter the amount received."))
            return
        registration = get_object_or_404(
            Registration.objects.select_related("category", "event"),
            pk=form.cleaned_data["registration"],
            event=event,
        )
        try:
            payment_record_bank_transfer(
                registration=registration,
                amount=form.minor_amount(registration.category.currency),
                user=request.user,
                note=form.cleaned_data["note"],
            )
        except RegistrationError as exc:
            _refuse(request, exc)
            return
        messages.success(
            request,
            _("Payment recorded; %(name)s is confirmed.") % {"name": registration.full_name},
        )


@organiser_required("events.manage_payments")
def travel_support_list(request, event: Event):
    """Requests for funded participation, and the organisers' grant or denial."""
    if request.method == "POST":
        form = TravelSupportForm(request.POST)
        if form.is_valid():
            registration = get_object_or_404(
                Registration, pk=form.cleaned_data["registration"], event=event
            )
            data = {k: v for k, v in form.cleaned_data.items() if k != "registration"}
            try:
                travel_support_decide(registration=registration, user=request.user, **data)
            except RegistrationError as exc:
                _refuse(request, exc)
            else:
                messages.success(
                    request,
                    _("Decision saved for %(name)s.") % {"name": registration.full_name},
                )
        else:
            messages.error(request, _("Choose whether to grant or deny the request."))
        return redirect("manage:travel_support", slug=event.slug)
    return render(
        request,
        "manage/payments_travel_support.html",
        {
            "event": event,
            "requests": list(travel_support_requests(event=event)),
            "can_view_personal_data": request.user.has_perm("events.view_personal_data", event),
        },
    )


@organiser_required("events.check_in")
def check_in(request, event: Event):
    """Scan or type a badge's code; the registration is marked attended once."""
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = ticket_check_in(event=event, secret=form.cleaned_data["secret"], user=request.user)
        form = CheckInForm()  # an empty field, ready for the next badge
    return render(
        request,
        "manage/checkin.html",
        {"event": event, "form": form, "result": result, "summary": check_in_summary(event=event)},
    )


@organiser_required("events.print_badges")
def badge_sheet(request, event: Event):
    """A4 sheets of four badges for confirmed registrations, optionally of one category."""
    form = BadgeSheetForm(request.GET or None, event=event)
    registrations = Registration.objects.filter(
        event=event, state=RegistrationState.CONFIRMED
    ).select_related("category", "organisation", "event")
    if form.is_valid() and form.cleaned_data["category"]:
        registrations = registrations.filter(category=form.cleaned_data["category"])
    registrations = list(registrations.order_by("category__order", "family_name", "given_name"))
    if not registrations:
        raise Http404
    return _pdf_response(badges_pdf(registrations=registrations, sheet=True), "badges.pdf")


@organiser_required("events.print_badges")
def organiser_badge(request, event: Event, reference: str):
    registration = get_object_or_404(
        Registration.objects.select_related("category", "organisation", "event"),
        event=event,
        reference=reference,
        state=RegistrationState.CONFIRMED,
    )
    content = badges_pdf(registrations=[registration])
    return _pdf_response(content, f"badge-{registration.reference}.pdf")


@organiser_required("events.download_visa_letter")
def organiser_letter(request, event: Event, reference: str):
    registration = get_object_or_404(
        Registration.objects.select_related("category", "organisation", "event__venue"),
        event=event,
        reference=reference,
    )
    if not visa_letter_available(registration):
        raise Http404
    try:
        content = visa_letter_pdf(registration=registration)
    except DocumentError as exc:
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    return _pdf_response(content, f"invitation-letter-{registration.reference}.pdf")
