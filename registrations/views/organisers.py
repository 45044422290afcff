"""Organiser pages for one event's registrations under /<lang>/manage/<event>/registrations/.

Only organisers of that event holding ``can_manage_registrations`` (or superusers) get in;
anyone else logged in gets a 404, as on the programme's organiser pages, so the pages do not
reveal which events exist. Every state change goes through the registration services, one
service call (and one transaction) per registration.
"""

import csv
from dataclasses import dataclass, field, replace
from datetime import UTC

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from events.decorators import event_permission_required
from events.enums import Language
from events.models import Event
from events.selectors.audit import AuditLine, audit_lines, audit_list_for_object
from forum.errors import ServiceError
from forum.spreadsheets import csv_safe
from registrations.enums import (
    HeadOfDelegationClaim,
    Participation,
    PaymentProvider,
    RegistrationState,
)
from registrations.filters import RegistrationFilter
from registrations.forms.credentials import LetterUploadForm
from registrations.forms.organisers import (
    ACTIONS,
    BadgeSheetForm,
    BulkActionForm,
    CheckInForm,
    EraseForm,
    RegistrationActionForm,
    TravelSupportForm,
)
from registrations.forms.payments import BankTransferForm, RefundForm, amount_initial
from registrations.models import SENSITIVE_FIELDS, Payment, Registration
from registrations.selectors.credentials import latest_letter_state, letters_for_registration
from registrations.selectors.payments import (
    badge_counts,
    check_in_summary,
    payment_list_for_organiser,
    registrations_awaiting_payment,
    travel_support_requests,
)
from registrations.selectors.questions import (
    answer_rows,
    answer_text,
    answers_by_question,
    answers_for_registration,
    answers_prefetch,
    question_list,
    questions_visible,
)
from registrations.selectors.registrations import (
    delegation_members,
    registration_dashboard,
    registration_export_iter,
    registration_get_for_organiser,
    registration_list_for_organiser,
)
from registrations.services.checkin import ticket_check_in, ticket_check_in_undo, ticket_revoke
from registrations.services.credentials import LETTER_REJECTED, LETTER_VERIFIED
from registrations.services.documents import (
    DocumentError,
    badges_pdf,
    badges_sheet_pdf,
    visa_letter_available,
    visa_letter_pdf,
)
from registrations.services.fees import format_amount, registration_fee
from registrations.services.payment_methods import payment_method_for
from registrations.services.payments import payment_record_bank_transfer, payment_refund
from registrations.services.personal_data import ERASURE_REASON, registration_erase_personal_data
from registrations.services.registrations import (
    HEAD_CONFIRMED,
    HEAD_GRANTED_BY_INVITATION,
    HEAD_REFUSED,
    HEAD_REQUESTED,
    IN_PERSON_GRANTED,
    IN_PERSON_REQUEST_WITHDRAWN,
    IN_PERSON_REQUESTED,
    PARTICIPATION_SWITCHED,
    WAITLIST_MODE_CHANGED,
    RegistrationError,
    head_of_delegation_evidence,
    registration_allowed_actions,
    registration_approve,
    registration_cancel,
    registration_head_confirm,
    registration_head_refuse,
    registration_reject,
    waitlist_position,
)
from registrations.services.travel_support import travel_support_decide
from registrations.views.common import pdf_response as _pdf_response

PAGE_SIZE = 50


registration_manager_required = event_permission_required("registrations.change_registration")


# --- Actions -------------------------------------------------------------------------------------


@dataclass
class ActionReport:
    done: list[Registration] = field(default_factory=list)
    refused: list[tuple[Registration, str]] = field(default_factory=list)


def _apply_action(
    *, action: str, registrations: list[Registration], user, message: str
) -> ActionReport:
    """One service call per registration, each in its own transaction: one refusal (say,
    a registration cancelled meanwhile) does not undo the others."""
    report = ActionReport()
    for registration in registrations:
        try:
            if action == "approve":
                registration_approve(registration=registration, user=user, message=message)
            elif action == "reject":
                registration_reject(registration=registration, user=user, message=message)
            else:
                registration_cancel(
                    registration=registration, actor_label="organiser", user=user, reason=message
                )
        except ServiceError as exc:  # a refusal, or Busy: the others still go ahead
            report.refused.append((registration, str(exc.message)))
        else:
            report.done.append(registration)
    return report


