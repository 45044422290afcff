import pytest

from events.models import AuditEntry
from forum.markdown import markdown_to_html
from outcomes.models import StatementSource, StatementVersion
from outcomes.services import OutcomeError
from outcomes.services.compilation import NEW_SECTION, statement_compile
from outcomes.services.statements import statement_create, statement_version_create
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

M1 = {
    "en": "Cities plan for climate mobility.",
    "fr": "Les villes planifient la mobilité climatique.",
}
M2 = {"en": "Cities need direct access to climate finance."}
M3 = {"es": "Las ciudades protegen a los migrantes."}

EXPECTED_EN = """Cities gathered in Dakar declare the following.

## Our commitments

We will plan for people who move because of climate change.

- Cities plan for climate mobility.
- Las ciudades protegen a los migrantes. *(in Spanish)*

## Services for all

Every resident can reach **basic services**, whatever their status.

## Finance

- Cities need direct access to climate finance."""

EXPECTED_FR = """Les villes réunies à Dakar déclarent ce qui suit.

## Nos engagements

Nous planifierons pour les personnes qui se déplacent à cause du climat.

- Les villes planifient la mobilité climatique.
- Las ciudades protegen a los migrantes. *(en espagnol)*

## Finance

- Cities need direct access to climate finance. *(en anglais)*"""


@pytest.fixture
def statement(event, organiser, make_statement):
    return make_statement(event, organiser)


@pytest.fixture
def messages(event, make_report):
    first = make_report(event, "S1", [M1, M2])
    second = make_report(event, "S2", [M3])
    m1, m2 = first.messages.order_by("position")
    return m1, m2, second.messages.get()


def compiled(statement, organiser, messages, **kwargs):
    m1, m2, m3 = messages
    return statement_compile(
        statement=statement,
        picks=[(m1, "nos-engagements"), (m2, NEW_SECTION), (m3, "nos-engagements")],
        new_section_title="Finance",
        user=organiser,
        **kwargs,
    )


def state(statement):
    return (
        list(StatementVersion.objects.filter(statement=statement).values_list("number", flat=True)),
        list(StatementSource.objects.values_list("version_id", "message_id")),
        AuditEntry.objects.count(),
    )


def test_compile_adds_each_message_to_its_section_in_every_language(statement, organiser, messages):
    version = compiled(statement, organiser, messages, note="Key messages")

    assert (version.number, version.note, version.created_by) == (2, "Key messages", organiser)
    assert version.text_en == EXPECTED_EN
    assert version.text_fr == EXPECTED_FR
    assert version.text_es == ""
    m1, m2, m3 = messages
    assert sorted(version.sources.values_list("message_id", "section")) == sorted(
        [(m1.pk, "nos-engagements"), (m2.pk, "finance"), (m3.pk, "nos-engagements")]
    )
    entry = AuditEntry.objects.filter(object_id=str(version.pk)).get()
    assert entry.changes["number"] == [None, 2]


def test_compile_without_a_note_names_the_sessions(statement, organiser, messages):
    version = compiled(statement, organiser, messages)

    assert version.note == "Key messages of S1, S2"


def test_a_message_already_in_the_text_is_left_out(statement, organiser, messages):
    m1, _m2, _m3 = messages
    compiled(statement, organiser, messages)
    before = state(statement)

    with pytest.raises(OutcomeError) as refused:
        statement_compile(statement=statement, picks=[(m1, "nos-engagements")], user=organiser)

    assert refused.value.code == "empty"
    assert state(statement) == before


def test_sources_carry_forward_when_the_text_keeps_them(statement, organiser, messages):
    m1, _m2, m3 = messages
    v2 = compiled(statement, organiser, messages)
    texts = {
        code: v2.text(code).replace("- Cities need direct access to climate finance.", "")
        for code in ("en", "fr", "es")
    }
    texts["en"] = texts["en"].replace("## Our commitments", "## What we commit to")

    v3 = statement_version_create(statement=statement, texts=texts, user=organiser, note="v3")

    assert sorted(v3.sources.values_list("message_id", "section")) == sorted(
        [(m1.pk, "nos-engagements"), (m3.pk, "nos-engagements")]
    )
    assert v2.sources.count() == 3


def test_a_source_whose_message_is_only_in_another_language_is_kept(statement, organiser, messages):
    m1, _m2, _m3 = messages
    statement_compile(statement=statement, picks=[(m1, "preamble")], user=organiser)
    texts = {
        "en": "## New\n\nRewritten.",
        "fr": "Préambule.\n\n- Les villes planifient la mobilité climatique.",
        "es": "",
    }

    v3 = statement_version_create(statement=statement, texts=texts, user=organiser)

    assert list(v3.sources.values_list("message_id", "section")) == [(m1.pk, "preamble")]


@pytest.mark.parametrize("code", ["state", "empty", "not_accepted", "other_event", "heading"])
def test_refusals_write_nothing(event, organiser, make_statement, make_report, messages, code):
    statement = make_statement(event, organiser, state="adopted" if code == "state" else "draft")
    m1 = messages[0]
    picks = [(m1, "nos-engagements")]
    if code == "empty":
        picks = []
    elif code == "not_accepted":
        picks = [(make_report(event, "S9", [M2], state="submitted").messages.get(), "preamble")]
    elif code == "other_event":
        other = EventFactory()
        picks = [(make_report(other, "S8", [M2]).messages.get(), "preamble")]
    elif code == "heading":
        picks = [(m1, NEW_SECTION)]
    before = state(statement)

    with pytest.raises(OutcomeError) as refused:
        statement_compile(statement=statement, picks=picks, user=organiser)

    assert refused.value.code == ("empty" if code == "heading" else code)
    assert state(statement) == before


def test_a_message_after_a_numbered_list_starts_a_bulleted_list_of_its_own(
    event, organiser, messages
):
    """Written straight under "2. …", a "- …" line would read as the last number's words."""
    numbered = statement_create(
        event=event,
        title="Numbered",
        slug="numbered",
        texts={"en": "## Our commitments\n\n1. Plan.\n2. Include.\n"},
        user=organiser,
    )
    m1, _m2, _m3 = messages

    version = statement_compile(statement=numbered, picks=[(m1, "our-commitments")], user=organiser)

    assert version.text_en == (
        "## Our commitments\n\n1. Plan.\n2. Include.\n\n- Cities plan for climate mobility."
    )
    assert str(markdown_to_html(version.text_en)) == (
        "<h3>Our commitments</h3>\n<ol>\n<li>Plan.</li>\n<li>Include.</li>\n</ol>\n"
        "<ul>\n<li>Cities plan for climate mobility.</li>\n</ul>"
    )
