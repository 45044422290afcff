from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from registrations.enums import RegistrationState as S
from registrations.models import SENSITIVE_FIELDS, Registration
from registrations.selectors.registrations import registration_dashboard
from registrations.services.personal_data import (
    registration_erase_personal_data,
    retention_ends,
)
from registrations.services.registrations import registration_cancel
from tests.factories import CategoryFactory, EventFactory, register
from tests.registrations.test_organiser_registrations import (
    HEADER,
    PERSONAL_HEADER,
    detail_url,
    flashed,
    parse_csv,
    url,
)

pytestmark = pytest.mark.django_db

SENSITIVE = {
    "dietary_needs": "Vegetarian, no nuts",
    "accessibility_needs": "Step-free access",
    "passport_number": "P9876543",
    "passport_expiry": date(2031, 5, 31),
    "date_of_birth": date(1980, 2, 29),
    "travel_support_reason": "Small municipality without a travel budget",
}
ERASED = {
    "dietary_needs": "",
    "accessibility_needs": "",
    "passport_number": "",
    "passport_expiry": None,
    "date_of_birth": None,
    "travel_support_reason": "",
}


def sensitive_values(registration):
    registration = Registration.objects.get(pk=registration.pk)
    return {name: getattr(registration, name) for name in SENSITIVE_FIELDS}


def kept_values(registration):
    return Registration.objects.filter(pk=registration.pk).values(
        "state",
        "category_id",
        "reference",
        "given_name",
        "family_name",
        "email",
        "nationality",
        "organisation_id",
        "visa_letter_requested",
        "travel_support_requested",
        "consent_at",
    )[0]


@pytest.fixture
def category(db):
    return CategoryFactory(
        event=EventFactory(slug="quito", registration_open=True),
        name="Delegate",
        capacity=5,
        visa_letter_offered=True,
    )


@pytest.fixture
def registrations(category):
    confirmed, _ = register(
        category,
        given_name="Ana",
        visa_letter_requested=True,
        travel_support_requested=True,
        **SENSITIVE,
    )
    cancelled, _ = register(category, given_name="Bo", **SENSITIVE)
    registration_cancel(registration=cancelled, actor_label="registrant")
    return [confirmed, cancelled]


def end_event(event, *, days_ago):
    """Move the event so that it ended ``days_ago`` days ago (event time)."""
    event.end_date = event.local_today() - timedelta(days=days_ago)
    event.start_date = event.end_date - timedelta(days=2)
    event.registration_opens_at = event.registration_closes_at = None
    event.save()


# --- the service ----------------------------------------------------------------------------------


def test_erase_blanks_sensitive_fields_and_keeps_the_rest(registrations, django_user_model):
    registration = registrations[0]
    organiser = django_user_model.objects.create(username="dpo")
    before = kept_values(registration)

    erased = registration_erase_personal_data(registration=registration, user=organiser)

    assert erased is True
    assert sensitive_values(registration) == ERASED
    assert kept_values(registration) == before
    assert Registration.objects.get(pk=registration.pk).personal_data_erased_at is not None
    last = registration.transitions.last()
    assert (last.from_state, last.to_state, last.actor, last.actor_label, last.reason) == (
        "confirmed",
        "confirmed",
        organiser,
        "organiser",
        "personal data erased",
    )
    # The in-memory object the caller holds is blanked too.
    assert registration.passport_number == ""


def test_erase_is_idempotent(registrations):
    registration = registrations[0]

    first = registration_erase_personal_data(registration=registration)
    stamp = Registration.objects.get(pk=registration.pk).personal_data_erased_at
    second = registration_erase_personal_data(registration=registration)

    assert (first, second) == (True, False)
    assert Registration.objects.get(pk=registration.pk).personal_data_erased_at == stamp
    assert [t.reason for t in registration.transitions.all()].count("personal data erased") == 1


