"""A side event from proposal to programme in a browser: a city proposes it in French through
the public call, a reviewer scores it without seeing who proposes, an organiser accepts it
and finds its draft session on the timetable, its speaker invited."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, ngettext

from events.enums import EventStatus
from events.services.teams import team_add_member
from forum.content import content_write
from registrations.enums import QuestionKind, QuestionTarget
from registrations.services.questions import question_create
from sessions.enums import ProposalState, SessionKind, SessionState
from sessions.models import (
    CallForProposals,
    Proposal,
    ProposalAnswer,
    Review,
    ReviewCriterion,
    Session,
)
from tests.browser import log_in
from tests.factories import EventFactory, OrganisationFactory, UserFactory
from tests.sessions.factories import RoomFactory, TrackFactory

EVENT_NAME = "Forum des maires — Dakar"
GUIDELINES_FR = "Les villes partagent ce qui marche pour l’eau, le logement et la mobilité."
TITLE_FR = "L’eau potable dans les quartiers informels"
ABSTRACT_FR = "Trois maires comparent leurs réseaux d’eau et ce qu’ils ont appris."


def in_french(message: str, **values) -> str:
    """``message`` as the French page shows it, whether or not the catalogue translates it."""
    with translation.override("fr"):
        text = gettext(message)
    return text % values if values else text


@pytest.fixture
def call(transactional_db):
    event = EventFactory(
        name=EVENT_NAME,
        slug="dakar",
        host_city="Dakar",
        host_country="SN",
        timezone="Africa/Dakar",
        languages=["fr", "en", "es"],
        start_date=date(2031, 3, 10),
        end_date=date(2031, 3, 12),
        status=EventStatus.PUBLISHED,
    )
    water = TrackFactory(event=event, name="Water", name_fr="Eau", order=0)
    housing = TrackFactory(event=event, name="Housing", name_fr="Logement", order=1)
    RoomFactory(event=event, name="Salle Gorée", capacity=120, order=1)
    RoomFactory(event=event, name="Salle Ngor", capacity=60, order=2)
    now = datetime.now(UTC)
    with content_write():
        call = CallForProposals.objects.create(
            event=event,
            opens_at=now - timedelta(days=10),
            closes_at=now + timedelta(days=10),
            published=True,
            guidelines_en="Cities share what works for water, housing and mobility.",
            guidelines_fr=GUIDELINES_FR,
            formats=[SessionKind.SIDE_EVENT.value, SessionKind.WORKSHOP.value],
            languages=["fr", "en", "es"],
            max_per_organisation=2,
            anonymise=True,
        )
        ReviewCriterion.objects.create(
            call=call, name_en="Relevance", name_fr="Pertinence", weight=3, order=0
        )
        ReviewCriterion.objects.create(
            call=call, name_en="Feasibility", name_fr="Faisabilité", weight=1, order=1
        )
        ReviewCriterion.objects.create(
            call=call, name_en="Diversity of speakers", name_fr="Diversité", weight=2, order=2
        )
    call.tracks.set([water, housing])
    question_create(
        event=event,
        kind=QuestionKind.TEXT,
        label={"fr": "De quel matériel avez-vous besoin ?", "en": "What equipment do you need?"},
        required=True,
        target=QuestionTarget.PROPOSAL,
    )
    OrganisationFactory(name="Ville de Saint-Louis", country="SN")
    team_add_member(
        event=event,
        team_name="Relecture",
        user=UserFactory(username="reviewer"),
        can_review_proposals=True,
    )
    team_add_member(
        event=event,
        team_name="Programme",
        user=UserFactory(username="aminata"),
        can_manage_programme=True,
    )
    return call


def test_city_proposes_in_french_reviewer_scores_organiser_accepts(
    live_server, page, call, screenshot, axe_serious
):
    event = call.event
    relevance, feasibility, diversity = call.criteria.order_by("order")
    question = event.questions.get(target=QuestionTarget.PROPOSAL)

    # (1) The city reads the call in French and starts a proposal.
    page.goto(f"{live_server.url}/fr/events/dakar/call/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#guidelines").inner_text().endswith(GUIDELINES_FR)
    assert [text.split(" ")[0] for text in page.locator("#criteria li").all_inner_texts()] == [
        "Pertinence",
        "Faisabilité",
        "Diversité",
    ]
    assert page.locator("#call-tracks").inner_text() == "Eau, Logement"
    assert axe_serious(page) == []
    screenshot(page, "proposal-call-fr")

    start = page.locator("#proposal-start")
    start.locator("#id_organisation").select_option(label="Ville de Saint-Louis")
    start.locator("#id_contact_name").fill("Fatou Sow")
    start.locator("#id_contact_position").fill("Chargée de la coopération")
    start.locator("#id_contact_email").fill("f.sow@saint-louis.sn")
    start.locator("#id_contact_language").select_option("fr")
    with page.expect_navigation():
        start.locator("button[type=submit]").click()
    assert page.url.startswith(f"{live_server.url}/fr/events/dakar/proposals/")
    assert page.locator(".messages").inner_text() == in_french(
        "Your draft proposal is saved. We have emailed its personal link to the contact "
        "person: use it to come back until the call closes."
    )
    proposal = Proposal.objects.get()
    assert (proposal.state, proposal.organisation.name, proposal.contact_language) == (
        ProposalState.DRAFT,
        "Ville de Saint-Louis",
        "fr",
    )

    # The side event itself, in French, and its speakers; saved as a draft first.
    form = page.locator("#proposal-form")
    form.locator("#id_title_fr").fill(TITLE_FR)
    form.locator("#id_abstract_fr").fill(ABSTRACT_FR)
    form.locator("#id_format").select_option(SessionKind.SIDE_EVENT.value)
    form.locator("#id_track").select_option(label="Eau")
    form.locator("input[name=languages][value=fr]").check()
    form.locator("input[name=interpretation_languages][value=en]").check()
    form.locator("#id_expected_attendance").fill("80")
    form.locator("#id_speakers-0-name").fill("Mansour Faye")
    form.locator("#id_speakers-0-position").fill("Maire")
    form.locator("#id_speakers-0-organisation_name").fill("Ville de Saint-Louis")
    form.locator("#id_speakers-0-email").fill("m.faye@saint-louis.sn")
    form.locator("#id_speakers-1-name").fill("Aïda Mbodj")
    form.locator(f"#id_question_{question.pk}").fill("Un écran et deux micros.")
    assert axe_serious(page) == []
    screenshot(page, "proposal-edit-fr")
    with page.expect_navigation():
        form.locator("button[name=action][value=save]").click()
    assert page.locator(".messages").inner_text() == in_french("Your proposal has been saved.")
    assert Proposal.objects.get().state == ProposalState.DRAFT

    with page.expect_navigation():
        page.locator("#proposal-form button[name=action][value=submit]").click()
    assert page.locator(".messages").inner_text() == in_french(
        "Thank you: your proposal has been submitted."
    )
    assert page.locator("#proposal-state").get_attribute("data-state") == "submitted"
    assert page.locator("#id_title_fr").input_value() == TITLE_FR
    assert axe_serious(page) == []
    screenshot(page, "proposal-submitted")

    proposal = Proposal.objects.get()
    assert (proposal.state, proposal.title_fr, proposal.abstract_fr, proposal.title_en) == (
        ProposalState.SUBMITTED,
        TITLE_FR,
        ABSTRACT_FR,
        "",
    )
    assert (proposal.format, proposal.track.name, proposal.languages) == (
        SessionKind.SIDE_EVENT.value,
        "Water",
        ["fr"],
    )
    assert (proposal.interpretation_languages, proposal.expected_attendance) == (["en"], 80)
    assert [(s.name, s.email) for s in proposal.speakers.order_by("order")] == [
        ("Mansour Faye", "m.faye@saint-louis.sn"),
        ("Aïda Mbodj", ""),
    ]
    assert list(ProposalAnswer.objects.values_list("question", "value")) == [
        (question.pk, "Un écran et deux micros.")
    ]

    # (2) A reviewer scores it, never seeing who proposes.
    log_in(page, live_server, username="reviewer", next_path="/en/manage/dakar/reviews/")
    queue = page.locator("#review-queue")
    assert queue.locator("tbody tr").count() == 1
    assert queue.locator(f"tr[data-proposal='{proposal.code}'] th a").inner_text() == TITLE_FR
    assert "Ville de Saint-Louis" not in page.content()
    assert axe_serious(page) == []
    screenshot(page, "review-queue")

    queue.get_by_role("link", name=TITLE_FR).click()
    page.wait_for_url(f"{live_server.url}/en/manage/dakar/reviews/{proposal.code}/")
    content = page.content()
    for hidden in ("Ville de Saint-Louis", "Fatou Sow", "Mansour Faye", "saint-louis.sn"):
        assert hidden not in content
    assert ABSTRACT_FR in page.locator("main").inner_text()
    assert page.locator("#proposal-languages").inner_text() == "French"
    for criterion, score in ((relevance, 4), (feasibility, 5), (diversity, 3)):
        page.locator(f"input[name=score_{criterion.pk}][value='{score}']").check()
    page.get_by_label("Comment").fill("Solid, concrete and well argued.")
    assert axe_serious(page) == []
    screenshot(page, "review-score")
    page.get_by_role("button", name="Save my review").click()
    page.wait_for_url(f"{live_server.url}/en/manage/dakar/reviews/")
    assert page.locator(".messages").inner_text() == (f"Your review of {proposal.code} is saved.")
    assert "Ville de Saint-Louis" not in page.content()

    review = Review.objects.get()
    # (4×3 + 5×1 + 3×2) / 6 = 3.8333…
    assert (review.proposal_id, review.reviewer.username, review.total) == (
        proposal.pk,
        "reviewer",
        Decimal("3.83"),
    )
    assert dict(review.scores.values_list("criterion", "score")) == {
        relevance.pk: 4,
        feasibility.pk: 5,
        diversity.pk: 3,
    }

    # (3) The organiser sees the mean score and accepts the proposal.
    log_in(page, live_server, username="aminata", next_path="/en/manage/dakar/proposals/")
    row = page.locator(f"#proposals tr[data-proposal-code='{proposal.code}']")
    assert row.locator("[data-score]").inner_text() == "3.83 ± 0.00"
    assert row.locator("[data-review-count]").inner_text() == "1"
    assert "Ville de Saint-Louis" in row.inner_text()
    assert axe_serious(page) == []
    screenshot(page, "proposals-overview")

    row.get_by_role("link", name=TITLE_FR).click()
    page.wait_for_url(f"{live_server.url}/en/manage/dakar/proposals/{proposal.code}/")
    decide = page.locator("#proposal-decide-form")
    decide.get_by_label("Decision").select_option(ProposalState.ACCEPTED.value)
    decide.get_by_label("Reason").fill("Strong fit with the water track.")
    assert axe_serious(page) == []
    mail.outbox.clear()
    with page.expect_navigation():
        decide.get_by_role("button", name="Decide").click()
    assert page.locator(".messages").inner_text() == (
        ngettext(
            "%(count)d proposal accepted: its draft session is in the workspace.",
            "%(count)d proposals accepted: their draft sessions are in the workspace.",
            1,
        )
        % {"count": 1}
    )
    assert page.locator("#proposal-state").inner_text() == "Accepted"
    session_link = page.locator("#proposal-session")
    assert TITLE_FR in session_link.inner_text()
    assert axe_serious(page) == []
    screenshot(page, "proposal-accept")

    proposal.refresh_from_db()
    session = Session.objects.get()
    assert (proposal.state, proposal.session_id, proposal.decision_note) == (
        ProposalState.ACCEPTED,
        session.pk,
        "Strong fit with the water track.",
    )
    assert (session.state, session.title_fr, session.kind, session.track.name) == (
        SessionState.DRAFT,
        TITLE_FR,
        SessionKind.SIDE_EVENT.value,
        "Water",
    )
    assert [r.speaker.name for r in session.roles.order_by("order")] == [
        "Mansour Faye",
        "Aïda Mbodj",
    ]
    # One decision email to the contact, one invitation to the speaker with an email (both in
    # the contact's language, French); the speaker without an email is not invited.
    with translation.override("fr"):
        accepted = gettext("Your side event proposal for %(event)s is accepted")
        invitation = gettext("Invitation to speak at %(event)s")
    assert sorted((m.to, m.subject) for m in mail.outbox) == [
        (["f.sow@saint-louis.sn"], accepted % {"event": EVENT_NAME}),
        (["m.faye@saint-louis.sn"], invitation % {"event": EVENT_NAME}),
    ]

    # (4) Its draft session waits beside the timetable's grid.
    page.goto(f"{live_server.url}/en/manage/dakar/timetable/")
    card = page.locator(f"#unscheduled [data-session-code='{session.code}']")
    assert card.locator(".tt-title").inner_text() == TITLE_FR
    assert card.locator(".meta").inner_text() == f"{session.code} · Side event · draft"
    assert "is-draft" in card.get_attribute("class")
    assert axe_serious(page) == []
    screenshot(page, "timetable-draft-side-event")
    assert page.js_errors == []
