#!/usr/bin/env python
"""Feeds benchmark: schedule.ics, schedule.xml, schedule.json and the widget's data.

For each database (SQLite always; PostgreSQL too when DATABASE_URL is set): migrate, publish
forums of 50 and 400 sessions (bench/generate.py), count SQL queries per request in-process
(cold render, warm, 304) and time the cold render of the 400-session schedule.json; then
serve with gunicorn and compare each feed's rate with WhiteNoise serving the same bytes as a
static file (targets: a 200 at 50% of its static file or more, a 304 at 90% or more).

    python bench/feeds.py          # the feeds alone
    python bench/run               # the partner API and the feeds, in one run

bench/run imports ``queries``, ``rows`` and ``table_rows`` from here.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
if (
    __name__ == "__main__"
    and Path(sys.executable) != VENV_PYTHON
    and VENV_PYTHON.exists()
    and not os.environ.get("BENCH_REEXEC")
):
    os.environ["BENCH_REEXEC"] = "1"
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])  # noqa: S606 - our own venv

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

FEEDS = ("schedule.ics", "schedule.xml", "schedule.json", "widget.json")
FEED_TARGET, REVALIDATION_TARGET = 0.5, 0.9
COLD_REPEATS = 7

QUERIES = r"""
import json, statistics, time
from django.db import connection
from django.core.cache import cache
from forum import localcache
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
out = {}
for n in (50, 400):
    for name in FEEDS:
        path = f"/events/bench-{n}/{name}"
        cache.clear()
        localcache.clear()
        with CaptureQueriesContext(connection) as cold:
            first = client.get(path)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        with CaptureQueriesContext(connection) as revalidate:
            r = client.get(path, headers={"If-None-Match": first["ETag"]})
        assert first.status_code == 200 and r.status_code == 304, (first.status_code, r.status_code)
        out[f"{name}:{n}"] = [len(cold), len(warm), len(first.content)]
        out[f"304-{name}:{n}"] = [len(revalidate), len(revalidate), 0]
# The cold render of the 400-session schedule.json: nothing cached (not the event head, not
# the version's publication time, not the body), the whole request timed.
timings = []
for _ in range(REPEATS):
    cache.clear()
    localcache.clear()
    started = time.perf_counter()
    assert client.get("/events/bench-400/schedule.json").status_code == 200
    timings.append((time.perf_counter() - started) * 1000)
out["cold-ms"] = [statistics.median(timings), min(timings), max(timings), len(timings)]
print("RESULT" + json.dumps(out))
""".replace("FEEDS", repr(FEEDS)).replace("REPEATS", str(COLD_REPEATS))


def queries(env: dict) -> dict:
    return harness.in_process(env, QUERIES)


def rows(port: int) -> tuple[dict, dict]:
    """The load rows of the feeds on a running server, and the static copies to write.

    Returns (rows, statics): rows name -> (path, headers, expected status); statics file name
    -> body (served once the server restarts; their rows are included already).
    """
    found, statics = {}, {}
    for name in FEEDS:
        path = f"/events/bench-400/{name}"
        body, etag = harness.fetch(port, path)
        static = f"feed-{name}"
        statics[static] = body
        found[f"feed {name}"] = (path, {}, 200)
        found[f"feed 304 {name}"] = (path, {"If-None-Match": etag}, 304)
        found[f"static {name}"] = (f"/static/bench/{static}", {}, 200)
    found["static 304 schedule.json"] = (
        "/static/bench/feed-schedule.json",
        {"If-None-Match": "STATIC-ETAG"},  # filled in by with_static_etag() after the restart
        304,
    )
    return found, statics


def with_static_etag(port: int, found: dict) -> dict:
    _body, etag = harness.fetch(port, "/static/bench/feed-schedule.json")
    path, _headers, expect = found["static 304 schedule.json"]
    return {**found, "static 304 schedule.json": (path, {"If-None-Match": etag}, expect)}


def table_rows(engine: str, counts: dict, best: dict, median: dict) -> list[tuple]:
    """Table rows: each feed and its 304 against the static file of the same bytes."""
    out = []
    for name in FEEDS:
        static = f"static {name}"
        for label, key, row, target in (
            (name, name, f"feed {name}", FEED_TARGET),
            (f"{name} 304", f"304-{name}", f"feed 304 {name}", REVALIDATION_TARGET),
        ):
            q50, q400 = counts[f"{key}:50"], counts[f"{key}:400"]
            out.append(
                (engine, label, f"{q50[0]}/{q50[1]}", f"{q400[0]}/{q400[1]}", best[row],
                 best[row] / best[static], median[row] / median[static], target)
            )  # fmt: skip
        size = counts[f"{name}:400"][2]
        out.append(
            (engine, f"static file, {name} ({size:,} B)", "-", "-", best[static], 1.0, 1.0, None)
        )
    return out


def cold_line(engine: str, counts: dict) -> str:
    median, low, high, repeats = counts["cold-ms"]
    queries = counts["schedule.json:400"][0]
    return (
        f"{engine}: cold render of the 400-session schedule.json ({queries} queries, "
        f"{counts['schedule.json:400'][2]:,} B): median {median:.0f} ms of {repeats} "
        f"(min {low:.0f}, max {high:.0f})"
    )


def static_304_line(engine: str, rates: dict) -> str:
    ceiling = rates["static 304 schedule.json"]
    shares = ", ".join(f"{n} {rates['feed 304 ' + n] / ceiling:.0%}" for n in FEEDS)
    return f"{engine}: feed 304s against WhiteNoise's own 304 ({ceiling:,.0f} req/s): {shares}"


def main() -> None:
    table, notes = [], []
    for engine, url in harness.targets():
        env = harness.bench_env(url)
        harness.prepare(env)
        counts = queries(env)
        with harness.server(env) as (port, restart):
            found, statics = rows(port)
            for name, body in statics.items():
                harness.static_copy(name, body)
            restart()
            found = with_static_etag(port, found)
            samples = harness.measure(port, found)
        best, median = harness.summarize(samples)
        table += table_rows(engine, counts, best, median)
        notes += [cold_line(engine, counts), static_304_line(engine, best)]
        harness.cleanup(url)
    harness.print_table(
        f"Feeds: gunicorn 2 workers (gthread), {harness.CLIENTS} keep-alive clients, best of "
        f"{harness.ROUNDS} interleaved rounds of {harness.SECONDS:g} s per row; SQL queries "
        "per request cold/warm (304: as sent) at N=50 and N=400",
        table,
    )
    print("\n".join(notes))


if __name__ == "__main__":
    main()
