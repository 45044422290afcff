"""Organisation quotas and the credentials-pending state, through the real services."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from registrations.enums import LetterState
from registrations.enums import RegistrationState as S
from registrations.models import OrganisationQuota, Registration
from registrations.services.credentials import (
    LetterError,
    letter_reject,
    letter_upload,
    letter_verify,
)
from registrations.services.registrations import (
    QuotaReached,
    organisation_quota,
    registration_cancel,
    registration_create,
)
from tests.documents.conftest import pdf_bytes
from tests.factories import CategoryFactory, OrganisationFactory, UserFactory, person, register

pytestmark = pytest.mark.django_db
# Real commits, where emails are looked at: they leave through transaction.on_commit.
with_commits = pytest.mark.django_db(transaction=True)


def letter_file(name="note-verbale.pdf"):
    return SimpleUploadedFile(name, pdf_bytes("Note verbale"), content_type="application/pdf")


@pytest.fixture
def city():
    return OrganisationFactory(name="Ville de Dakar")


def test_quota_defaults_to_the_category_and_is_overridden_per_organisation(city):
    category = CategoryFactory(organisation_quota=3)
    other = OrganisationFactory()
    OrganisationQuota.objects.create(category=category, organisation=city, limit=1)

    assert organisation_quota(category=category, organisation_id=city.pk) == 1
    assert organisation_quota(category=category, organisation_id=other.pk) == 3
    assert organisation_quota(category=category, organisation_id=None) is None
    assert organisation_quota(category=CategoryFactory(), organisation_id=city.pk) is None


def test_refusal_names_the_organisation_the_quota_and_the_category(city):
    category = CategoryFactory(
        name="Head of delegation", waitlist_enabled=False, organisation_quota=2
    )
    register(category, organisation=city)
    register(category, organisation=city)

    with pytest.raises(QuotaReached) as refused:
        register(category, organisation=city)

    assert refused.value.code == "quota"
    assert str(refused.value.message) == (
        "“Ville de Dakar” has reached its quota of 2 people in “Head of delegation”."
    )
    # Another organisation, and a registrant with no listed organisation, are not counted.
    assert register(category, organisation=OrganisationFactory())[0].state == S.CONFIRMED
    assert register(category)[0].state == S.CONFIRMED


def test_a_quota_of_one_says_person(city):
    category = CategoryFactory(name="Mayor", waitlist_enabled=False, organisation_quota=1)
    register(category, organisation=city)
    with pytest.raises(QuotaReached) as refused:
        register(category, organisation=city)
    assert str(refused.value.message) == (
        "“Ville de Dakar” has reached its quota of 1 person in “Mayor”."
    )


def test_cancelled_and_rejected_registrations_free_their_quota_place(city):
    category = CategoryFactory(waitlist_enabled=False, organisation_quota=1)
    first, _ = register(category, organisation=city)
    registration_cancel(registration=first, actor_label="registrant")

    assert register(category, organisation=city)[0].state == S.CONFIRMED


def test_waiting_beyond_the_quota_is_promoted_only_when_the_organisation_frees_a_place(city):
    category = CategoryFactory(organisation_quota=1, capacity=3)
    other = OrganisationFactory()
    mine, _ = register(category, organisation=city)
    waiting_mine, _ = register(category, organisation=city)
    theirs, _ = register(category, organisation=other)
    assert (mine.state, waiting_mine.state, theirs.state) == (
        S.CONFIRMED,
        S.WAITLISTED,
        S.CONFIRMED,
    )

    # A seat freed by another organisation does not lift this organisation's quota.
    registration_cancel(registration=theirs, actor_label="registrant")
    waiting_mine.refresh_from_db()
    assert waiting_mine.state == S.WAITLISTED

    # Its own place freed, the organisation's next in line takes it.
    registration_cancel(registration=mine, actor_label="registrant")
    waiting_mine.refresh_from_db()
    assert waiting_mine.state == S.CONFIRMED


def test_a_waiting_registration_over_quota_lets_the_next_one_in(city):
    """The waiting list is served in order, skipping those whose organisation is full."""
    category = CategoryFactory(organisation_quota=1, capacity=2)
    other = OrganisationFactory()
    register(category, organisation=city)
    blocker, _ = register(category, organisation=other)
    over_quota, _ = register(category, organisation=city)  # waits: quota
    next_in_line, _ = register(category, organisation=OrganisationFactory())  # waits: full

    registration_cancel(registration=blocker, actor_label="registrant")

    states = dict(
        Registration.objects.filter(pk__in=[over_quota.pk, next_in_line.pk]).values_list(
            "pk", "state"
        )
    )
    assert states == {over_quota.pk: S.WAITLISTED, next_in_line.pk: S.CONFIRMED}


# --- credentials --------------------------------------------------------------------------


@pytest.fixture
def lettered(city):
    return CategoryFactory(name="Delegate", requires_nomination_letter=True)


def test_a_category_requiring_a_letter_holds_the_seat_with_credentials_pending(lettered, city):
    registration, _ = register(lettered, organisation=city)
    assert registration.state == S.CREDENTIALS_PENDING
    assert registration.holds_seat


@with_commits
def test_verifying_the_letter_confirms_and_emails_in_the_registrants_language(lettered, city):
    organiser = UserFactory()
    registration, _ = register(lettered, organisation=city, language="fr")
    letter = letter_upload(
        event=lettered.event,
        registrations=[registration],
        uploaded=letter_file(),
        actor_label="registrant",
    )
    mail.outbox.clear()

    moved = letter_verify(letter=letter, event=lettered.event, user=organiser)

    registration.refresh_from_db()
    letter.refresh_from_db()
    assert [r.pk for r in moved] == [registration.pk]
    assert registration.state == S.CONFIRMED
    assert (letter.state, letter.decided_by) == (LetterState.VERIFIED, organiser)
    assert [m.to for m in mail.outbox] == [[registration.email]]
    assert mail.outbox[0].subject.startswith("Inscription approuvée")


@pytest.mark.parametrize(
    ("approval", "fee", "state"),
    [(True, 0, S.PENDING_APPROVAL), (False, 50, S.AWAITING_PAYMENT)],
)
def test_verified_credentials_lead_to_approval_or_payment(city, approval, fee, state):
    category = CategoryFactory(
        requires_nomination_letter=True, requires_approval=approval, fee=Decimal(fee)
    )
    registration, _ = register(category, organisation=city)
    letter = letter_upload(
        event=category.event,
        registrations=[registration],
        uploaded=letter_file(),
        actor_label="organiser",
    )
    letter_verify(letter=letter, event=category.event, user=UserFactory())
    registration.refresh_from_db()
    assert registration.state == state


@with_commits
def test_a_rejected_letter_keeps_the_seat_and_says_why(lettered, city):
    registration, _ = register(lettered, organisation=city)
    letter = letter_upload(
        event=lettered.event,
        registrations=[registration],
        uploaded=letter_file(),
        actor_label="registrant",
    )
    with pytest.raises(LetterError):
        letter_reject(letter=letter, event=lettered.event, user=UserFactory(), reason="  ")
    mail.outbox.clear()

    letter_reject(
        letter=letter, event=lettered.event, user=UserFactory(), reason="Not signed by the mayor."
    )

    registration.refresh_from_db()
    letter.refresh_from_db()
    assert (registration.state, letter.state, letter.reason) == (
        S.CREDENTIALS_PENDING,
        LetterState.REJECTED,
        "Not signed by the mayor.",
    )
    assert [m.to for m in mail.outbox] == [[registration.email]]
    assert "Not signed by the mayor." in mail.outbox[0].body
    # Decided once: a second decision is refused.
    with pytest.raises(LetterError) as again:
        letter_verify(letter=letter, event=lettered.event, user=UserFactory())
    assert again.value.code == "decided"


def test_a_letter_of_another_event_cannot_be_decided_there(lettered, city):
    registration, _ = register(lettered, organisation=city)
    letter = letter_upload(
        event=lettered.event,
        registrations=[registration],
        uploaded=letter_file(),
        actor_label="registrant",
    )
    with pytest.raises(LetterError) as refused:
        letter_verify(letter=letter, event=CategoryFactory().event, user=UserFactory())
    assert refused.value.code == "letter"


def test_promoted_after_verification_skips_credentials(city):
    category = CategoryFactory(requires_nomination_letter=True, capacity=1)
    seated, _ = register(category, organisation=city)
    waiting, _ = register(category, organisation=city)
    letter = letter_upload(
        event=category.event,
        registrations=[waiting],
        uploaded=letter_file(),
        actor_label="registrant",
    )
    letter_verify(letter=letter, event=category.event, user=UserFactory())
    waiting.refresh_from_db()
    assert waiting.state == S.WAITLISTED  # verified, still waiting for a seat

    registration_cancel(registration=seated, actor_label="registrant")

    waiting.refresh_from_db()
    assert waiting.state == S.CONFIRMED


def test_a_focal_point_nominates_for_their_own_organisation_only(lettered, city):
    from registrations.models import FocalPoint

    focal_point = FocalPoint.objects.create(
        event=lettered.event,
        organisation=city,
        name="Awa Ndiaye",
        email="fp@dakar.sn",
        token_hash="a" * 64,
    )
    registration, _ = registration_create(
        event=lettered.event,
        category_id=lettered.pk,
        person=person(organisation=OrganisationFactory()),
        actor_label="focal point",
        nominated_by=focal_point,
    )
    assert (registration.organisation, registration.nominated_by, registration.created_by) == (
        city,
        focal_point,
        "focal point",
    )


def test_a_registrant_waiting_for_credentials_may_edit_and_cancel_through_their_link(
    client, lettered, city
):
    registration, token = register(lettered, organisation=city)

    html = client.get(f"/en/r/{token}/").content.decode()
    assert 'id="cancel-heading"' in html
    response = client.post(
        f"/en/r/{token}/", {"action": "cancel", "confirm": "on", "reason": "No travel budget."}
    )

    registration.refresh_from_db()
    assert (response.status_code, registration.state) == (302, S.CANCELLED)


def test_the_quota_refusal_is_translated(city):
    from django.utils import translation

    category = CategoryFactory(
        name="Delegate", name_fr="Délégué·e", waitlist_enabled=False, organisation_quota=1
    )
    register(category, organisation=city)
    with translation.override("fr"), pytest.raises(QuotaReached) as refused:
        register(category, organisation=city)
    with translation.override("fr"):
        assert str(refused.value.message) == (
            "« Ville de Dakar » a atteint son quota de 1 personne dans « Délégué·e »."
        )
