"""An event's own registration questions: the organisers' writes, and registrants' answers.

Organisers: a question's kind never changes once it has answers; an option that was chosen is
retired (no longer offered), never deleted; a question with answers is retired, not deleted.
So every answer stays readable however the question is edited later. Each write is audited.

Registrants: ``answers_clean`` turns raw form values into typed answers (or refuses them,
one translated message per question); ``answers_write`` stores them in the caller's
transaction. A required yes/no question needs an answer, yes *or* no: "required" means
"answer it", never "agree".

Files: an answer's file is written to the private storage before the rows. A caller whose
transaction may still fail after ``answers_write`` (``registration_create``) wraps it in
``answer_files_stored``, which deletes the files again when the block raises; a file an
answer replaces or loses is deleted once the change commits.
"""

import contextlib
import datetime
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext

from events.models import AuditAction, Event
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import (
    clean_texts,
    content_write,
    merged_texts,
    mirror_text,
    texts_of,
    write_texts,
)
from forum.errors import ServiceError
from forum.storage import PERSONAL_PREFIX, file_discard, file_store
from forum.uploads import CheckedFile, UploadRefused, upload_check
from registrations.enums import ACTIVE_STATES, QuestionKind, QuestionTarget
from registrations.models import (
    Answer,
    Question,
    QuestionOption,
    Registration,
    RegistrationCategory,
)

TEXT_MAX = 300
LONG_TEXT_MAX = 5000
# Numbers: at most this many digits before and after the decimal point.
NUMBER_MAX = Decimal("1000000000000")  # 10^12, exclusive
NUMBER_PLACES = 4
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
ANSWER_FILE_MAX_BYTES = 10 * 1024 * 1024
YES, NO = "yes", "no"


class QuestionError(ServiceError):
    """A question or option an organiser cannot save as given; ``code`` names the field."""


class AnswersRefused(ServiceError):
    """Answers refused: ``errors`` is {question id: translated message}; nothing was written."""

    code = "answers"

    def __init__(self, errors: Mapping[int, str]):
        self.errors = dict(errors)
        super().__init__(next(iter(self.errors.values())))


# --- Organisers: questions and options -----------------------------------------------------------


def _texts(
    obj, *, label: Mapping[str, str], help_text: Mapping[str, str] | None, single_line=True
) -> dict[str, dict[str, str]]:
    """The label (and help text) in every language once written; refused if the label is
    left empty in every language."""
    model = type(obj)
    texts = {}
    given = {"label": label} if help_text is None else {"label": label, "help_text": help_text}
    for name, values in given.items():
        cleaned = clean_texts(
            values,
            field=name,
            max_length=model._meta.get_field(name).max_length,
            error=QuestionError,
            single_line=single_line,
        )
        texts[name] = merged_texts(obj, name, cleaned)
    if not any(texts["label"].values()):
        first = next(iter(label), "en")
        raise QuestionError(gettext("Write it in at least one language."), f"label_{first}")
    return texts


def _write_texts(obj, texts: dict[str, dict[str, str]]) -> list[str]:
    columns = []
    for name, values in texts.items():
        columns += write_texts(obj, name, values)
    return columns


def _categories_check(event: Event, categories: Iterable[RegistrationCategory]) -> list:
    categories = list(categories)
    if any(category.event_id != event.pk for category in categories):
        raise QuestionError(gettext("Choose categories of this event."), "categories")
    return categories


def _category_names(categories) -> list[str]:
    return sorted(str(category.display_name) for category in categories)


def _target_check(target: str, *, kind: str, categories: list) -> None:
    """A proposal's question asks no file (proposals take no uploads) and no category (a
    proposer has none)."""
    if target not in QuestionTarget.values:
        raise QuestionError(gettext("Choose the form that asks the question."), "target")
    if target == QuestionTarget.PROPOSAL:
        if kind == QuestionKind.FILE:
            raise QuestionError(gettext("A proposal's question cannot ask for a file."), "kind")
        if categories:
            raise QuestionError(
                gettext("A proposal's question is asked of every proposer."), "categories"
            )


def _answered(question: Question) -> bool:
    """Whether anyone answered ``question``: a registrant, or a proposer."""
    if question.target == QuestionTarget.PROPOSAL:
        return question.proposal_answers.exists()
    return question.answers.exists()


