from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import translation

from registrations.enums import RegistrationState as S
from registrations.models import Delegation, Invitation, Registration, RegistrationCategory
from registrations.services.registrations import registration_head_confirm
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, register
from tests.registrations.registration_helpers import form_data, stamp

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(
        name="Delegate", name_fr="Délégué·e", name_es="Delegado/a", visa_letter_offered=True
    )


def url(category):
    return f"/en/events/{category.event.slug}/register/"


def errors(response) -> dict:
    return {k: [str(m) for m in v] for k, v in response.context["form"].errors.items()}


def test_register_form_offers_public_categories_in_the_page_language(client, category):
    CategoryFactory(event=category.event, name="Hidden", is_public=False)

    response = client.get(f"/fr/events/{category.event.slug}/register/")

    choices = [label for _v, label in response.context["form"].fields["category"].choices]
    assert choices == ["Délégué·e"]
    assert response.context["form"]["language"].value() == "fr"


def test_register_valid_form_redirects_to_the_manage_page(client, category):
    response = client.post(url(category), form_data(category))

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/en/r/")
    assert (registration.given_name, registration.state, registration.language) == (
        "Ana María",
        S.CONFIRMED,
        "es",
    )
    assert (registration.organisation, registration.organisation_name_new) == (
        None,
        "City of Cuenca",
    )
    assert registration.spoken_languages == ["es", "en"]
    page = client.get(response["Location"])
    assert "Your registration" in page.content.decode()
    assert "Thank you: your registration has been received." in page.content.decode()


def test_register_picks_an_existing_organisation_by_name(client, category):
    city = OrganisationFactory(name="City of Cuenca")

    client.post(url(category), form_data(category, organisation_name="city of cuenca"))

    assert Registration.objects.get().organisation == city


def test_register_errors_are_translated_and_keep_what_was_typed(client, category):
    data = form_data(category, email="not-an-email", given_name="", consent=None, language="fr")

    response = client.post(f"/fr/events/{category.event.slug}/register/", data)

    assert response.status_code == 200
    with translation.override("fr"):  # Django's and DRF's catalogues word this one differently
        invalid_email = translation.gettext("Enter a valid email address.")
    assert invalid_email.startswith("Saisissez une adresse")
    assert errors(response) == {
        "given_name": ["Ce champ est obligatoire."],
        "email": [invalid_email],
        "consent": ["Ce champ est obligatoire."],
    }
    body = response.content.decode()
    assert 'value="Quispe"' in body
    assert 'value="Mayor of Cuenca"' in body
    assert Registration.objects.count() == 0


def test_register_visa_letter_needs_passport_data_valid_beyond_the_forum(client, category):
    data = form_data(
        category,
        visa_letter_requested="on",
        passport_expiry=category.event.end_date.isoformat(),
        date_of_birth=(date.today() + timedelta(days=1)).isoformat(),
    )

    response = client.post(url(category), data)

    assert errors(response) == {
        "passport_number": ["Needed for the visa invitation letter."],
        "passport_expiry": ["Your passport must be valid beyond the forum’s last day."],
        "date_of_birth": ["Enter your real date of birth."],
    }


def test_register_travel_support_needs_a_reason(client, category):
    data = form_data(category, travel_support_requested="on", travel_support_reason="")

    response = client.post(url(category), data)

    assert errors(response) == {
        "travel_support_reason": ["Tell us briefly why you need support."],
    }
    assert Registration.objects.count() == 0


def test_register_visa_letter_stored_when_offered(client, category):
    data = form_data(
        category,
        visa_letter_requested="on",
        passport_number="P1234567",
        passport_expiry=(category.event.end_date + timedelta(days=400)).isoformat(),
        date_of_birth="1975-04-02",
    )

    client.post(url(category), data)

    registration = Registration.objects.get()
    assert (registration.passport_number, registration.date_of_birth) == (
        "P1234567",
        date(1975, 4, 2),
    )


def test_register_honeypot_and_too_fast_submissions_are_refused(client, category):
    bot = client.post(url(category), form_data(category, website="http://spam.example"))
    fast = client.post(url(category), form_data(category, form_started=stamp(seconds_ago=0)))
    forged = client.post(url(category), form_data(category, form_started="123:forged"))

    assert errors(bot) == {"website": ["Please leave this field empty."]}
    assert errors(fast) == {
        "form_started": ["That was very fast. Please check your answers and submit again."]
    }
    assert errors(forged) == {
        "form_started": ["This form has expired. Please reload the page and submit it again."]
    }
    assert Registration.objects.count() == 0


