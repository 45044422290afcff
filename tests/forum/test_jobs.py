"""The outbox: jobs written with the change, run once, retried, and never run on the request."""

import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from api.models import WebhookDelivery, WebhookEndpoint
from forum import jobs
from forum.celery import app
from forum.jobs import (
    JobRetry,
    job_claim,
    job_execute,
    jobs_claim_due,
    jobs_requeue_stale,
    jobs_run_due,
    runner,
)
from forum.mail import mail_send_later
from forum.models import Job
from forum.tasks import enqueue, jobs_sweep
from tests.concurrency import race
from tests.factories import CategoryFactory, OrganisationFactory

ROOT = Path(__file__).resolve().parents[2]
CALLS: list[dict] = []
CALLS_LOCK = threading.Lock()


def record(**kwargs) -> None:
    """A job function for these tests: remembers each call."""
    with CALLS_LOCK:
        CALLS.append(kwargs)


def fail_once(*, key: str) -> None:
    if not any(c.get("key") == key for c in CALLS):
        record(key=key)
        raise ConnectionError("SMTP server unavailable")
    record(key=key, ok=True)


def always_fail() -> None:
    raise ConnectionError("SMTP server unavailable")


def come_back_later(*, minutes: int) -> None:
    raise JobRetry(timezone.now() + timedelta(minutes=minutes))


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield
    CALLS.clear()


@pytest.fixture
def real_runner(settings):
    """The embedded runner for real (thread pool and sweeper), stopped after the test.

    It is the runner of a deployment without a broker, so the test has none either.
    """
    settings.FORUM_JOBS_SWEEP_SECONDS = 0.2
    broker_url = app.conf.broker_url
    app.conf.broker_url = "memory://localhost/"
    runner.stop()
    yield runner
    runner.stop()
    app.conf.broker_url = broker_url


def wait_for(predicate, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


# --- the row is part of the caller's transaction ---------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_no_job_and_a_committed_one_runs_once():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(record, n=1)
        raise RuntimeError("boom")
    with transaction.atomic():
        job = enqueue(record, n=2)
        assert CALLS == []  # nothing runs before the commit

    assert list(Job.objects.values_list("task", "kwargs", "state", "attempts")) == [
        ("tests.forum.test_jobs.record", {"n": 2}, "done", 1)
    ]
    assert CALLS == [{"n": 2}]
    assert job_execute(job_id=job.pk) is None  # done: a second runner does nothing
    assert CALLS == [{"n": 2}]


@pytest.mark.django_db(transaction=True)
def test_mail_goes_through_the_outbox():
    mail_send_later(
        to=["mayor@example.org"], template="registration_cancelled", language="en", context={}
    )

    job = Job.objects.get()
    assert (job.task, job.state, job.kwargs["to"]) == (
        "forum.mail.mail_send_now",
        "done",
        ["mayor@example.org"],
    )
    assert [m.to for m in mail.outbox] == [["mayor@example.org"]]


# --- retries -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failing_job_is_retried_with_backoff_then_given_up():
    job = Job.objects.create(task="tests.forum.test_jobs.fail_once", kwargs={"key": "a"})

    assert job_execute(job_id=job.pk) == "queued"
    job.refresh_from_db()
    assert (job.state, job.attempts, job.last_error) == (
        "queued",
        1,
        "ConnectionError: SMTP server unavailable",
    )
    assert job.run_after - timezone.now() == pytest.approx(
        timedelta(seconds=30), abs=timedelta(seconds=3)
    )
    assert job_execute(job_id=job.pk) is None  # not due yet
    assert jobs_run_due() == 0

    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert jobs_run_due() == 1
    job.refresh_from_db()
    assert (job.state, job.attempts, job.last_error) == ("done", 2, "")
    assert CALLS == [{"key": "a"}, {"key": "a", "ok": True}]

    doomed = Job.objects.create(task="tests.forum.test_jobs.always_fail", kwargs={})
    for _ in range(jobs.MAX_ATTEMPTS):
        Job.objects.filter(pk=doomed.pk).update(run_after=timezone.now())
        job_execute(job_id=doomed.pk)
    doomed.refresh_from_db()
    assert (doomed.state, doomed.attempts) == ("failed", jobs.MAX_ATTEMPTS)
    assert [jobs.retry_delay(n) for n in (1, 2, 3, 8)] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(hours=1),
    ]


