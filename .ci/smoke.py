"""Production-shape smoke test: gunicorn (DEBUG off) + Celery worker + Celery beat on
PostgreSQL and Redis, driven over HTTP like a browser behind a TLS proxy.

Checks that:
1. a public registration's confirmation email is sent by the worker (file email backend);
2. an organiser's publish sends a signed webhook, delivered by the worker to a local receiver;
3. an unpaid registration past its deadline is cancelled by beat.

Usage: .venv/bin/python .ci/smoke.py   (env: SMOKE_DATABASE_URL, SMOKE_REDIS_URL)
Prints one line per check with its timing; exits non-zero on failure; stops what it started.
"""

import hashlib
import hmac
import html.parser
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
DATABASE_URL = os.environ.get(
    "SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/forum_smoke"
)
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/2")
WEBHOOK_SECRET = "whsec_smoke_" + secrets.token_hex(8)
ORGANISER_PASSWORD = secrets.token_urlsafe(16)
EVENT_SLUG = "smoke-forum"
DEADLINE = 150  # seconds for the whole run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Smoke:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="forum-smoke-"))
        self.port = free_port()
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.results: list[tuple[str, bool, float, str]] = []
        self.started = time.monotonic()
        self.mail_dir = self.tmp / "mail"
        self.mail_dir.mkdir()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FORUM_"))},
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{self.port}",
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": REDIS_URL,
            "FORUM_CACHE_PREFIX": "smoke",
            "FORUM_SITE_URL": f"https://127.0.0.1:{self.port}",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "FORUM_WEBHOOK_REQUIRE_HTTPS": "false",
            "FORUM_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
            "FORUM_EXPIRE_UNPAID_EVERY_SECONDS": "3",
            "FORUM_REGISTRATION_MIN_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "INFO",
            "FORUM_CELERY_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
        self.cookies: dict[str, str] = {}
        self.webhooks: list[dict] = []

    # --- processes ---------------------------------------------------------------------------

    def run(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def start(self, name: str, *args: str) -> None:
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(  # noqa: S603 (our own interpreter)
            [PYTHON, "-m", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process))

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    # --- HTTP as a browser behind the TLS proxy ----------------------------------------------

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), text

    # --- the webhook receiver ----------------------------------------------------------------

    def start_receiver(self) -> str:
        smoke = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                smoke.webhooks.append({"headers": dict(self.headers), "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.receiver = server
        return f"http://127.0.0.1:{server.server_address[1]}/hook"

    # --- checks ------------------------------------------------------------------------------

    def check(self, name: str, function) -> None:
        started = time.monotonic()
        try:
            detail = function() or ""
            ok = True
        except Exception as exc:  # report every check, then fail the run
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        self.results.append((name, ok, time.monotonic() - started, detail))
        print(f"{'OK  ' if ok else 'FAIL'} {name} ({time.monotonic() - started:.1f} s) {detail}")
        sys.stdout.flush()

    def wait(self, predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.2)
        raise TimeoutError(f"no {what} within {timeout:.0f} s")

    def query(self, sql: str, *params):
        dsn = DATABASE_URL
        with psycopg.connect(dsn, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()


SETUP = """
from datetime import timedelta
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.utils import timezone
from api.models import WebhookEndpoint
from events.enums import EventStatus
from events.models import Event, Venue
from registrations.models import RegistrationCategory, RegistrationTransition
from registrations.inputs import PersonDetails
from registrations.services.registrations import registration_create
from events.services.teams import team_add_member
from sessions.models import Room, Session

now = timezone.now()
today = now.date()
venue = Venue.objects.create(name="Smoke hall", city="Quito", country="EC", address="Quito")
event = Event.objects.create(
    name="Smoke Forum", slug="{slug}", host_city="Quito", host_country="EC", venue=venue,
    start_date=today + timedelta(days=30), end_date=today + timedelta(days=31),
    timezone="America/Guayaquil", languages=["en", "es"], status=EventStatus.PUBLISHED,
    registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=20),
)
free = RegistrationCategory.objects.create(event=event, name="Delegate")
paid = RegistrationCategory.objects.create(event=event, name="Observer", fee=Decimal("50"))
user = get_user_model().objects.create_user("smoke-organiser", password="{password}", is_staff=True)
team_add_member(event=event, team_name="Programme", user=user, can_manage_programme=True)
room = Room.objects.create(event=event, name="Main hall", capacity=100)
start = timezone.make_aware(timezone.datetime.combine(event.start_date, timezone.datetime.min.time())) + timedelta(hours=14)
Session.objects.create(event=event, code="S1", title="Opening", abstract="Welcome.", kind="panel", room=room, start=start, end=start + timedelta(hours=1), spoken_language="en", interpretation_languages=[], state="confirmed")
WebhookEndpoint.objects.create(event=event, name="Receiver", url="{hook}", secret="{secret}")
unpaid, _token = registration_create(event=event, category_id=paid.pk, person=PersonDetails(
    honorific="", given_name="Late", family_name="Payer", position="", organisation=None,
    organisation_name_new="", email="late.payer@example.org", language="en", nationality="EC",
    spoken_languages=["es"],
))
RegistrationTransition.objects.filter(registration=unpaid).update(at=now - timedelta(days=30))
print(unpaid.reference, unpaid.state)
"""


class FormInputs(html.parser.HTMLParser):
    """The named inputs of the page's forms (hidden values included)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") == "hidden":
            self.values[attrs["name"]] = attrs.get("value") or ""


def main() -> int:
    smoke = Smoke()
    print(f"== production smoke (gunicorn, Celery worker and beat; {DATABASE_URL}, {REDIS_URL})")
    try:
        return run_checks(smoke)
    finally:
        smoke.stop_all()
        if getattr(smoke, "receiver", None):
            smoke.receiver.shutdown()
        if os.environ.get("SMOKE_KEEP"):
            print(f"logs kept in {smoke.tmp}")
        else:
            shutil.rmtree(smoke.tmp, ignore_errors=True)


def run_checks(smoke: Smoke) -> int:
    t0 = time.monotonic()
    database = urllib.parse.urlparse(DATABASE_URL).path.lstrip("/")
    admin_dsn = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    smoke.run("migrate", "--noinput", timeout=300)
    smoke.run("collectstatic", "--noinput", timeout=300)  # the manifest DEBUG-off pages need
    hook = smoke.start_receiver()
    setup = SETUP.format(
        slug=EVENT_SLUG, password=ORGANISER_PASSWORD, hook=hook, secret=WEBHOOK_SECRET
    )
    reference, state = smoke.run("shell", "-c", setup).split()[-2:]
    print(f"ready: fresh database {database} migrated and seeded ({time.monotonic() - t0:.1f} s)")

    beat_schedule = smoke.tmp / "beat-schedule"
    smoke.start(
        "gunicorn", "gunicorn", "forum.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{smoke.port}"
    )
    smoke.start(
        "worker",
        "celery",
        "-A",
        "forum",
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        "smoke@%h",
    )
    beat_started = time.time()
    smoke.start(
        "beat", "celery", "-A", "forum", "beat", "--loglevel=INFO", "--schedule", str(beat_schedule)
    )

    def up():
        try:
            return smoke.request("GET", "/healthz")[0] == 200
        except OSError:
            return False

    smoke.check("gunicorn answers /healthz", lambda: smoke.wait(up, 60, "healthy server") and "")

    def registration():
        path = f"/en/events/{EVENT_SLUG}/register/"
        status, _headers, page = smoke.request("GET", path)
        assert status == 200, f"GET register: {status}"
        category = re.search(r'<option value="(\d+)"[^>]*>\s*Delegate', page)
        assert category, "no Delegate category on the form"
        inputs = FormInputs()
        inputs.feed(page)
        form = {
            **inputs.values,
            "category": category.group(1),
            "given_name": "Ana",
            "family_name": "Quispe",
            "position": "Mayor",
            "organisation_name": "City of Cuenca",
            "email": "ana.smoke@example.org",
            "language": "en",
            "nationality": "EC",
            "spoken_languages": ["es", "en"],
            "consent": "on",
            "website": "",
        }
        sent = time.monotonic()
        status, _headers, page = smoke.request("POST", path, form)
        assert status == 302, f"POST register: {status} {page[:300]}"
        answered = time.monotonic() - sent

        def email():
            for file in smoke.mail_dir.iterdir():
                text = file.read_text(errors="replace")
                if "To: ana.smoke@example.org" in text:
                    return text
            return None

        text = smoke.wait(email, 30, "confirmation email")
        subject = re.search(r"^Subject: (.*)$", text, re.M).group(1)
        ((job_id,),) = smoke.query(
            "SELECT id FROM forum_job WHERE kwargs -> 'to' ? %s", "ana.smoke@example.org"
        )
        done = f"background job {job_id} (forum.mail.mail_send_now) done"
        smoke.wait(lambda: done in smoke.log("worker"), 10, "worker log line for the email")
        line = next(x for x in smoke.log("worker").splitlines() if done in x)
        assert "forum.mail.mail_send_now" not in smoke.log("gunicorn"), "web process sent it"
        return (
            f"answered in {answered * 1000:.0f} ms; email {subject!r} after "
            f"{time.monotonic() - sent:.1f} s; worker: {line.split(' INFO ')[-1]}"
        )

    smoke.check("registration email sent by the worker", registration)

    def webhook():
        smoke.cookies.clear()
        status, _h, page = smoke.request("GET", "/en/accounts/login/")
        inputs = FormInputs()
        inputs.feed(page)
        status, _h, page = smoke.request(
            "POST",
            "/en/accounts/login/",
            {**inputs.values, "username": "smoke-organiser", "password": ORGANISER_PASSWORD},
        )
        assert status == 302, f"login: {status}"
        status, _h, page = smoke.request("GET", f"/en/manage/{EVENT_SLUG}/timetable/")
        assert status == 200, f"timetable page: {status}"
        sent = time.monotonic()
        status, _h, page = smoke.request(
            "POST", f"/en/manage/{EVENT_SLUG}/publish/", {"comment": "Smoke programme"}
        )
        assert status == 302, f"publish: {status} {page[:300]}"
        answered = time.monotonic() - sent
        smoke.wait(lambda: smoke.webhooks, 30, "webhook")
        request = smoke.webhooks[0]
        fields = dict(p.split("=", 1) for p in request["headers"]["Forum-Signature"].split(","))
        mac = hmac.new(
            WEBHOOK_SECRET.encode(), fields["t"].encode() + b"." + request["body"], hashlib.sha256
        )
        assert hmac.compare_digest(mac.hexdigest(), fields["v1"]), "bad signature"
        payload = json.loads(request["body"])
        assert (payload["type"], payload["event"], payload["version"]) == (
            "schedule.published",
            EVENT_SLUG,
            1,
        ), payload
        ((job_id,),) = smoke.query(
            "SELECT id FROM forum_job WHERE task = 'api.tasks.webhook_deliver_job'"
        )
        done = f"background job {job_id} (api.tasks.webhook_deliver_job) done"
        smoke.wait(lambda: done in smoke.log("worker"), 10, "worker log line for the webhook")
        line = next(x for x in smoke.log("worker").splitlines() if done in x)
        assert done not in smoke.log("gunicorn"), "the web process delivered it"
        ((state, attempts),) = smoke.query(
            "SELECT state, attempts FROM api_webhookdelivery ORDER BY id DESC LIMIT 1"
        )
        assert (state, attempts) == ("delivered", 1), (state, attempts)
        return (
            f"publish answered in {answered * 1000:.0f} ms; signed {payload['type']} "
            f"v{payload['version']} received after {time.monotonic() - sent:.1f} s; "
            f"worker: {line.split(' INFO ')[-1]}"
        )

    smoke.check("publish webhook delivered by the worker", webhook)

    def expiry():
        assert state == "awaiting_payment", state

        def cancelled():
            rows = smoke.query(
                "SELECT state FROM events_registration WHERE reference = %s", reference
            )
            return rows and rows[0][0] == "cancelled"

        smoke.wait(cancelled, 30, "expiry of the unpaid registration")
        ((reason, at),) = smoke.query(
            "SELECT t.reason, extract(epoch FROM t.at) FROM events_registrationtransition t JOIN events_registration r "
            "ON r.id = t.registration_id WHERE r.reference = %s ORDER BY t.at DESC LIMIT 1",
            reference,
        )
        sent = smoke.wait(
            lambda: re.search(r"Sending due task registrations-expire-unpaid.*", smoke.log("beat")),
            10,
            "beat log line",
        )
        ran = smoke.wait(
            lambda: re.search(
                r"Task registrations.tasks.registrations_expire_unpaid_task\[[^]]+\] succeeded.*"
                + reference,
                smoke.log("worker"),
            ),
            10,
            "worker log line for the expiry",
        )
        return (
            f"{reference} cancelled {float(at) - beat_started:.1f} s after beat started "
            f"({reason!r}); "
            f"beat: {sent.group(0)[:60]}; worker: {ran.group(0)[:90]}"
        )

    smoke.check("unpaid registration expired by beat", expiry)

    for name, process in smoke.processes:
        if process.poll() is not None:
            smoke.results.append((f"{name} still running", False, 0, f"exit {process.returncode}"))
            print(f"FAIL {name} exited with {process.returncode}:\n{smoke.log(name)[-3000:]}")
    total = time.monotonic() - smoke.started
    failed = [r for r in smoke.results if not r[1]]
    if failed:
        for name, _process in smoke.processes:
            print(f"--- {name} log (tail)\n{smoke.log(name)[-2500:]}")
    print(
        f"== smoke: {len(smoke.results) - len(failed)} OK, {len(failed)} failed, {total:.1f} s"
        f" in all"
    )
    if total > DEADLINE:
        print(f"FAIL smoke took longer than {DEADLINE} s")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