@transaction.atomic
def question_create(
    *,
    event: Event,
    kind: str,
    label: Mapping[str, str],
    help_text: Mapping[str, str] | None = None,
    required: bool = False,
    personal: bool = False,
    categories: Iterable[RegistrationCategory] = (),
    options: Iterable[Mapping[str, str]] = (),
    user=None,
    target: str = QuestionTarget.REGISTRATION,
) -> Question:
    """Add a question to ``event``'s ``target`` form (the registration form, or the call for
    side events) after its others; ``options`` (a choice question's, each {code: label}) in
    the order given."""
    if kind not in QuestionKind.values:
        raise QuestionError(gettext("Choose a kind of question."), "kind")
    categories = _categories_check(event, categories)
    _target_check(target, kind=kind, categories=categories)
    question = Question(event=event, kind=kind, required=required, personal=personal, target=target)
    texts = _texts(question, label=label, help_text=help_text or {})
    options = [
        option for option in options if any((text or "").strip() for text in option.values())
    ]
    if question.has_options and not options:
        raise QuestionError(gettext("A choice question needs at least one option."), "options")
    last = Question.objects.filter(event=event).order_by("-order").first()
    question.order = (last.order + 1) if last else 0
    _write_texts(question, texts)
    with content_write():
        question.save(force_insert=True)
    question.categories.set(categories)
    audit_record(
        event=event,
        obj=question,
        action=AuditAction.CREATED,
        actor=user,
        changes={
            **audit_diff({}, audit_snapshot(question)),
            "categories": [[], _category_names(categories)],
        },
    )
    if question.has_options:
        for labels in options:
            option_add(question=question, label=labels, user=user)
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    user,
    kind: str | None = None,
    label: Mapping[str, str] | None = None,
    help_text: Mapping[str, str] | None = None,
    required: bool | None = None,
    personal: bool | None = None,
    categories: Iterable[RegistrationCategory] | None = None,
    order: int | None = None,
    active: bool | None = None,
) -> Question:
    """Change what is given (None: keep). The kind is fixed once the question has answers:
    old answers would no longer read as what they were."""
    locked = Question.objects.select_for_update().select_related("event").get(pk=question.pk)
    event = locked.event
    before = audit_snapshot(locked)
    columns = []
    if label is not None or help_text is not None:
        texts = _texts(
            locked,
            label=label if label is not None else {},
            help_text=help_text if help_text is not None else {},
        )
        columns = _write_texts(locked, texts)
    if kind is not None and kind != locked.kind:
        if kind not in QuestionKind.values:
            raise QuestionError(gettext("Choose a kind of question."), "kind")
        _target_check(locked.target, kind=kind, categories=[])
        if _answered(locked):
            raise QuestionError(
                gettext("This question has answers: its kind can no longer change."), "kind"
            )
        locked.kind = kind
        columns.append("kind")
    for name, value in (
        ("required", required),
        ("personal", personal),
        ("order", order),
        ("active", active),
    ):
        if value is not None:
            setattr(locked, name, value)
            columns.append(name)
    if locked.order is not None and locked.order < 0:
        raise QuestionError(gettext("The order cannot be negative."), "order")
    with content_write():
        locked.save(update_fields=columns or None)
    changes = audit_diff(before, audit_snapshot(locked))
    if categories is not None:
        categories = _categories_check(event, categories)
        _target_check(locked.target, kind=locked.kind, categories=categories)
        old = _category_names(locked.categories.all())
        locked.categories.set(categories)
        new = _category_names(categories)
        if old != new:
            changes["categories"] = [old, new]
    audit_record(event=event, obj=locked, action=AuditAction.CHANGED, actor=user, changes=changes)
    return locked


def question_options_check(*, question: Question) -> None:
    """Refuse a choice question left without an option on offer. Call it at the end of the
    transaction that changed the question and its options (a kind changed to a choice
    comes with its first options)."""
    if question.has_options and not question.options.filter(active=True).exists():
        raise QuestionError(gettext("A choice question needs at least one option."), "options")


@transaction.atomic
def question_delete(*, question: Question, user) -> bool:
    """Delete a question nobody answered; one with answers is retired instead (no longer
    asked, its answers kept). Returns True when it was deleted."""
    locked = Question.objects.select_for_update().select_related("event").get(pk=question.pk)
    if _answered(locked):
        question_update(question=locked, user=user, active=False)
        return False
    audit_record(
        event=locked.event,
        obj=locked,
        action=AuditAction.DELETED,
        actor=user,
        changes=audit_diff(audit_snapshot(locked), {}),
    )
    locked.delete()
    return True


