from datetime import UTC, datetime

import pytest
from django.core import mail

from outcomes.models import Comment, Endorsement, Statement
from outcomes.services.endorsements import endorsement_confirm, endorsement_submit
from outcomes.services.statements import statement_open_consultation
from tests.factories import CategoryFactory, OrganisationFactory, register

pytestmark = pytest.mark.django_db

BASE = "/en/manage/dakar/statements/"


def endorse(statement, n, *, confirm=True):
    organisation = OrganisationFactory(
        name=f"City {n}", country="SN", official_domains="private.example"
    )
    endorsement, token = endorsement_submit(
        statement=statement,
        organisation=organisation,
        honorific="",
        signatory_name=f"Signatory {n}",
        signatory_title="Mayor",
        email=f"s{n}@private.example",
        language="en",
    )
    return endorsement_confirm(token=token) if confirm else endorsement


def test_pages_are_404_for_other_organisers_and_login_for_anonymous(
    client, event, organiser_of, open_statement
):
    programme_only = organiser_of(event, can_manage_programme=True)

    anonymous = client.get(BASE)
    client.force_login(programme_only)

    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for path in ("", "new/", "dakar-declaration/", "dakar-declaration/endorsements/"):
        assert client.get(BASE + path).status_code == 404


def test_create_then_move_through_every_state_with_buttons(client, organiser):
    client.force_login(organiser)

    created = client.post(
        BASE + "new/",
        {
            "title": "Dakar Mayors Declaration",
            "slug": "dakar-declaration",
            "summary": "",
            "endorsing_kinds": ["local_authority"],
            "text_en": "## One\n\nText.",
            "text_fr": "",
            "text_es": "",
        },
    )
    url = BASE + "dakar-declaration/"
    client.post(url, {"action": "consultation", "note": ""})
    client.post(
        url + "versions/new/",
        {"text_en": "## One\n\nBetter text.", "text_fr": "", "text_es": "", "note": "v2"},
    )
    statement = Statement.objects.get()
    client.post(
        url,
        {
            "action": "adopt",
            "version": statement.versions.get(number=2).pk,
            "adopted_on": "2031-03-05",
        },
    )
    client.post(url, {"action": "open", "note": ""})
    refused = client.post(url, {"action": "consultation", "note": ""}, follow=True)

    assert created.status_code == 302 and created["Location"] == url
    statement.refresh_from_db()
    assert (statement.state, statement.adopted_version.number, str(statement.adopted_on)) == (
        "open",
        2,
        "2031-03-05",
    )
    assert statement.endorsing_kinds == ["local_authority"]
    assert list(statement.transitions.values_list("to_state", "actor")) == [
        ("draft", organiser.pk),
        ("consultation", organiser.pk),
        ("adopted", organiser.pk),
        ("open", organiser.pk),
    ]
    assert (
        b"The statement is open for endorsement: it cannot become in consultation."
        in refused.content
    )


def test_comments_page_answers_and_resolves(client, event, organiser, make_statement):
    statement = statement_open_consultation(
        statement=make_statement(event, organiser), user=organiser
    )
    registration, token = register(CategoryFactory(event=event))
    client.post(
        f"/en/r/{token}/statements/",
        {"action": "comment", "statement": statement.pk, "section": "preamble", "body": "Hm."},
    )
    comment = Comment.objects.get()
    client.force_login(organiser)
    url = BASE + "dakar-declaration/comments/"

    page = client.get(url).content.decode()
    client.post(url, {"action": "answer", "comment": comment.pk, f"c{comment.pk}-answer": "OK"})
    client.post(url, {"action": "resolve", "comment": comment.pk})
    open_only = client.get(url).content.decode()
    everything = client.get(url + "?show=all").content.decode()

    assert "Hm." in page and registration.full_name in page
    comment.refresh_from_db()
    assert (comment.answer, comment.answered_by, comment.resolved_by) == (
        "OK",
        organiser,
        organiser,
    )
    assert "Hm." not in open_only and "Hm." in everything


def test_endorsements_page_approves_and_withdraws(
    client, event, organiser, make_statement, django_capture_on_commit_callbacks
):
    statement = make_statement(event, organiser, state="open", requires_approval=True)
    pending = endorse(statement, 1)
    client.force_login(organiser)
    url = BASE + "dakar-declaration/endorsements/"

    page = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "approve", "endorsement": pending.pk})
        client.post(
            url,
            {"action": "withdraw", "endorsement": pending.pk, f"e{pending.pk}-reason": "Duplicate"},
        )

    assert "s1@private.example" in page and "Awaiting approval" in page
    pending.refresh_from_db()
    assert (pending.state, pending.approved_by, pending.withdrawal_reason) == (
        "withdrawn",
        organiser,
        "Duplicate",
    )
    assert [m.subject for m in mail.outbox][-2:] == [
        "Endorsement published: Dakar Mayors Declaration",
        "Endorsement withdrawn: Dakar Mayors Declaration",
    ]


