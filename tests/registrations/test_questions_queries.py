"""Query counts of the pages that show answers: fixed whatever the number of registrations
(2 or 10) and of questions (1 or 5)."""

import pytest
from django.urls import reverse

from registrations.enums import QuestionKind as K
from registrations.selectors.questions import question_list
from registrations.services.questions import answers_clean, question_create
from registrations.services.registrations import registration_create
from tests.factories import CategoryFactory, EventFactory, person

pytestmark = pytest.mark.django_db

SIZES = [(2, 1), (10, 1), (2, 5), (10, 5)]


@pytest.fixture
def event():
    return EventFactory(slug="quito", registration_open=True, languages=["en", "fr"])


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(
        event, username="manager", can_manage_registrations=True, can_view_personal_data=True
    )
    client.force_login(user)
    return user


def populate(event, *, registrations: int, questions: int):
    """``questions`` choice questions (the first limited to the category, every other one
    personal), each answered by every registration. Returns (registrations, tokens, the first
    question)."""
    category = CategoryFactory(event=event, name="Delegate")
    asked = [
        question_create(
            event=event,
            kind=K.MULTIPLE_CHOICE,
            label={"en": f"Question {n}", "fr": f"Question {n} (fr)"},
            personal=n % 2 == 1,
            categories=[category] if n == 0 else [],
            options=[{"en": "A"}, {"en": "B"}],
            user=None,
        )
        for n in range(questions)
    ]
    listed = question_list(event=event)
    made, tokens = [], []
    for _ in range(registrations):
        raw = {q.pk: [str(o.pk) for o in q.options.all()] for q in asked}
        registration, token = registration_create(
            event=event,
            category_id=category.pk,
            person=person(),
            answers=answers_clean(listed, raw),
        )
        made.append(registration)
        tokens.append(token)
    return made, tokens, asked[0]


def url(name, event, **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": event.slug, **kwargs})


@pytest.mark.parametrize(("registrations", "questions"), SIZES)
def test_list_with_questions_query_count(
    client, event, manager, django_assert_num_queries, registrations, questions
):
    populate(event, registrations=registrations, questions=questions)

    # session, user, team flags, event, questions, options, categories, count, page,
    # answers, category/organisation/delegation choices, the credentials tab's pending count
    with django_assert_num_queries(14):
        response = client.get(url("registrations", event))

    page = response.context["page"].object_list
    assert len(page) == registrations
    assert page[0].answer_cells == ["A; B"] * questions


@pytest.mark.parametrize(("registrations", "questions"), SIZES)
def test_list_filtered_by_an_answer_query_count(
    client, event, manager, django_assert_num_queries, registrations, questions
):
    _made, _tokens, first = populate(event, registrations=registrations, questions=questions)
    option = first.options.first()

    with django_assert_num_queries(14):
        response = client.get(url("registrations", event), {f"q{first.pk}": option.pk})

    assert len(response.context["page"].object_list) == registrations


@pytest.mark.parametrize(("registrations", "questions"), SIZES)
def test_export_with_questions_query_count(
    client, event, manager, django_assert_num_queries, registrations, questions
):
    populate(event, registrations=registrations, questions=questions)

    # session, user, team flags, event, questions, options, categories, the rows, their
    # answers (one query per chunk of 2000 rows)
    with django_assert_num_queries(9):
        response = client.get(url("registrations_export", event))
        body = b"".join(response.streaming_content).decode("utf-8-sig")

    assert len(body.strip().splitlines()) == registrations + 1


@pytest.mark.parametrize(("registrations", "questions"), SIZES)
def test_detail_with_questions_query_count(
    client, event, manager, django_assert_num_queries, registrations, questions
):
    made, _tokens, _first = populate(event, registrations=registrations, questions=questions)

    # session, user, team flags, event, registration, transitions, questions, options,
    # categories, answers
    with django_assert_num_queries(12):
        response = client.get(url("registration_detail", event, reference=made[0].reference))

    assert [text for _q, _a, text in response.context["answers"]] == ["A; B"] * questions


@pytest.mark.parametrize(("registrations", "questions"), SIZES)
def test_manage_link_with_questions_query_count(
    client, event, django_assert_num_queries, registrations, questions
):
    _made, tokens, _first = populate(event, registrations=registrations, questions=questions)

    # the registration (with its event), questions, options, categories, answers, the
    # forum's documents
    with django_assert_num_queries(6):
        response = client.get(f"/en/r/{tokens[0]}/")

    assert len(response.context["answers"]) == questions


@pytest.mark.parametrize("questions", [1, 5])
def test_question_pages_query_count(client, event, manager, django_assert_num_queries, questions):
    _made, _tokens, first = populate(event, registrations=2, questions=questions)

    # session, user, team flags, event, questions, options, categories, answer counts
    with django_assert_num_queries(9):
        listed = client.get(url("questions", event))
    # session, user, event, team flags, the categories offered
    with django_assert_num_queries(6):
        new = client.get(url("question_new", event))
    # session, user, event, team flags, questions, options, categories, answer counts, the
    # categories offered
    with django_assert_num_queries(10):
        edit = client.get(url("question_edit", event, pk=first.pk))

    assert [q.answer_count for q in listed.context["questions"]] == [2] * questions
    assert len(new.context["options"]) == 3
    assert len(edit.context["options"]) == 2 + 3