def _announce(request, *, action: str, report: ActionReport) -> None:
    count = len(report.done)
    if count:
        texts = {
            "approve": ngettext(
                "%(count)d registration approved.", "%(count)d registrations approved.", count
            ),
            "reject": ngettext(
                "%(count)d registration rejected.", "%(count)d registrations rejected.", count
            ),
            "cancel": ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", count
            ),
        }
        messages.success(request, texts[action] % {"count": count})
    for registration, reason in report.refused:
        messages.warning(
            request,
            _("%(reference)s (%(name)s) was not changed: %(reason)s")
            % {
                "reference": registration.reference,
                "name": registration.full_name,
                "reason": reason,
            },
        )


def _filtered(request, event: Event, *, questions=()) -> RegistrationFilter:
    """The list's filters; ``questions`` (those the viewer may see) add one filter each on
    their answers (choices and yes/no)."""
    return RegistrationFilter(
        request.GET or None,
        queryset=registration_list_for_organiser(event=event),
        event=event,
        questions=questions,
    )


def _filtered_queryset(filterset: RegistrationFilter):
    """Invalid filters match nothing, so an export never holds more than was asked for."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


# --- Pages -------------------------------------------------------------------------------------


@registration_manager_required
def registration_list(request, event: Event):
    if request.method == "POST":
        form = BulkActionForm(request.POST, event=event)
        if form.is_valid():
            action = form.cleaned_data["action"]
            report = _apply_action(
                action=action,
                registrations=list(form.cleaned_data["registrations"]),
                user=request.user,
                message=form.cleaned_data["message"],
            )
            _announce(request, action=action, report=report)
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        # Back to the same page with the same filters (the path is our own).
        return redirect(request.get_full_path())

    can_view_personal = request.user.has_perm("registrations.view_personal_data", event)
    shown = questions_visible(question_list(event=event), personal=can_view_personal)
    filterset = _filtered(request, event, questions=shown)
    queryset = _filtered_queryset(filterset)
    if shown:
        queryset = queryset.prefetch_related(answers_prefetch())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for registration in page.object_list:
        answers = answers_by_question(registration) if shown else {}
        registration.answer_cells = [answer_text(q, answers.get(q.pk)) for q in shown]
    return render(
        request,
        "registrations/manage/registrations_list.html",
        {
            "event": event,
            "filter": filterset,
            "page": page,
            "questions": shown,
            "action_form": RegistrationActionForm(),
            "can_view_personal_data": can_view_personal,
        },
    )


def _personal_rows(registration: Registration, *, allowed: bool) -> list[tuple[str, object]]:
    """(label, value) per sensitive field; the value is never handed to the template unless
    the viewer may see it."""
    rows = []
    for name in SENSITIVE_FIELDS:
        label = Registration._meta.get_field(name).verbose_name
        rows.append((label, getattr(registration, name) if allowed else None))
    return rows


def _allowed_actions(registration: Registration) -> list[tuple[str, str]]:
    """(action, label) of each decision the registration's state accepts."""
    return [
        (name, ACTIONS[name]) for name in registration_allowed_actions(registration=registration)
    ]


@registration_manager_required
def registration_detail(request, event: Event, reference: str):
    registration = registration_get_for_organiser(event=event, reference=reference)
    can_view_personal = request.user.has_perm("registrations.view_personal_data", event)
    if request.method == "POST":
        if request.POST.get("action") == "erase":
            return _erase(request, registration, allowed=can_view_personal)
        if request.POST.get("action") == "badge_replace":
            return _badge_replace(request, registration)
        if request.POST.get("action") in HEAD_DECISIONS:
            return _head_decide(request, registration, action=request.POST["action"])
        form = RegistrationActionForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            report = _apply_action(
                action=action,
                registrations=[registration],
                user=request.user,
                message=form.cleaned_data["message"],
            )
            _announce(request, action=action, report=report)
        return redirect(
            "manage:registration_detail", slug=event.slug, reference=registration.reference
        )

    delegation = registration.delegation
    return render(
        request,
        "registrations/manage/registrations_detail.html",
        {
            "event": event,
            "registration": registration,
            "answers": _answers(registration, personal=can_view_personal),
            "history": _history(registration),
            "delegation": delegation,
            "members": delegation_members(delegation=delegation),
            "is_head": delegation is not None
            and delegation.head_id == registration.pk
            and registration.head_of_delegation == HeadOfDelegationClaim.CONFIRMED,
            "head_claim": registration.head_of_delegation,
            "head_evidence": head_of_delegation_evidence(registration=registration)
            if registration.head_of_delegation
            else None,
            "position": waitlist_position(registration=registration),
            "spoken_languages": _language_names(registration.spoken_languages),
            "can_view_personal_data": can_view_personal,
            "personal": _personal_rows(registration, allowed=can_view_personal),
            "actions": _allowed_actions(registration),
            "action_form": RegistrationActionForm(),
            "erase_form": EraseForm() if can_view_personal else None,
            "can_replace_badge": _badge_replaceable(request, registration),
            **_credentials_context(request, registration),
        },
    )


