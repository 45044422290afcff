"""Organiser pages of an event's own questions, and the download of a file answer.

The registration form's questions are under /<lang>/manage/<event>/registrations/questions/;
only organisers of the event holding ``can_manage_registrations`` get in (anyone else: 404).
The same pages, given another ``QuestionEditor``, edit the questions of the call for side
events. Every write goes through ``registrations.services.questions``.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.decorators import event_permission_required
from events.models import Event
from forum.errors import ServiceError
from forum.storage import private_download
from registrations.enums import QuestionTarget
from registrations.forms.question_setup import QuestionForm, option_forms
from registrations.models import Question
from registrations.selectors.questions import (
    answer_counts,
    answer_get_for_organiser,
    question_get_for_organiser,
    question_list,
)
from registrations.services.questions import (
    option_add,
    option_retire,
    option_update,
    question_create,
    question_delete,
    question_options_check,
    question_update,
)

registration_manager_required = event_permission_required("registrations.change_registration")


@dataclass(frozen=True)
class QuestionEditor:
    """Where one form's question editor lives: the questions it edits (``target``), its URL
    names, the keyword its URLs name the event by, and the page's navigation and texts. The
    registration form's editor is below; the call for side events has its own
    (``sessions.views.workspace_call``)."""

    target: str
    list_url: str
    new_url: str
    edit_url: str
    slug_kwarg: str
    nav_template: str
    nav_current: str
    title: str
    intro: str
    empty: str

    def url(self, name: str, event: Event, **kwargs) -> str:
        return reverse(name, kwargs={self.slug_kwarg: event.slug, **kwargs})


REGISTRATION_QUESTIONS = QuestionEditor(
    target=QuestionTarget.REGISTRATION,
    list_url="manage:questions",
    new_url="manage:question_new",
    edit_url="manage:question_edit",
    slug_kwarg="slug",
    nav_template="registrations/manage/registrations_nav.html",
    nav_current="questions",
    title=gettext_lazy("Registration questions"),
    intro=gettext_lazy(
        "Your own questions on the registration form, after the standard fields. A question "
        "with answers can be edited but not change kind; an option someone chose is kept for "
        "their answer."
    ),
    empty=gettext_lazy("No questions yet: the form asks only the standard fields."),
)


def _question_action(request, event: Event, editor: QuestionEditor) -> None:
    """Move a question up or down, retire it or delete it (one without answers)."""
    try:
        question = question_get_for_organiser(
            event=event, pk=int(request.POST.get("question")), target=editor.target
        )
    except (TypeError, ValueError):
        raise Http404 from None
    action = request.POST.get("action")
    if action == "delete":
        if question_delete(question=question, user=request.user):
            messages.success(request, _("Question deleted."))
        else:
            messages.success(
                request, _("The question has answers: it is no longer asked, its answers kept.")
            )
    elif action in ("up", "down"):
        _move(event, question, up=action == "up", user=request.user, target=editor.target)


@transaction.atomic
def _move(event: Event, question: Question, *, up: bool, user, target: str) -> None:
    """Swap the question with its neighbour; the order is renumbered 0, 1, 2… on the way."""
    questions = question_list(event=event, target=target)
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for order, item in enumerate(questions):
        if item.order != order:
            question_update(question=item, order=order, user=user)


def questions_page(request, event: Event, editor: QuestionEditor):
    """The list of ``editor``'s questions, with their answer counts and actions."""
    if request.method == "POST":
        try:
            _question_action(request, event, editor)
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect(editor.url(editor.list_url, event))
    listed = question_list(event=event, target=editor.target)
    counts = answer_counts(event=event, target=editor.target)
    for question in listed:
        question.answer_count = counts.get(question.pk, 0)
        question.edit_url = editor.url(editor.edit_url, event, pk=question.pk)
    return render(
        request,
        "registrations/questions/list.html",
        {
            "event": event,
            "questions": listed,
            "editor": editor,
            "new_url": editor.url(editor.new_url, event),
            "with_categories": editor.target == QuestionTarget.REGISTRATION,
        },
    )


