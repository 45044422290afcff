"""One error base for services, and one answer to ``Busy``: the translated 503 page with
Retry-After 5 (views that report refusals as messages report it like any other refusal)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from forum.errors import Busy, ServiceError
from outcomes.services import OutcomeError
from outcomes.services.statements import InvalidTransition
from registrations.enums import RegistrationState as S
from registrations.models import Registration
from registrations.services.registrations import CategoryFull, RegistrationError
from registrations.views import organisers as views_organiser
from tests.factories import CategoryFactory, EventFactory, register
from tests.faults.test_unavailable import assert_page_503
from tests.registrations.registration_helpers import form_data


def test_service_error_carries_a_code_and_the_translated_message():
    error = RegistrationError(translation.gettext_lazy("This invitation has expired."), "expired")

    with translation.override("fr"):
        shown = str(error.message)

    assert (error.code, str(error), shown) == (
        "expired",
        "This invitation has expired.",
        "Cette invitation a expiré.",
    )
    assert (CategoryFull("Full").code, OutcomeError("No").code) == ("full", "invalid")


def test_every_service_refusal_is_a_service_error_and_busy_is_none_of_theirs():
    assert all(
        issubclass(kind, ServiceError)
        for kind in (RegistrationError, CategoryFull, OutcomeError, InvalidTransition, Busy)
    )
    assert not issubclass(Busy, (RegistrationError, OutcomeError))


def test_busy_says_the_existing_translated_sentence():
    busy = Busy()

    with translation.override("fr"):
        french = str(busy.message)

    assert (busy.code, str(busy), french) == (
        "busy",
        "The server is busy; please try again.",
        "Le serveur est occupé ; veuillez réessayer.",
    )


def test_a_service_error_without_a_message_is_a_programming_error():
    with pytest.raises(TypeError, match=r"^OutcomeError needs a message$"):
        OutcomeError()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_busy_registration_answers_the_503_page_with_retry_after_5(client, monkeypatch, language):
    category = CategoryFactory()

    def busy(**kwargs):
        raise Busy

    monkeypatch.setattr("registrations.views.public.registration_create", busy)

    response = client.post(
        f"/{language}/events/{category.event.slug}/register/", form_data(category)
    )

    assert_page_503(response, language, retry_after="5")
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_busy_in_a_bulk_action_is_reported_for_that_registration_only(
    client, monkeypatch, organiser_of
):
    event = EventFactory(slug="quito", registration_open=True)
    category = CategoryFactory(event=event, requires_approval=True)
    stuck, _ = register(category, given_name="Ana", family_name="Quispe")
    free, _ = register(category, given_name="Luc", family_name="Martin")
    client.force_login(organiser_of(event, can_manage_registrations=True))
    approve = views_organiser.registration_approve

    def approve_unless_stuck(*, registration, **kwargs):
        if registration.pk == stuck.pk:
            raise Busy
        return approve(registration=registration, **kwargs)

    monkeypatch.setattr(views_organiser, "registration_approve", approve_unless_stuck)

    response = client.post(
        reverse("manage:registrations", kwargs={"slug": event.slug}),
        {"action": "approve", "registrations": [stuck.pk, free.pk]},
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 registration approved.",
        f"{stuck.reference} (Ana Quispe) was not changed: The server is busy; please try again.",
    ]
    states = [Registration.objects.get(pk=r.pk).state for r in (stuck, free)]
    assert states == [S.PENDING_APPROVAL, S.CONFIRMED]
