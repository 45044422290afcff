"""The public pledges page, its CSV and the summary on the statement page."""

import csv
import io
import re

import pytest
from django.test import Client

from outcomes.models import Pledge
from tests.outcomes.pledges_public.data import (
    SECRET_EMAIL,
    SECRET_PENDING,
    SECRET_REASON,
    draft_statement,
    endorse,
    pledge,
    when,
    withdraw_endorsement,
)

pytestmark = pytest.mark.django_db

PAGE = "/en/events/dakar/statements/dakar-declaration/pledges/"
CSV = "/en/events/dakar/statements/dakar-declaration/pledges.csv"
SECRETS = (SECRET_EMAIL, SECRET_REASON, SECRET_PENDING, "Hidden by withdrawal", "Rejected action")


def table_rows(html: str, table_id: str) -> list[list[str]]:
    body = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_page_lists_public_pledges_in_the_page_language(client, pledged, today):
    response = client.get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert table_rows(html, "pledge-list") == [
        ["Accra", "Ghana", "Language classes", "", "Under way", "", "", "", "Aug. 1, 2025"],
        [
            "Dakar",
            "Senegal",
            "Free bus passes for newcomers",
            "Climate mobility",
            "Done",
            "Dec. 31, 2025",
            "1200 people reached",
            "More about it (Dakar)",
            "April 1, 2025",
        ],
        [
            "Milano",
            "Italy",
            "Logements d&#x27;accueil (in French)",
            "Labour migration",
            "Under way",
            "",
            "",
            "",
            "May 1, 2024",
        ],
    ]
    # The fallback title names its language for screen readers.
    assert '<span lang="fr" dir="ltr">Logements d&#x27;accueil</span>' in html
    assert 'href="https://dakar.example/bus"' in html
    for secret in SECRETS:
        assert secret not in html


def test_page_counts_chart_and_anniversaries(client, pledged, today):
    html = client.get(PAGE).content.decode()

    assert table_rows(html, "anniversary-table") == [
        ["March 5, 2025 (1 year after adoption)", "2", "1", "0", "3"],
        ["March 5, 2026 (2 years after adoption)", "0", "2", "1", "3"],
        ["Today, June 1, 2026", "0", "2", "1", "3"],
    ]
    counts = table_rows(html, "pledge-count-table")
    assert counts[:3] == [["Planned", "0"], ["Under way", "2"], ["Done", "1"]]
    assert counts[3:6] == [
        ["Theme: Climate mobility", "1"],
        ["Theme: Labour migration", "1"],
        ["Theme: No theme", "1"],
    ]
    assert ["Region: Africa", "2"] in counts and ["Region: Europe", "1"] in counts
    assert '<desc id="status-chart-desc">Planned: 0; Under way: 2; Done: 1</desc>' in html
    assert '<h2 id="counts-heading">3 local actions</h2>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=africa", ["Accra", "Dakar"]),
        ("status=under_way", ["Accra", "Milano"]),
        ("theme=none", ["Accra"]),
        ("region=africa&status=done", ["Dakar"]),
        ("region=mars&status=nonsense&theme=999999", ["Accra", "Dakar", "Milano"]),
    ],
)
def test_filters_on_page_and_csv(client, pledged, today, query, expected):
    html = client.get(f"{PAGE}?{query}").content.decode()
    rows = csv_rows(client.get(f"{CSV}?{query}"))

    assert [row[0] for row in table_rows(html, "pledge-list")] == expected
    assert [row[1] for row in rows[1:]] == expected


def test_theme_filter_by_track(client, pledged, tracks, today):
    html = client.get(f"{PAGE}?theme={tracks['labour'].pk}").content.decode()

    assert [row[0] for row in table_rows(html, "pledge-list")] == ["Milano"]
    assert "Showing 1 of 3 local actions." in html
    assert f'<option value="{tracks["labour"].pk}" selected>Labour migration (1)</option>' in html


