from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.enums import RegistrationWindowStatus
from events.models import Organisation
from tests.factories import EventFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_event_end_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start_date=date(2030, 3, 10), end_date=date(2030, 3, 9))


def test_event_one_day_event_is_allowed():
    event = EventFactory(start_date=date(2030, 3, 10), end_date=date(2030, 3, 10))

    assert event.duration_days == 1


def test_event_slug_is_unique():
    EventFactory(slug="quito-2030")

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(slug="quito-2030")


def test_event_registration_must_close_after_it_opens():
    opens = datetime(2030, 1, 1, tzinfo=UTC)

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(registration_opens_at=opens, registration_closes_at=opens)


def test_event_status_outside_choices_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(status="cancelled")


def test_event_full_clean_rejects_unknown_timezone_and_languages():
    event = EventFactory.build(timezone="Mars/Olympus_Mons", languages=["en", "de"], venue=None)

    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()

    assert sorted(excinfo.value.message_dict) == ["languages", "timezone"]
    assert excinfo.value.message_dict["timezone"] == [
        "“Mars/Olympus_Mons” is not an IANA time zone such as Europe/Berlin."
    ]


@pytest.mark.parametrize("languages", [[], ["en", "en"], "en", ["EN"]])
def test_event_languages_must_be_a_nonempty_list_of_distinct_working_languages(languages):
    event = EventFactory.build(languages=languages, venue=None)

    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()

    assert list(excinfo.value.message_dict) == ["languages"]


def test_organisation_name_is_unique_per_country_ignoring_case():
    OrganisationFactory(name="City of Quito", country="EC")
    OrganisationFactory(name="City of Quito", country="US", slug="quito-us")

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(name="CITY OF QUITO", country="EC", slug="quito-2")

    assert Organisation.objects.count() == 2


def test_organisation_kind_outside_choices_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(kind="church")


@pytest.mark.parametrize(
    ("opens", "closes", "now", "expected"),
    [
        (None, None, datetime(2030, 2, 1, tzinfo=UTC), RegistrationWindowStatus.NOT_OFFERED),
        (
            datetime(2030, 1, 1, tzinfo=UTC),
            datetime(2030, 3, 1, tzinfo=UTC),
            datetime(2029, 12, 31, 23, 59, tzinfo=UTC),
            RegistrationWindowStatus.NOT_YET_OPEN,
        ),
        (
            datetime(2030, 1, 1, tzinfo=UTC),
            datetime(2030, 3, 1, tzinfo=UTC),
            datetime(2030, 1, 1, tzinfo=UTC),
            RegistrationWindowStatus.OPEN,
        ),
        (
            datetime(2030, 1, 1, tzinfo=UTC),
            datetime(2030, 3, 1, tzinfo=UTC),
            datetime(2030, 3, 1, tzinfo=UTC),
            RegistrationWindowStatus.CLOSED,
        ),
        # No closing time: registration ends with the forum's last day in the host's zone.
        (
            datetime(2030, 1, 1, tzinfo=UTC),
            None,
            datetime(2030, 3, 13, 4, 59, tzinfo=UTC),
            RegistrationWindowStatus.OPEN,
        ),
        (
            datetime(2030, 1, 1, tzinfo=UTC),
            None,
            datetime(2030, 3, 13, 5, 0, tzinfo=UTC),
            RegistrationWindowStatus.CLOSED,
        ),
    ],
)
def test_event_registration_window_status(opens, closes, now, expected):
    event = EventFactory(
        start_date=date(2030, 3, 10),
        end_date=date(2030, 3, 12),
        timezone="America/Guayaquil",  # UTC-5
        registration_opens_at=opens,
        registration_closes_at=closes,
    )

    assert event.registration_window_status(now) == expected


def test_event_local_today_uses_the_event_zone():
    event = EventFactory(timezone="Asia/Manila", start_date=date(2030, 3, 10))
    late_utc = datetime(2030, 3, 9, 17, 0, tzinfo=UTC)  # 01:00 on the 10th in Manila

    assert event.local_today(late_utc) == date(2030, 3, 10)
    assert event.local_today(late_utc - timedelta(hours=2)) == date(2030, 3, 9)