def test_erasure_keeps_dashboard_counts(category, registrations):
    before = registration_dashboard(event=category.event)

    for registration in registrations:
        registration_erase_personal_data(registration=registration)
    after = registration_dashboard(event=category.event)

    assert [(r.counts, r.seats_taken, r.waitlist) for r in after.categories] == [
        (r.counts, r.seats_taken, r.waitlist) for r in before.categories
    ]
    assert (after.total, after.countries, after.days) == (
        before.total,
        before.countries,
        before.days,
    )


# --- the management command ---------------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("erase_personal_data", *args, stdout=out)
    return out.getvalue()


def test_command_refuses_before_the_retention_period(category, registrations, settings):
    settings.FORUM_PERSONAL_DATA_RETENTION_DAYS = 90
    end_event(category.event, days_ago=89)

    with pytest.raises(CommandError) as refused:
        run("--event", "quito")

    ends = (category.event.end_date + timedelta(days=90)).isoformat()
    assert str(refused.value) == (
        f"The retention period of {category.event.name} ends on {ends}; "
        "personal data cannot be erased before then. Use --force to erase now."
    )
    assert [sensitive_values(r) for r in registrations] == [SENSITIVE, SENSITIVE]


def test_command_erases_after_the_retention_period_and_is_idempotent(
    category, registrations, settings
):
    settings.FORUM_PERSONAL_DATA_RETENTION_DAYS = 90
    end_event(category.event, days_ago=90)
    before = [kept_values(r) for r in registrations]
    other, _ = register(CategoryFactory(), **SENSITIVE)  # another event: untouched

    first = run("--event", "quito")
    second = run("--event", "quito")

    name = category.event.name
    assert first == f"Erased the personal data of 2 registration(s) of {name}.\n"
    assert second == f"Erased the personal data of 0 registration(s) of {name}.\n"
    assert [sensitive_values(r) for r in registrations] == [ERASED, ERASED]
    assert [kept_values(r) for r in registrations] == before
    assert [Registration.objects.get(pk=r.pk).state for r in registrations] == [
        S.CONFIRMED,
        S.CANCELLED,
    ]
    assert sensitive_values(other) == SENSITIVE
    assert [
        list(r.transitions.values_list("from_state", "to_state", "actor_label", "reason"))[-1]
        for r in registrations
    ] == [
        ("confirmed", "confirmed", "system", "personal data erased"),
        ("cancelled", "cancelled", "system", "personal data erased"),
    ]


def test_command_force_erases_before_the_retention_period(category, registrations):
    output = run("--event", "quito", "--force")

    assert output == (f"Erased the personal data of 2 registration(s) of {category.event.name}.\n")
    assert [sensitive_values(r) for r in registrations] == [ERASED, ERASED]


def test_command_unknown_event(db):
    with pytest.raises(CommandError) as refused:
        run("--event", "nowhere")

    assert str(refused.value) == "No event with the slug “nowhere”."


def test_retention_ends_follows_the_setting(category, settings):
    settings.FORUM_PERSONAL_DATA_RETENTION_DAYS = 30

    assert retention_ends(event=category.event) == category.event.end_date + timedelta(days=30)


# --- shown or hidden on the organiser pages -----------------------------------------------------


@pytest.fixture
def login(client, organiser_of):
    def as_organiser(event, **flags):
        user = organiser_of(event, username="organiser", can_manage_registrations=True, **flags)
        client.force_login(user)
        return user

    return as_organiser


def test_detail_shows_personal_data_to_holders(client, category, registrations, login):
    login(category.event, can_view_personal_data=True)

    response = client.get(detail_url(registrations[0]))
    html = response.content.decode()
    section = html.split('id="personal-data"')[1].split("</dl>")[0]

    assert [value for _label, value in response.context["personal"]] == list(SENSITIVE.values())
    for text in ("P9876543", "Vegetarian, no nuts", "Step-free access", "Small municipality"):
        assert text in section
    assert "hidden" not in section
    assert 'id="erase-form"' in html