def test_register_full_category_without_waitlist_says_so_on_the_field(client):
    category = CategoryFactory(name="Observers", capacity=1, waitlist_enabled=False)
    register(category)

    response = client.post(url(category), form_data(category))

    assert errors(response) == {"category": ["Sorry, “Observers” is full."]}
    assert Registration.objects.count() == 1


def test_register_invitation_link_opens_a_hidden_category(client):
    category = CategoryFactory(name="Mayors", is_public=False, invitation_only=True)
    Invitation.objects.create(
        event=category.event, category=category, kind="code", code="DKR-MAYOR"
    )

    page = client.get(f"{url(category)}?code=DKR-MAYOR")
    response = client.post(url(category), form_data(category, invitation_code="DKR-MAYOR"))

    assert [label for _v, label in page.context["form"].fields["category"].choices] == ["Mayors"]
    assert response.status_code == 302
    assert Registration.objects.get().invitation.code == "DKR-MAYOR"


def test_register_wrong_invitation_code_is_an_error_on_the_code(client):
    category = CategoryFactory(name="Mayors", invitation_only=True)

    response = client.post(url(category), form_data(category, invitation_code="GUESS"))

    assert errors(response) == {"invitation_code": ["This invitation code is not valid."]}


def test_register_closed_window_shows_why_and_saves_nothing(client):
    event = EventFactory(
        registration_opens_at=datetime.now(UTC) + timedelta(days=3),
        registration_closes_at=datetime.now(UTC) + timedelta(days=30),
    )
    category = CategoryFactory(event=event)

    response = client.post(url(category), form_data(category))

    assert response.status_code == 200
    assert "Registration not yet open" in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_rate_limit_per_address(client, category, settings):
    settings.FORUM_REGISTRATION_RATE = "2/h"
    codes = [
        client.post(url(category), form_data(category), REMOTE_ADDR="192.0.2.1").status_code
        for _ in range(3)
    ]
    other = client.post(url(category), form_data(category), REMOTE_ADDR="192.0.2.2")

    assert codes == [302, 302, 429]
    assert other.status_code == 302
    assert Registration.objects.count() == 3


def test_manage_link_edits_only_its_own_registration(client, category):
    mine, token = register(category, given_name="Ana")
    other, _ = register(category, given_name="Luis")

    page = client.get(f"/en/r/{token}/")
    client.post(
        f"/en/r/{token}/",
        {
            "action": "edit",
            "given_name": "Ana Lucía",
            "family_name": mine.family_name,
            "position": "Deputy Mayor",
            "language": "fr",
            "dietary_needs": "Vegetarian",
        },
    )

    body = page.content.decode()
    assert "Ana" in body and "Luis" not in body
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.given_name, mine.language, mine.dietary_needs) == ("Ana Lucía", "fr", "Vegetarian")
    assert other.given_name == "Luis"
    assert page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_manage_link_cancel_frees_the_seat_for_the_waitlist(client):
    category = CategoryFactory(capacity=1)
    mine, token = register(category)
    waiting, _ = register(category)

    client.post(
        f"/en/r/{token}/", {"action": "cancel", "reason": "Flight cancelled", "confirm": "on"}
    )

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.state, waiting.state) == (S.CANCELLED, S.CONFIRMED)
    assert mine.transitions.last().reason == "Flight cancelled"


