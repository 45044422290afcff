"""Registration questions on the pages: the public form, the manage link, the organisers' list,
filters, detail page, CSV export, file downloads, question pages and erasure."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registrations.enums import QuestionKind as K
from registrations.models import Answer, Question, Registration
from registrations.selectors.questions import question_list
from registrations.services.personal_data import registration_erase_personal_data
from registrations.services.questions import answers_clean, option_retire, question_create
from registrations.services.registrations import registration_create
from tests.documents.conftest import pdf_bytes
from tests.factories import CategoryFactory, EventFactory, person
from tests.registrations.registration_helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="quito", registration_open=True, languages=["en", "fr"])


@pytest.fixture
def delegates(event):
    return CategoryFactory(event=event, name="Delegate", order=1)


@pytest.fixture
def press(event):
    return CategoryFactory(event=event, name="Press", order=2)


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, username="manager", can_manage_registrations=True)
    client.force_login(user)
    return user


@pytest.fixture
def privileged(client, event, organiser_of):
    user = organiser_of(
        event, username="privileged", can_manage_registrations=True, can_view_personal_data=True
    )
    client.force_login(user)
    return user


def ask(event, kind, label, *, options=(), **kwargs):
    return question_create(
        event=event, kind=kind, label=label, options=[{"en": o} for o in options], **kwargs
    )


def manage_url(name, event, **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": event.slug, **kwargs})


def register_with(category, answers: dict, **person_kwargs):
    questions = question_list(event=category.event)
    registration, token = registration_create(
        event=category.event,
        category_id=category.pk,
        person=person(**person_kwargs),
        answers=answers_clean(questions, answers),
    )
    return registration, token


def pdf(name="cv.pdf"):
    return SimpleUploadedFile(name, pdf_bytes("CV"), content_type="application/pdf")


def exported(client, event) -> list[list[str]]:
    response = client.get(manage_url("registrations_export", event))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def field(pk):
    return f"question_{pk}"


def errors(response) -> dict:
    return {k: [str(m) for m in v] for k, v in response.context["form"].errors.items()}


@pytest.fixture
def meal(event):
    return ask(event, K.CHOICE, {"en": "Meal", "fr": "Repas"}, options=["Fish", "Vegetarian"])


@pytest.fixture
def income(event):
    return ask(event, K.NUMBER, {"en": "Income"}, personal=True)


# --- the public form -----------------------------------------------------------------------------


def test_register_form_shows_questions_with_categories_and_multipart(
    client, event, delegates, press
):
    ask(event, K.TEXT, {"en": "Newspaper", "fr": "Journal"}, categories=[press], required=True)
    ask(event, K.BOOLEAN, {"en": "First time?"})

    html = client.get("/fr/events/quito/register/").content.decode()

    assert 'enctype="multipart/form-data"' not in html  # no file question
    assert re.search(rf'<div data-question-block data-categories="{press.pk}">', html)
    assert "Journal" in html and "First time?" in html
    assert 'src="/static/registrations/questions.js"' in html
    assert "<script>" not in html  # no inline script (CSP)


def test_a_question_label_in_another_language_names_it(client, event, delegates):
    """A label with no French text falls back to English, marked so (lang, dir); a French
    one is not marked."""
    text = ask(event, K.TEXT, {"en": "Newspaper", "fr": "Journal"})
    ask(event, K.BOOLEAN, {"en": "First time?"})

    html = client.get("/fr/events/quito/register/").content.decode()

    assert re.findall(rf'<label for="id_question_{text.pk}"[^>]*>', html) == [
        f'<label for="id_question_{text.pk}">'
    ]
    assert re.findall(r"<legend[^>]*>First time\?", html) == [
        '<legend lang="en" dir="ltr">First time?'
    ]


def test_register_with_answers(client, event, delegates, meal):
    fish = meal.options.get(label_en="Fish")
    upload = ask(event, K.FILE, {"en": "CV"})

    response = client.post(
        "/en/events/quito/register/",
        {**form_data(delegates), field(meal.pk): str(fish.pk), field(upload.pk): pdf()},
    )

    assert response.status_code == 302
    registration = Registration.objects.get()
    answers = {a.question_id: a for a in registration.answers.all()}
    assert answers[meal.pk].value == [fish.pk]
    assert list(answers[meal.pk].options.all()) == [fish]
    assert answers[upload.pk].filename == "cv.pdf"


def test_register_form_with_a_file_question_is_multipart(client, event, delegates):
    ask(event, K.FILE, {"en": "CV"})

    html = client.get("/en/events/quito/register/").content.decode()

    assert 'enctype="multipart/form-data"' in html


def test_register_refused_answers_show_on_their_fields_and_register_nobody(
    client, event, delegates, meal
):
    number = ask(event, K.NUMBER, {"en": "Age"}, required=True)

    response = client.post(
        "/en/events/quito/register/",
        {**form_data(delegates), field(meal.pk): "999999", field(number.pk): ""},
    )

    assert errors(response) == {
        field(meal.pk): ["Choose one of the options offered."],
        field(number.pk): ["Please answer this question."],
    }
    assert Registration.objects.count() == 0


def test_register_requires_only_the_chosen_categorys_questions_and_ignores_others(
    client, event, delegates, press
):
    newspaper = ask(event, K.TEXT, {"en": "Newspaper"}, categories=[press], required=True)
    everyone = ask(event, K.TEXT, {"en": "City"})

    refused = client.post(
        "/en/events/quito/register/", {**form_data(press), field(newspaper.pk): ""}
    )
    accepted = client.post(
        "/en/events/quito/register/",
        {**form_data(delegates), field(newspaper.pk): "Ignored", field(everyone.pk): "Quito"},
    )

    assert errors(refused) == {field(newspaper.pk): ["Please answer this question."]}
    assert accepted.status_code == 302
    assert list(Answer.objects.values_list("question_id", "value")) == [(everyone.pk, "Quito")]


def test_register_ignores_another_events_question_id(client, event, delegates):
    elsewhere = ask(EventFactory(), K.TEXT, {"en": "Elsewhere"}, required=True)

    response = client.post(
        "/en/events/quito/register/", {**form_data(delegates), field(elsewhere.pk): "x"}
    )

    assert response.status_code == 302
    assert Answer.objects.count() == 0


# --- organisers' list, filters, detail, export ---------------------------------------------------


def test_list_shows_answers_personal_only_with_the_flag(
    client, event, delegates, meal, income, manager
):
    fish = meal.options.get(label_en="Fish")
    register_with(delegates, {meal.pk: str(fish.pk), income.pk: "1200"})

    response = client.get(manage_url("registrations", event))

    assert [str(q.display_label) for q in response.context["questions"]] == ["Meal"]
    (registration,) = response.context["page"].object_list
    assert registration.answer_cells == ["Fish"]
    # As a whole number: a timestamp's microseconds (".120030") may hold the digits.
    assert not re.search(r"\b1200\b", response.content.decode())


def test_list_shows_personal_answers_with_the_flag(
    client, event, delegates, meal, income, privileged
):
    register_with(delegates, {income.pk: "1200"})

    response = client.get(manage_url("registrations", event))

    (registration,) = response.context["page"].object_list
    assert registration.answer_cells == ["", "1200"]


def test_list_filters_by_a_choice_and_a_yes_no_answer(client, event, delegates, meal, manager):
    first = ask(event, K.BOOLEAN, {"en": "First time?"})
    fish, veg = meal.options.all()
    a, _ = register_with(delegates, {meal.pk: str(fish.pk), first.pk: "yes"})
    b, _ = register_with(delegates, {meal.pk: str(veg.pk), first.pk: "no"})
    c, _ = register_with(delegates, {meal.pk: str(fish.pk), first.pk: "no"})

    def listed(**params):
        response = client.get(manage_url("registrations", event), params)
        return sorted(r.reference for r in response.context["page"].object_list)

    assert listed(**{f"q{meal.pk}": fish.pk}) == sorted([a.reference, c.reference])
    assert listed(**{f"q{first.pk}": "no"}) == sorted([b.reference, c.reference])
    assert listed(**{f"q{meal.pk}": fish.pk, f"q{first.pk}": "no"}) == [c.reference]
    other = ask(event, K.CHOICE, {"en": "Other"}, options=["X"]).options.get()
    assert listed(**{f"q{meal.pk}": other.pk}) == []  # another question's option: invalid


def test_personal_question_has_no_filter_without_the_flag(client, event, delegates, manager):
    secret = ask(event, K.BOOLEAN, {"en": "Disability?"}, personal=True)

    response = client.get(manage_url("registrations", event))

    assert f"q{secret.pk}" not in response.context["filter"].filters


def test_export_has_one_column_per_question_with_exact_cells(
    client, event, delegates, meal, income, privileged
):
    multi = ask(event, K.MULTIPLE_CHOICE, {"en": "Sessions"}, options=["A", "B", "C"])
    flag = ask(event, K.BOOLEAN, {"en": "First time?"})
    day = ask(event, K.DATE, {"en": "Arrival"})
    upload = ask(event, K.FILE, {"en": "CV"})
    fish = meal.options.get(label_en="Fish")
    a, _b, c = multi.options.all()
    registration, _ = register_with(
        delegates,
        {
            meal.pk: str(fish.pk),
            income.pk: "1200.50",
            multi.pk: [str(c.pk), str(a.pk)],
            flag.pk: "no",
            day.pk: "2026-05-30",
            upload.pk: pdf(),
        },
    )

    rows = exported(client, event)

    header, row = rows
    assert header[-6:] == ["Meal", "Income", "Sessions", "First time?", "Arrival", "CV"]
    assert row[0] == registration.reference
    assert row[-6:] == ["Fish", "1200.5", "A; C", "no", "2026-05-30", "cv.pdf"]


def test_export_leaves_out_personal_questions_without_the_flag(
    client, event, delegates, meal, income, manager
):
    register_with(delegates, {income.pk: "1200"})

    header, row = exported(client, event)

    assert header[-1] == "Meal"
    assert "Income" not in header and "1200" not in row


def test_detail_shows_answers_personal_only_with_the_flag(
    client, event, delegates, meal, income, manager, organiser_of
):
    fish = meal.options.get(label_en="Fish")
    registration, _ = register_with(delegates, {meal.pk: str(fish.pk), income.pk: "1200"})
    url = manage_url("registration_detail", event, reference=registration.reference)

    shown = client.get(url)
    client.force_login(
        organiser_of(event, can_manage_registrations=True, can_view_personal_data=True)
    )
    shown_all = client.get(url)

    assert [(str(q.display_label), text) for q, _a, text in shown.context["answers"]] == [
        ("Meal", "Fish")
    ]
    assert not re.search(r"\b1200\b", shown.content.decode())
    assert [text for _q, _a, text in shown_all.context["answers"]] == ["Fish", "1200"]


def test_edited_question_keeps_old_answers_readable_on_the_pages(
    client, event, delegates, meal, manager
):
    fish = meal.options.get(label_en="Fish")
    registration, _ = register_with(delegates, {meal.pk: str(fish.pk)})
    client.post(
        manage_url("question_edit", event, pk=meal.pk),
        {
            "kind": K.TEXT,  # refused silently: the field is disabled once answered
            "label_en": "Main course",
            "label_fr": "",
            "help_text_en": "",
            "help_text_fr": "",
            "required": "on",
            "order": "0",
            "active": "on",
            f"option-{fish.pk}-label_en": "Fish of the day",
            f"option-{fish.pk}-label_fr": "",
            f"option-{fish.pk}-order": "0",
            f"option-{fish.pk}-remove": "on",
            f"option-{meal.options.get(label_en='Vegetarian').pk}-label_en": "Vegetarian",
            f"option-{meal.options.get(label_en='Vegetarian').pk}-order": "1",
            "new-0-label_en": "Tofu",
        },
    )

    meal.refresh_from_db()
    detail = client.get(manage_url("registration_detail", event, reference=registration.reference))
    assert (meal.kind, meal.label_en, meal.required) == (K.CHOICE, "Main course", True)
    assert [(o.label_en, o.active) for o in meal.options.all()] == [
        ("Fish of the day", False),
        ("Vegetarian", True),
        ("Tofu", True),
    ]
    assert [text for _q, _a, text in detail.context["answers"]] == ["Fish of the day"]


# --- organisers' question pages -------------------------------------------------------------------


def test_question_pages_create_list_and_remove(client, event, delegates, manager):
    response = client.post(
        manage_url("question_new", event),
        {
            "kind": K.CHOICE,
            "label_en": "Meal",
            "label_fr": "Repas",
            "categories": [delegates.pk],
            "new-0-label_en": "Fish",
            "new-0-label_fr": "Poisson",
            "new-1-label_en": "Vegetarian",
        },
    )

    question = Question.objects.get()
    assert response.status_code == 302
    assert (question.label_en, question.label_fr, list(question.categories.all())) == (
        "Meal",
        "Repas",
        [delegates],
    )
    assert [(o.label_en, o.label_fr) for o in question.options.all()] == [
        ("Fish", "Poisson"),
        ("Vegetarian", ""),
    ]
    page = client.get(manage_url("questions", event))
    assert [str(q.display_label) for q in page.context["questions"]] == ["Meal"]
    client.post(manage_url("questions", event), {"question": question.pk, "action": "delete"})
    assert Question.objects.count() == 0


def test_question_edit_shows_kind_disabled_once_answered(client, event, delegates, meal, manager):
    register_with(delegates, {meal.pk: str(meal.options.first().pk)})

    response = client.get(manage_url("question_edit", event, pk=meal.pk))

    assert response.context["form"].fields["kind"].disabled is True


def test_question_pages_of_another_event_are_404(client, event, manager):
    elsewhere = ask(EventFactory(), K.TEXT, {"en": "Elsewhere"})

    response = client.get(manage_url("question_edit", event, pk=elsewhere.pk))

    assert response.status_code == 404


# --- file answers -------------------------------------------------------------------------------


def test_file_answer_download_headers(client, event, delegates, manager):
    upload = ask(event, K.FILE, {"en": "CV"})
    registration, _ = register_with(delegates, {upload.pk: pdf()})

    response = client.get(
        manage_url("answer_file", event, reference=registration.reference, question=upload.pk)
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cv.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    response.close()


def test_personal_file_answer_needs_the_flag(client, event, delegates, manager, organiser_of):
    upload = ask(event, K.FILE, {"en": "Medical certificate"}, personal=True)
    registration, _ = register_with(delegates, {upload.pk: pdf()})
    url = manage_url("answer_file", event, reference=registration.reference, question=upload.pk)

    refused = client.get(url)
    client.force_login(
        organiser_of(event, can_manage_registrations=True, can_view_personal_data=True)
    )
    allowed = client.get(url)

    allowed.close()
    assert (refused.status_code, allowed.status_code) == (404, 200)


def test_erasure_removes_personal_answers_and_their_files(
    event, delegates, meal, django_capture_on_commit_callbacks, _documents_storage
):
    upload = ask(event, K.FILE, {"en": "Medical certificate"}, personal=True)
    registration, _ = register_with(
        delegates, {meal.pk: str(meal.options.first().pk), upload.pk: pdf()}
    )

    with django_capture_on_commit_callbacks(execute=True):
        registration_erase_personal_data(registration=registration)

    assert list(Answer.objects.values_list("question_id", flat=True)) == [meal.pk]
    assert [p for p in _documents_storage.rglob("*") if p.is_file()] == []


# --- the manage link ----------------------------------------------------------------------------


def test_manage_link_shows_and_saves_answers(client, event, delegates, meal):
    city = ask(event, K.TEXT, {"en": "City"}, required=True)
    fish, veg = meal.options.all()
    registration, token = register_with(delegates, {meal.pk: str(fish.pk), city.pk: "Quito"})

    page = client.get(f"/en/r/{token}/")
    refused = client.post(
        f"/en/r/{token}/", {"action": "answers", field(meal.pk): str(veg.pk), field(city.pk): ""}
    )
    saved = client.post(
        f"/en/r/{token}/",
        {"action": "answers", field(meal.pk): str(veg.pk), field(city.pk): "Cuenca"},
    )

    assert page.context["answers_form"][field(city.pk)].value() == "Quito"
    assert refused.context["answers_form"].errors == {
        field(city.pk): ["Please answer this question."]
    }
    assert saved.status_code == 302
    answers = {a.question_id: a.value for a in registration.answers.all()}
    assert answers == {meal.pk: [veg.pk], city.pk: "Cuenca"}


def test_manage_link_keeps_a_retired_option_chosen_earlier(client, event, delegates, meal):
    fish, _veg = meal.options.all()
    _registration, token = register_with(delegates, {meal.pk: str(fish.pk)})
    option_retire(option=fish, user=None)

    page = client.get(f"/en/r/{token}/")

    choices = page.context["answers_form"].fields[field(meal.pk)].widget.choices
    assert [label for _v, label in choices] == ["Fish", "Vegetarian"]


def test_manage_link_of_a_cancelled_registration_shows_answers_read_only(
    client, event, delegates, meal
):
    from registrations.services.registrations import registration_cancel

    registration, token = register_with(delegates, {meal.pk: str(meal.options.first().pk)})
    registration_cancel(registration=registration, actor_label="registrant")

    page = client.get(f"/en/r/{token}/")

    assert page.context["answers_form"] is None
    assert [text for _q, _a, text in page.context["answers"]] == ["Fish"]


def test_question_edit_to_a_choice_comes_with_its_options(client, event, manager):
    question = ask(event, K.TEXT, {"en": "Meal"})
    base = {"label_en": "Meal", "order": "0", "active": "on"}

    refused = client.post(
        manage_url("question_edit", event, pk=question.pk), {**base, "kind": K.CHOICE}
    )
    saved = client.post(
        manage_url("question_edit", event, pk=question.pk),
        {**base, "kind": K.CHOICE, "new-0-label_en": "Fish"},
    )

    assert refused.context["form"].errors == {
        "__all__": ["A choice question needs at least one option."]
    }
    assert saved.status_code == 302
    question.refresh_from_db()
    assert (question.kind, [o.label_en for o in question.options.all()]) == (K.CHOICE, ["Fish"])
