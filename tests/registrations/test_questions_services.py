"""Registration questions: the organisers' writes and the typed checks of registrants' answers."""

import inspect

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import AuditEntry
from forum.storage import private_storage
from registrations.enums import QuestionKind as K
from registrations.models import Answer, Question, QuestionOption, Registration
from registrations.selectors.questions import answer_text, question_list
from registrations.services import questions as service
from registrations.services.questions import (
    AnswersRefused,
    QuestionError,
    answers_clean,
    answers_update,
    option_add,
    option_retire,
    option_update,
    question_create,
    question_delete,
    question_update,
)
from registrations.services.registrations import CategoryFull, registration_create
from tests.documents.conftest import pdf_bytes
from tests.factories import CategoryFactory, EventFactory, UserFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(registration_open=True, languages=["en", "fr"])


@pytest.fixture
def category(event):
    return CategoryFactory(event=event, name="Delegate")


@pytest.fixture
def user():
    return UserFactory()


def ask(event, kind, *, options=(), **kwargs):
    kwargs.setdefault("label", {"en": f"A {kind} question"})
    return question_create(
        event=event, kind=kind, options=[{"en": o} for o in options], user=None, **kwargs
    )


def cleaned(question, raw, **kwargs):
    (fresh,) = [q for q in question_list(event=question.event) if q.pk == question.pk]
    return answers_clean([fresh], {question.pk: raw}, **kwargs)[question.pk]


def refusal(question, raw, **kwargs):
    with pytest.raises(AnswersRefused) as caught:
        cleaned(question, raw, **kwargs)
    return caught.value.errors


def pdf(name="cv.pdf"):
    return SimpleUploadedFile(name, pdf_bytes("CV"), content_type="application/pdf")


# --- organisers' writes -------------------------------------------------------------------------


def test_question_create_writes_texts_options_categories_and_audits(event, category, user):
    question = question_create(
        event=event,
        kind=K.CHOICE,
        label={"en": "Meal", "fr": "Repas"},
        help_text={"en": "For the dinner"},
        required=True,
        personal=False,
        categories=[category],
        options=[{"en": "Fish", "fr": "Poisson"}, {"en": "Vegetarian"}],
        user=user,
    )

    question.refresh_from_db()
    assert (question.label_en, question.label_fr, question.help_text_en) == (
        "Meal",
        "Repas",
        "For the dinner",
    )
    assert list(question.categories.all()) == [category]
    assert [(o.label_en, o.label_fr, o.order) for o in question.options.all()] == [
        ("Fish", "Poisson", 0),
        ("Vegetarian", "", 1),
    ]
    entries = AuditEntry.objects.filter(event=event, actor=user)
    assert entries.count() == 3  # the question and its two options
    created = entries.get(object_id=str(question.pk), content_type__model="question")
    assert created.changes["label_fr"] == [None, "Repas"]
    assert created.changes["categories"] == [[], ["Delegate"]]


def test_question_create_refuses_a_blank_label_and_a_choice_without_options(event):
    with pytest.raises(QuestionError) as blank:
        question_create(event=event, kind=K.TEXT, label={"en": " "}, user=None)
    with pytest.raises(QuestionError) as no_options:
        question_create(event=event, kind=K.CHOICE, label={"en": "Meal"}, user=None)

    assert (blank.value.code, blank.value.message) == (
        "label_en",
        "Write it in at least one language.",
    )
    assert (no_options.value.code, no_options.value.message) == (
        "options",
        "A choice question needs at least one option.",
    )
    assert Question.objects.count() == 0


def test_question_refuses_another_events_category(event):
    other = CategoryFactory()

    with pytest.raises(QuestionError) as caught:
        ask(event, K.TEXT, categories=[other])

    assert caught.value.message == "Choose categories of this event."


def test_kind_change_allowed_before_answers_refused_after(event, category, user):
    question = ask(event, K.TEXT)
    question_update(question=question, kind=K.LONG_TEXT, user=user)
    _registration, _ = registration_create(
        event=event,
        category_id=category.pk,
        person=person(),
        answers=answers_clean(question_list(event=event), {question.pk: "Hello"}),
    )

    with pytest.raises(QuestionError) as caught:
        question_update(question=question, kind=K.NUMBER, user=user)

    question.refresh_from_db()
    assert question.kind == K.LONG_TEXT
    assert (caught.value.code, caught.value.message) == (
        "kind",
        "This question has answers: its kind can no longer change.",
    )


def test_option_chosen_is_retired_unchosen_is_deleted(event, category):
    question = ask(event, K.MULTIPLE_CHOICE, options=["Fish", "Meat", "Tofu"])
    fish, _meat, tofu = question.options.all()
    registration_create(
        event=event,
        category_id=category.pk,
        person=person(),
        answers=answers_clean(question_list(event=event), {question.pk: [str(fish.pk)]}),
    )

    assert option_retire(option=fish, user=None) is False
    assert option_retire(option=tofu, user=None) is True

    assert [(o.label_en, o.active) for o in QuestionOption.objects.order_by("pk")] == [
        ("Fish", False),
        ("Meat", True),
    ]


