from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from events.enums import EventStatus, RegistrationWindowStatus
from events.models import Event, Organisation, Team

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_realistic_forum_and_is_idempotent():
    call_command("seed_demo", "--today", "2026-11-27", "--allow-production", stdout=None)
    first = (Organisation.objects.count(), Event.objects.count(), Team.objects.count())
    call_command("seed_demo", "--today", "2026-11-27", "--allow-production", stdout=None)

    assert (Organisation.objects.count(), Event.objects.count(), Team.objects.count()) == first
    assert first == (42, 3, 1)
    assert Organisation.objects.values("country").distinct().count() >= 25
    current = Event.objects.get(slug="mayoral-forum-dakar")
    assert (current.start_date, current.end_date) == (date(2027, 3, 2), date(2027, 3, 4))
    assert current.status == EventStatus.PUBLISHED
    assert current.timezone == "Africa/Dakar"
    assert current.languages == ["fr", "en", "es"]
    assert current.registration_window_status() == RegistrationWindowStatus.OPEN
    assert sorted(
        Event.objects.filter(status=EventStatus.ARCHIVED).values_list("host_city", flat=True)
    ) == [
        "Quezon City",
        "Quito",
    ]
    organiser = get_user_model().objects.get(username="organiser")
    assert organiser.check_password("demo-organiser")
    assert organiser.has_perm("events.change_event", current)


def test_seed_demo_refuses_to_run_in_production_by_default():
    with pytest.raises(CommandError, match="runs only with DJANGO_DEBUG on"):
        call_command("seed_demo")

    assert Event.objects.count() == 0