@registration_manager_required
def questions(request, event: Event):
    return questions_page(request, event, REGISTRATION_QUESTIONS)


def _save_options(forms_, *, question: Question, user) -> None:
    for form in forms_:
        if form.option is None:
            if form.has_text() and question.has_options:
                option_add(question=question, label=form.texts("label"), user=user)
            continue
        data = form.cleaned_data
        option_update(
            option=form.option,
            label=form.texts("label"),
            order=data.get("order"),
            active=True if data.get("offer") else None,
            user=user,
        )
        if data.get("remove"):
            option_retire(option=form.option, user=user)


def _render_edit(request, event, editor, *, form, options, question=None):
    return render(
        request,
        "registrations/questions/edit.html",
        {
            "event": event,
            "form": form,
            "options": options,
            "question": question,
            "editor": editor,
            "list_url": editor.url(editor.list_url, event),
        },
    )


def question_new_page(request, event: Event, editor: QuestionEditor):
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, event=event, target=editor.target)
    options = option_forms(data, event=event, question=None)
    if data is not None and form.is_valid() and all(o.is_valid() for o in options):
        try:
            question = question_create(
                event=event,
                kind=form.cleaned_data["kind"],
                label=form.texts("label"),
                help_text=form.texts("help_text"),
                required=form.cleaned_data["required"],
                personal=form.cleaned_data.get("personal", False),
                categories=form.cleaned_data.get("categories") or (),
                options=[o.texts("label") for o in options if o.has_text()],
                user=request.user,
                target=editor.target,
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request, _("Question “%(label)s” added.") % {"label": question.display_label}
            )
            return redirect(editor.url(editor.list_url, event))
    return _render_edit(request, event, editor, form=form, options=options)


@registration_manager_required
def question_new(request, event: Event):
    return question_new_page(request, event, REGISTRATION_QUESTIONS)


def question_edit_page(request, event: Event, pk: int, editor: QuestionEditor):
    question = question_get_for_organiser(event=event, pk=pk, target=editor.target)
    answered = answer_counts(event=event, target=editor.target).get(question.pk, 0) > 0
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(
        data, event=event, question=question, answered=answered, target=editor.target
    )
    options = option_forms(data, event=event, question=question)
    if data is not None and form.is_valid() and all(o.is_valid() for o in options):
        try:
            with transaction.atomic():
                question = question_update(
                    question=question,
                    kind=form.cleaned_data["kind"],
                    label=form.texts("label"),
                    help_text=form.texts("help_text"),
                    required=form.cleaned_data["required"],
                    personal=form.cleaned_data.get("personal"),
                    categories=form.cleaned_data.get("categories"),
                    order=form.cleaned_data.get("order"),
                    active=form.cleaned_data["active"],
                    user=request.user,
                )
                _save_options(options, question=question, user=request.user)
                question_options_check(question=question)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request, _("Question “%(label)s” saved.") % {"label": question.display_label}
            )
            return redirect(editor.url(editor.edit_url, event, pk=question.pk))
    return _render_edit(request, event, editor, form=form, options=options, question=question)


@registration_manager_required
def question_edit(request, event: Event, pk: int):
    return question_edit_page(request, event, pk, REGISTRATION_QUESTIONS)


@event_permission_required("registrations.change_registration")
def answer_file(request, event: Event, reference: str, question: int):
    """A registrant's file answer, downloaded (never shown as a page of this site). A
    personal question's file needs the personal-data permission too (else 404); another
    event's answer is a 404 (looked up before the method is checked)."""
    answer = answer_get_for_organiser(event=event, reference=reference, question_pk=question)
    if answer.question.personal and not request.user.has_perm(
        "registrations.view_personal_data", event
    ):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return private_download(
        answer.file.name,
        filename=answer.filename,
        content_type=answer.content_type,
        size=answer.size,
    )