def test_question_delete_only_without_answers_else_retired(event, category):
    unanswered = ask(event, K.TEXT, label={"en": "Unanswered"})
    answered = ask(event, K.TEXT, label={"en": "Answered"})
    registration_create(
        event=event,
        category_id=category.pk,
        person=person(),
        answers=answers_clean(question_list(event=event), {answered.pk: "Yes"}),
    )

    assert question_delete(question=unanswered, user=None) is True
    assert question_delete(question=answered, user=None) is False

    assert list(Question.objects.values_list("label_en", "active")) == [("Answered", False)]


def test_edited_question_keeps_old_answers_readable(event, category):
    question = ask(event, K.CHOICE, options=["Fish", "Meat"], label={"en": "Meal"})
    fish, _meat = question.options.all()
    registration, _ = registration_create(
        event=event,
        category_id=category.pk,
        person=person(),
        answers=answers_clean(question_list(event=event), {question.pk: str(fish.pk)}),
    )

    question_update(question=question, label={"en": "Main course"}, required=True, user=None)
    option_update(option=fish, label={"en": "Fish of the day"}, user=None)
    option_retire(option=fish, user=None)
    option_add(question=question, label={"en": "Tofu"}, user=None)

    (fresh,) = question_list(event=event)
    answer = Answer.objects.get(registration=registration)
    assert str(fresh.display_label) == "Main course"
    assert answer_text(fresh, answer) == "Fish of the day"
    assert [str(o.display_label) for o in fresh.options.all() if o.active] == ["Meat", "Tofu"]


# --- answers: each kind ---------------------------------------------------------------------------


def test_text_valid_collapses_spaces_and_refuses_beyond_300(event):
    question = ask(event, K.TEXT)

    assert cleaned(question, "  Deputy   mayor ").value == "Deputy mayor"
    assert refusal(question, "x" * 301) == {question.pk: "At most 300 characters (it has 301)."}


def test_long_text_keeps_lines_and_refuses_beyond_5000(event):
    question = ask(event, K.LONG_TEXT)

    assert cleaned(question, " One\nTwo ").value == "One\nTwo"
    assert refusal(question, "x" * 5001) == {question.pk: "At most 5000 characters (it has 5001)."}


@pytest.mark.parametrize(
    ("raw", "value"), [("42", "42"), ("3,50", "3.5"), ("-0.25", "-0.25"), ("1e3", "1000")]
)
def test_number_valid(event, raw, value):
    assert cleaned(ask(event, K.NUMBER), raw).value == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("many", "Enter a number."),
        ("NaN", "Enter a number."),
        ("Infinity", "Enter a number."),
        ("1000000000000", "Enter a smaller number."),
        ("1.23456", "Enter a number with at most 4 decimal places."),
    ],
)
def test_number_invalid(event, raw, message):
    question = ask(event, K.NUMBER)

    assert refusal(question, raw) == {question.pk: message}


def test_date_valid_and_invalid(event):
    question = ask(event, K.DATE)

    assert cleaned(question, "2026-05-31").value == "2026-05-31"
    assert refusal(question, "31/05/2026") == {question.pk: "Enter a date, such as 2026-05-31."}
    assert refusal(question, "1850-01-01") == {
        question.pk: "Enter a date between 1900-01-01 and 2100-12-31."
    }


def test_choice_accepts_an_active_option_of_this_question_only(event):
    question = ask(event, K.CHOICE, options=["Fish", "Meat"])
    other = ask(event, K.CHOICE, options=["Elsewhere"])
    fish, meat = question.options.all()
    option_update(option=meat, active=False, user=None)

    answer = cleaned(question, str(fish.pk))

    assert (answer.value, answer.options) == ([fish.pk], (fish,))
    message = "Choose one of the options offered."
    assert refusal(question, str(meat.pk)) == {question.pk: message}
    assert refusal(question, str(other.options.get().pk)) == {question.pk: message}
    assert refusal(question, "not a number") == {question.pk: message}
    assert refusal(question, [str(fish.pk)]) == {question.pk: message}


def test_multiple_choice_in_option_order_without_repeats(event):
    question = ask(event, K.MULTIPLE_CHOICE, options=["A", "B", "C"])
    a, _b, c = question.options.all()

    assert cleaned(question, [str(c.pk), str(a.pk), str(c.pk)]).value == [a.pk, c.pk]
    assert refusal(question, [str(a.pk), "99999"]) == {
        question.pk: "Choose one of the options offered."
    }


def test_boolean_yes_no_and_required_means_answered_not_yes(event):
    question = ask(event, K.BOOLEAN, required=True)

    assert cleaned(question, "yes").value is True
    assert cleaned(question, "no").value is False  # a required yes/no question may say no
    assert refusal(question, "maybe") == {question.pk: "Answer yes or no."}
    assert refusal(question, "") == {question.pk: "Please answer this question."}


def test_file_valid_pdf_and_refused_by_content(event):
    question = ask(event, K.FILE)

    answer = cleaned(question, pdf())
    refused = refusal(question, SimpleUploadedFile("cv.pdf", b"not a pdf at all"))

    assert (answer.value, answer.upload.content_type) == ("cv.pdf", "application/pdf")
    assert list(refused) == [question.pk]
    assert refused[question.pk] == (
        "This kind of file is not accepted. Accepted: PDF, Word, PowerPoint, Excel, "
        "OpenDocument, PNG, JPEG."
    )


