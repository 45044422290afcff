"""Two organisers remove the last two team managers at once: exactly one removal happens."""

import time
from collections import Counter

import pytest
from django.db import connection

from events.models import AuditEntry, Team
from events.services import teams as service
from events.services.teams import TeamError, team_remove_member, team_set_flags
from tests.concurrency import race
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)
on_postgres = connection.vendor == "postgresql"


@pytest.fixture
def two_managers(organiser_of):
    event = EventFactory(slug="race-forum")
    amina = organiser_of(event, "amina", can_change_teams=True)
    bruno = organiser_of(event, "bruno", can_change_teams=True)
    return event, amina, bruno


@pytest.fixture
def slow_count(monkeypatch):
    """The service sleeps right after it counts the managers, so a missing lock shows every time."""
    count = service._managers

    def counted_then_slow(*args, **kwargs):
        found = count(*args, **kwargs)
        time.sleep(0.2)
        return found

    monkeypatch.setattr(service, "_managers", counted_then_slow)


@pytest.fixture
def without_row_locks(monkeypatch):
    """The service reads the event row it would lock, without locking it."""
    monkeypatch.setattr(service, "lock_one", lambda rows, pk: rows.objects.get(pk=pk))


def managers_left(event) -> int:
    return (
        Team.members.through.objects.filter(team__event=event, team__can_change_teams=True)
        .values("user_id")
        .distinct()
        .count()
    )


def remove_each_other(two_managers):
    event, amina, bruno = two_managers
    pairs = [(bruno, amina), (amina, bruno)]

    def work(i):
        actor, member = pairs[i]
        team_remove_member(event=event, team=member.teams.get(), user=actor, member=member)
        return "removed"

    return work


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_without_the_event_lock_both_removals_succeed(
    two_managers, slow_count, without_row_locks
):
    """Negative control: the same race, the lock taken away, leaves nobody to manage teams."""
    event, _amina, _bruno = two_managers

    outcomes = race(2, remove_each_other(two_managers), refusals=(TeamError,))

    assert outcomes == Counter({"removed": 2})
    assert managers_left(event) == 0


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_two_removals_of_the_last_two_managers_one_succeeds(two_managers, slow_count):
    event, _amina, _bruno = two_managers

    outcomes = race(2, remove_each_other(two_managers), refusals=(TeamError,))

    assert outcomes == Counter({"removed": 1, "last_manager": 1})
    assert managers_left(event) == 1
    assert AuditEntry.objects.filter(event=event, action="removed").count() == 1


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_removal_and_flag_strip_of_the_last_two_managers_one_succeeds(
    two_managers, slow_count
):
    event, amina, bruno = two_managers

    def work(i):
        if i == 0:
            team_remove_member(event=event, team=amina.teams.get(), user=bruno, member=amina)
            return "removed"
        team_set_flags(
            event=event, team=bruno.teams.get(), user=amina, flags={"can_change_teams": False}
        )
        return "stripped"

    outcomes = race(2, work, refusals=(TeamError,))

    assert outcomes["last_manager"] == 1
    assert outcomes["removed"] + outcomes["stripped"] == 1
    assert managers_left(event) == 1


def test_sequential_removals_of_the_last_two_managers_refuse_the_second(two_managers):
    event, amina, bruno = two_managers
    team_remove_member(event=event, team=amina.teams.get(), user=bruno, member=amina)

    with pytest.raises(TeamError) as refused:
        team_remove_member(event=event, team=bruno.teams.get(), user=bruno, member=bruno)

    assert refused.value.code == "last_manager"
    assert managers_left(event) == 1
