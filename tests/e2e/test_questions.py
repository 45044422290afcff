"""Registration questions in a browser: an organiser adds a choice question for one category
in two languages, the public form shows it only for that category, a registrant answers it in
French, and the organiser finds them by their answer."""

import pytest

from events.services.teams import team_add_member
from registrations.models import Answer, Question, Registration
from tests.browser import log_in
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, UserFactory


@pytest.fixture
def forum(transactional_db, settings):
    settings.FORUM_REGISTRATION_MIN_SECONDS = 0  # the robot types faster than people
    event = EventFactory(
        name="Mayoral Forum — Dakar",
        slug="dakar",
        registration_open=True,
        timezone="Africa/Dakar",
        host_city="Dakar",
        host_country="SN",
        languages=["en", "fr", "es"],
    )
    delegates = CategoryFactory(event=event, name="Delegate", name_fr="Délégué·e", order=1)
    observers = CategoryFactory(event=event, name="Observer", name_fr="Observateur·rice", order=2)
    OrganisationFactory(name="Ville de Grenoble", country="FR")
    secretariat = UserFactory(username="secretariat")
    team_add_member(
        event=event, team_name="Secretariat", user=secretariat, can_manage_registrations=True
    )
    return event, delegates, observers


def test_organiser_asks_a_question_of_one_category_and_finds_registrants_by_answer(
    live_server, page, forum, screenshot, axe_serious
):
    event, delegates, _observers = forum

    log_in(
        page,
        live_server,
        username="secretariat",
        next_path=f"/en/manage/{event.slug}/registrations/questions/new/",
    )
    form = page.locator("#question-form")
    form.get_by_label("Kind").select_option(label="Single choice")
    form.locator('[name="label_en"]').fill("Field visit on the third day")
    form.locator('[name="label_fr"]').fill("Visite de terrain du troisième jour")
    form.get_by_label("Delegate").check()
    form.get_by_label("Required").check()
    form.locator('[name="new-0-label_en"]').fill("Port of Dakar")
    form.locator('[name="new-0-label_fr"]').fill("Port de Dakar")
    form.locator('[name="new-1-label_en"]').fill("Thiaroye youth hub")
    form.locator('[name="new-1-label_fr"]').fill("Pôle jeunesse de Thiaroye")
    assert axe_serious(page) == []
    screenshot(page, "question-new")
    with page.expect_navigation():
        form.get_by_role("button", name="Save").click()
    question = Question.objects.get()
    assert (question.kind, question.label_fr, list(question.categories.all())) == (
        "choice",
        "Visite de terrain du troisième jour",
        [delegates],
    )
    assert "Field visit on the third day" in page.locator("main").inner_text()
    assert axe_serious(page) == []
    screenshot(page, "questions-list")

    # The public form asks it of delegates only.
    page.goto(f"{live_server.url}/fr/events/dakar/register/")
    visit = page.get_by_text("Visite de terrain du troisième jour")
    page.get_by_label("Catégorie").select_option(label="Observateur·rice")
    assert not visit.is_visible()
    page.get_by_label("Catégorie").select_option(label="Délégué·e")
    assert visit.is_visible()
    page.get_by_label("Prénom").fill("Claire")
    page.get_by_label("Nom de famille").fill("Martin")
    page.locator("#id_organisation_name").fill("Ville de Grenoble")
    page.get_by_label("Adresse électronique").fill("claire.martin@example.org")
    page.get_by_label("J’accepte").check()
    # Required: refused without an answer, with the French message on the question.
    page.get_by_role("button", name="S’inscrire").click()
    page.wait_for_selector(".has-error")
    assert (
        "Veuillez répondre à cette question." in page.locator("form[data-questions]").inner_text()
    )
    page.get_by_label("Pôle jeunesse de Thiaroye").check()
    page.get_by_label("J’accepte").check()
    assert axe_serious(page) == []
    screenshot(page, "register-question-fr")
    page.get_by_role("button", name="S’inscrire").click()
    page.wait_for_url(f"{live_server.url}/fr/r/**")
    assert "Pôle jeunesse de Thiaroye" in page.locator("main").inner_text()
    screenshot(page, "registration-answers-fr")
    answer = Answer.objects.get()
    hub = question.options.get(label_en="Thiaroye youth hub")
    assert (answer.registration, answer.value) == (Registration.objects.get(), [hub.pk])

    # The organiser filters the list by the answer.
    page.goto(f"{live_server.url}/en/manage/{event.slug}/registrations/?q{question.pk}={hub.pk}")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Thiaroye youth hub" in rows.first.inner_text()
    assert axe_serious(page) == []
    screenshot(page, "registrations-filtered-by-answer")
    assert page.js_errors == []