def _credentials_context(request, registration: Registration) -> dict:
    """The letters naming the registration and the upload form: only for organisers who may
    check letters (personal data); nothing is read for the others."""
    if not request.user.has_perm("registrations.check_credentials", registration.event):
        return {"letters": None}
    return {
        "letters": letters_for_registration(registration=registration),
        "letter_form": LetterUploadForm(),
    }


def _answers(registration: Registration, *, personal: bool) -> list:
    """(question, answer, text) per question the viewer may see (personal ones with the
    flag); the answers are read only when the event asks questions."""
    shown = questions_visible(question_list(event=registration.event), personal=personal)
    if not shown:
        return []
    return answer_rows(shown, answers_for_registration(registration=registration))


def _badge_replaceable(request, registration: Registration) -> bool:
    """Confirmed, in person (online registrants have no badge), and the viewer prints badges."""
    return (
        registration.state == RegistrationState.CONFIRMED
        and registration.participation == Participation.IN_PERSON
        and request.user.has_perm("registrations.print_badges", registration.event)
    )


def _badge_replace(request, registration: Registration):
    """A lost badge: its code stops checking in, and the organiser prints the new one."""
    if registration.state != RegistrationState.CONFIRMED or not request.user.has_perm(
        "registrations.print_badges", registration.event
    ):
        messages.error(request, _("Only a confirmed registration has a badge to replace."))
        return redirect(
            "manage:registration_detail",
            slug=registration.event.slug,
            reference=registration.reference,
        )
    try:
        ticket_revoke(registration=registration, user=request.user)
    except ServiceError as exc:  # an online registrant has no badge
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "The badge of %(name)s has been replaced: the lost one no longer checks in. "
                "Print the new one."
            )
            % {"name": registration.full_name},
        )
    return redirect(
        "manage:registration_detail",
        slug=registration.event.slug,
        reference=registration.reference,
    )


# System reasons are stored as codes; organisers' and registrants' reasons as typed.
REASON_LABELS = {
    "promoted": gettext_lazy("Promoted from the waiting list"),
    ERASURE_REASON: gettext_lazy("Personal data erased"),
    HEAD_REQUESTED: gettext_lazy("Asked to lead the delegation"),
    HEAD_GRANTED_BY_INVITATION: gettext_lazy("Leads the delegation (personal invitation)"),
    HEAD_CONFIRMED: gettext_lazy("Confirmed as head of delegation"),
    HEAD_REFUSED: gettext_lazy("Refused as head of delegation"),
    LETTER_VERIFIED: gettext_lazy("Nomination letter verified"),
    LETTER_REJECTED: gettext_lazy("Nomination letter rejected"),
    PARTICIPATION_SWITCHED: gettext_lazy("Changed how they take part"),
    IN_PERSON_REQUESTED: gettext_lazy("Asked for an in-person seat (keeps the online place)"),
    IN_PERSON_REQUEST_WITHDRAWN: gettext_lazy("Withdrew the request for an in-person seat"),
    IN_PERSON_GRANTED: gettext_lazy("Given an in-person seat (online place released)"),
    WAITLIST_MODE_CHANGED: gettext_lazy("Now waiting for the other way of taking part"),
}
ACTOR_LABELS = {
    "organiser": gettext_lazy("organiser"),
    "registrant": gettext_lazy("registrant"),
    "head of delegation": gettext_lazy("head of delegation"),
    "system": gettext_lazy("system"),
    "stripe": gettext_lazy("Stripe"),
}


