"""Organiser pages of the call for side events, under /<lang>/manage/<event_slug>/call/: its
settings and review criteria, and the questions asked on the proposal form (the registration
questions' editor, for proposals).

Only organisers holding ``programme.manage_proposals`` for the event get in (anyone else:
404). Dates are typed and shown in the event's time zone. Every write goes through
``sessions.services.calls`` or ``registrations.services.questions``.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.models import Event
from forum.errors import ServiceError
from forum.forms import id_param
from registrations.enums import QuestionTarget
from registrations.views.questions import (
    QuestionEditor,
    question_edit_page,
    question_new_page,
    questions_page,
)
from sessions.decorators import proposals_manager_required
from sessions.forms.call import CallForm, CriterionForm
from sessions.selectors.proposals import call_get
from sessions.services.calls import (
    call_save,
    criterion_add,
    criterion_delete,
    criterion_update,
)

PROPOSAL_QUESTIONS = QuestionEditor(
    target=QuestionTarget.PROPOSAL,
    list_url="programme_manage:call_questions",
    new_url="programme_manage:call_question_new",
    edit_url="programme_manage:call_question_edit",
    slug_kwarg="event_slug",
    nav_template="sessions/manage/programme_nav.html",
    nav_current="call",
    title=gettext_lazy("Proposal questions"),
    intro=gettext_lazy(
        "Your own questions on the proposal form, after its standard fields. A question with "
        "answers can be edited but not change kind; an option someone chose is kept for "
        "their answer."
    ),
    empty=gettext_lazy("No questions yet: the proposal form asks only its standard fields."),
)


def _criteria_forms(event: Event, call, data=None) -> tuple[list, CriterionForm]:
    criteria = list(call.criteria.all()) if call is not None else []
    forms_ = []
    for criterion in criteria:
        form = CriterionForm(
            data if data is not None and data.get("criterion") == str(criterion.pk) else None,
            event=event,
            criterion=criterion,
            prefix=f"criterion-{criterion.pk}",
        )
        form.key = str(criterion.pk)
        forms_.append(form)
    new = CriterionForm(
        data if data is not None and data.get("criterion") == "new" else None,
        event=event,
        prefix="criterion-new",
    )
    return forms_, new


@proposals_manager_required
def call_settings(request, event: Event):
    """The call's dates, offer and guidelines, and its review criteria."""
    call = call_get(event=event)
    with timezone.override(event.tzinfo):
        posted = request.method == "POST" and request.POST.get("form") == "call"
        form = CallForm(request.POST if posted else None, event=event, call=call)
        if posted and form.is_valid():
            data = form.cleaned_data
            try:
                call_save(
                    event=event,
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    published=data["published"],
                    guidelines=form.texts("guidelines"),
                    formats=data["formats"],
                    tracks=data["tracks"],
                    languages=data["languages"],
                    max_per_organisation=data["max_per_organisation"],
                    anonymise=data["anonymise"],
                    user=request.user,
                )
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The call for side events has been saved."))
                return redirect("programme_manage:call", event_slug=event.slug)
        criteria, new_criterion = _criteria_forms(event, call)
        return render(
            request,
            "sessions/manage/call_settings.html",
            {
                "event": event,
                "call": call,
                "form": form,
                "criteria": criteria,
                "new_criterion": new_criterion,
            },
        )


@proposals_manager_required
@require_POST
def criterion_save(request, event: Event):
    """Add a criterion, change one, or delete one nobody scored."""
    call = call_get(event=event)
    if call is None:
        raise Http404
    criteria, new = _criteria_forms(event, call, request.POST)
    key = request.POST.get("criterion")
    if key == "new":
        form, criterion = new, None
    else:
        pk = id_param(key)
        found = [(f, c) for f, c in zip(criteria, call.criteria.all(), strict=True) if c.pk == pk]
        if not found:
            raise Http404
        form, criterion = found[0]
    try:
        if criterion is not None and request.POST.get("action") == "delete":
            criterion_delete(criterion=criterion, user=request.user)
            messages.success(request, _("Criterion deleted."))
            return redirect("programme_manage:call", event_slug=event.slug)
        if form.is_valid():
            if criterion is None:
                criterion_add(
                    call=call,
                    name=form.texts("name"),
                    description=form.texts("description"),
                    weight=form.cleaned_data["weight"],
                    user=request.user,
                )
            else:
                criterion_update(
                    criterion=criterion,
                    name=form.texts("name"),
                    description=form.texts("description"),
                    weight=form.cleaned_data["weight"],
                    user=request.user,
                )
            messages.success(request, _("Criterion saved."))
            return redirect("programme_manage:call", event_slug=event.slug)
    except ServiceError as exc:
        if exc.code in form.fields:
            form.add_error(exc.code, exc.message)
        else:
            messages.error(request, exc.message)
            return redirect("programme_manage:call", event_slug=event.slug)
    with timezone.override(event.tzinfo):
        return render(
            request,
            "sessions/manage/call_settings.html",
            {
                "event": event,
                "call": call,
                "form": CallForm(event=event, call=call),
                "criteria": criteria,
                "new_criterion": new,
            },
        )


@proposals_manager_required
def call_questions(request, event: Event):
    return questions_page(request, event, PROPOSAL_QUESTIONS)


@proposals_manager_required
def call_question_new(request, event: Event):
    return question_new_page(request, event, PROPOSAL_QUESTIONS)


@proposals_manager_required
def call_question_edit(request, event: Event, pk: int):
    return question_edit_page(request, event, pk, PROPOSAL_QUESTIONS)