@transaction.atomic
def option_add(*, question: Question, label: Mapping[str, str], user) -> QuestionOption:
    """Offer one more option, after the question's others."""
    if not question.has_options:
        raise QuestionError(gettext("Only a choice question has options."), "options")
    option = QuestionOption(question=question)
    texts = _texts(option, label=label, help_text=None)
    last = question.options.order_by("-order").first()
    option.order = (last.order + 1) if last else 0
    _write_texts(option, texts)
    with content_write():
        option.save(force_insert=True)
    audit_record(
        event=question.event,
        obj=option,
        action=AuditAction.CREATED,
        actor=user,
        changes=audit_diff({}, audit_snapshot(option)),
    )
    return option


@transaction.atomic
def option_update(
    *,
    option: QuestionOption,
    user,
    label: Mapping[str, str] | None = None,
    order: int | None = None,
    active: bool | None = None,
) -> QuestionOption:
    """Relabel, reorder, retire (``active=False``) or offer again an option. Answers that
    chose it show its label as it is now."""
    locked = (
        QuestionOption.objects.select_for_update()
        .select_related("question__event")
        .get(pk=option.pk)
    )
    before = audit_snapshot(locked)
    columns = []
    if label is not None:
        columns += _write_texts(locked, _texts(locked, label=label, help_text=None))
    if order is not None:
        if order < 0:
            raise QuestionError(gettext("The order cannot be negative."), "order")
        locked.order = order
        columns.append("order")
    if active is not None:
        locked.active = active
        columns.append("active")
    if columns:
        with content_write():
            locked.save(update_fields=columns)
    audit_record(
        event=locked.question.event,
        obj=locked,
        action=AuditAction.CHANGED,
        actor=user,
        changes=audit_diff(before, audit_snapshot(locked)),
    )
    return locked


@transaction.atomic
def option_retire(*, option: QuestionOption, user) -> bool:
    """Take an option off the form: deleted when nobody chose it, else retired (kept, no
    longer offered, its answers readable). Returns True when it was deleted."""
    locked = (
        QuestionOption.objects.select_for_update()
        .select_related("question__event")
        .get(pk=option.pk)
    )
    if locked.answers.exists() or locked.proposal_answers.exists():
        option_update(option=locked, user=user, active=False)
        return False
    audit_record(
        event=locked.question.event,
        obj=locked,
        action=AuditAction.DELETED,
        actor=user,
        changes=audit_diff(audit_snapshot(locked), {}),
    )
    locked.delete()
    return True


# --- Registrants: answers -----------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerValue:
    """One typed answer: ``value`` as ``Answer.value`` stores it (text, a number as text, an
    ISO date, True/False, the chosen options' ids); ``options`` the chosen options; a file
    answer's checked ``upload`` and, once written to the storage, its ``stored_name``."""

    question: Question
    value: object = None
    options: tuple[QuestionOption, ...] = ()
    upload: CheckedFile | None = None
    stored_name: str = ""


def _blank(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple | set | frozenset):
        return not any(not _blank(item) for item in raw)
    return False


def _text(question: Question, raw, *, max_length: int, single_line: bool) -> AnswerValue:
    if not isinstance(raw, str):
        raise ValueError
    text = " ".join(raw.split()) if single_line else raw.strip()
    if len(text) > max_length:
        raise AnswerRefusal(
            gettext("At most %(max)d characters (it has %(count)d).")
            % {"max": max_length, "count": len(text)}
        )
    return AnswerValue(question, text)


def _number(question: Question, raw) -> AnswerValue:
    text = str(raw).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # a decimal comma
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise AnswerRefusal(gettext("Enter a number.")) from None
    if not number.is_finite():
        raise AnswerRefusal(gettext("Enter a number."))
    if abs(number) >= NUMBER_MAX:
        raise AnswerRefusal(gettext("Enter a smaller number."))
    if number.as_tuple().exponent < -NUMBER_PLACES:
        raise AnswerRefusal(
            gettext("Enter a number with at most %(places)d decimal places.")
            % {"places": NUMBER_PLACES}
        )
    text = format(number.normalize(), "f") if number != 0 else "0"
    return AnswerValue(question, text)


def _date(question: Question, raw) -> AnswerValue:
    if isinstance(raw, datetime.date):
        day = raw
    else:
        try:
            day = datetime.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise AnswerRefusal(gettext("Enter a date, such as 2026-05-31.")) from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise AnswerRefusal(
            gettext("Enter a date between %(first)s and %(last)s.")
            % {"first": DATE_MIN.isoformat(), "last": DATE_MAX.isoformat()}
        )
    return AnswerValue(question, day.isoformat())