def _history(registration: Registration) -> list[AuditLine]:
    """The registration's audit log, oldest first, as display lines: its state changes (from →
    to), edits, payments and refunds, who made them (the role, and the user if one did) and
    why (a system reason's code shown as its label)."""
    entries = list(audit_list_for_object(obj=registration).order_by("at", "pk"))
    lines = []
    for entry, line in zip(entries, audit_lines(entries), strict=True):
        role = ACTOR_LABELS.get(entry.actor_label, entry.actor_label)
        actor = f"{role} ({line.actor})" if entry.actor_id else str(role)
        lines.append(replace(line, actor=actor, note=str(REASON_LABELS.get(line.note, line.note))))
    return lines


def _language_names(codes: list[str]) -> str:
    names = dict(Language.choices)
    return ", ".join(str(names.get(code, code)) for code in codes)


# Organisers' decisions on a claim to lead a delegation: action -> (service, message).
HEAD_DECISIONS = {
    "head_confirm": (
        registration_head_confirm,
        gettext_lazy("%(name)s now leads the delegation of %(organisation)s."),
    ),
    "head_refuse": (
        registration_head_refuse,
        gettext_lazy("%(name)s does not lead the delegation of %(organisation)s."),
    ),
}


def _head_decide(request, registration: Registration, *, action: str):
    service, message = HEAD_DECISIONS[action]
    try:
        decided = service(registration=registration, user=request.user)
    except ServiceError as exc:  # a refusal, or Busy
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            message
            % {"name": decided.full_name, "organisation": decided.organisation_label or "—"},
        )
    return redirect(
        "manage:registration_detail", slug=registration.event.slug, reference=registration.reference
    )


def _erase(request, registration: Registration, *, allowed: bool):
    if not allowed:
        raise PermissionDenied
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm the erasure."))
    elif registration_erase_personal_data(registration=registration, user=request.user):
        messages.success(request, _("The personal data of this registration has been erased."))
    else:
        messages.info(request, _("The personal data of this registration was already erased."))
    return redirect(
        "manage:registration_detail", slug=registration.event.slug, reference=registration.reference
    )


# --- Dashboard and chart ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartTick:
    position: str  # an SVG coordinate, formatted: never localised by the template engine
    label: str


@dataclass(frozen=True)
class ChartPoint:
    x: str
    y: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: list[ChartPoint]
    polyline: str
    y_ticks: list[ChartTick]
    x_ticks: list[ChartTick]


