"""Every statement form a signatory, participant or organiser can POST, under hostile input:
never a server error, and a refused form writes nothing (shared values: tests/fuzz.py)."""

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outcomes.forms.statements import (
    AdoptForm,
    DelegationEndorseForm,
    PublicEndorseForm,
    StatementCreateForm,
    StatementSettingsForm,
    VersionForm,
)
from outcomes.models import Comment
from outcomes.services.comments import comment_create
from outcomes.services.endorsements import endorsement_submit
from outcomes.services.statements import statement_open_consultation
from tests.factories import CategoryFactory, OrganisationFactory, register
from tests.fuzz import fuzz, hostile, post_hostile

pytestmark = pytest.mark.django_db

STATEMENT = "/en/events/dakar/statements/dakar-declaration/"
MANAGE = "/en/manage/dakar/statements/"


def blank(form_class, prefix: str = "") -> dict:
    return {f"{prefix}{name}": "" for name in form_class.base_fields}


@pytest.fixture
def world(event, organiser, make_statement, head_of_delegation):
    open_statement = make_statement(event, organiser, state="open")
    consulted = statement_open_consultation(
        statement=make_statement(event, organiser, slug="consulted"), user=organiser
    )
    city = OrganisationFactory(name="City of Dakar", country="SN")
    endorsement, endorsement_token = endorsement_submit(
        statement=open_statement,
        organisation=city,
        honorific="",
        signatory_name="Signatory",
        signatory_title="Mayor",
        email="s@private.example",
        language="en",
    )
    participant, participant_token = register(CategoryFactory(event=event))
    comment_create(
        statement=consulted,
        registration=participant,
        language="en",
        section="preamble",
        body="Hm.",
    )
    return SimpleNamespace(
        open=open_statement,
        consulted=consulted,
        city=city,
        endorsement=endorsement,
        endorsement_token=endorsement_token,
        participant_token=participant_token,
        head_token=head_of_delegation[1],
        comment=Comment.objects.get(),
        organiser=organiser,
    )


def forms(w) -> dict[str, tuple[str, dict, bool]]:
    """name -> (url, plausible submission, organiser's form)."""
    open_pk, consulted_pk = w.open.pk, w.consulted.pk
    return {
        "public_endorse": (
            STATEMENT + "endorse/",
            {**blank(PublicEndorseForm), "organisation": str(w.city.pk), "email": "a@b.example"},
            False,
        ),
        "signatory_withdraw": (
            f"/en/endorsements/{w.endorsement_token}/",
            {"action": "withdraw", "reason": "Mistake"},
            False,
        ),
        "participant_comment": (
            f"/en/r/{w.participant_token}/statements/",
            {
                "action": "comment",
                "statement": str(consulted_pk),
                "section": "preamble",
                "body": "x",
            },
            False,
        ),
        "delegation_endorse": (
            f"/en/r/{w.head_token}/statements/",
            {
                "action": "endorse",
                "statement": str(open_pk),
                **blank(DelegationEndorseForm, f"s{open_pk}-"),
            },
            False,
        ),
        "delegation_withdraw": (
            f"/en/r/{w.head_token}/statements/",
            {"action": "withdraw", "statement": str(open_pk), f"w{open_pk}-reason": "x"},
            False,
        ),
        "organiser_new": (MANAGE + "new/", blank(StatementCreateForm), True),
        "organiser_settings": (
            MANAGE + "dakar-declaration/",
            {"action": "settings", **blank(StatementSettingsForm)},
            True,
        ),
        "organiser_adopt": (
            MANAGE + "consulted/",
            {"action": "adopt", **blank(AdoptForm)},
            True,
        ),
        "organiser_move": (
            MANAGE + "consulted/",
            {"action": "open", "note": ""},
            True,
        ),
        "organiser_version": (MANAGE + "consulted/versions/new/", blank(VersionForm), True),
        "organiser_answer": (
            MANAGE + "consulted/comments/",
            {"action": "answer", "comment": str(w.comment.pk), f"c{w.comment.pk}-answer": "OK"},
            True,
        ),
        "organiser_endorsement": (
            MANAGE + "dakar-declaration/endorsements/",
            {
                "action": "withdraw",
                "endorsement": str(w.endorsement.pk),
                f"e{w.endorsement.pk}-reason": "x",
            },
            True,
        ),
    }


NAMES = [
    "public_endorse",
    "signatory_withdraw",
    "participant_comment",
    "delegation_endorse",
    "delegation_withdraw",
    "organiser_new",
    "organiser_settings",
    "organiser_adopt",
    "organiser_move",
    "organiser_version",
    "organiser_answer",
    "organiser_endorsement",
]


@pytest.mark.parametrize("name", NAMES)
@fuzz
@given(data=st.data())
def test_form_survives_hostile_input(client, world, name, data):
    url, valid, organiser = forms(world)[name]
    if organiser:
        client.force_login(world.organiser)
    overrides = data.draw(hostile([*valid, "action"]))

    post_hostile(client, url, valid, overrides, apps=("outcomes",))
