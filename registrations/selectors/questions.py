"""Reads of an event's own registration questions and of registrants' answers.

Each function costs a fixed number of queries: the questions (their event given, not
fetched), their options (retired ones too, so old answers stay readable) and their categories
come in three; a list of registrations gets its answers in one more.
"""

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from events.models import Event
from registrations.enums import QuestionKind, QuestionTarget
from registrations.models import Answer, Question, QuestionOption, RegistrationCategory

# Joins the options of a multiple-choice answer in lists and exports.
OPTIONS_SEPARATOR = "; "


def question_list(
    *, event: Event, active_only: bool = False, target: str = QuestionTarget.REGISTRATION
) -> list[Question]:
    """``event``'s questions asked on ``target``'s form in their order, with every option (``options.all()``, retired
    ones included) and the ids of the categories they are limited to (``category_ids``).

    Three queries; each question and option knows the event (its working languages) without
    another.
    """
    queryset = Question.objects.filter(event=event, target=target).prefetch_related(
        Prefetch("options", queryset=QuestionOption.objects.order_by("order", "pk")),
        Prefetch("categories", queryset=RegistrationCategory.objects.select_related("event")),
    )
    if active_only:
        queryset = queryset.filter(active=True)
    questions = list(queryset.order_by("order", "pk"))
    for question in questions:
        question.event = event
        question.category_ids = frozenset(c.pk for c in question.categories.all())
    return questions


def questions_asked(questions: Iterable[Question], *, category_id: int | None) -> list[Question]:
    """The active ``questions`` asked of a registrant of the category ``category_id``: those
    limited to no category, and those limited to it (None: only the former)."""
    return [
        question
        for question in questions
        if question.active and (not question.category_ids or category_id in question.category_ids)
    ]


def questions_visible(questions: Iterable[Question], *, personal: bool) -> list[Question]:
    """The questions whose answers a viewer sees: personal ones only with ``personal``."""
    return [question for question in questions if personal or not question.personal]


def answers_prefetch() -> Prefetch:
    """Prefetch of a registration's answers (one query for a page or a chunk of rows);
    ``answers_by_question`` reads them."""
    return Prefetch("answers", queryset=Answer.objects.order_by("pk"))


def answers_by_question(registration) -> dict[int, Answer]:
    """{question id: answer} of a registration whose answers were prefetched (kept on the
    registration: an export's columns ask once each)."""
    cached = registration.__dict__.get("_answers_by_question")
    if cached is None:
        cached = {answer.question_id: answer for answer in registration.answers.all()}
        registration.__dict__["_answers_by_question"] = cached
    return cached


def answers_for_registration(*, registration) -> dict[int, Answer]:
    """{question id: answer} of one registration, in one query."""
    return {
        answer.question_id: answer for answer in Answer.objects.filter(registration=registration)
    }


def option_ids(answer: Answer | None) -> list[int]:
    """The ids of the options an answer chose (its stored value: the ids, in order)."""
    if answer is None or answer.value is None:
        return []
    values = answer.value if isinstance(answer.value, list) else [answer.value]
    return [value for value in values if isinstance(value, int)]


def answer_text(question: Question, answer: Answer | None) -> str:
    """An answer as one line of text: the chosen options' labels (a retired or relabelled
    option by its label now), yes or no, a number or an ISO date as stored, a file's name.
    "" when there is no answer."""
    if answer is None:
        return ""
    if question.kind == QuestionKind.FILE:
        return answer.filename
    if question.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE):
        options = {option.pk: option for option in question.options.all()}
        return OPTIONS_SEPARATOR.join(
            str(options[pk].display_label) for pk in option_ids(answer) if pk in options
        )
    if question.kind == QuestionKind.BOOLEAN:
        if answer.value is None:
            return ""
        return gettext("yes") if answer.value else gettext("no")
    return "" if answer.value is None else str(answer.value)


def answer_rows(
    questions: Iterable[Question], answers: dict[int, Answer]
) -> list[tuple[Question, Answer | None, str]]:
    """(question, answer, text) for each of ``questions``, answered or not."""
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        rows.append((question, answer, answer_text(question, answer)))
    return rows


def question_categories(*, event: Event) -> QuerySet[RegistrationCategory]:
    return RegistrationCategory.objects.filter(event=event).order_by("order", "name_en")


def answer_counts(*, event: Event, target: str = QuestionTarget.REGISTRATION) -> dict[int, int]:
    """{question id: number of answers} of ``event``'s questions asked on ``target``'s form
    (a registration's answers, or a proposal's), in one query."""
    if target == QuestionTarget.PROPOSAL:
        rows = (
            Question.objects.filter(event=event, target=target)
            .annotate(count=Count("proposal_answers"))
            .values_list("pk", "count")
        )
        return {pk: count for pk, count in rows if count}
    rows = (
        Answer.objects.filter(question__event=event, question__target=target)
        .values("question")
        .annotate(count=Count("pk"))
        .values_list("question", "count")
    )
    return dict(rows)


def question_get_for_organiser(
    *, event: Event, pk: int, target: str = QuestionTarget.REGISTRATION
) -> Question:
    """One question of ``event`` asked on ``target``'s form, with its options and categories;
    another event's, or another form's, is a 404."""
    for question in question_list(event=event, target=target):
        if question.pk == pk:
            return question
    raise Http404


def answer_get_for_organiser(*, event: Event, reference: str, question_pk: int) -> Answer:
    """A registration's file answer to a question of ``event``; else 404."""
    answer = (
        Answer.objects.filter(
            registration__event=event,
            registration__reference=reference,
            question_id=question_pk,
            question__event=event,
        )
        .exclude(file="")
        .select_related("question")
        .first()
    )
    if answer is None:
        raise Http404
    return answer