@pytest.mark.django_db
def test_a_job_asking_to_come_back_is_queued_for_that_time():
    job = Job.objects.create(task="tests.forum.test_jobs.come_back_later", kwargs={"minutes": 90})

    assert job_execute(job_id=job.pk) == "queued"

    job.refresh_from_db()
    assert job.state == "queued"
    assert job.run_after - timezone.now() == pytest.approx(
        timedelta(minutes=90), abs=timedelta(seconds=5)
    )


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_queued_again_after_its_lease():
    job = Job.objects.create(task="tests.forum.test_jobs.record", kwargs={"n": 1})
    claim = job_claim(job_id=job.pk)
    assert claim is not None and job_claim(job_id=job.pk) is None

    assert jobs_requeue_stale() == 0  # the lease still holds
    assert jobs_requeue_stale(now=timezone.now() + jobs.LEASE + timedelta(seconds=1)) == 1
    assert jobs_run_due() == 1
    assert CALLS == [{"n": 1}]
    # The first worker, back from the dead, cannot overwrite the outcome.
    assert jobs.job_run_claimed(claim) == "done"
    assert Job.objects.get().state == "done"


@pytest.mark.django_db
def test_the_beat_sweep_sends_due_and_stale_jobs_and_leaves_the_rest():
    now = timezone.now()
    due = Job.objects.create(task="tests.forum.test_jobs.record", kwargs={"n": 1})
    later = Job.objects.create(
        task="tests.forum.test_jobs.record", kwargs={"n": 2}, run_after=now + timedelta(hours=1)
    )
    stale = Job.objects.create(
        task="tests.forum.test_jobs.record",
        kwargs={"n": 3},
        state="running",
        attempts=1,
        locked_until=now - timedelta(seconds=1),
    )

    assert jobs_sweep.apply().get() == 2  # Celery runs eagerly here: job_run inline

    states = dict(Job.objects.values_list("pk", "state"))
    assert (states[due.pk], states[later.pk], states[stale.pk]) == ("done", "queued", "done")
    assert sorted(c["n"] for c in CALLS) == [1, 3]
    assert Job.objects.get(pk=stale.pk).attempts == 2


# --- claims under a race (PostgreSQL) ------------------------------------------------------------

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and SKIP LOCKED need PostgreSQL"
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_racing_claims_of_one_job_give_it_to_exactly_one_worker():
    for _ in range(20):
        job = Job.objects.create(task="tests.forum.test_jobs.record", kwargs={})
        outcomes = race(8, lambda i, job=job: job_claim(job_id=job.pk) is not None)
        assert outcomes == {True: 1, False: 7}


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_racing_sweeps_run_every_job_exactly_once():
    Job.objects.bulk_create(
        Job(task="tests.forum.test_jobs.record", kwargs={"n": n}) for n in range(200)
    )
    claimed: list[int] = []

    def sweep(i):
        claims = jobs_claim_due(limit=30)
        with CALLS_LOCK:
            claimed.extend(c.job_id for c in claims)
        for claim in claims:
            jobs.job_run_claimed(claim)
        return jobs_run_due(limit=500) >= 0

    outcomes = race(6, sweep)

    assert outcomes == {True: 6}
    assert len(claimed) == len(set(claimed))
    assert sorted(c["n"] for c in CALLS) == list(range(200))
    assert set(Job.objects.values_list("state", flat=True)) == {"done"}


# --- the real runner: off the request thread, retried by the sweeper ---------------------------


