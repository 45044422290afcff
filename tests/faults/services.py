"""Throwaway PostgreSQL and Redis servers, and the app served by gunicorn against them.

Everything listens on loopback on free ports and lives in a temporary directory; nothing here
touches the shared servers. PostgreSQL refuses to run as root, so as root the cluster belongs to
the ``postgres`` user and its commands run through ``runuser``.
"""

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]


def pg_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin directory (Debian layout, then PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def missing_binaries() -> str:
    """Why the fault tests cannot run here ('' when they can)."""
    if pg_bindir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


class Postgres:
    """A cluster in a temporary directory; stop() and start() keep its data and port."""

    def __init__(self, directory: Path):
        self.bindir = pg_bindir()
        self.port = free_port()
        self.data = directory / "pgdata"
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.owner:
            os.chown(directory, self.owner.pw_uid, self.owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/forum"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self.owner:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data.parent} "
            "-c fsync=off -c max_connections=40"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.data.parent / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        """Fast shutdown: open sessions are cut off, as when the server goes away."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE forum")

    def query(self, sql: str) -> list[tuple]:
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=forum") as conn:
            return conn.execute(sql).fetchall()


class Redis:
    """A redis-server without persistence; stop() and start() keep its port."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class App:
    """gunicorn serving forum with production settings against the throwaway services."""

    def __init__(self, *, database_url: str, redis_url: str, secret_key: str, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FORUM_"))},
            "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secret_key,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "FORUM_SITE_URL": self.base,
            "FORUM_CACHE_PREFIX": "faults",
            "FORUM_REGISTRATION_RATE": "100000/h",
            "FORUM_API_ANON_RATE": "100000/min",
            "FORUM_REGISTRATION_MIN_SECONDS": "0",
        }
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=180,
        )
        return done.stdout

    def start(self) -> None:
        self._log = self.log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "forum.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "60",
                "--graceful-timeout", "2", "--no-control-socket",
            ],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_port(self.port)
        # A worker's first request imports and resolves everything (seconds on a busy machine).
        for _worker in range(4):
            assert requests.get(self.base + "/healthz", timeout=60).status_code == 200

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(20)
        self._log.close()


def temporary_directory() -> Path:
    return Path(tempfile.mkdtemp(prefix="forum-faults-"))
