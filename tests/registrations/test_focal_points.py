"""Focal points: designation and links, nominating within quotas, the focal point's page."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import AuditEntry
from registrations.enums import CreatedBy, LetterState
from registrations.enums import RegistrationState as S
from registrations.models import FocalPoint, NominationLetter, Registration
from registrations.services.focal_points import (
    focal_point_designate,
    focal_point_get_by_token,
    focal_point_new_link,
    focal_point_revoke,
    nomination_register,
    nomination_withdraw,
    quota_set,
)
from registrations.services.registrations import QuotaReached, RegistrationError
from tests.documents.conftest import pdf_bytes
from tests.factories import (
    CategoryFactory,
    EventFactory,
    OrganisationFactory,
    UserFactory,
    person,
    register,
)


@pytest.fixture
def event(db):
    return EventFactory(name="Mayoral Forum Quito", slug="quito", registration_open=True)


@pytest.fixture
def cuenca(db):
    return OrganisationFactory(name="City of Cuenca")


@pytest.fixture
def loja(db):
    return OrganisationFactory(name="City of Loja")


@pytest.fixture
def delegates(event):
    return CategoryFactory(event=event, name="Delegate", order=1, waitlist_enabled=False)


@pytest.fixture
def organiser(db):
    return UserFactory(username="organiser")


@pytest.fixture
def designate(event, cuenca, organiser, django_capture_on_commit_callbacks):
    def make(organisation=None, *, email="fp@cuenca.example.org", language="en", name="Rosa Paz"):
        with django_capture_on_commit_callbacks(execute=True):
            return focal_point_designate(
                event=event,
                organisation=organisation or cuenca,
                name=name,
                email=email,
                language=language,
                user=organiser,
            )

    return make


def page_url(token, lang="en"):
    return f"/{lang}/fp/{token}/"


# --- designation and links ------------------------------------------------------------------------


def test_designate_emails_the_link_in_the_focal_points_language(designate):
    focal_point, token = designate(language="en")

    assert [m.to for m in mail.outbox] == [["fp@cuenca.example.org"]]
    assert mail.outbox[0].subject == "Your focal point page for City of Cuenca: Mayoral Forum Quito"
    assert f"/en/fp/{token}/" in mail.outbox[0].body
    assert focal_point.is_active is True
    assert focal_point_get_by_token(token=token) == focal_point


def test_designate_in_french_links_the_french_page(designate):
    _focal_point, token = designate(language="fr")

    assert f"/fr/fp/{token}/" in mail.outbox[0].body
    assert "/en/fp/" not in mail.outbox[0].body


def test_designate_is_audited_without_the_secret(designate, organiser):
    focal_point, token = designate()

    entry = AuditEntry.objects.get(object_id=str(focal_point.pk), action="created")
    assert entry.actor == organiser
    assert token not in str(entry.changes)


def test_designating_a_revoked_address_again_reactivates_it_with_a_new_link(designate, organiser):
    focal_point, first = designate()
    focal_point_revoke(focal_point=focal_point, user=organiser)
    assert focal_point_get_by_token(token=first) is None

    again, second = designate(email="FP@cuenca.example.org", name="Rosa Paz Soto")

    assert again.pk == focal_point.pk
    assert FocalPoint.objects.count() == 1
    assert again.name == "Rosa Paz Soto"
    assert focal_point_get_by_token(token=second) == again
    assert focal_point_get_by_token(token=first) is None


def test_new_link_replaces_the_old_one(designate, organiser, django_capture_on_commit_callbacks):
    focal_point, old = designate()
    with django_capture_on_commit_callbacks(execute=True):
        new = focal_point_new_link(focal_point=focal_point, user=organiser)

    assert focal_point_get_by_token(token=old) is None
    assert focal_point_get_by_token(token=new) == focal_point
    assert f"/en/fp/{new}/" in mail.outbox[-1].body


def test_get_by_token_refuses_long_and_empty_tokens(db):
    assert focal_point_get_by_token(token="") is None
    assert focal_point_get_by_token(token="x" * 101) is None


# --- nominating -----------------------------------------------------------------------------------


def test_nomination_registers_for_the_organisation_and_emails_the_person_in_their_language(
    designate, delegates, cuenca, django_capture_on_commit_callbacks
):
    focal_point, _token = designate()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration, token = nomination_register(
            focal_point=focal_point,
            category_id=delegates.pk,
            person=person(email="ana@cuenca.example.org", language="es"),
        )

    assert registration.organisation == cuenca
    assert registration.nominated_by == focal_point
    assert registration.created_by == CreatedBy.FOCAL_POINT
    assert [m.to for m in mail.outbox] == [["ana@cuenca.example.org"]]
    assert mail.outbox[0].subject == "Inscripción recibida: Mayoral Forum Quito"
    assert f"/es/r/{token}/" in mail.outbox[0].body


def test_nomination_organisation_is_the_focal_points_whatever_the_person_says(
    designate, delegates, cuenca, loja
):
    focal_point, _token = designate()

    registration, _ = nomination_register(
        focal_point=focal_point, category_id=delegates.pk, person=person(organisation=loja)
    )

    assert registration.organisation == cuenca


def test_quota_refusal_names_organisation_quota_and_category(
    designate, delegates, cuenca, organiser
):
    quota_set(category=delegates, organisation=cuenca, limit=1, user=organiser)
    focal_point, _token = designate()
    nomination_register(focal_point=focal_point, category_id=delegates.pk, person=person())

    with pytest.raises(QuotaReached) as refused:
        nomination_register(focal_point=focal_point, category_id=delegates.pk, person=person())

    assert refused.value.code == "quota"
    assert refused.value.message == (
        "“City of Cuenca” has reached its quota of 1 person in “Delegate”."
    )
    assert Registration.objects.count() == 1


def test_quota_reached_waitlists_where_the_category_has_a_waiting_list(
    designate, event, cuenca, organiser
):
    speakers = CategoryFactory(event=event, name="Speaker", organisation_quota=1)
    focal_point, _token = designate()
    nomination_register(focal_point=focal_point, category_id=speakers.pk, person=person())

    second, _ = nomination_register(
        focal_point=focal_point, category_id=speakers.pk, person=person()
    )

    assert second.state == S.WAITLISTED
    # A larger quota gives the waiting registration its seat at once.
    promoted = quota_set(category=speakers, organisation=cuenca, limit=2, user=organiser)
    assert promoted == [second]
    assert Registration.objects.get(pk=second.pk).state == S.CONFIRMED


def test_lowering_a_quota_below_use_cancels_nobody(designate, delegates, cuenca, organiser):
    focal_point, _token = designate()
    _first, _ = nomination_register(
        focal_point=focal_point, category_id=delegates.pk, person=person()
    )
    _second, _ = nomination_register(
        focal_point=focal_point, category_id=delegates.pk, person=person()
    )

    quota_set(category=delegates, organisation=cuenca, limit=1, user=organiser)

    assert sorted(Registration.objects.values_list("state", flat=True)) == [S.CONFIRMED] * 2
    with pytest.raises(QuotaReached):
        nomination_register(focal_point=focal_point, category_id=delegates.pk, person=person())


def test_quota_set_none_removes_the_override_and_is_audited(delegates, cuenca, organiser):
    delegates.organisation_quota = 5
    delegates.save()
    quota_set(category=delegates, organisation=cuenca, limit=1, user=organiser)
    quota_set(category=delegates, organisation=cuenca, limit=None, user=organiser)

    assert delegates.quotas.count() == 0
    entries = AuditEntry.objects.filter(object_id=str(delegates.pk)).order_by("pk")
    assert [e.changes for e in entries] == [
        {"quota of City of Cuenca": [None, 1]},
        {"quota of City of Cuenca": [1, None]},
    ]


def test_focal_points_may_use_invitation_only_categories_not_hidden_ones(designate, event):
    by_invitation = CategoryFactory(event=event, name="Minister", invitation_only=True)
    hidden = CategoryFactory(event=event, name="Staff", is_public=False)
    focal_point, _token = designate()

    registration, _ = nomination_register(
        focal_point=focal_point, category_id=by_invitation.pk, person=person()
    )
    assert registration.category == by_invitation
    with pytest.raises(RegistrationError) as refused:
        nomination_register(focal_point=focal_point, category_id=hidden.pk, person=person())
    assert refused.value.code == "category"


def test_nominations_are_rate_limited_per_focal_point(designate, delegates, settings):
    settings.FORUM_NOMINATION_RATE = "2/h"
    focal_point, _token = designate()
    nomination_register(focal_point=focal_point, category_id=delegates.pk, person=person())
    nomination_register(focal_point=focal_point, category_id=delegates.pk, person=person())

    with pytest.raises(RegistrationError) as refused:
        nomination_register(focal_point=focal_point, category_id=delegates.pk, person=person())

    assert refused.value.code == "rate"
    assert Registration.objects.count() == 2


def test_withdraw_refuses_another_organisations_registration(designate, delegates, loja):
    focal_point, _token = designate()
    other, _ = register(delegates, organisation=loja)

    with pytest.raises(RegistrationError):
        nomination_withdraw(focal_point=focal_point, registration=other)

    assert Registration.objects.get(pk=other.pk).state == S.CONFIRMED


def test_withdraw_cancels_any_registration_of_the_organisation(designate, delegates, cuenca):
    focal_point, _token = designate()
    self_registered, _ = register(delegates, organisation=cuenca)

    nomination_withdraw(focal_point=focal_point, registration=self_registered, reason="Ill")

    assert Registration.objects.get(pk=self_registered.pk).state == S.CANCELLED
    entry = AuditEntry.objects.filter(object_id=str(self_registered.pk)).latest("pk")
    assert entry.actor_label == "focal point"


# --- the focal point's page -----------------------------------------------------------------------


def form_data(category, **overrides):
    return {
        "action": "register",
        "category": str(category.pk),
        "honorific": "Mayor",
        "given_name": "Ana",
        "family_name": "Quispe",
        "position": "Councillor",
        "email": "ana@cuenca.example.org",
        "language": "es",
        "nationality": "EC",
        "consent": "on",
        **overrides,
    }


def test_page_registers_a_person_and_shows_the_organisations_registrations(
    client, designate, delegates, cuenca, loja
):
    focal_point, token = designate()
    register(delegates, organisation=cuenca, given_name="Self", family_name="Registered")
    register(delegates, organisation=loja, given_name="Other", family_name="Lojano")

    response = client.post(page_url(token), form_data(delegates))

    assert response.status_code == 302
    assert response["Location"] == page_url(token)
    page = client.get(page_url(token))
    html = page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    rows = re.findall(r'<tr data-reference="(\w+)">\s*<th scope="row">([^<]+)</th>', html)
    assert [name for _ref, name in rows] == ["Mayor Ana Quispe", "Self Registered"]
    assert "Lojano" not in html
    assert "focal point Rosa Paz" in html
    assert Registration.objects.get(given_name="Ana").nominated_by == focal_point


def test_page_shows_quota_used_and_left(client, designate, delegates, cuenca, organiser):
    quota_set(category=delegates, organisation=cuenca, limit=3, user=organiser)
    _fp, token = designate()
    register(delegates, organisation=cuenca)

    html = client.get(page_url(token)).content.decode()

    row = re.search(
        rf'<tr data-category="{delegates.pk}">.*?class="used">(\d+)</td>.*?class="quota">(\d+)</td>'
        r'.*?class="left">(\d+)</td>',
        html,
        re.S,
    )
    assert row.groups() == ("1", "3", "2")


def test_page_shows_the_quota_refusal_on_the_category_field(
    client, designate, delegates, cuenca, organiser
):
    quota_set(category=delegates, organisation=cuenca, limit=0, user=organiser)
    _fp, token = designate()

    response = client.post(page_url(token), form_data(delegates))

    assert response.status_code == 200
    assert response.context["register_form"].errors == {
        "category": ["“City of Cuenca” has reached its quota of 0 people in “Delegate”."]
    }
    assert Registration.objects.count() == 0


def test_revoked_link_shows_the_invalid_link_page(client, designate, organiser):
    focal_point, token = designate()
    focal_point_revoke(focal_point=focal_point, user=organiser)

    response = client.get(page_url(token))

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert next(t.name for t in response.templates) == "registrations/manage_link_invalid.html"


def test_withdraw_from_the_page(client, designate, delegates, cuenca):
    _fp, token = designate()
    registration, _ = register(delegates, organisation=cuenca)

    response = client.post(
        page_url(token),
        {"action": "withdraw", "reference": registration.reference, "reason": "Cannot travel"},
    )

    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).state == S.CANCELLED


def test_withdraw_another_organisations_or_events_registration_is_404(
    client, designate, delegates, loja, cuenca
):
    _fp, token = designate()
    other_organisation, _ = register(delegates, organisation=loja)
    elsewhere = CategoryFactory(name="Delegate elsewhere")
    other_event, _ = register(elsewhere, organisation=cuenca)

    for registration in (other_organisation, other_event):
        response = client.post(
            page_url(token), {"action": "withdraw", "reference": registration.reference}
        )
        assert response.status_code == 404
        assert Registration.objects.get(pk=registration.pk).state == S.CONFIRMED


def letter(name="nomination.pdf"):
    return SimpleUploadedFile(name, pdf_bytes("Nomination"), content_type="application/pdf")


def test_letter_upload_names_the_organisations_people_and_shows_its_state(
    client, designate, event, cuenca
):
    credentials = CategoryFactory(event=event, name="Delegate", requires_nomination_letter=True)
    focal_point, token = designate()
    registration, _ = nomination_register(
        focal_point=focal_point, category_id=credentials.pk, person=person()
    )
    assert registration.state == S.CREDENTIALS_PENDING

    response = client.post(
        page_url(token),
        {"action": "letter", "file": letter(), "registrations": [registration.reference]},
    )

    assert response.status_code == 302
    uploaded = NominationLetter.objects.get()
    assert list(uploaded.registrations.all()) == [registration]
    assert uploaded.focal_point == focal_point
    assert uploaded.uploaded_by_label == "focal point"
    NominationLetter.objects.filter(pk=uploaded.pk).update(
        state=LetterState.REJECTED, reason="Unsigned", decided_at=uploaded.uploaded_at
    )
    html = client.get(page_url(token)).content.decode()
    assert "nomination.pdf" in html
    assert "Rejected</span>: Unsigned" in html
    assert uploaded.file.name not in html


def test_letters_are_rate_limited_per_focal_point(client, designate, event, settings):
    settings.FORUM_NOMINATION_RATE = "2/h"
    credentials = CategoryFactory(event=event, name="Delegate", requires_nomination_letter=True)
    focal_point, token = designate()
    registration, _ = nomination_register(
        focal_point=focal_point, category_id=credentials.pk, person=person()
    )
    body = {"action": "letter", "registrations": [registration.reference]}

    sent = [client.post(page_url(token), {**body, "file": letter()}) for _ in range(3)]

    assert [response.status_code for response in sent] == [302, 302, 200]
    assert sent[2].context["letter_form"].non_field_errors() == [
        "Too many letters were sent in a short time: try again later."
    ]
    assert NominationLetter.objects.count() == 2


def test_letter_refused_file_is_an_error_on_the_file_field(client, designate, delegates, cuenca):
    _fp, token = designate()
    registration, _ = register(delegates, organisation=cuenca)

    response = client.post(
        page_url(token),
        {
            "action": "letter",
            "file": SimpleUploadedFile("letter.pdf", b"not a pdf at all", "application/pdf"),
            "registrations": [registration.reference],
        },
    )

    assert response.status_code == 200
    assert list(response.context["letter_form"].errors) == ["file"]
    assert NominationLetter.objects.count() == 0


def test_letter_naming_another_organisations_or_events_registration_is_404(
    client, designate, delegates, loja, cuenca
):
    _fp, token = designate()
    mine, _ = register(delegates, organisation=cuenca)
    other_organisation, _ = register(delegates, organisation=loja)
    other_event, _ = register(CategoryFactory(name="Elsewhere"), organisation=cuenca)

    for registration in (other_organisation, other_event):
        response = client.post(
            page_url(token),
            {
                "action": "letter",
                "file": letter(),
                "registrations": [mine.reference, registration.reference],
            },
        )
        assert response.status_code == 404
    assert NominationLetter.objects.count() == 0


def test_manage_link_of_a_nominee_never_shows_the_focal_points_other_people(
    client, designate, delegates
):
    focal_point, _token = designate()
    _first, first_token = nomination_register(
        focal_point=focal_point,
        category_id=delegates.pk,
        person=person(given_name="Ana", family_name="Quispe"),
    )
    nomination_register(
        focal_point=focal_point,
        category_id=delegates.pk,
        person=person(given_name="Bruno", family_name="Cárdenas"),
    )

    html = client.get(
        reverse("registration_manage", kwargs={"token": first_token})
    ).content.decode()

    assert "Ana Quispe" in html
    assert "Bruno" not in html
    assert "Cárdenas" not in html
    assert "Rosa Paz" not in html


@pytest.mark.parametrize("rows", [2, 10])
def test_page_query_count_does_not_grow(
    client, designate, event, cuenca, delegates, rows, django_assert_num_queries
):
    focal_point, token = designate()
    for _ in range(rows):
        registration, _ = nomination_register(
            focal_point=focal_point, category_id=delegates.pk, person=person()
        )
    client.post(
        page_url(token),
        {"action": "letter", "file": letter(), "registrations": [registration.reference]},
    )

    # The focal point; the registrations; the categories, counts and quotas; the letters and
    # the people they name; the form's categories (read twice by the select's rendering); the
    # event's questions.
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(token))

    assert len(response.context["registrations"]) == rows


@pytest.mark.parametrize("categories", [1, 4])
def test_page_query_count_does_not_grow_with_categories(
    client, designate, event, categories, django_assert_num_queries
):
    made = [
        CategoryFactory(event=event, name=f"Category {n}", organisation_quota=n + 1)
        for n in range(categories)
    ]
    focal_point, token = designate()
    registration, _ = nomination_register(
        focal_point=focal_point, category_id=made[-1].pk, person=person()
    )
    client.post(
        page_url(token),
        {"action": "letter", "file": letter(), "registrations": [registration.reference]},
    )

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(token))

    assert len(response.context["quotas"]) == categories


# The focal point page (one query asks whether a category offered may be followed online).
PAGE_QUERIES = 11


@pytest.mark.parametrize("questions", [1, 5])
def test_page_query_count_with_questions_does_not_grow(
    client, designate, event, delegates, questions, django_assert_num_queries
):
    """Questions add their options and categories once, however many there are."""
    from registrations.services.questions import question_create

    for n in range(questions):
        question_create(
            event=event,
            kind="choice",
            label={"en": f"Field visit {n}"},
            options=[{"en": "Port"}, {"en": "Youth hub"}],
            categories=[delegates],
        )
    _focal_point, token = designate()

    with django_assert_num_queries(PAGE_QUERIES + 1):  # the questions' options
        response = client.get(page_url(token))

    html = response.content.decode()
    assert [f"Field visit {n}" in html for n in range(questions)] == [True] * questions
    assert html.count(f'data-categories="{delegates.pk}"') == questions


def test_focal_point_answers_the_questions_asked_of_the_category(
    client, designate, event, delegates, cuenca
):
    from registrations.models import Answer
    from registrations.services.questions import question_create

    visit = question_create(
        event=event,
        kind="choice",
        label={"en": "Field visit"},
        options=[{"en": "Port"}, {"en": "Youth hub"}],
        required=True,
        categories=[delegates],
    )
    hub = visit.options.get(label_en="Youth hub")
    _focal_point, token = designate()

    refused = client.post(page_url(token), form_data(delegates))
    accepted = client.post(
        page_url(token), {**form_data(delegates), f"question_{visit.pk}": str(hub.pk)}
    )

    assert refused.status_code == 200
    assert refused.context["register_form"].errors[f"question_{visit.pk}"] == [
        "Please answer this question."
    ]
    assert accepted.status_code == 302
    answer = Answer.objects.get()
    assert (answer.question, answer.value, list(answer.options.all())) == (visit, [hub.pk], [hub])