def test_detail_hides_personal_data_from_others(client, category, registrations, login):
    login(category.event)

    response = client.get(detail_url(registrations[0]))
    html = response.content.decode()
    section = html.split('id="personal-data"')[1].split("</dl>")[0]

    assert [value for _label, value in response.context["personal"]] == [None] * 6
    assert section.count('<span class="hidden-data">hidden</span>') == 6
    for text in ("P9876543", "Vegetarian", "Step-free", "Small municipality", "1980", "2031"):
        assert text not in html
    assert 'id="erase-form"' not in html


def test_export_adds_personal_columns_only_for_holders(client, category, registrations, login):
    login(category.event, can_view_personal_data=True)

    rows = parse_csv(client.get(url("registrations_export", category.event)))

    assert rows[0] == HEADER + PERSONAL_HEADER
    by_name = {row[6]: row for row in rows[1:]}
    assert by_name["Ana"][-6:] == [
        "Vegetarian, no nuts",
        "Step-free access",
        "P9876543",
        "2031-05-31",
        "1980-02-29",
        "Small municipality without a travel budget",
    ]
    assert by_name["Ana"][16:18] == ["yes", "yes"]


def test_export_without_the_flag_has_no_personal_columns(client, category, registrations, login):
    login(category.event)

    body = b"".join(
        client.get(url("registrations_export", category.event)).streaming_content
    ).decode()

    assert body.splitlines()[0] == "\ufeff" + ",".join(HEADER)
    assert "P9876543" not in body
    assert "Vegetarian" not in body


# --- erasing one registration from its page -----------------------------------------------------


def test_holder_erases_one_registration_with_confirmation(client, category, registrations, login):
    user = login(category.event, can_view_personal_data=True)
    target, other = registrations

    response = client.post(detail_url(target), {"action": "erase", "confirm": "on"})

    assert response["Location"] == detail_url(target)
    assert flashed(response) == ["The personal data of this registration has been erased."]
    assert (sensitive_values(target), sensitive_values(other)) == (ERASED, SENSITIVE)
    assert target.transitions.last().actor == user
    page = client.get(detail_url(target)).content.decode()
    assert 'id="erased-notice"' in page


def test_erase_needs_the_confirmation_box(client, category, registrations, login):
    login(category.event, can_view_personal_data=True)

    response = client.post(detail_url(registrations[0]), {"action": "erase"})

    assert flashed(response) == ["Tick the box to confirm the erasure."]
    assert sensitive_values(registrations[0]) == SENSITIVE


def test_erase_twice_says_it_was_already_done(client, category, registrations, login):
    login(category.event, can_view_personal_data=True)
    registration_erase_personal_data(registration=registrations[0])

    response = client.post(detail_url(registrations[0]), {"action": "erase", "confirm": "on"})

    assert flashed(response) == ["The personal data of this registration was already erased."]


def test_erase_is_forbidden_without_the_personal_data_flag(client, category, registrations, login):
    login(category.event)

    response = client.post(detail_url(registrations[0]), {"action": "erase", "confirm": "on"})

    assert response.status_code == 403
    assert sensitive_values(registrations[0]) == SENSITIVE


def test_erase_by_an_organiser_of_another_event_is_404(client, registrations, login):
    login(EventFactory(), can_view_personal_data=True)

    response = client.post(detail_url(registrations[0]), {"action": "erase", "confirm": "on"})

    assert response.status_code == 404
    assert sensitive_values(registrations[0]) == SENSITIVE


def test_erasures_are_in_the_audit_log_without_the_erased_values(db):
    from events.models import AuditEntry
    from registrations.services.personal_data import (
        event_erase_personal_data,
        registration_erase_personal_data,
    )

    category = CategoryFactory()
    first, _ = register(category, email="first@example.org")
    second, _ = register(category, email="second@example.org")
    registration_erase_personal_data(registration=first)
    event_erase_personal_data(event=category.event, force=True)

    erased = AuditEntry.objects.filter(note="personal data erased").order_by("object_id")
    assert [(e.object_id, e.actor_label, e.changes) for e in erased] == [
        (str(first.pk), "system", {"state": [first.state, first.state]}),
        (str(second.pk), "system", {"state": [second.state, second.state]}),
    ]
    assert [e.object_repr for e in erased] == [str(first), str(second)]
