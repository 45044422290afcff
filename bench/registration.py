#!/usr/bin/env python
"""Registration throughput under concurrency, through the real HTTP path.

Starts gunicorn on loopback, then N client threads each fetch the public form (CSRF cookie,
signed form stamp) and post a registration, as browsers do. The category has fewer seats
than attempts, so the capacity lock is exercised on every request; the script prints
registrations per second and the number of overbooked seats (must be 0).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench python bench/registration.py
    python bench/registration.py --clients 8 --attempts 400 --capacity 300   # SQLite

Bounded: at most --attempts requests pairs, at most --timeout seconds, loopback only.
"""

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "FORUM_REGISTRATION_RATE": "100000000/h",
        "FORUM_REGISTRATION_MIN_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Emails are queued (REDIS_URL, as in production) or rendered and dropped: the
        # console backend's terminal writes are not what production pays for.
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


def prepare(env: dict, capacity: int) -> None:
    code = f"""
from datetime import UTC, datetime, timedelta
from events.models import Event
from registrations.models import Registration, RegistrationCategory
Registration.objects.filter(event__slug="bench").delete()
RegistrationCategory.objects.filter(event__slug="bench").delete()
Event.objects.filter(slug="bench").delete()
now = datetime.now(UTC)
event = Event.objects.create(name="Bench Forum", slug="bench", host_city="Quito", host_country="EC",
    start_date=(now + timedelta(days=60)).date(), end_date=(now + timedelta(days=62)).date(),
    timezone="America/Guayaquil", languages=["en"], status="published",
    registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=30))
RegistrationCategory.objects.create(event=event, name="Delegate", capacity={capacity})
"""
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [py, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run([py, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)


def count(env: dict, capacity: int) -> tuple[dict, int]:
    code = """
from django.db.models import Count
from registrations.models import Registration
rows = Registration.objects.filter(event__slug="bench").values_list("state").annotate(n=Count("id"))
print(dict(rows))
"""
    out = (
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    states = eval(out, {"__builtins__": {}})  # noqa: S307 - our own printed dict literal
    held = sum(states.get(s, 0) for s in ("confirmed", "pending_approval", "awaiting_payment"))
    return states, max(0, held - capacity)


def client(port: int, ids, results: list, deadline: float) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in ids:
        if time.monotonic() > deadline:
            break
        conn.request("GET", "/en/events/bench/register/")
        response = conn.getresponse()
        html = response.read().decode()
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        if response.status != 200:
            raise RuntimeError(f"GET form answered {response.status}: {html[:300]}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        stamp = re.search(r'name="form_started" value="([^"]+)"', html).group(1)
        category = re.search(r'<option value="(\d+)"', html).group(1)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "form_started": stamp,
                "category": category,
                "given_name": f"Bench{i}",
                "family_name": "Client",
                "organisation_name": "Bench City",
                "email": f"bench{i}@example.org",
                "language": "en",
                "consent": "on",
            }
        )
        started = time.monotonic()
        conn.request(
            "POST",
            "/en/events/bench/register/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": f"http://127.0.0.1:{port}/en/events/bench/register/",
            },
        )
        response = conn.getresponse()
        response.read()
        results.append((response.status, time.monotonic() - started))
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--attempts", type=int, default=400)
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    db_url = os.environ.get("DATABASE_URL") or f"sqlite:////tmp/forum-bench-{os.getpid()}.sqlite3"
    env = bench_env(db_url)
    prepare(env, args.capacity)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "forum.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        results: list = []
        deadline = time.monotonic() + args.timeout
        ids = list(range(args.attempts))
        threads = [
            threading.Thread(target=client, args=(port, ids[k :: args.clients], results, deadline))
            for k in range(args.clients)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    states, overbooked = count(env, args.capacity)
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = sorted(d for _, d in results)
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    print(f"database            {engine}")
    print(f"clients / workers   {args.clients} / {args.workers} (gunicorn, {os.cpu_count()} cores)")
    print(f"attempts            {len(results)} in {elapsed:.2f} s (GET form + POST each)")
    print(f"registrations/s     {len(results) / elapsed:.1f}")
    print(
        f"POST p50 / p95      {latencies[len(latencies) // 2] * 1000:.0f} ms / "
        f"{latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
    )
    print(f"HTTP statuses       {statuses}")
    print(f"states              {states}")
    print(f"overbooked          {overbooked}")
    sys.exit(1 if overbooked or set(statuses) != {302} else 0)


if __name__ == "__main__":
    main()