def _nice_ceiling(value: int) -> int:
    """The next 1, 2, 5 × 10^n at or above ``value`` (at least 1), for round axis labels."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= factor * step:
                return factor * step
        step *= 10


def _cumulative_chart(days, *, width: int = 640, height: int = 240) -> Chart | None:
    """Geometry of the cumulative registrations line; the template only draws it.

    Coordinates are formatted here as strings with a dot, so a French or Spanish page does
    not turn 12.5 into "12,5" inside an SVG attribute.
    """
    if not days:
        return None
    left, right, top, bottom = 56, width - 16, 16, height - 40
    first, last = days[0].day, days[-1].day
    span = max((last - first).days, 1)
    ceiling = _nice_ceiling(days[-1].cumulative)

    def x(day) -> float:
        if first == last:
            return (left + right) / 2
        return left + (right - left) * (day - first).days / span

    def y(value: int) -> float:
        return bottom - (bottom - top) * value / ceiling

    points = [
        ChartPoint(
            x=f"{x(d.day):.1f}",
            y=f"{y(d.cumulative):.1f}",
            label=_("%(day)s: %(total)d in all (%(count)d that day)")
            % {"day": d.day.isoformat(), "total": d.cumulative, "count": d.count},
        )
        for d in days
    ]
    # Whole numbers only: a halfway line for 2, 10, 20…, none for 1, 5, 50…
    values = [0, ceiling // 2, ceiling] if ceiling % 2 == 0 else [0, ceiling]
    y_ticks = [ChartTick(position=f"{y(v):.1f}", label=str(v)) for v in values]
    x_ticks = [ChartTick(position=f"{x(first):.1f}", label=first.isoformat())]
    if last != first:
        x_ticks.append(ChartTick(position=f"{x(last):.1f}", label=last.isoformat()))
    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )


@registration_manager_required
@require_safe
def registration_dashboard_view(request, event: Event):
    dashboard = registration_dashboard(event=event)
    return render(
        request,
        "registrations/manage/registrations_dashboard.html",
        {"event": event, "dashboard": dashboard, "chart": _cumulative_chart(dashboard.days)},
    )


# --- CSV export ------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() hands back the line, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


def export_columns(*, personal: bool) -> list[tuple[str, object]]:
    """(header, getter) pairs; the six personal-data columns only when ``personal``."""
    yes_no = {True: _("yes"), False: _("no")}
    columns = [
        (_("Reference"), lambda r: r.reference),
        (_("State"), lambda r: r.get_state_display()),
        (_("Category"), lambda r: r.category.display_name),
        (_("Participation"), lambda r: r.get_participation_display()),
        (
            _("In-person seat requested (UTC)"),
            lambda r: (
                r.in_person_requested_at.astimezone(UTC).isoformat()
                if r.in_person_requested_at
                else ""
            ),
        ),
        (_("Honorific"), lambda r: r.honorific),
        (_("Given name"), lambda r: r.given_name),
        (_("Family name"), lambda r: r.family_name),
        (_("Position"), lambda r: r.position),
        (_("Organisation"), lambda r: r.organisation_label),
        (_("Email"), lambda r: r.email),
        (_("Language"), lambda r: r.language),
        (_("Nationality"), lambda r: r.nationality.code or ""),
        (_("Languages spoken"), lambda r: " ".join(r.spoken_languages or [])),
        (_("Interpretation"), lambda r: r.interpretation_need),
        (_("Delegation"), lambda r: r.delegation.organisation.name if r.delegation_id else ""),
        (_("Visa letter requested"), lambda r: yes_no[r.visa_letter_requested]),
        (_("Travel support requested"), lambda r: yes_no[r.travel_support_requested]),
        (_("Created (UTC)"), lambda r: r.created_at.astimezone(UTC).isoformat()),
        *_nomination_columns(),
    ]
    if personal:
        columns += [
            (_("Dietary needs"), lambda r: r.dietary_needs),
            (_("Accessibility needs"), lambda r: r.accessibility_needs),
            (_("Passport number"), lambda r: r.passport_number),
            (
                _("Passport expiry"),
                lambda r: r.passport_expiry.isoformat() if r.passport_expiry else "",
            ),
            (_("Date of birth"), lambda r: r.date_of_birth.isoformat() if r.date_of_birth else ""),
            (_("Travel support request"), lambda r: r.travel_support_reason),
        ]
    return columns


def _nomination_columns() -> list[tuple[str, object]]:
    """Who filled the registration in, the focal point who nominated it, and the state of
    the latest letter naming it (read by ``export_queryset``, no query per row)."""
    letter_states = {
        None: _("none"),
        "pending": _("pending"),
        "verified": _("verified"),
        "rejected": _("rejected"),
    }
    return [
        (_("Registered by"), lambda r: r.get_created_by_display()),
        (
            _("Nominated by"),
            lambda r: f"{r.nominated_by.name} <{r.nominated_by.email}>" if r.nominated_by else "",
        ),
        (_("Credentials"), lambda r: letter_states.get(r.latest_letter_state, "")),
    ]


def export_queryset(queryset):
    """What the export's columns read, in the export's one query."""
    return queryset.select_related("nominated_by").annotate(
        latest_letter_state=latest_letter_state()
    )


def answer_columns(questions) -> list[tuple[str, object]]:
    """(header, getter) per question: the answer as text (options joined with "; ", a file by
    its name), read from the registration's prefetched answers."""
    return [
        (
            str(question.display_label),
            lambda r, q=question: answer_text(q, answers_by_question(r).get(q.pk)),
        )
        for question in questions
    ]


def export_rows(queryset, *, personal: bool, language: str, questions=None):
    """Yield CSV lines: a byte-order mark (so Excel reads UTF-8), the header, one per row.

    The generator runs while the response streams, after the view has returned, so it sets
    the page's language itself for the headers, states and category names. ``questions``
    (those the viewer may see) add one column each after the others.
    """
    with translation.override(language):
        columns = export_columns(personal=personal)
        if questions:
            columns += answer_columns(questions)
            queryset = queryset.prefetch_related(answers_prefetch())
        writer = csv.writer(_Echo())
        yield "\ufeff"
        yield writer.writerow([csv_safe(header) for header, _getter in columns])
        for registration in registration_export_iter(queryset=queryset):
            yield writer.writerow([csv_safe(getter(registration)) for _header, getter in columns])


