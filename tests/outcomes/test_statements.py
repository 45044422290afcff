from datetime import date

import pytest
from django.db import IntegrityError, transaction

from outcomes.enums import StatementState as S
from outcomes.models import Statement, StatementTransition
from outcomes.services import OutcomeError
from outcomes.services.statements import (
    InvalidTransition,
    statement_adopt,
    statement_close,
    statement_create,
    statement_open_consultation,
    statement_open_for_endorsement,
    statement_return_to_draft,
    statement_settings_update,
    statement_version_create,
)

pytestmark = pytest.mark.django_db


def log(statement):
    return list(
        StatementTransition.objects.filter(statement=statement).values_list(
            "from_state", "to_state", "version_number", "actor__username", "actor_label", "note"
        )
    )


def test_create_makes_a_draft_with_version_1(event, organiser, texts):
    statement = statement_create(
        event=event, title=" Dakar Mayors Declaration ", slug="dakar", texts=texts, user=organiser
    )

    assert (statement.state, statement.title, statement.endorsing_kinds) == (
        S.DRAFT,
        "Dakar Mayors Declaration",
        ["local_authority", "regional_authority"],
    )
    version = statement.versions.get()
    assert (version.number, version.languages, version.created_by) == (1, ["en", "fr"], organiser)
    assert log(statement) == [("", "draft", 1, organiser.username, "organiser", "")]


def test_create_refuses_a_taken_slug_and_empty_texts(event, organiser, texts):
    statement_create(event=event, title="A", slug="dakar", texts=texts, user=organiser)

    with pytest.raises(OutcomeError) as taken:
        statement_create(event=event, title="B", slug="dakar", texts=texts, user=organiser)
    with pytest.raises(OutcomeError) as empty:
        statement_create(event=event, title="C", slug="c", texts={"en": "  "}, user=organiser)

    assert (taken.value.code, empty.value.code) == ("slug", "empty")


def test_the_whole_workflow_is_logged_with_who_and_when(event, organiser, make_statement):
    statement = make_statement(event, organiser)

    statement = statement_open_consultation(statement=statement, user=organiser)
    statement = statement_return_to_draft(statement=statement, user=organiser, note="rework")
    statement = statement_open_consultation(statement=statement, user=organiser)
    v2 = statement_version_create(
        statement=statement, texts={"en": "## New\n\nText."}, note="after comments", user=organiser
    )
    statement = statement_adopt(
        statement=statement, version=v2, adopted_on=date(2031, 3, 5), user=organiser
    )
    statement = statement_open_for_endorsement(statement=statement, user=organiser)
    statement = statement_close(statement=statement, user=organiser, note="presented to GFMD")
    statement = statement_open_for_endorsement(statement=statement, user=organiser)

    statement.refresh_from_db()
    assert (statement.state, statement.adopted_version, statement.adopted_on) == (
        S.OPEN,
        v2,
        date(2031, 3, 5),
    )
    u = organiser.username
    assert log(statement) == [
        ("", "draft", 1, u, "organiser", ""),
        ("draft", "consultation", None, u, "organiser", ""),
        ("consultation", "draft", None, u, "organiser", "rework"),
        ("draft", "consultation", None, u, "organiser", ""),
        ("consultation", "adopted", 2, u, "organiser", ""),
        ("adopted", "open", None, u, "organiser", ""),
        ("open", "closed", None, u, "organiser", "presented to GFMD"),
        ("closed", "open", None, u, "organiser", ""),
    ]
    times = list(statement.transitions.values_list("at", flat=True))
    assert times == sorted(times) and all(times)


@pytest.mark.parametrize(
    ("reach", "move"),
    [
        ("draft", statement_open_for_endorsement),
        ("draft", statement_close),
        ("draft", statement_return_to_draft),
        ("adopted", statement_open_consultation),
        ("adopted", statement_close),
        ("open", statement_open_consultation),
        ("open", statement_return_to_draft),
        ("open", statement_open_for_endorsement),
    ],
)
def test_refused_transitions_change_nothing(event, organiser, make_statement, reach, move):
    statement = make_statement(event, organiser, state=reach)
    before = log(statement)

    with pytest.raises(InvalidTransition):
        move(statement=statement, user=organiser)

    assert Statement.objects.get(pk=statement.pk).state == reach
    assert log(statement) == before


def test_adopting_twice_or_another_statements_version_is_refused(event, organiser, make_statement):
    adopted = make_statement(event, organiser, state="adopted")
    other = make_statement(event, organiser, slug="other")

    with pytest.raises(InvalidTransition):
        statement_adopt(
            statement=adopted,
            version=adopted.versions.get(),
            adopted_on=date(2031, 1, 1),
            user=organiser,
        )
    with pytest.raises(OutcomeError) as foreign:
        statement_adopt(
            statement=other,
            version=adopted.versions.get(),
            adopted_on=date(2031, 1, 1),
            user=organiser,
        )

    assert foreign.value.code == "version"
    assert Statement.objects.get(pk=other.pk).state == S.DRAFT


def test_the_adopted_text_is_frozen(event, organiser, make_statement):
    statement = make_statement(event, organiser, state="open")

    with pytest.raises(InvalidTransition) as refused:
        statement_version_create(statement=statement, texts={"en": "changed"}, user=organiser)

    assert str(refused.value.message) == (
        "The statement is open for endorsement: its text can no longer change."
    )
    assert statement.versions.count() == 1


def test_versions_are_numbered_in_order(event, organiser, make_statement):
    statement = make_statement(event, organiser)

    numbers = [
        statement_version_create(statement=statement, texts={"es": f"v{i}"}, user=organiser).number
        for i in range(3)
    ]

    assert numbers == [2, 3, 4]
    assert statement.versions.get(number=4).text_es == "v2"


def test_database_refuses_an_adopted_state_without_its_text(event, organiser, make_statement):
    statement = make_statement(event, organiser)

    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(state=S.OPEN)


def test_settings_update_keeps_state_and_text(event, organiser, make_statement):
    statement = make_statement(event, organiser, state="open")

    statement_settings_update(
        statement=statement,
        title="Dakar Declaration",
        summary="Short.",
        endorsing_kinds=["local_authority", "civil_society"],
        requires_approval=True,
    )

    statement.refresh_from_db()
    assert (statement.title, statement.summary, statement.endorsing_kinds) == (
        "Dakar Declaration",
        "Short.",
        ["local_authority", "civil_society"],
    )
    assert (statement.state, statement.requires_approval) == (S.OPEN, True)