def test_csv_has_the_documented_columns_and_rows(client, pledged, today):
    response = client.get(CSV)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dakar-declaration-pledges.csv"'
    assert csv_rows(response) == [
        [
            "code",
            "organisation",
            "country",
            "region",
            "title",
            "title_language",
            "theme",
            "status",
            "target_date",
            "figure",
            "figure_label",
            "link",
            "updated",
        ],
        [
            "PACCRA",
            "Accra",
            "GH",
            "africa",
            "Language classes",
            "en",
            "",
            "under_way",
            "",
            "",
            "",
            "",
            "2025-08-01",
        ],
        [
            "PDAKAR",
            "Dakar",
            "SN",
            "africa",
            "Free bus passes for newcomers",
            "en",
            "Climate mobility",
            "done",
            "2025-12-31",
            "1200",
            "people reached",
            "https://dakar.example/bus",
            "2025-04-01",
        ],
        [
            "PMILANO",
            "Milano",
            "IT",
            "europe",
            "Logements d'accueil",
            "fr",
            "Labour migration",
            "under_way",
            "",
            "",
            "",
            "",
            "2024-05-01",
        ],
    ]
    for secret in SECRETS:
        assert secret not in response.content.decode()


def test_csv_in_french_picks_french_titles(client, pledged, today):
    rows = csv_rows(client.get(CSV.replace("/en/", "/fr/")))

    assert [(row[4], row[5]) for row in rows[1:]] == [
        ("Language classes", "en"),
        ("Transport gratuit", "fr"),
        ("Logements d'accueil", "fr"),
    ]


def test_withdrawn_endorsement_hides_its_pledges_on_page_csv_and_summary(client, pledged, today):
    withdraw_endorsement(Pledge.objects.get(code="PDAKAR").endorsement, when(2026, 5, 1))

    html = client.get(PAGE).content.decode()
    rows = csv_rows(client.get(CSV))
    summary = client.get("/en/events/dakar/statements/dakar-declaration/").content.decode()

    assert [row[0] for row in table_rows(html, "pledge-list")] == ["Accra", "Milano"]
    assert "Free bus passes" not in html
    assert [row[0] for row in rows[1:]] == ["PACCRA", "PMILANO"]
    assert table_rows(html, "anniversary-table")[-1] == ["Today, June 1, 2026", "0", "2", "0", "2"]
    assert 'id="pledge-summary"' in summary
    assert '<span data-status="done">Done 0</span>' in summary


def test_statement_page_has_a_one_line_summary(client, pledged, today):
    html = client.get("/en/events/dakar/statements/dakar-declaration/").content.decode()

    summary = re.search(r'<p class="pledge-summary" id="pledge-summary">(.*?)</p>', html, re.S)
    text = re.sub(r"<[^>]+>", "", summary.group(1))
    assert text == "3 local actions pledged: Planned 0, Under way 2, Done 1. See the local actions"
    assert f'href="{PAGE}" id="pledges-link"' in html
    # The statement's page shows the progress at each anniversary of the adoption too.
    assert table_rows(html, "anniversary-table") == [
        ["March 5, 2025 (1 year after adoption)", "2", "1", "0", "3"],
        ["March 5, 2026 (2 years after adoption)", "0", "2", "1", "3"],
        ["Today, June 1, 2026", "0", "2", "1", "3"],
    ]


def test_not_public_statements_have_no_pledges_page(client, event, organiser, today):
    draft_statement(event, organiser)
    organiser_client = Client()
    organiser_client.force_login(organiser)

    for who in (client, organiser_client):
        assert who.get("/en/events/dakar/statements/draft-declaration/pledges/").status_code == 404
        assert (
            who.get("/en/events/dakar/statements/draft-declaration/pledges.csv").status_code == 404
        )
    assert client.get("/en/events/dakar/statements/nope/pledges/").status_code == 404


def test_empty_page(client, statement, today):
    html = client.get(PAGE).content.decode()

    assert table_rows(html, "pledge-list") == [["No local action is public yet."]]
    assert "0 local actions" in html


@pytest.mark.parametrize("extra", [0, 10])
def test_page_and_csv_queries_do_not_grow(client, pledged, today, extra, django_assert_num_queries):
    """3 public pledges or 13: the same queries."""
    for n in range(extra):
        pledge(endorse(pledged, f"City {n:02}", "BR"), f"PX{n}", decided_at=when(2024, 9, 1))

    # event, statement, tracks, pledges, counts, anniversaries
    with django_assert_num_queries(6):
        response = client.get(PAGE)
    assert len(table_rows(response.content.decode(), "pledge-list")) == 3 + extra
    # event, statement, tracks, pledges
    with django_assert_num_queries(4):
        response = client.get(CSV)
    assert len(csv_rows(response)) == 1 + 3 + extra
