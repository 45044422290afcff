"""The organisers' call page (settings, criteria) and the proposal form's questions editor."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from registrations.enums import QuestionKind, QuestionTarget
from registrations.models import Question
from registrations.services.questions import QuestionError, question_create
from sessions.models import CallForProposals, Review, ReviewCriterion, ReviewScore
from sessions.services.proposals import ProposalError, proposal_start, proposal_update
from tests.factories import CategoryFactory, UserFactory
from tests.sessions.proposals.conftest import details

pytestmark = pytest.mark.django_db

DAKAR = ZoneInfo("Africa/Dakar")


def url(suffix=""):
    return f"/en/manage/dakar-2031/call/{suffix}"


@pytest.fixture
def manager(client, dakar, organiser_of):
    client.force_login(organiser_of(dakar, can_manage_programme=True))
    return client


def settings_data(tracks, **overrides):
    return {
        "form": "call",
        "opens_at": "2031-01-05T09:00",
        "closes_at": "2031-02-01T18:00",
        "published": "on",
        "formats": ["side_event", "field_visit"],
        "tracks": [str(tracks[0].pk)],
        "languages": ["fr", "es"],
        "max_per_organisation": "3",
        "guidelines_fr": "Les villes d’abord.",
        "guidelines_en": "",
        "guidelines_es": "",
        **overrides,
    }


def test_only_programme_managers_get_in(client, dakar, organiser_of):
    client.force_login(organiser_of(dakar, can_manage_registrations=True))
    assert client.get(url()).status_code == 404
    assert client.get(url("questions/")).status_code == 404
    client.logout()
    assert client.get(url())["Location"] == "/en/accounts/login/?next=/en/manage/dakar-2031/call/"


def test_settings_create_the_call_with_times_in_the_event_zone(manager, dakar, tracks):
    response = manager.post(url(), settings_data(tracks))

    assert response["Location"] == url()
    call = CallForProposals.objects.get(event=dakar)
    assert (call.opens_at, call.closes_at) == (
        datetime(2031, 1, 5, 9, 0, tzinfo=DAKAR),
        datetime(2031, 2, 1, 18, 0, tzinfo=DAKAR),
    )
    assert (call.formats, call.languages, call.max_per_organisation) == (
        ["side_event", "field_visit"],
        ["fr", "es"],
        3,
    )
    assert [t.name for t in call.tracks.all()] == ["Water"]
    assert call.guidelines_fr == "Les villes d’abord."
    page = manager.get(url()).content.decode()
    assert 'value="2031-02-01T18:00"' in page
    assert "Times are in Africa/Dakar time" in page


def test_settings_refusal_shown_on_its_field(manager, dakar, tracks):
    response = manager.post(url(), settings_data(tracks, closes_at="2031-01-05T09:00"))

    assert "The call must close after it opens." in response.content.decode()
    assert not CallForProposals.objects.exists()


def test_criteria_added_edited_and_a_scored_one_kept(manager, call, propose):
    manager.post(
        url("criteria/"),
        {"criterion": "new", "criterion-new-name_en": "Reach", "criterion-new-weight": "4"},
    )
    reach = ReviewCriterion.objects.get(name_en="Reach")
    assert (reach.weight, reach.order) == (4, 2)

    manager.post(
        url("criteria/"),
        {
            "criterion": str(reach.pk),
            f"criterion-{reach.pk}-name_en": "Reach",
            f"criterion-{reach.pk}-name_fr": "Portée",
            f"criterion-{reach.pk}-weight": "2",
        },
    )
    reach.refresh_from_db()
    assert (reach.name_fr, reach.weight) == ("Portée", 2)

    proposal, _ = propose()
    review = Review.objects.create(proposal=proposal, reviewer=UserFactory())
    ReviewScore.objects.create(review=review, criterion=reach, score=3)
    response = manager.post(
        url("criteria/"), {"criterion": str(reach.pk), "action": "delete"}, follow=True
    )
    assert "Reviewers have already scored this criterion" in response.content.decode()
    assert ReviewCriterion.objects.filter(pk=reach.pk).exists()

    relevance = ReviewCriterion.objects.get(name_en="Relevance")
    manager.post(url("criteria/"), {"criterion": str(relevance.pk), "action": "delete"})
    assert not ReviewCriterion.objects.filter(pk=relevance.pk).exists()


def test_another_calls_criterion_is_not_found(manager, call):
    assert manager.post(url("criteria/"), {"criterion": "999999"}).status_code == 404


def test_nav_links_the_call(manager, call):
    page = manager.get("/en/manage/dakar-2031/tracks/").content.decode()

    assert 'href="/en/manage/dakar-2031/call/"' in page


def test_proposal_questions_editor_offers_no_file_and_no_category(manager, dakar):
    page = manager.get(url("questions/new/")).content.decode()

    kinds = re.findall(r'<option value="(\w+)"', page)
    assert "file" not in kinds and "text" in kinds
    assert 'name="categories"' not in page and 'name="personal"' not in page

    response = manager.post(
        url("questions/new/"),
        {"kind": "text", "label_en": "Budget?", "required": "on"},
    )
    assert response["Location"] == url("questions/")
    question = Question.objects.get()
    assert (question.target, question.required) == (QuestionTarget.PROPOSAL, True)
    listed = manager.get(url("questions/")).content.decode()
    assert f'href="{url(f"questions/{question.pk}/")}"' in listed
    assert "Budget?" in listed


def test_question_editors_keep_their_own_questions(manager, dakar, client, organiser_of):
    registration = question_create(event=dakar, kind=QuestionKind.TEXT, label={"en": "Diet?"})
    proposal = question_create(
        event=dakar, kind=QuestionKind.TEXT, label={"en": "Budget?"}, target=QuestionTarget.PROPOSAL
    )

    assert manager.get(url(f"questions/{registration.pk}/")).status_code == 404
    assert "Diet?" not in manager.get(url("questions/")).content.decode()
    client.force_login(organiser_of(dakar, can_manage_registrations=True))
    listed = client.get("/en/manage/dakar-2031/registrations/questions/").content.decode()
    assert ("Diet?" in listed, "Budget?" in listed) == (True, False)
    assert (
        client.get(f"/en/manage/dakar-2031/registrations/questions/{proposal.pk}/").status_code
        == 404
    )


def test_question_service_refuses_files_and_categories_for_proposals(dakar):
    with pytest.raises(QuestionError) as exc:
        question_create(
            event=dakar, kind=QuestionKind.FILE, label={"en": "CV"}, target=QuestionTarget.PROPOSAL
        )
    assert exc.value.code == "kind"
    with pytest.raises(QuestionError) as exc:
        question_create(
            event=dakar,
            kind=QuestionKind.TEXT,
            label={"en": "Why?"},
            categories=[CategoryFactory(event=dakar)],
            target=QuestionTarget.PROPOSAL,
        )
    assert exc.value.code == "categories"
    assert not Question.objects.exists()


def test_closing_minute_entered_in_quitos_zone_closes_at_that_minute_there(
    manager, dakar, tracks, monkeypatch
):
    """An event five hours behind UTC: 18:00 entered is 23:00 UTC, and the call refuses
    changes from that minute on, not from 18:00 UTC."""
    dakar.timezone = "America/Guayaquil"
    dakar.save(update_fields=["timezone"])
    manager.post(url(), settings_data(tracks, languages=["fr", "en"]))
    call = CallForProposals.objects.select_related("event").get(event=dakar)
    assert call.closes_at == datetime(2031, 2, 1, 23, 0, tzinfo=UTC)
    page = manager.get(url()).content.decode()
    assert 'value="2031-02-01T18:00"' in page
    assert "Times are in America/Guayaquil time" in page

    monkeypatch.setattr(timezone, "now", lambda: datetime(2031, 2, 1, 22, 59, 59, tzinfo=UTC))
    proposal, _token = proposal_start(call=call, details=details(call, track=tracks[0]))
    proposal_update(proposal=proposal, details=details(call, track=tracks[0]), speakers=[])

    monkeypatch.setattr(timezone, "now", lambda: datetime(2031, 2, 1, 23, 0, 0, tzinfo=UTC))
    with pytest.raises(ProposalError) as refused:
        proposal_update(proposal=proposal, details=details(call, track=tracks[0]), speakers=[])
    assert refused.value.code == "closed"
