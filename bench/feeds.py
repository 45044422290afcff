#!/usr/bin/env python
"""Feeds benchmark (issue #7): schedule.ics and schedule.xml, queries per request and req/s.

For each database (SQLite always; PostgreSQL too when DATABASE_URL is set): migrate, generate
forums of 50 and 400 sessions (bench/generate.py), count SQL queries per request in-process
(cold render, warm cache, 304), then serve with gunicorn (2 gthread workers) and drive
4 keep-alive clients on loopback for BENCH_SECONDS each, against a static-file ceiling (the
same .ics body served by WhiteNoise).

    python bench/feeds.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_feeds_bench python bench/feeds.py

Kept beside bench/run (the partner API's benchmark) rather than inside it, so the two issues'
measurements can move independently.
"""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
if (
    Path(sys.executable) != VENV_PYTHON
    and VENV_PYTHON.exists()
    and not os.environ.get("BENCH_REEXEC")
):
    os.environ["BENCH_REEXEC"] = "1"
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])  # noqa: S606 - our own venv

CLIENTS = 4
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "200000"))
SIZES = (50, 400)
FEEDS = (("schedule.ics", "schedule.ics"), ("schedule.xml", "schedule.xml"))

QUERIES = r"""
import json
from django.db import connection
from django.core.cache import cache
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
out = {}
for n in (50, 400):
    for name in ("schedule.ics", "schedule.xml"):
        path = f"/events/bench-{n}/{name}"
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            first = client.get(path)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        with CaptureQueriesContext(connection) as revalidate:
            r = client.get(path, headers={"If-None-Match": first["ETag"]})
        assert first.status_code == 200 and r.status_code == 304, (first.status_code, r.status_code)
        out[f"{name}:{n}"] = [len(cold), len(warm), len(revalidate), len(first.content)]
print("RESULT" + json.dumps(out))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(db_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def run(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout if capture else ""


def prepare(env: dict) -> dict:
    run(env, "manage.py", "migrate", "-v0")
    run(env, "manage.py", "collectstatic", "--noinput", "-v0")
    for n in SIZES:
        run(env, "bench/generate.py", "--sessions", str(n), "--slug", f"bench-{n}", capture=True)
    out = run(env, "manage.py", "shell", "-c", QUERIES, capture=True)
    return json.loads(out.split("RESULT", 1)[1])


def load(port: int, path: str, headers: dict, expect: int) -> float:
    """Requests/s of CLIENTS keep-alive connections for SECONDS (bounded by MAX_REQUESTS)."""
    done, errors = [0] * CLIENTS, []
    per_client = MAX_REQUESTS // CLIENTS

    def client(k: int, deadline: float) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.monotonic() < deadline and done[k] < per_client:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != expect:
                    errors.append(response.status)
                    return
                done[k] += 1
        finally:
            conn.close()

    for deadline_from_now in (1, SECONDS):  # warm every worker first, then count
        done[:] = [0] * CLIENTS
        started = time.monotonic()
        threads = [
            threading.Thread(target=client, args=(k, started + deadline_from_now))
            for k in range(CLIENTS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    if errors:
        raise RuntimeError(f"{path} answered {errors[0]}, expected {expect}")
    return sum(done) / (time.monotonic() - started)


def fetch(port: int, path: str) -> tuple[bytes, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body, etag = response.read(), response.getheader("ETag")
    conn.close()
    return body, etag


def serve_and_measure(env: dict) -> dict:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "forum.wsgi",
            "--workers", "2", "--worker-class", "gthread", "--threads", "2",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rates = {}
        for name, _file in FEEDS:
            path = f"/events/bench-400/{name}"
            body, etag = fetch(port, path)
            static_dir = ROOT / "staticfiles" / "bench"
            static_dir.mkdir(parents=True, exist_ok=True)
            (static_dir / name).write_bytes(body)
            rates[name] = load(port, path, {}, 200)
            rates[f"304-{name}"] = load(port, path, {"If-None-Match": etag}, 304)
            rates[f"bytes-{name}"] = len(body)
        # WhiteNoise indexes STATIC_ROOT at start: restart the workers to see the new files.
        os.kill(server.pid, signal.SIGHUP)
        time.sleep(2)
        rates["static"] = load(port, "/static/bench/schedule.ics", {}, 200)
        return rates
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    targets = [("SQLite", f"sqlite:////tmp/forum-feeds-bench-{os.getpid()}.sqlite3")]
    if os.environ.get("DATABASE_URL"):
        targets.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    rows = []
    for engine, url in targets:
        env = bench_env(url)
        queries = prepare(env)
        rates = serve_and_measure(env)
        static = rates["static"]
        for name, _file in FEEDS:
            q50, q400 = queries[f"{name}:50"], queries[f"{name}:400"]
            for label, key, index in ((name, name, (0, 1)), (f"{name} 304", f"304-{name}", (2, 2))):
                rate = rates[key]
                rows.append(
                    (engine, label, f"{q50[index[0]]}/{q50[index[1]]}",
                     f"{q400[index[0]]}/{q400[index[1]]}", rate, rate / static)
                )  # fmt: skip
        rows.append(
            (engine, f"static .ics ({rates['bytes-schedule.ics']} B)", "-", "-", static, 1.0)
        )
        if url.startswith("sqlite:////tmp/"):
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    print(f"\nFeeds benchmark: gunicorn 2 workers (gthread), {CLIENTS} keep-alive clients, "
          f"{SECONDS:g} s per row; queries per request cold/warm at N=50 and N=400")  # fmt: skip
    header = ("database", "request", "SQL N=50", "SQL N=400", "req/s", "vs static")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for engine, name, q50, q400, rate, ratio in rows:
        print(f"| {engine} | {name} | {q50} | {q400} | {rate:,.0f} | {ratio:.0%} |")


if __name__ == "__main__":
    main()