def test_file_too_large_refused(event, monkeypatch):
    monkeypatch.setattr(service, "ANSWER_FILE_MAX_BYTES", 100)
    question = ask(event, K.FILE)

    refused = refusal(question, pdf())

    assert list(refused) == [question.pk]


def test_required_blank_refused_optional_blank_clears(event):
    required = ask(event, K.TEXT, required=True)
    optional = ask(event, K.TEXT)
    questions = question_list(event=event)

    with pytest.raises(AnswersRefused) as caught:
        answers_clean(questions, {required.pk: "  ", optional.pk: ""})
    answers = answers_clean(questions, {required.pk: "Here"})

    assert caught.value.errors == {required.pk: "Please answer this question."}
    assert answers[optional.pk] is None


def test_required_file_already_sent_may_stay_blank(event):
    question = ask(event, K.FILE, required=True)

    assert answers_clean(question_list(event=event), {}, kept_files=[question.pk]) == {}


def test_other_events_question_ids_are_ignored(event):
    question = ask(event, K.TEXT)
    elsewhere = ask(EventFactory(), K.TEXT)

    answers = answers_clean(question_list(event=event), {question.pk: "a", elsewhere.pk: "b"})

    assert list(answers) == [question.pk]


def test_messages_are_marked_for_translation():
    source = inspect.getsource(service)

    assert "from django.utils.translation import gettext" in source
    assert 'gettext("Please answer this question.")' in source
    assert 'gettext("Answer yes or no.")' in source


# --- writing -------------------------------------------------------------------------------------


def test_registration_and_answers_written_together(event, category):
    text = ask(event, K.TEXT)
    upload = ask(event, K.FILE)
    answers = answers_clean(question_list(event=event), {text.pk: "Hi", upload.pk: pdf()})

    registration, _ = registration_create(
        event=event, category_id=category.pk, person=person(), answers=answers
    )

    stored = {a.question_id: a for a in registration.answers.all()}
    assert stored[text.pk].value == "Hi"
    assert stored[upload.pk].filename == "cv.pdf"
    assert stored[upload.pk].file.name.startswith(f"personal/answers/{event.pk}/{upload.pk}/")
    assert private_storage().exists(stored[upload.pk].file.name)


def test_refused_registration_writes_no_answer_and_no_file(event, _documents_storage):
    full = CategoryFactory(event=event, capacity=0, waitlist_enabled=False)
    upload = ask(event, K.FILE)
    answers = answers_clean(question_list(event=event), {upload.pk: pdf()})

    with pytest.raises(CategoryFull):
        registration_create(event=event, category_id=full.pk, person=person(), answers=answers)

    assert (Registration.objects.count(), Answer.objects.count()) == (0, 0)
    assert [p for p in _documents_storage.rglob("*") if p.is_file()] == []


def test_answer_of_another_event_refused_registers_nobody(event, category):
    elsewhere = ask(EventFactory(), K.TEXT)
    answers = answers_clean(question_list(event=elsewhere.event), {elsewhere.pk: "x"})

    with pytest.raises(AnswersRefused):
        registration_create(event=event, category_id=category.pk, person=person(), answers=answers)

    assert (Registration.objects.count(), Answer.objects.count()) == (0, 0)


def test_answers_update_replaces_clears_and_discards_replaced_file(
    event, category, django_capture_on_commit_callbacks
):
    text = ask(event, K.TEXT)
    upload = ask(event, K.FILE)
    registration, _ = registration_create(
        event=event,
        category_id=category.pk,
        person=person(),
        answers=answers_clean(question_list(event=event), {text.pk: "Hi", upload.pk: pdf()}),
    )
    old_name = Answer.objects.get(question=upload).file.name

    with django_capture_on_commit_callbacks(execute=True):
        answers_update(
            registration=registration,
            answers=answers_clean(
                question_list(event=event), {text.pk: "", upload.pk: pdf("new.pdf")}
            ),
            actor_label="registrant",
        )

    answer = Answer.objects.get(registration=registration)
    assert (answer.question_id, answer.filename) == (upload.pk, "new.pdf")
    assert not private_storage().exists(old_name)
    assert private_storage().exists(answer.file.name)
    entry = AuditEntry.objects.filter(object_id=str(registration.pk)).latest("pk")
    assert entry.changes == {"“A text question”": [None, None], "“A file question”": [None, None]}


def test_registration_create_ignores_answers_to_another_categorys_questions(event, category):
    press = CategoryFactory(event=event, name="Press")
    newspaper = ask(event, K.TEXT, categories=[press])
    city = ask(event, K.TEXT)
    answers = answers_clean(question_list(event=event), {newspaper.pk: "Daily", city.pk: "Quito"})

    registration, _ = registration_create(
        event=event, category_id=category.pk, person=person(), answers=answers
    )

    assert list(registration.answers.values_list("question_id", "value")) == [(city.pk, "Quito")]
