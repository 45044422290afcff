"""The join window: instants in UTC, shown in the event's zone, across midnight and DST."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sessions.selectors.joining import ENDED, OPEN, UPCOMING, join_state, join_window

BERLIN = ZoneInfo("Europe/Berlin")


def local(zone: str, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize(
    ("zone", "opens_utc"),
    [
        ("Europe/Berlin", datetime(2027, 6, 14, 7, 45, tzinfo=UTC)),  # CEST in June
        ("America/Guayaquil", datetime(2027, 6, 14, 14, 45, tzinfo=UTC)),
        ("Asia/Manila", datetime(2027, 6, 14, 1, 45, tzinfo=UTC)),
        ("Pacific/Auckland", datetime(2027, 6, 13, 21, 45, tzinfo=UTC)),  # NZST in June
    ],
)
def test_join_window_opens_fifteen_minutes_before_in_each_zone(zone, opens_utc):
    start = local(zone, 2027, 6, 14, 10, 0)
    end = local(zone, 2027, 6, 14, 11, 30)
    window = join_window(start=start, end=end, zone=zone, now=start - timedelta(hours=1))

    assert window.state == UPCOMING
    assert window.opens_at == opens_utc
    assert window.opens_local.strftime("%Y-%m-%d %H:%M") == "2027-06-14 09:45"
    assert window.starts_local.strftime("%H:%M") == "10:00"
    assert window.ends_local.strftime("%H:%M") == "11:30"
    assert window.opens_at.tzinfo is UTC
    assert window.zone == zone


def test_join_window_zone_abbreviations():
    berlin = join_window(
        start=local("Europe/Berlin", 2027, 1, 10, 9, 0),
        end=local("Europe/Berlin", 2027, 1, 10, 10, 0),
        zone="Europe/Berlin",
        now=datetime(2027, 1, 1, tzinfo=UTC),
    )
    auckland = join_window(
        start=local("Pacific/Auckland", 2027, 1, 10, 9, 0),
        end=local("Pacific/Auckland", 2027, 1, 10, 10, 0),
        zone="Pacific/Auckland",
        now=datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert (berlin.zone_abbreviation, auckland.zone_abbreviation) == ("CET", "NZDT")


def test_join_window_follows_the_setting(settings):
    settings.FORUM_JOIN_OPENS_BEFORE = 30
    start = local("Asia/Manila", 2027, 6, 14, 10, 0)
    window = join_window(start=start, end=start + timedelta(hours=1), zone="Asia/Manila", now=start)
    assert window.opens_local.strftime("%H:%M") == "09:30"


def test_join_window_given_in_another_zone_is_shown_in_the_event_zone():
    # The database hands times back in UTC; the window is shown in the event's zone.
    start = datetime(2027, 6, 14, 15, 0, tzinfo=UTC)  # 10:00 in Guayaquil
    window = join_window(
        start=start,
        end=start + timedelta(hours=1),
        zone="America/Guayaquil",
        now=start,
    )
    assert window.opens_local.strftime("%H:%M %Z") == "09:45 -05"
    assert window.state == OPEN


def test_join_window_session_crossing_midnight_local_time():
    zone = "Asia/Manila"
    start = local(zone, 2027, 6, 14, 23, 30)
    end = local(zone, 2027, 6, 15, 0, 45)
    window = join_window(start=start, end=end, zone=zone, now=local(zone, 2027, 6, 15, 0, 10))

    assert window.state == OPEN
    assert window.opens_local.strftime("%Y-%m-%d %H:%M") == "2027-06-14 23:15"
    assert window.ends_local.strftime("%Y-%m-%d %H:%M") == "2027-06-15 00:45"
    assert window.ends_at - window.opens_at == timedelta(minutes=90)
    assert (
        join_window(start=start, end=end, zone=zone, now=local(zone, 2027, 6, 15, 0, 45)).state
        == ENDED
    )


def test_join_window_spring_forward_opens_before_the_gap_not_inside_it():
    # 2027-03-28 in Berlin: 02:00 CET jumps to 03:00 CEST. A session at 03:00 CEST starts at
    # 01:00 UTC; fifteen minutes earlier is 00:45 UTC, 01:45 CET (02:45 does not exist).
    start = datetime(2027, 3, 28, 3, 0, tzinfo=BERLIN)
    end = datetime(2027, 3, 28, 4, 0, tzinfo=BERLIN)
    window = join_window(
        start=start, end=end, zone="Europe/Berlin", now=datetime(2027, 3, 28, 0, 44, tzinfo=UTC)
    )

    assert window.opens_at == datetime(2027, 3, 28, 0, 45, tzinfo=UTC)
    assert window.opens_local.strftime("%H:%M %Z") == "01:45 CET"
    assert window.starts_local.strftime("%H:%M %Z") == "03:00 CEST"
    assert window.state == UPCOMING
    # Python's wall-clock arithmetic would have said 02:45, a time that never happens.
    assert (start - timedelta(minutes=15)).strftime("%H:%M") == "02:45"
    assert (
        join_window(
            start=start,
            end=end,
            zone="Europe/Berlin",
            now=datetime(2027, 3, 28, 1, 45, tzinfo=BERLIN),  # 00:45 UTC
        ).state
        == OPEN
    )


def test_join_window_fall_back_ambiguous_hour():
    # 2027-10-31 in Berlin: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice. A session
    # at the second 02:30 (fold=1, CET, 01:30 UTC) opens at 02:15 CET (01:15 UTC), not at the
    # first 02:15 (CEST, 00:15 UTC).
    start = datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=BERLIN)
    end = datetime(2027, 10, 31, 3, 30, tzinfo=BERLIN)
    window = join_window(
        start=start,
        end=end,
        zone="Europe/Berlin",
        now=datetime(2027, 10, 31, 0, 30, tzinfo=UTC),  # the first 02:30 (CEST)
    )

    assert window.starts_at == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert window.opens_at == datetime(2027, 10, 31, 1, 15, tzinfo=UTC)
    assert window.opens_local.strftime("%H:%M %Z") == "02:15 CET"
    assert window.ends_at - window.starts_at == timedelta(hours=1)  # 03:30 CET is 02:30 UTC
    assert window.state == UPCOMING  # an hour early by the wall clock's first 02:30


def test_join_window_boundaries_are_exact():
    start = datetime(2027, 6, 14, 8, 0, tzinfo=UTC)
    end = datetime(2027, 6, 14, 9, 0, tzinfo=UTC)
    opens = start - timedelta(minutes=15)
    tick = timedelta(microseconds=1)

    def state(now):
        return join_window(start=start, end=end, zone="Pacific/Auckland", now=now).state

    assert [state(opens - tick), state(opens), state(end - tick), state(end)] == [
        UPCOMING,
        OPEN,
        OPEN,
        ENDED,
    ]
    assert join_state(opens_at=opens, ends_at=end, now=opens) == OPEN


def test_join_window_refuses_naive_times():
    with pytest.raises(ValueError):
        join_window(
            start=datetime(2027, 6, 14, 8, 0),
            end=datetime(2027, 6, 14, 9, 0, tzinfo=UTC),
            zone="Europe/Berlin",
            now=datetime(2027, 6, 14, 8, 0, tzinfo=UTC),
        )
