"""The public reads of pledges: who is public, filters, counts, anniversaries."""

from datetime import date

import pytest

from outcomes.models import Pledge
from outcomes.selectors.pledges import (
    NO_THEME,
    pledge_anniversaries,
    pledge_counts_public,
    pledge_list_public,
    pledge_status_counts_public,
)
from tests.outcomes.pledges_public.data import (
    endorse,
    pledge,
    public_statement,
    when,
    withdraw_endorsement,
)

pytestmark = pytest.mark.django_db


def codes(pledges):
    return [p.code for p in pledges]


def test_only_published_pledges_of_published_endorsements_are_listed(pledged):
    listed = pledge_list_public(statement=pledged)

    assert codes(listed) == ["PACCRA", "PDAKAR", "PMILANO"]
    dakar = listed[1]
    assert (dakar.published_revision.number, dakar.published_revision.status) == (2, "done")
    assert dakar.published_revision.title_en == "Free bus passes for newcomers"


def test_filters(pledged, tracks):
    assert codes(pledge_list_public(statement=pledged, region="africa")) == ["PACCRA", "PDAKAR"]
    assert codes(pledge_list_public(statement=pledged, region="americas")) == []
    assert codes(pledge_list_public(statement=pledged, track=tracks["labour"].pk)) == ["PMILANO"]
    assert codes(pledge_list_public(statement=pledged, track=NO_THEME)) == ["PACCRA"]
    assert codes(pledge_list_public(statement=pledged, status="under_way")) == [
        "PACCRA",
        "PMILANO",
    ]
    assert codes(pledge_list_public(statement=pledged, region="africa", status="done")) == [
        "PDAKAR"
    ]


def test_counts(pledged, tracks):
    counts = pledge_counts_public(statement=pledged)

    assert counts.total == 3
    assert counts.by_status == [
        ("planned", "Planned", 0),
        ("under_way", "Under way", 2),
        ("done", "Done", 1),
    ]
    assert counts.by_region == [
        ("africa", "Africa", 2),
        ("americas", "Americas", 0),
        ("asia", "Asia", 0),
        ("europe", "Europe", 1),
        ("oceania", "Oceania", 0),
    ]
    assert counts.by_theme == [
        (str(tracks["climate"].pk), "Climate mobility", 1),
        (str(tracks["labour"].pk), "Labour migration", 1),
        (NO_THEME, "No theme", 1),
    ]
    assert pledge_status_counts_public(statement=pledged) == {
        "planned": 0,
        "under_way": 2,
        "done": 1,
    }


def test_anniversaries_count_the_status_of_each_date(pledged):
    """Dakar's pledge was planned at the 1st anniversary and done at the 2nd; Quito's counts
    until its withdrawal; Accra's only from its approval."""
    rows = pledge_anniversaries(statement=pledged, today=date(2026, 6, 1))

    assert rows == [
        (date(2025, 3, 5), {"planned": 2, "under_way": 1, "done": 0}),
        (date(2026, 3, 5), {"planned": 0, "under_way": 2, "done": 1}),
        (date(2026, 6, 1), {"planned": 0, "under_way": 2, "done": 1}),
    ]


def test_anniversary_today_is_not_repeated_and_before_the_first_only_today(pledged):
    assert [d for d, _c in pledge_anniversaries(statement=pledged, today=date(2025, 3, 5))] == [
        date(2025, 3, 5)
    ]
    assert pledge_anniversaries(statement=pledged, today=date(2024, 4, 2)) == [
        (date(2024, 4, 2), {"planned": 1, "under_way": 0, "done": 0})
    ]


def test_a_withdrawn_endorsement_hides_its_pledges_everywhere(pledged):
    dakar = Pledge.objects.get(code="PDAKAR").endorsement
    withdraw_endorsement(dakar, when(2026, 1, 1))

    assert codes(pledge_list_public(statement=pledged)) == ["PACCRA", "PMILANO"]
    assert pledge_counts_public(statement=pledged).total == 2
    assert pledge_anniversaries(statement=pledged, today=date(2026, 6, 1))[0] == (
        date(2025, 3, 5),
        {"planned": 1, "under_way": 1, "done": 0},
    )


def test_other_statements_pledges_stay_apart(pledged, event, organiser):
    other = public_statement(event, organiser, slug="other")
    pledge(endorse(other, "Lisboa", "PT"), "PLISBOA")

    assert codes(pledge_list_public(statement=pledged)) == ["PACCRA", "PDAKAR", "PMILANO"]
    assert codes(pledge_list_public(statement=other)) == ["PLISBOA"]


@pytest.mark.parametrize("extra", [0, 10])
def test_reads_cost_fixed_queries(pledged, extra, django_assert_num_queries):
    for n in range(extra):
        pledge(endorse(pledged, f"City {n}", "BR"), f"PX{n}", decided_at=when(2024, 9, 1))

    with django_assert_num_queries(1):
        pledge_list_public(statement=pledged)
    with django_assert_num_queries(1):
        pledge_anniversaries(statement=pledged, today=date(2026, 6, 1))
    with django_assert_num_queries(2):  # the pledges, the event's tracks
        pledge_counts_public(statement=pledged)