def _options_chosen(question: Question, raw) -> list[QuestionOption]:
    values = raw if isinstance(raw, list | tuple | set | frozenset) else [raw]
    offered = {option.pk: option for option in question.options.all() if option.active}
    chosen = []
    for value in values:
        if _blank(value):
            continue
        try:
            option = offered[int(value)]
        except (KeyError, TypeError, ValueError):
            raise AnswerRefusal(gettext("Choose one of the options offered.")) from None
        if option not in chosen:
            chosen.append(option)
    return chosen


def _choice(question: Question, raw) -> AnswerValue:
    if isinstance(raw, list | tuple | set | frozenset):
        raise AnswerRefusal(gettext("Choose one of the options offered."))
    chosen = _options_chosen(question, raw)
    return AnswerValue(question, [chosen[0].pk], tuple(chosen))


def _multiple(question: Question, raw) -> AnswerValue:
    chosen = sorted(_options_chosen(question, raw), key=lambda o: (o.order, o.pk))
    return AnswerValue(question, [option.pk for option in chosen], tuple(chosen))


def _boolean(question: Question, raw) -> AnswerValue:
    if raw is True or raw is False:
        return AnswerValue(question, raw)
    value = str(raw).strip().lower()
    if value not in (YES, NO):
        raise AnswerRefusal(gettext("Answer yes or no."))
    return AnswerValue(question, value == YES)


def _file(question: Question, raw) -> AnswerValue:
    if not hasattr(raw, "read"):
        raise AnswerRefusal(gettext("Choose a file."))
    try:
        checked = upload_check(raw, max_bytes=ANSWER_FILE_MAX_BYTES)
    except UploadRefused as exc:
        raise AnswerRefusal(exc.message) from None
    return AnswerValue(question, checked.filename, upload=checked)