@registration_manager_required
@require_safe
def registration_export(request, event: Event):
    personal = request.user.has_perm("registrations.view_personal_data", event)
    shown = questions_visible(question_list(event=event), personal=personal)
    filterset = _filtered(request, event, questions=shown)
    response = StreamingHttpResponse(
        export_rows(
            export_queryset(_filtered_queryset(filterset)),
            personal=personal,
            language=translation.get_language(),
            questions=shown,
        ),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-registrations-{stamp}.csv"'
    )
    return response


# --- Payments, documents and check-in ---------------------------------------------------------------------------


organiser_required = event_permission_required


def _refuse(request, exc: RegistrationError):
    messages.error(request, exc.message)


@organiser_required("registrations.manage_payments")
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
        "registrations/manage/payments.html",
        {
            "event": event,
            "payments": payments,
            "awaiting": awaiting,
            "payment_method": payment_method_for(event),
            "refund_form": RefundForm(),
            "transfer_form": BankTransferForm(),
            "PaymentProvider": PaymentProvider,
            "badges": badge_counts(event=event),
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


@organiser_required("registrations.manage_payments")
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
        "registrations/manage/payments_travel_support.html",
        {
            "event": event,
            "requests": list(travel_support_requests(event=event)),
            "can_view_personal_data": request.user.has_perm(
                "registrations.view_personal_data", event
            ),
        },
    )


@organiser_required("registrations.check_in")
def check_in(request, event: Event):
    """Scan or type a badge's code; the registration is marked attended once. A check-in
    made by mistake can be undone from the result or the list of the latest."""
    if request.method == "POST" and request.POST.get("action") == "undo":
        registration = get_object_or_404(
            Registration, event=event, reference=request.POST.get("registration", "")[:40]
        )
        if ticket_check_in_undo(event=event, registration=registration, user=request.user):
            messages.success(
                request,
                _("The check-in of %(name)s has been undone.") % {"name": registration.full_name},
            )
        else:
            messages.error(
                request, _("%(name)s was not checked in.") % {"name": registration.full_name}
            )
        return redirect("manage:check_in", slug=event.slug)
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = ticket_check_in(event=event, secret=form.cleaned_data["secret"], user=request.user)
        form = CheckInForm()  # an empty field, ready for the next badge
    return render(
        request,
        "registrations/manage/checkin.html",
        {"event": event, "form": form, "result": result, "summary": check_in_summary(event=event)},
    )


@organiser_required("registrations.print_badges")
def badge_sheet(request, event: Event):
    """A4 sheets of four badges for confirmed in-person registrations, optionally of one
    category. Online registrants are left out; the response's ``X-Badges-Skipped-Online``
    says how many, and the payments page says so before printing. A selection of online
    registrants only goes back there with the refusal and the count."""
    form = BadgeSheetForm(request.GET or None, event=event)
    registrations = Registration.objects.filter(
        event=event, state=RegistrationState.CONFIRMED
    ).select_related("category", "organisation", "event")
    if form.is_valid() and form.cleaned_data["category"]:
        registrations = registrations.filter(category=form.cleaned_data["category"])
    registrations = list(registrations.order_by("category__order", "family_name", "given_name"))
    if not registrations:
        raise Http404
    try:
        sheet = badges_sheet_pdf(registrations=registrations)
    except ServiceError as exc:
        messages.error(request, _badges_skipped(exc.message, len(registrations)))
        return redirect("manage:payments", slug=event.slug)
    response = _pdf_response(sheet.content, "badges.pdf")
    response["X-Badges-Skipped-Online"] = str(sheet.skipped_online)
    return response


def _badges_skipped(message: str, count: int) -> str:
    skipped = ngettext(
        "%(count)d confirmed registrant of this selection takes part online.",
        "%(count)d confirmed registrants of this selection take part online.",
        count,
    ) % {"count": count}
    return f"{message} {skipped}"


@organiser_required("registrations.print_badges")
def organiser_badge(request, event: Event, reference: str):
    registration = get_object_or_404(
        Registration.objects.select_related("category", "organisation", "event"),
        event=event,
        reference=reference,
        state=RegistrationState.CONFIRMED,
    )
    try:
        content = badges_pdf(registrations=[registration])
    except ServiceError as exc:  # an online registrant has no badge
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    return _pdf_response(content, f"badge-{registration.reference}.pdf")


@organiser_required("registrations.download_visa_letter")
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
