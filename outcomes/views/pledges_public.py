"""The public pages of a statement's pledges: the list with filters, counts and a chart, the
counts on each anniversary of the adoption, and the same rows as a CSV file.

The CSV (UTF-8 with a byte order mark, so spreadsheets read it as UTF-8) has one row per
public pledge, in the page's order and filters, with these columns:

``code`` the pledge's code; ``organisation``; ``country`` (ISO 3166 code); ``region`` (UN
M49 region key); ``title`` in the page's language, else in another language of the event;
``title_language`` the language the title is in; ``theme`` (a track of the event, or empty);
``status`` (planned, under_way, done); ``target_date`` (YYYY-MM-DD or empty); ``figure`` and
``figure_label``; ``link``; ``updated`` (YYYY-MM-DD, the day its public text was approved).
"""

import csv
from dataclasses import dataclass
from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from events.selectors.events import event_get_for_viewer
from forum.content import Text, pick_for_page
from forum.spreadsheets import csv_safe
from outcomes.charts import region_chart
from outcomes.enums import PledgeStatus
from outcomes.regions import REGIONS, region_of
from outcomes.selectors.pledges import (
    NO_THEME,
    pledge_counts_public,
    pledge_list_public,
    pledge_progress,
    statement_tracks,
)
from outcomes.selectors.statements import statement_get_public


@dataclass(frozen=True)
class PledgeRow:
    """What the public sees of one pledge: its published text only."""

    code: str
    organisation: str
    country_code: str
    country_name: str
    region: str
    title: Text
    theme: Text | None
    status: str
    status_label: str
    target_date: date | None
    figure: int | None
    figure_label: Text
    link: str
    updated: date | None


def _rows(pledges, *, languages, tz) -> list[PledgeRow]:
    rows = []
    for pledge in pledges:
        revision = pledge.published_revision
        country = pledge.organisation.country
        rows.append(
            PledgeRow(
                code=pledge.code,
                organisation=pledge.organisation.name,
                country_code=country.code,
                country_name=str(country.name),
                region=region_of(country.code),
                title=pick_for_page(revision, "title", languages),
                theme=pick_for_page(revision.track, "name", languages) if revision.track else None,
                status=revision.status,
                status_label=str(revision.get_status_display()),
                target_date=revision.target_date,
                figure=revision.figure,
                figure_label=pick_for_page(revision, "figure_label", languages),
                link=revision.link,
                updated=timezone.localtime(revision.decided_at, tz).date()
                if revision.decided_at
                else None,
            )
        )
    return rows


def _filters(request, tracks) -> dict[str, str]:
    """The valid filters of the query string; anything else means "all"."""
    region = request.GET.get("region", "")
    theme = request.GET.get("theme", "")
    status = request.GET.get("status", "")
    themes = {str(t.pk) for t in tracks} | {NO_THEME}
    return {
        "region": region if region in REGIONS else "",
        "theme": theme if theme in themes else "",
        "status": status if status in PledgeStatus.values else "",
    }


def _public_statement(request, event_slug: str, slug: str):
    """The event and the statement, when it is public (adopted, open or closed); else 404."""
    event = event_get_for_viewer(slug=event_slug, user=request.user)
    statement = statement_get_public(event=event, slug=slug, user=request.user)
    if not statement.is_public:
        raise Http404
    statement.event = event
    return event, statement


def _listed(request, event, statement, tracks):
    filters = _filters(request, tracks)
    pledges = pledge_list_public(
        statement=statement,
        region=filters["region"] or None,
        track=filters["theme"] or None,
        status=filters["status"] or None,
    )
    return filters, _rows(pledges, languages=event.languages, tz=event.tzinfo)


@require_safe
def pledges_public(request, event_slug: str, slug: str):
    """The public pledges of a statement: filters, a chart of counts by status and region, a
    table of the pledges, and the counts on each anniversary of the adoption."""
    event, statement = _public_statement(request, event_slug, slug)
    tracks = statement_tracks(statement=statement)
    filters, rows = _listed(request, event, statement, tracks)
    counts = pledge_counts_public(statement=statement, tracks=tracks)
    today = timezone.localdate(timezone=event.tzinfo)
    return render(
        request,
        "outcomes/pledges_public.html",
        {
            "event": event,
            "statement": statement,
            "rows": rows,
            "counts": counts,
            "filters": filters,
            "filtered": any(filters.values()),
            "pledge_statuses": PledgeStatus.choices,
            "status_bars": region_chart(by_region=counts.by_status),
            "region_bars": region_chart(by_region=counts.by_region),
            "progress": pledge_progress(statement=statement, today=today),
            "query": request.GET.urlencode(),
        },
    )


@require_safe
def pledges_csv_public(request, event_slug: str, slug: str):
    """The rows of the public page, with its filters, as CSV (columns: the module's doc)."""
    event, statement = _public_statement(request, event_slug, slug)
    tracks = statement_tracks(statement=statement)
    _filters_used, rows = _listed(request, event, statement, tracks)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{statement.slug}-pledges.csv"'
    response.write("\ufeff")  # so that spreadsheets read UTF-8
    writer = csv.writer(response)
    writer.writerow(
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
        ]
    )
    for row in rows:
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    row.code,
                    row.organisation,
                    row.country_code,
                    row.region,
                    row.title,
                    row.title.lang or "",
                    row.theme or "",
                    row.status,
                    row.target_date.isoformat() if row.target_date else "",
                    "" if row.figure is None else row.figure,
                    row.figure_label,
                    row.link,
                    row.updated.isoformat() if row.updated else "",
                )
            ]
        )
    return response