class AnswerRefusal(Exception):
    """One answer refused (internal: ``answers_clean`` collects them)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _answer_clean(question: Question, raw) -> AnswerValue:
    kind = question.kind
    try:
        if kind == QuestionKind.TEXT:
            return _text(question, raw, max_length=TEXT_MAX, single_line=True)
        if kind == QuestionKind.LONG_TEXT:
            return _text(question, raw, max_length=LONG_TEXT_MAX, single_line=False)
        if kind == QuestionKind.NUMBER:
            return _number(question, raw)
        if kind == QuestionKind.DATE:
            return _date(question, raw)
        if kind == QuestionKind.CHOICE:
            return _choice(question, raw)
        if kind == QuestionKind.MULTIPLE_CHOICE:
            return _multiple(question, raw)
        if kind == QuestionKind.BOOLEAN:
            return _boolean(question, raw)
        return _file(question, raw)
    except ValueError:
        raise AnswerRefusal(gettext("This answer cannot be read.")) from None


def answers_clean(
    questions: Iterable[Question],
    raw: Mapping[int, object],
    *,
    kept_files: Iterable[int] = (),
) -> dict[int, AnswerValue | None]:
    """Typed answers to ``questions`` (the ones asked: active, of the registrant's category,
    options prefetched or not) from ``raw`` ({question id: a string, a list of option ids, an
    uploaded file, True/False}); ids of other questions are ignored.

    Returns {question id: AnswerValue, or None for a question left blank (which clears an
    earlier answer)}; a file question left blank is left out (its earlier file is kept).
    ``kept_files``: ids of file questions already answered (a required one may stay blank).
    Raises ``AnswersRefused`` with every refusal, one translated message per question.
    """
    kept_files = set(kept_files)
    answers: dict[int, AnswerValue | None] = {}
    errors: dict[int, str] = {}
    for question in questions:
        value = raw.get(question.pk)
        if _blank(value):
            if question.kind == QuestionKind.FILE and question.pk in kept_files:
                continue
            if question.required:
                errors[question.pk] = gettext("Please answer this question.")
            elif question.kind != QuestionKind.FILE:
                answers[question.pk] = None
            continue
        try:
            answers[question.pk] = _answer_clean(question, value)
        except AnswerRefusal as exc:
            errors[question.pk] = exc.message
    if errors:
        raise AnswersRefused(errors)
    return answers


def _stored_name(answer: AnswerValue) -> str:
    question = answer.question
    return (
        f"{PERSONAL_PREFIX}answers/{question.event_id}/{question.pk}/"
        f"{secrets.token_urlsafe(12)}/{answer.upload.filename}"
    )


@contextlib.contextmanager
def answer_files_stored(
    answers: Mapping[int, AnswerValue | None],
) -> Iterator[dict[int, AnswerValue | None]]:
    """Write the answers' files to the private storage; yields the answers naming them. When
    the block raises (a refused registration, a rolled-back transaction), the files are
    deleted again. Use it outside the transaction that writes the rows."""
    stored: dict[int, AnswerValue | None] = {}
    names = []
    try:
        for pk, answer in answers.items():
            if answer is not None and answer.upload is not None and not answer.stored_name:
                name = file_store(_stored_name(answer), answer.upload.content)
                names.append(name)
                answer = replace(answer, stored_name=name)
            stored[pk] = answer
        yield stored
    except BaseException:
        for name in names:
            file_discard(name)
        raise


def answer_files_discard(answers: Mapping[int, AnswerValue | None]) -> None:
    """Delete the stored files of answers whose rows were never written."""
    for answer in answers.values():
        if answer is not None:
            file_discard(answer.stored_name)


def _discard_on_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: file_discard(name))


def _audit_name(question: Question) -> str:
    """How an audit entry names a question whose answer changed: its label in quotes (the
    answer itself is never recorded: it may be personal)."""
    return f"“{mirror_text(texts_of(question, 'label'))}”"


def answers_for_category(
    answers: Mapping[int, AnswerValue | None], *, category_id: int
) -> dict[int, AnswerValue | None]:
    """``answers`` without those to questions not asked of the category (questions read by
    ``question_list`` know their categories; others count as asked of everyone)."""
    return {
        pk: answer
        for pk, answer in answers.items()
        if answer is None
        or not getattr(answer.question, "category_ids", None)
        or category_id in answer.question.category_ids
    }


def answers_write(
    *,
    registration: Registration,
    answers: Mapping[int, AnswerValue | None],
    actor_label: str,
    user=None,
) -> list[Answer]:
    """Store ``registration``'s answers (from ``answers_clean``, their files stored by
    ``answer_files_stored``) inside the caller's transaction: new ones added, changed ones
    updated, blank ones (None) removed. A file an answer replaces or loses is deleted once the
    transaction commits. Answers to another event's questions are refused. The audit entry
    names the questions whose answer changed (never the answers: they may be personal).
    Returns the answers written."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("answers_write runs inside the caller's transaction")
    if not answers:
        return []
    if any(
        answer is not None and answer.question.event_id != registration.event_id
        for answer in answers.values()
    ):
        raise AnswersRefused(
            {pk: gettext("This question is not one of this event’s.") for pk in answers}
        )
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.filter(
            registration=registration, question_id__in=answers
        ).select_related("question")
    }
    written = []
    changed = []
    questions = {pk: value.question for pk, value in answers.items() if value is not None}
    questions.update(
        {answer.question_id: answer.question for answer in existing.values() if answer.pk}
    )
    for pk, value in answers.items():
        answer = existing.get(pk)
        if value is None:
            if answer is not None:
                _discard_on_commit(answer.file.name)
                answer.delete()
                changed.append(pk)
            continue
        if value.upload is not None and not value.stored_name:
            raise RuntimeError("store answers' files first, with answer_files_stored")
        if answer is None:
            answer = Answer(registration=registration, question=value.question)
        old_file = answer.file.name if answer.pk else ""
        same = answer.pk is not None and answer.value == value.value and value.upload is None
        answer.value = value.value
        if value.upload is not None:
            upload = value.upload
            answer.file.name = value.stored_name
            answer.filename = upload.filename
            answer.content_type = upload.content_type
            answer.size = upload.size
            answer.sha256 = upload.sha256
            _discard_on_commit(old_file)
        answer.save()
        if value.question.has_options:
            answer.options.set(value.options)
        written.append(answer)
        if not same:
            changed.append(pk)
    if changed:
        audit_record(
            event=registration.event,
            obj=registration,
            action=AuditAction.CHANGED,
            actor=user,
            actor_label=actor_label,
            changes={_audit_name(questions[pk]): [None, None] for pk in sorted(changed)},
        )
    return written


def answers_update(
    *,
    registration: Registration,
    answers: Mapping[int, AnswerValue | None],
    actor_label: str,
    user=None,
) -> list[Answer]:
    """A registrant (through the manage link) or an organiser changes a registration's
    answers: files stored first, the rows in one transaction, the files deleted again if it
    fails. Refused once the registration is no longer active."""
    if registration.state not in ACTIVE_STATES:
        raise QuestionError(
            gettext("This registration is no longer active: its answers cannot change."),
            "state",
        )
    with answer_files_stored(answers) as stored, transaction.atomic():
        return answers_write(
            registration=registration, answers=stored, actor_label=actor_label, user=user
        )