def test_manage_link_unknown_token_is_404_without_detail(client):
    response = client.get("/en/r/not-a-real-token/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_head_of_delegation_adds_a_member_from_the_manage_page(client):
    category = CategoryFactory(name="Head of delegation", invitation_only=False)
    delegates = CategoryFactory(event=category.event, name="Delegate")
    city = OrganisationFactory(name="City of Cuenca")
    response = client.post(url(category), form_data(category, head_of_delegation="on"))
    manage = response["Location"]
    claimant = Registration.objects.get()
    pending = client.get(manage).content.decode()
    registration_head_confirm(registration=claimant, user=None)

    client.post(
        manage,
        {
            "action": "add_member",
            "category": delegates.pk,
            "given_name": "Luis",
            "family_name": "Pérez",
            "email": "luis@example.org",
            "language": "es",
        },
    )
    page = client.get(manage)

    assert 'id="head-pending"' in pending and 'value="add_member"' not in pending
    delegation = Delegation.objects.get()
    assert delegation.organisation == city
    assert [m.given_name for m in delegation.members.order_by("pk")] == ["Ana María", "Luis"]
    assert "Luis Pérez — Delegate — Confirmed" in page.content.decode()


def test_head_of_delegation_needs_a_listed_organisation(client, category):
    response = client.post(url(category), form_data(category, head_of_delegation="on"))

    assert errors(response) == {
        "head_of_delegation": ["Delegations are for organisations on our list; pick yours from it."]
    }


@pytest.mark.django_db(transaction=True)
def test_resend_link_answers_the_same_whatever_the_address(client, category):
    register(category, email="ana@example.org")
    mail.outbox.clear()

    known = client.post(
        f"/en/events/{category.event.slug}/register/link/",
        {"email": "ana@example.org"},
        follow=True,
    )
    unknown = client.post(
        f"/en/events/{category.event.slug}/register/link/", {"email": "x@example.org"}, follow=True
    )

    message = "If a registration under that address exists, a new link is on its way."
    assert message in known.content.decode() and message in unknown.content.decode()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_personal_data_never_reaches_public_pages(client, category):
    register(
        category,
        passport_number="PX998877",
        dietary_needs="Halal-only-diet",
        accessibility_needs="Wheelchair-user-access",
        email="secret.mayor@example.org",
        visa_letter_requested=True,
    )
    pages = [
        "/en/",
        f"/en/events/{category.event.slug}/",
        f"/fr/events/{category.event.slug}/",
        f"/en/events/{category.event.slug}/register/",
    ]

    bodies = "".join(client.get(p).content.decode() for p in pages)

    for secret in ["PX998877", "Halal-only-diet", "Wheelchair-user-access", "secret.mayor"]:
        assert secret not in bodies


@pytest.mark.parametrize("languages", [["en"], ["fr", "en", "es"]])
@pytest.mark.parametrize("count", [1, 3])
def test_register_form_query_count(client, count, languages, django_assert_num_queries):
    event = EventFactory(languages=languages, registration_open=True)
    texts = {"name_fr": "Catégorie", "name_es": "Categoría"} if len(languages) > 1 else {}
    categories = [
        CategoryFactory(event=event, **{k: f"{v} {i}" for k, v in texts.items()})
        for i in range(count)
    ]
    category = categories[0]
    OrganisationFactory.create_batch(count)

    # event, organisation names (datalist), categories (rendered twice by the select widget),
    # whether one of them offers online places, the event's questions
    with django_assert_num_queries(6):
        response = client.get(url(category))

    assert len(response.context["form"].fields["category"].choices) == count


def test_register_invitation_code_with_a_nul_byte_is_just_invalid(client):
    category = CategoryFactory(name="Mayors", invitation_only=True)

    page = client.get(f"{url(category)}?code=AB%00CD")
    response = client.post(url(category), form_data(category, invitation_code="AB\x00CD"))

    assert page.status_code == 200
    assert errors(response) == {"invitation_code": ["Null characters are not allowed."]}


def test_register_blank_form_is_rendered_once_per_language(client, django_assert_num_queries):
    category = CategoryFactory(name="Delegate", name_fr="Délégué·e")
    first = client.get(url(category)).content.decode()

    with django_assert_num_queries(2):  # the event, its questions; the fields come from the cache
        second = client.get(url(category)).content.decode()
    french = client.get(f"/fr/events/{category.event.slug}/register/").content.decode()

    def fields(html):
        return html[html.index("<fieldset>") : html.index('<div class="hp"')]

    assert fields(second) == fields(first)
    assert "Délégué·e" in fields(french) and "Délégué·e" not in fields(first)


def test_register_category_missing_in_the_page_language_follows_the_event_order(client):
    """Spanish page, no Spanish name: the event works in French first, so the French name."""
    event = EventFactory(languages=["fr", "en", "es"], registration_open=True)
    category = CategoryFactory(event=event, name="Delegate", name_fr="Délégué·e", name_es="")

    response = client.get(f"/es/events/{event.slug}/register/")

    assert [label for _value, label in response.context["form"].fields["category"].choices] == [
        "Délégué·e"
    ]
    rows = RegistrationCategory.objects.filter(pk=category.pk)
    with translation.override("es"):
        # Without its event at hand the name never costs a query: English comes first.
        assert (rows.get().display_name, rows.select_related("event").get().display_name) == (
            "Delegate",
            "Délégué·e",
        )