@pytest.fixture
def slow_receiver():
    """A loopback webhook receiver: the first POST takes 8 s, the next ones answer at once."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            server.received.append(time.monotonic())
            if len(server.received) == 1:
                time.sleep(8)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.received = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def loopback_webhooks(settings):
    """Loopback receivers are test servers here (settings a URL policy may read)."""
    settings.FORUM_WEBHOOK_REQUIRE_HTTPS = False
    settings.FORUM_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]


@pytest.mark.real_jobs
@pytest.mark.django_db(transaction=True)
def test_publish_returns_at_once_and_the_runner_delivers_and_retries_the_webhook(
    client,
    published,
    event,
    organiser_of,
    slow_receiver,
    real_runner,
    loopback_webhooks,
    monkeypatch,
):
    monkeypatch.setattr("api.services.deliveries.RETRY_BASE", timedelta(seconds=1))
    published(2)
    WebhookEndpoint.objects.create(event=event, name="City", url=slow_receiver.url)
    client.force_login(organiser_of(event, can_manage_programme=True))
    client.get(f"/en/manage/{event.slug}/")  # warm up: the first request imports every view

    started = time.monotonic()
    response = client.post(f"/en/manage/{event.slug}/publish/", {"comment": "v2"})
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 1, f"publishing took {elapsed:.2f} s"
    # The runner posts; the receiver hangs past the 5 s timeout, so that attempt fails and
    # the sweeper retries it at its backoff time, with no command and no broker.
    wait_for(lambda: WebhookDelivery.objects.filter(state="delivered").exists(), timeout=20)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempts, delivery.last_status, delivery.last_error) == (2, 204, "")
    assert len(slow_receiver.received) == 2
    assert slow_receiver.received[1] - slow_receiver.received[0] >= 5  # the first timed out
    # The job is marked done just after the delivery it made is saved.
    wait_for(lambda: Job.objects.filter(state="done").exists(), timeout=5)
    job = Job.objects.get(task="api.tasks.webhook_deliver_job")
    assert (job.state, job.attempts) == ("done", 2)


@pytest.mark.real_jobs
@pytest.mark.django_db(transaction=True)
def test_the_embedded_runner_sends_the_email_off_the_request_thread(real_runner, monkeypatch):
    threads = []
    send = mail.EmailMultiAlternatives.send

    def send_and_note_the_thread(message, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send_and_note_the_thread)
    with transaction.atomic():
        mail_send_later(
            to=["mayor@example.org"], template="registration_cancelled", language="en", context={}
        )

    wait_for(lambda: Job.objects.filter(state="done").exists())
    assert [m.to for m in mail.outbox] == [["mayor@example.org"]]
    assert Job.objects.get().attempts == 1
    assert len(threads) == 1 and threads[0].startswith("forum-job")


# --- broker down -----------------------------------------------------------------------------


def forget_broker_connections():
    """Drop Celery's cached connection pools so the next publish uses the current broker."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Celery publishing to a port where nothing listens, as when Redis is stopped."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    forget_broker_connections()
    broker_url, eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = f"redis://127.0.0.1:{port}/0", False
    yield
    app.conf.broker_url, app.conf.task_always_eager = broker_url, eager
    forget_broker_connections()


@pytest.mark.django_db(transaction=True)
def test_delegation_member_added_while_the_broker_is_down_gets_one_email_later(
    client, broker_down, caplog
):
    from registrations.models import Registration
    from registrations.services.registrations import registration_head_confirm
    from tests.registrations.registration_helpers import form_data

    category = CategoryFactory(name="Head of delegation", invitation_only=False)
    delegates = CategoryFactory(event=category.event, name="Delegate")
    OrganisationFactory(name="City of Cuenca")
    response = client.post(
        f"/en/events/{category.event.slug}/register/",
        form_data(category, head_of_delegation="on"),
    )
    manage = response["Location"]
    # A ticked box is only a claim: the organisers confirm the head of delegation.
    registration_head_confirm(
        registration=Registration.objects.get(email="ana.quispe@example.org"), user=None
    )
    mail.outbox.clear()

    started = time.monotonic()
    response = client.post(
        manage,
        {
            "action": "add_member",
            "category": delegates.pk,
            "given_name": "Luis",
            "family_name": "Pérez",
            "email": "luis@example.org",
            "language": "es",
        },
    )
    elapsed = time.monotonic() - started

    assert (response.status_code, response["Location"]) == (302, manage)
    assert elapsed < 5
    assert mail.outbox == []
    member_job = Job.objects.get(kwargs__to=["luis@example.org"])
    assert (member_job.state, member_job.attempts) == ("queued", 0)
    assert "broker unavailable" in caplog.text

    # The sweep (beat, the embedded sweeper or run_jobs) sends it once, and only once; the
    # head's own confirmation, also queued while the broker was down, goes with it.
    assert jobs_run_due() == 2
    assert jobs_run_due() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["ana.quispe@example.org", "luis@example.org"]
    member_job.refresh_from_db()
    assert (member_job.state, member_job.attempts) == ("done", 1)


def test_with_redis_down_handing_a_job_over_fails_fast_and_quietly(tmp_path):
    """The production configuration (broker and result store on one stopped Redis): the
    hand-over after a commit logs a warning within seconds instead of raising or retrying."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = (
        "import time, django; django.setup()\n"
        "from forum.tasks import dispatch\n"
        "started = time.monotonic(); dispatch(1)\n"
        "print(f'elapsed={time.monotonic() - started:.2f}')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "forum.settings",
        "DJANGO_DEBUG": "true",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "FORUM_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    elapsed = float(done.stdout.strip().rsplit("=", 1)[1])
    assert elapsed < 3
    assert "broker unavailable, job 1 left for the sweep" in done.stderr
    assert "Retry" not in done.stderr
