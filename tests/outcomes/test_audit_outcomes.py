"""Organisers' writes on outcome statements in the event's audit log: one entry each, with
old → new, through the organiser pages; the public's words are never copied."""

import re
from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType

from events.models import AuditEntry
from outcomes.models import Comment, Endorsement, Statement, StatementVersion
from outcomes.services.endorsements import endorsement_confirm, endorsement_submit
from outcomes.services.statements import statement_open_consultation
from tests.factories import CategoryFactory, OrganisationFactory, register

pytestmark = pytest.mark.django_db

BASE = "/en/manage/dakar/statements/"
STATEMENT = BASE + "dakar-declaration/"


@pytest.fixture
def organiser(event, organiser_of):
    return organiser_of(event, username="secretariat", can_manage_outcomes=True)


@pytest.fixture
def reader(event, organiser_of):
    """Someone who may read the audit log."""
    return organiser_of(event, username="auditor", can_change_event=True)


def _last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _new_entries(since: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk"))


def _entry(entry: AuditEntry) -> tuple:
    return (
        entry.action,
        entry.content_type.model_class(),
        entry.object_repr,
        entry.actor.username if entry.actor else None,
        entry.changes,
    )


def _newest_line(client, reader) -> str:
    """The newest line of the audit page, as its text reads."""
    client.force_login(reader)
    body = client.get("/en/manage/dakar/audit/").content.decode()
    first = re.search(r'<li class="audit-entry">(.*?)</li>', body, re.S).group(1)
    first = re.sub(r"<time[^>]*>.*?</time>", "", first, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", first)).split()).removeprefix("· ")


def endorse(statement, n):
    organisation = OrganisationFactory(
        name=f"City {n}", country="SN", official_domains="private.example"
    )
    _endorsement, token = endorsement_submit(
        statement=statement,
        organisation=organisation,
        honorific="",
        signatory_name=f"Signatory {n}",
        signatory_title="Mayor",
        email=f"s{n}@private.example",
        language="en",
    )
    return endorsement_confirm(token=token)


def test_creating_a_statement_records_one_entry(client, event, organiser, reader):
    client.force_login(organiser)
    since = _last_pk()

    client.post(
        BASE + "new/",
        {
            "title": "Dakar Mayors Declaration",
            "slug": "dakar-declaration",
            "summary": "What the mayors agreed.",
            "endorsing_kinds": ["local_authority"],
            "requires_approval": "on",
            "text_en": "## One\n\nText.",
            "text_fr": "",
            "text_es": "",
        },
    )

    assert [_entry(e) for e in _new_entries(since)] == [
        (
            "created",
            Statement,
            "Dakar Mayors Declaration",
            "secretariat",
            {
                "title": [None, "Dakar Mayors Declaration"],
                "slug": [None, "dakar-declaration"],
                "summary": [None, "What the mayors agreed."],
                "state": [None, "draft"],
                "endorsing_kinds": [None, ["local_authority"]],
                "requires_approval": [None, True],
            },
        )
    ]
    assert _newest_line(client, reader) == (
        "secretariat · created · Statement Dakar Mayors Declaration "
        "Changed fields Field Before After "
        "Title — Dakar Mayors Declaration "
        "Slug — dakar-declaration "
        "Summary — What the mayors agreed. "
        "State — Draft "
        "Organisation kinds that may endorse — local_authority "
        "Every endorsement needs an organiser's approval — yes"
    )


def test_each_state_move_and_the_adoption_record_old_and_new_state(
    client, event, organiser, reader, make_statement
):
    statement = make_statement(event, organiser)
    version = statement.versions.get()
    client.force_login(organiser)
    recorded = []

    for data in (
        {"action": "consultation", "note": ""},
        {"action": "draft", "note": "More work on section two"},
        {"action": "adopt", "version": version.pk, "adopted_on": "2031-03-05", "note": ""},
        {"action": "open", "note": ""},
        {"action": "close", "note": ""},
    ):
        since = _last_pk()
        client.post(STATEMENT, data)
        recorded.append([(*_entry(e), e.note) for e in _new_entries(since)])

    def moved(old, new, note="", **more):
        return [
            (
                "state_changed",
                Statement,
                "Dakar Mayors Declaration",
                "secretariat",
                {"state": [old, new], **more},
                note,
            )
        ]

    assert recorded == [
        moved("draft", "consultation"),
        moved("consultation", "draft", "More work on section two"),
        moved(
            "draft",
            "adopted",
            adopted_version=[None, "Dakar Mayors Declaration v1"],
            adopted_on=[None, "2031-03-05"],
        ),
        moved("adopted", "open"),
        moved("open", "closed"),
    ]
    assert _newest_line(client, reader) == (
        "secretariat · changed state · Statement Dakar Mayors Declaration "
        "Changed fields Field Before After State Open for endorsement Closed"
    )


def test_adoption_shows_the_version_and_day_on_the_page(
    client, event, organiser, reader, make_statement
):
    statement = make_statement(event, organiser)
    client.force_login(organiser)

    client.post(
        STATEMENT,
        {
            "action": "adopt",
            "version": statement.versions.get().pk,
            "adopted_on": "2031-03-05",
            "note": "",
        },
    )

    assert _newest_line(client, reader) == (
        "secretariat · changed state · Statement Dakar Mayors Declaration "
        "Changed fields Field Before After State Draft Adopted "
        "Adopted version — Dakar Mayors Declaration v1 Adopted on — 2031-03-05"
    )


def test_a_refused_move_records_nothing(client, event, organiser, make_statement):
    make_statement(event, organiser)
    client.force_login(organiser)
    since = _last_pk()

    client.post(STATEMENT, {"action": "close", "note": ""})

    assert _new_entries(since) == []


def test_settings_record_what_changed(client, event, organiser, reader, make_statement):
    make_statement(event, organiser)
    client.force_login(organiser)
    since = _last_pk()

    client.post(
        STATEMENT,
        {
            "action": "settings",
            "title": "Dakar Declaration",
            "summary": "",
            "endorsing_kinds": ["local_authority"],
            "requires_approval": "on",
        },
    )

    assert [_entry(e) for e in _new_entries(since)] == [
        (
            "changed",
            Statement,
            "Dakar Declaration",
            "secretariat",
            {
                "title": ["Dakar Mayors Declaration", "Dakar Declaration"],
                "endorsing_kinds": [
                    ["local_authority", "regional_authority"],
                    ["local_authority"],
                ],
            },
        )
    ]
    assert _newest_line(client, reader) == (
        "secretariat · changed · Statement Dakar Declaration Changed fields Field Before After "
        "Title Dakar Mayors Declaration Dakar Declaration "
        "Organisation kinds that may endorse local_authority, regional_authority local_authority"
    )


def test_a_new_version_records_its_number_note_and_which_texts_changed(
    client, event, organiser, reader, make_statement, texts
):
    make_statement(event, organiser)
    client.force_login(organiser)
    since = _last_pk()

    client.post(
        STATEMENT + "versions/new/",
        {
            "text_en": texts["en"] + "\nOne more line.",
            "text_fr": texts["fr"],
            "text_es": "",
            "note": "A line added",
        },
    )

    assert [_entry(e) for e in _new_entries(since)] == [
        (
            "created",
            StatementVersion,
            "Dakar Mayors Declaration v2",
            "secretariat",
            {"number": [None, 2], "note": [None, "A line added"], "text_en": [None, None]},
        )
    ]
    assert _newest_line(client, reader) == (
        "secretariat · created · Statement version Dakar Mayors Declaration v2 "
        "Changed fields Field Before After Number — 2 "
        "Text (English) changed (not shown) What changed — A line added"
    )


@pytest.fixture
def comment(event, organiser, make_statement):
    statement = statement_open_consultation(
        statement=make_statement(event, organiser), user=organiser
    )
    registration, _token = register(CategoryFactory(event=event))
    return Comment.objects.create(
        statement=statement,
        version=statement.versions.get(),
        registration=registration,
        language="en",
        section="our-commitments",
        section_title="Our commitments",
        body="My city's private numbers: 555-0100",
    )


def test_answering_a_comment_records_that_it_was_answered_not_the_words(
    client, comment, organiser, reader
):
    client.force_login(organiser)
    url = STATEMENT + "comments/"
    since = _last_pk()

    client.post(
        url, {"action": "answer", "comment": comment.pk, f"c{comment.pk}-answer": "Thanks, Ana"}
    )

    label = f"Dakar Mayors Declaration — Our commitments (#{comment.pk})"
    assert [_entry(e) for e in _new_entries(since)] == [
        ("answered", Comment, label, "secretariat", {"answer": [None, None]})
    ]
    line = _newest_line(client, reader)
    assert line == (
        f"secretariat · answered · Comment {label} "
        "Changed fields Field Before After Answer changed (not shown)"
    )
    assert "Thanks" not in line and "555-0100" not in line


def test_resolving_a_comment_records_when(client, event, comment, organiser, reader):
    client.force_login(organiser)
    since = _last_pk()

    client.post(STATEMENT + "comments/", {"action": "resolve", "comment": comment.pk})
    client.post(STATEMENT + "comments/", {"action": "resolve", "comment": comment.pk})  # refused

    comment.refresh_from_db()
    label = f"Dakar Mayors Declaration — Our commitments (#{comment.pk})"
    assert [_entry(e) for e in _new_entries(since)] == [
        (
            "resolved",
            Comment,
            label,
            "secretariat",
            {"resolved_at": [None, comment.resolved_at.isoformat()]},
        )
    ]
    line = _newest_line(client, reader)
    assert line.startswith(
        f"secretariat · resolved · Comment {label} Changed fields Field Before After Resolved — "
    )
    assert "555-0100" not in line


def test_approving_an_endorsement_records_state_and_method(
    client, event, organiser, reader, make_statement
):
    statement = make_statement(event, organiser, state="open", requires_approval=True)
    pending = endorse(statement, 1)
    client.force_login(organiser)
    since = _last_pk()

    client.post(STATEMENT + "endorsements/", {"action": "approve", "endorsement": pending.pk})
    client.post(STATEMENT + "endorsements/", {"action": "approve", "endorsement": pending.pk})

    assert [_entry(e) for e in _new_entries(since)] == [
        (
            "approved",
            Endorsement,
            "City 1 — Dakar Mayors Declaration",
            "secretariat",
            {"state": ["pending_approval", "published"]},
        )
    ]
    assert _newest_line(client, reader) == (
        "secretariat · approved · Endorsement City 1 — Dakar Mayors Declaration "
        "Changed fields Field Before After State Awaiting approval Published"
    )


def test_withdrawing_an_endorsement_records_the_reason_as_changed_only(
    client, event, organiser, reader, make_statement
):
    statement = make_statement(event, organiser, state="open", requires_approval=True)
    pending = endorse(statement, 1)
    client.force_login(organiser)
    since = _last_pk()

    client.post(
        STATEMENT + "endorsements/",
        {"action": "withdraw", "endorsement": pending.pk, f"e{pending.pk}-reason": "Signatory 1"},
    )

    assert [_entry(e) for e in _new_entries(since)] == [
        (
            "withdrawn",
            Endorsement,
            "City 1 — Dakar Mayors Declaration",
            "secretariat",
            {"state": ["pending_approval", "withdrawn"], "withdrawal_reason": [None, None]},
        )
    ]
    line = _newest_line(client, reader)
    assert line == (
        "secretariat · withdrawn · Endorsement City 1 — Dakar Mayors Declaration "
        "Changed fields Field Before After State Awaiting approval Withdrawn "
        "Reason for withdrawal changed (not shown)"
    )
    assert "Signatory 1" not in line


def test_what_signatories_do_themselves_is_not_an_organiser_write(event, organiser, make_statement):
    statement = make_statement(event, organiser, state="open", requires_approval=True)
    since = _last_pk()

    endorse(statement, 1)

    assert _new_entries(since) == []
    assert ContentType.objects.get_for_model(Endorsement) not in {
        e.content_type for e in AuditEntry.objects.all()
    }
