"""What the benchmarks share: a database prepared with synthetic forums, a gunicorn server,
keep-alive load on loopback, and static-file ceilings of the same size as each response.

Used by bench/run (the partner API and the feeds, in one run) and bench/feeds.py (the feeds
alone). Every measurement runs a real server (gunicorn, 2 gthread workers, DEBUG off) and
compares each response's rate with WhiteNoise serving the same bytes as a static file.
"""

import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 4
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "200000"))
SIZES = (50, 400)
STATIC_DIR = ROOT / "staticfiles" / "bench"


def targets() -> list[tuple[str, str]]:
    """(engine, database URL): SQLite always, PostgreSQL too when DATABASE_URL is set."""
    found = [("SQLite", f"sqlite:////tmp/forum-bench-{os.getpid()}.sqlite3")]
    if os.environ.get("DATABASE_URL"):
        found.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    return found


def cleanup(url: str) -> None:
    if url.startswith("sqlite:////tmp/"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)


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
        "FORUM_API_ANON_RATE": "1000000000/min",
        "FORUM_API_PARTNER_RATE": "1000000000/min",
    }


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=capture, text=True
    )
    if result.returncode:
        sys.exit(f"{' '.join(args[:2])} failed:\n{result.stderr if capture else ''}")
    return result.stdout if capture else ""


def prepare(env: dict) -> None:
    """Migrate, collect static files, and publish forums of 50 and 400 sessions."""
    manage(env, "manage.py", "migrate", "-v0")
    manage(env, "manage.py", "collectstatic", "--noinput", "-v0")
    for n in SIZES:
        manage(env, "bench/generate.py", "--sessions", str(n), "--slug", f"bench-{n}", capture=True)


def in_process(env: dict, script: str) -> dict:
    """Run ``script`` (Django shell code printing "RESULT" + JSON) against the database."""
    out = manage(env, "manage.py", "shell", "-c", script, capture=True)
    return json.loads(out.split("RESULT", 1)[1])


def load(port: int, path: str, headers: dict, expect: int) -> float:
    """Requests/s of CLIENTS keep-alive connections for SECONDS (bounded by MAX_REQUESTS),
    after one second that warms every worker (the local-memory cache is per process)."""
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

    for seconds in (1, SECONDS):
        done[:] = [0] * CLIENTS
        started = time.monotonic()
        threads = [
            threading.Thread(target=client, args=(k, started + seconds)) for k in range(CLIENTS)
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
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return body, etag


@contextmanager
def server(env: dict):
    """A gunicorn serving the site on a free port; yields (port, restart)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "forum.wsgi",
            "--workers", "2", "--worker-class", "gthread", "--threads", "2",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip

    def wait() -> None:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)

    def restart() -> None:
        # WhiteNoise indexes STATIC_ROOT at start: new workers see files written since.
        os.kill(process.pid, signal.SIGHUP)
        time.sleep(3)
        wait()

    try:
        wait()
        yield port, restart
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def static_copy(name: str, body: bytes) -> str:
    """Write ``body`` under STATIC_ROOT; returns its URL (served once the server restarts)."""
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    (STATIC_DIR / name).write_bytes(body)
    return f"/static/bench/{name}"


def measure(port: int, rows: dict[str, tuple[str, dict, int]]) -> dict[str, list[float]]:
    """req/s of every row, in ROUNDS interleaved rounds.

    The cores are shared (other processes, the clients themselves): interleaving spreads a
    burst of outside load over every row rather than one, so ratios stay comparable.
    """
    samples: dict[str, list[float]] = {name: [] for name in rows}
    for _round in range(ROUNDS):
        for name, (path, headers, expect) in rows.items():
            samples[name].append(load(port, path, headers, expect))
    return samples


def summarize(samples: dict[str, list[float]]) -> tuple[dict, dict]:
    """(best, median) req/s of every row over its rounds."""
    best = {name: max(values) for name, values in samples.items()}
    median = {name: statistics.median(values) for name, values in samples.items()}
    return best, median


def print_table(title: str, rows: list[tuple]) -> None:
    """rows: (database, request, SQL N=50, SQL N=400, req/s, ratio, median ratio, target);
    req/s and ratio are the best round's, the median ratio is over every round."""
    print(f"\n{title}")
    header = (
        "database", "request", "SQL N=50", "SQL N=400", "req/s", "% of static",
        "% (median round)", "target",
    )  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for engine, name, q50, q400, rate, ratio, median, target in rows:
        verdict = "-"
        if target is not None:
            verdict = f"≥ {target:.0%} " + ("ok" if ratio >= target else "MISSED")
        print(
            f"| {engine} | {name} | {q50} | {q400} | {rate:,.0f} | {ratio:.0%} | "
            f"{median:.0%} | {verdict} |"
        )
