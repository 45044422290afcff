"""Server-rendered SVG charts (no script, no style attribute: CSP allows neither inline).

The views hand these plain numbers to ``templates/outcomes/_charts.html``, which draws them
with SVG presentation attributes only.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import formats

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 36


@dataclass
class Timeline:
    width: int = WIDTH
    height: int = HEIGHT
    path: str = ""
    area: str = ""
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM
    top: int = TOP
    total: int = 0
    first: date | None = None
    last: date | None = None


def _nice_max(n: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if n <= step * 4:
            return max(step * ((n + step - 1) // step), step)
    return n  # pragma: no cover - beyond 4,000 signatories


def timeline_chart(*, dates: list[datetime], start: date | None, today: date) -> Timeline:
    """Cumulative public endorsements by day, as a step line from ``start`` to ``today``."""
    chart = Timeline(total=len(dates))
    days = sorted(d.date() for d in dates)
    first = min([start, *days[:1]] if start else days[:1] or [today])
    last = max([today, *days[-1:]])
    if last <= first:
        last = first + timedelta(days=1)
    chart.first, chart.last = first, last
    span = (last - first).days
    top_value = _nice_max(max(len(days), 1))
    inner_w = chart.right - chart.left
    inner_h = chart.bottom - chart.top

    def x(day: date) -> float:
        return round(chart.left + inner_w * (day - first).days / span, 1)

    def y(count: int) -> float:
        return round(chart.bottom - inner_h * count / top_value, 1)

    points = [f"M{chart.left},{chart.bottom}"]
    for count, day in enumerate(days, start=1):
        points.append(f"H{x(day)}V{y(count)}")
    points.append(f"H{chart.right}")
    chart.path = "".join(points)
    chart.area = chart.path + f"V{chart.bottom}Z"
    chart.y_ticks = [(y(v), v) for v in (0, top_value // 2, top_value)]
    # Month ticks: the first of each month in range, thinned to at most 6 labels.
    months = []
    cursor = date(first.year, first.month, 1)
    while cursor <= last:
        if cursor >= first:
            months.append(cursor)
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    step = max(1, -(-len(months) // 6))
    chart.x_ticks = [(x(m), formats.date_format(m, "YEAR_MONTH_FORMAT")) for m in months[::step]]
    return chart


@dataclass
class Bars:
    width: int = WIDTH
    height: int = 0
    rows: list[dict] = field(default_factory=list)
    label_width: int = 120


def region_chart(*, by_region: list[tuple[str, str, int]]) -> Bars:
    """Horizontal bars, one per region, with the count written after each bar."""
    bars = Bars()
    row_h, gap = 26, 8
    top_value = max([n for _, _, n in by_region] + [1])
    usable = WIDTH - bars.label_width - 60
    for i, (key, label, n) in enumerate(by_region):
        y = i * (row_h + gap)
        length = round(usable * n / top_value, 1)
        bars.rows.append(
            {
                "key": key,
                "label": label,
                "count": n,
                "y": y,
                "text_y": y + row_h * 0.68,
                "length": length,
                "count_x": bars.label_width + length + 6,
                "height": row_h,
            }
        )
    bars.height = len(by_region) * (row_h + gap)
    return bars