def test_endorsements_page_shows_the_method_and_the_evidence(
    client, event, organiser, make_statement
):
    statement = make_statement(event, organiser, state="open", requires_approval=False)
    city = OrganisationFactory(
        name="City of Kigali", country="RW", official_domains="kigalicity.gov.rw"
    )
    unproven, token = endorsement_submit(
        statement=statement,
        organisation=city,
        honorific="",
        signatory_name="Someone",
        signatory_title="Mayor",
        email="someone@gmail.com",
        language="en",
    )
    endorsement_confirm(token=token)
    proven = endorse(statement, 2)
    client.force_login(organiser)
    url = BASE + "dakar-declaration/endorsements/"

    page = client.get(url).content.decode()
    client.post(url, {"action": "approve", "endorsement": unproven.pk})

    row = page[page.index(f'id="endorsement-{unproven.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "No proof yet: needs your approval" in row
    assert "Address on gmail.com" in row
    assert "Organisation’s domains: kigalicity.gov.rw" in row and "Does not match" in row
    other = page[page.index(f'id="endorsement-{proven.pk}"') :]
    other = other[: other.index("</tr>")]
    assert "Official email domain" in other and "Matches" in other
    unproven.refresh_from_db()
    assert (unproven.state, unproven.method, unproven.approved_by) == (
        "published",
        "organisers",
        organiser,
    )


# --- Query counts (1 vs 3 endorsements: same count) ------------------------------------------


@pytest.fixture(params=[1, 3])
def count(request):
    return request.param


@pytest.fixture
def endorsed(open_statement, count):
    for n in range(count):
        endorse(open_statement, n)
        endorse(open_statement, f"pending-{n}", confirm=False)
    Endorsement.objects.update(published_at=datetime(2031, 4, 1, tzinfo=UTC))
    return open_statement


def test_public_statement_page_query_count(client, endorsed, count, django_assert_num_queries):
    # event, statement + adopted version, the version's sources, endorsements, the local
    # actions' approved texts (progress at each anniversary)
    with django_assert_num_queries(5):
        response = client.get("/en/events/dakar/statements/dakar-declaration/")

    assert response.content.decode().count("@private.example") == 0
    assert f"{count} signator" in response.content.decode()


def test_filtered_signatories_query_count(client, endorsed, count, django_assert_num_queries):
    with django_assert_num_queries(5):  # as above, the signatories filtered
        response = client.get("/en/events/dakar/statements/dakar-declaration/?region=africa")

    assert f"Showing {count} of {count} signatories." in response.content.decode()


def test_public_statement_list_query_count(client, endorsed, count, django_assert_num_queries):
    with django_assert_num_queries(2):  # event, statements with their counts
        response = client.get("/en/events/dakar/statements/")

    assert f"{count} signator" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # session, user, the user's teams, event; then the page's own reads
        ("", 5),  # statements with counts
        ("dakar-declaration/", 8),  # statement, versions, sources, transitions
        ("dakar-declaration/endorsements/", 6),  # statement, endorsements
        ("dakar-declaration/comments/", 6),  # statement, comments
    ],
)
def test_organiser_pages_query_count(
    client, endorsed, organiser, count, path, queries, django_assert_num_queries
):
    client.force_login(organiser)

    with django_assert_num_queries(queries):
        response = client.get(BASE + path)

    assert response.status_code == 200


def test_comments_page_query_count(
    client, event, organiser, make_statement, count, django_assert_num_queries
):
    statement = statement_open_consultation(
        statement=make_statement(event, organiser), user=organiser
    )
    category = CategoryFactory(event=event)
    for n in range(count):
        registration, _token = register(category, organisation=OrganisationFactory())
        Comment.objects.create(
            statement=statement,
            version=statement.versions.get(),
            registration=registration,
            language="en",
            section="preamble",
            section_title="Preamble",
            body=f"Comment {n}",
            answer="Noted",
            answered_by=organiser,
        )
    client.force_login(organiser)

    with django_assert_num_queries(6):
        response = client.get(BASE + "dakar-declaration/comments/?show=all")

    assert response.content.decode().count('class="comment-card"') == count


# --- Hostile ids on the organiser buttons: a 404, never a server error ----------------------


@pytest.mark.parametrize("bad_id", ["abc", "1.5", "", " 1", "9" * 30, "1\x00", "\u0661"])
def test_comment_and_endorsement_buttons_with_a_bad_id_answer_404(
    client, event, organiser, make_statement, bad_id
):
    statement = make_statement(event, organiser, state="open", requires_approval=True)
    pending = endorse(statement, 1)
    client.force_login(organiser)
    client.raise_request_exception = False
    base = BASE + "dakar-declaration/"

    answered = client.post(base + "comments/", {"action": "resolve", "comment": bad_id})
    approved = client.post(base + "endorsements/", {"action": "approve", "endorsement": bad_id})

    assert (answered.status_code, approved.status_code) == (404, 404)
    pending.refresh_from_db()
    assert (pending.state, pending.approved_by) == ("pending_approval", None)
