import pytest

from outcomes.models import Comment, Endorsement
from outcomes.services.statements import statement_open_consultation
from tests.factories import CategoryFactory, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(event, organiser, make_statement):
    statement = make_statement(event, organiser, slug="draft-declaration")
    return statement_open_consultation(statement=statement, user=organiser)


@pytest.fixture
def participant(event):
    return register(CategoryFactory(event=event), language="en")


def test_manage_page_links_to_the_statements(client, participant):
    _registration, token = participant

    html = client.get(f"/en/r/{token}/").content.decode()

    assert f'href="/en/r/{token}/statements/" id="statements-link"' in html


def test_participant_comments_on_a_section_and_sees_the_answer(
    client, consultation, participant, organiser
):
    registration, token = participant
    url = f"/en/r/{token}/statements/"

    page = client.get(url + "?text=en")
    response = client.post(
        url,
        {
            "action": "comment",
            "statement": consultation.pk,
            "section": "services-for-all",
            "body": "Add housing.",
        },
    )

    assert b'<h3 id="section-our-commitments">Our commitments</h3>' in page.content
    assert response.status_code == 302
    assert response["Location"] == f"{url}?text=en#section-services-for-all"
    comment = Comment.objects.get()
    assert (comment.section, comment.section_title, comment.body, comment.language) == (
        "services-for-all",
        "Services for all",
        "Add housing.",
        "en",
    )
    assert (comment.registration, comment.version.number) == (registration, 1)
    client.force_login(organiser)
    client.post(
        "/en/manage/dakar/statements/draft-declaration/comments/",
        {"action": "answer", "comment": comment.pk, f"c{comment.pk}-answer": "Done in v2."},
    )
    client.logout()
    html = client.get(url + "?text=en").content.decode()
    assert "Add housing." in html and "Done in v2." in html


def test_participant_sees_only_own_comments(client, event, consultation, participant):
    _registration, token = participant
    other, other_token = register(CategoryFactory(event=event))
    client.post(
        f"/en/r/{other_token}/statements/",
        {
            "action": "comment",
            "statement": consultation.pk,
            "section": "preamble",
            "body": "Theirs",
        },
    )

    html = client.get(f"/en/r/{token}/statements/?text=en").content.decode()

    assert Comment.objects.get().registration == other
    assert "Theirs" not in html


def test_comment_on_an_unknown_section_is_refused(client, consultation, participant):
    _registration, token = participant

    response = client.post(
        f"/en/r/{token}/statements/",
        {"action": "comment", "statement": consultation.pk, "section": "nope", "body": "x"},
        follow=True,
    )

    assert b"That section does not exist in this version." in response.content
    assert Comment.objects.count() == 0


def test_head_of_delegation_endorses_in_one_step_from_the_link(
    client, open_statement, head_of_delegation
):
    registration, token = head_of_delegation
    url = f"/en/r/{token}/statements/"

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "endorse",
            "statement": open_statement.pk,
            f"s{open_statement.pk}-honorific": "Mayor",
            f"s{open_statement.pk}-signatory_name": "Joy Belmonte",
            f"s{open_statement.pk}-signatory_title": "Mayor of Quezon City",
            f"s{open_statement.pk}-authorised": "on",
        },
        follow=True,
    )

    assert 'value="Joy Belmonte"' in page and 'value="Mayor of Quezon City"' in page
    assert b"Thank you: your endorsement is now public." in response.content
    endorsement = Endorsement.objects.get()
    assert (endorsement.state, endorsement.registration, endorsement.method) == (
        "published",
        registration,
        "delegation",
    )
    withdrawn = client.post(
        url,
        {
            "action": "withdraw",
            "statement": open_statement.pk,
            f"w{open_statement.pk}-reason": "Signed by mistake",
        },
        follow=True,
    )
    assert b"The endorsement has been withdrawn." in withdrawn.content
    endorsement.refresh_from_db()
    assert (endorsement.state, endorsement.withdrawn_by) == ("withdrawn", "signatory")


def test_a_delegate_who_is_not_head_gets_the_public_form_link(client, open_statement, participant):
    _registration, token = participant

    html = client.get(f"/en/r/{token}/statements/").content.decode()

    assert "endorse-form" not in html
    assert 'href="/en/events/dakar/statements/dakar-declaration/endorse/"' in html


def test_invalid_manage_link_is_a_404(client):
    assert client.get("/en/r/nope/statements/").status_code == 404
