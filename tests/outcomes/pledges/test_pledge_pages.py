"""The signatory's pledge pages through the endorsement link, and the organisers' review."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes.models import Pledge, PledgeRevision
from outcomes.services.endorsements import endorsement_withdraw
from outcomes.services.pledges import pledge_create, pledge_update, revision_approve
from tests.outcomes.pledges.conftest import pledge_input

pytestmark = pytest.mark.django_db

FORM = {
    "title_fr": "Couloirs de bus",
    "title_en": "Bus lanes",
    "title_es": "",
    "description_fr": "Dix kilomètres.",
    "description_en": "",
    "description_es": "",
    "figure_label_fr": "",
    "figure_label_en": "people reached",
    "figure_label_es": "",
    "track": "",
    "status": "under_way",
    "target_date": "2032-06-30",
    "link": "https://grenoble.example/bus",
    "figure": "1500",
}


def link(token):
    return reverse("outcomes:endorsement_link", kwargs={"token": token})


def new_url(token):
    return reverse("outcomes:pledge_new", kwargs={"token": token})


def edit_url(token, code):
    return reverse("outcomes:pledge_edit", kwargs={"token": token, "code": code})


def manage_url(statement, name="pledges", **kwargs):
    return reverse(
        f"outcomes_manage:{name}",
        kwargs={"event_slug": statement.event.slug, "slug": statement.slug, **kwargs},
    )


def make_pledges(endorsement, count, organiser=None):
    pledges = []
    for i in range(count):
        pledge = pledge_create(
            endorsement=endorsement, data=pledge_input(titles={"en": f"Action {i}"})
        )
        if organiser is not None and i % 2:
            revision_approve(revision=pledge.revisions.get(), user=organiser)
            pledge_update(pledge=pledge, data=pledge_input(titles={"en": f"Action {i} bis"}))
        pledges.append(pledge)
    return pledges


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- The signatory's link ------------------------------------------------------------------


def test_link_page_lists_the_signatorys_pledges_with_their_state(client, endorsed, organiser):
    endorsement, token = endorsed
    first, second = make_pledges(endorsement, 2, organiser)

    page = client.get(link(token)).content.decode()

    assert "Your local actions" in page
    assert f'href="{edit_url(token, first.code)}"' in page
    assert f'href="{edit_url(token, second.code)}"' in page
    assert "Action 1 bis" in page  # the latest text sent
    assert "A new text awaits review; the public sees the approved one." in page
    assert f'href="{new_url(token)}"' in page


def test_link_page_query_count_does_not_grow_with_pledges(
    client, endorse, organiser, django_assert_num_queries
):
    few, few_token = endorse()
    many, many_token = endorse(name="Quito", domain="quito.example")
    make_pledges(few, 2, organiser)
    make_pledges(many, 10, organiser)

    with django_assert_num_queries(LINK_QUERIES):
        client.get(link(few_token))
    with django_assert_num_queries(LINK_QUERIES):
        client.get(link(many_token))


LINK_QUERIES = 3


def test_pledge_new_creates_a_pending_pledge(client, endorsed, track):
    endorsement, token = endorsed

    response = client.post(new_url(token), {**FORM, "track": str(track.pk)})

    assert response.status_code == 302
    assert response["Location"] == link(token) + "#pledges"
    pledge = Pledge.objects.get()
    revision = pledge.revisions.get()
    assert (pledge.endorsement, pledge.state) == (endorsement, "pending")
    assert (revision.title_fr, revision.title_en, revision.description_fr) == (
        "Couloirs de bus",
        "Bus lanes",
        "Dix kilomètres.",
    )
    assert (revision.track, revision.status, str(revision.target_date), revision.figure) == (
        track,
        "under_way",
        "2032-06-30",
        1500,
    )


def test_pledge_new_form_shows_the_working_languages_side_by_side(client, endorsed, track):
    _endorsement, token = endorsed

    page = client.get(new_url(token)).content.decode()

    for code in ("fr", "en", "es"):
        assert f'name="title_{code}"' in page
        assert f'lang="{code}"' in page
    assert f'<option value="{track.pk}">Climate mobility</option>' in page
    assert '<label for="id_figure"' in page


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"title_fr": "", "title_en": ""}, "Write it in at least one language."),
        ({"link": "http://grenoble.example/bus"}, "Enter a secure link starting with https://."),
        ({"figure": "-5"}, "Ensure this value is greater than or equal to 0."),
        ({"status": "finished"}, "Select a valid choice."),
    ],
)
def test_pledge_new_refuses_bad_input_and_writes_nothing(client, endorsed, changes, error):
    _endorsement, token = endorsed

    response = client.post(new_url(token), {**FORM, **changes})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert (Pledge.objects.count(), PledgeRevision.objects.count()) == (0, 0)


def test_pledge_pages_refuse_an_endorsement_awaiting_approval(client, endorse):
    _endorsement, token = endorse(official=False)

    assert "Your local actions" not in client.get(link(token)).content.decode()
    response = client.post(new_url(token), FORM)

    assert response.status_code == 403
    assert "once the endorsement is confirmed and public" in response.content.decode()
    assert Pledge.objects.count() == 0


def test_pledge_pages_refuse_a_withdrawn_endorsement(client, endorsed):
    endorsement, token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    endorsement_withdraw(endorsement=endorsement, actor_label="signatory", reason="No longer")

    refused_new = client.post(new_url(token), FORM)
    refused_edit = client.post(edit_url(token, pledge.code), {**FORM, "action": "update"})
    refused_withdraw = client.post(edit_url(token, pledge.code), {"action": "withdraw"})

    for response in (refused_new, refused_edit, refused_withdraw):
        assert response.status_code == 403
        assert "This endorsement has been withdrawn" in response.content.decode()
    assert (Pledge.objects.get().state, PledgeRevision.objects.count()) == ("pending", 1)


def test_pledge_pages_404_for_a_bad_token(client):
    response = client.get(new_url("not-a-token"))

    assert response.status_code == 404
    assert client.get(edit_url("not-a-token", "ABCDEF")).status_code == 404


def test_pledge_of_another_endorsement_is_not_found_through_this_link(client, endorse):
    _mine, my_token = endorse()
    theirs, _their_token = endorse(name="Quito", domain="quito.example")
    their_pledge = pledge_create(endorsement=theirs, data=pledge_input())

    assert client.get(edit_url(my_token, their_pledge.code)).status_code == 404
    response = client.post(edit_url(my_token, their_pledge.code), {"action": "withdraw"})

    assert response.status_code == 404
    assert (Pledge.objects.get().state, PledgeRevision.objects.count()) == ("pending", 1)


def test_pledge_edit_starts_from_the_latest_text_and_sends_a_new_revision(client, endorsed):
    endorsement, token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())

    page = client.get(edit_url(token, pledge.code)).content.decode()
    assert 'value="Couloirs de bus vers les camps"' in page
    assert 'value="https://grenoble.example/bus"' in page
    response = client.post(
        edit_url(token, pledge.code), {**FORM, "action": "update", "status": "done"}
    )

    assert response.status_code == 302
    assert list(pledge.revisions.values_list("number", "state", "status", "title_en")) == [
        (1, "superseded", "planned", "Bus lanes to the camps"),
        (2, "pending", "done", "Bus lanes"),
    ]


def test_pledge_edit_withdraws(client, endorsed):
    endorsement, token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())

    response = client.post(edit_url(token, pledge.code), {"action": "withdraw"})

    assert response.status_code == 302
    assert Pledge.objects.get().state == "withdrawn"
    page = client.get(edit_url(token, pledge.code)).content.decode()
    assert "This action has been withdrawn." in page
    assert 'name="title_en"' not in page


# --- Organisers ----------------------------------------------------------------------------


def test_moderation_list_shows_pending_first_with_counts(client, endorsed, organiser):
    endorsement, _token = endorsed
    quiet = pledge_create(endorsement=endorsement, data=pledge_input(titles={"en": "Quiet"}))
    revision_approve(revision=quiet.revisions.get(), user=organiser)
    waiting = pledge_create(endorsement=endorsement, data=pledge_input(titles={"en": "Waiting"}))
    client.force_login(organiser)

    page = client.get(manage_url(endorsement.statement)).content.decode()
    awaiting = client.get(manage_url(endorsement.statement) + "?state=awaiting").content.decode()

    assert page.index(f'id="pledge-{waiting.code}"') < page.index(f'id="pledge-{quiet.code}"')
    assert "<dt>Awaiting review</dt><dd>1</dd>" in page
    assert "<dt>Published</dt><dd>1</dd>" in page
    assert "<dt>All</dt><dd>2</dd>" in page
    assert f'id="pledge-{waiting.code}"' in awaiting
    assert f'id="pledge-{quiet.code}"' not in awaiting
    assert "maire@grenoble.example" not in page


def test_moderation_list_query_count_does_not_grow_with_pledges(
    client, endorse, organiser, make_statement, event, django_assert_num_queries
):
    few, _few_token = endorse()
    make_pledges(few, 2, organiser)
    client.force_login(organiser)
    url = manage_url(few.statement)

    with django_assert_num_queries(MODERATION_QUERIES):
        client.get(url)
    many, _many_token = endorse(name="Quito", domain="quito.example")
    make_pledges(many, 8, organiser)
    assert Pledge.objects.count() == 10
    with django_assert_num_queries(MODERATION_QUERIES):
        client.get(url)


MODERATION_QUERIES = 9


def test_pledge_page_approves_the_pending_text(client, endorsed, organiser):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    revision = pledge.revisions.get()
    client.force_login(organiser)
    url = manage_url(endorsement.statement, "pledge", code=pledge.code)

    page = client.get(url).content.decode()
    assert "Couloirs de bus vers les camps" in page or "Bus lanes to the camps" in page
    assert "Nothing of this action is public yet." in page
    response = client.post(url, {"action": "approve", "revision": revision.pk})

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.state, pledge.published_revision) == ("published", revision)


def test_pledge_page_rejects_with_a_reason_only(client, endorsed, organiser):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    revision = pledge.revisions.get()
    client.force_login(organiser)
    url = manage_url(endorsement.statement, "pledge", code=pledge.code)

    blank = client.post(url, {"action": "reject", "revision": revision.pk, "reason": ""})
    assert blank.status_code == 200
    assert "This field is required." in blank.content.decode()
    assert PledgeRevision.objects.get().state == "pending"
    response = client.post(url, {"action": "reject", "revision": revision.pk, "reason": "Vague"})

    assert response.status_code == 302
    assert list(PledgeRevision.objects.values_list("state", "reason")) == [("rejected", "Vague")]
    assert Pledge.objects.get().state == "rejected"


def test_pledge_page_of_another_statement_or_event_is_not_found(
    client, endorsed, organiser_of, other_event, organiser
):
    endorsement, _token = endorsed
    pledge = pledge_create(endorsement=endorsement, data=pledge_input())
    revision = pledge.revisions.get()
    intruder = organiser_of(other_event, can_manage_outcomes=True)
    client.force_login(intruder)
    statement = endorsement.statement

    for url in (
        manage_url(statement),
        manage_url(statement, "pledge", code=pledge.code),
        manage_url(statement, "pledges_csv"),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        manage_url(statement, "pledge", code=pledge.code),
        {"action": "approve", "revision": revision.pk},
    )
    assert response.status_code == 404
    assert PledgeRevision.objects.get().state == "pending"
    client.force_login(organiser)
    assert client.get(manage_url(statement, "pledge", code="NOPE22")).status_code == 404


def test_pledges_csv_has_latest_and_published_texts_without_the_signatorys_email(
    client, endorsed, organiser
):
    endorsement, _token = endorsed
    pledge = pledge_create(
        endorsement=endorsement, data=pledge_input(titles={"en": "=HYPERLINK(1)", "fr": "Un"})
    )
    revision_approve(revision=pledge.revisions.get(), user=organiser)
    pledge_update(pledge=pledge, data=pledge_input(titles={"en": "Two", "fr": "Deux"}))
    client.force_login(organiser)

    response = client.get(manage_url(endorsement.statement, "pledges_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    header, row = rows
    values = dict(zip(header, row, strict=True))
    assert values["Code"] == pledge.code
    assert values["Organisation"] == "Ville de Grenoble"
    assert (values["Latest text"], values["Latest text state"]) == ("2", "Awaiting review")
    assert (values["Latest title (fr)"], values["Latest title (en)"]) == ("Deux", "Two")
    assert (values["Published text"], values["Published title (en)"]) == ("1", "'=HYPERLINK(1)")
    assert (values["Status"], values["Figure"], values["Link"]) == (
        "Planned",
        "12000",
        "https://grenoble.example/bus",
    )
    assert "maire@grenoble.example" not in body
    assert "Piolle" not in body
