"""The outbox: background work stored as :class:`forum.models.Job` rows and run exactly once.

A job names a plain function by its dotted path and gives it keyword arguments of JSON data.
Rows are written in the caller's transaction (see :func:`forum.tasks.enqueue`), so a committed
change always has its email or webhook and a rolled-back one has none.

Running a job is claim → run → finish:

- the claim is one conditional ``UPDATE … WHERE state = 'queued'`` (PostgreSQL and SQLite
  alike), so two workers racing for a row never both get it; the periodic sweep picks due rows
  with ``SELECT … FOR UPDATE SKIP LOCKED`` where the database has it;
- a claimed row is ``running`` with a lease (``locked_until``): if its worker dies, the sweep
  puts it back in the queue once the lease has passed;
- a function that raises :class:`JobRetry` is queued again for the time it asks (webhooks keep
  their own 24-hour schedule that way); any other exception is retried with an exponential
  backoff, up to :data:`MAX_ATTEMPTS`, then the row is left ``failed`` with the error.

Without a broker, :data:`runner` runs jobs on a small thread pool of the web process and
sweeps every ``FORUM_JOBS_SWEEP_SECONDS``; with Redis, Celery does both (forum.tasks).
"""

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from forum.models import Job, JobState
from forum.ratelimit import counters_purge

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # a job running longer than this is presumed dead
MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(seconds=30)  # 30 s, 1 min, 2 min … for jobs that raised
RETRY_CAP = timedelta(hours=1)
KEEP_DONE = timedelta(days=7)  # finished rows are deleted after this; failed ones are kept
SWEEP_BATCH = 100


class JobRetry(Exception):
    """Raised by a job's function to be run again at ``at`` (not counted as a failure)."""

    def __init__(self, at: datetime, reason: str = ""):
        super().__init__(reason or f"retry at {at.isoformat()}")
        self.at = at


@dataclass(frozen=True)
class Claim:
    job_id: int
    lease: datetime


def task_name(task) -> str:
    """Dotted path of a function (or a dotted path given as is)."""
    if isinstance(task, str):
        return task
    return f"{task.__module__}.{task.__qualname__}"


def job_create(*, task, kwargs: dict, run_after: datetime | None = None) -> Job:
    return Job.objects.create(
        task=task_name(task), kwargs=kwargs, run_after=run_after or timezone.now()
    )


def _lease(now: datetime) -> datetime:
    return now + LEASE


def job_claim(*, job_id: int, now: datetime | None = None) -> Claim | None:
    """Take one due queued job for this worker; None when it is not due or someone has it."""
    now = now or timezone.now()
    lease = _lease(now)
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED, run_after__lte=now).update(
        state=JobState.RUNNING, locked_until=lease, attempts=F("attempts") + 1
    )
    return Claim(job_id, lease) if claimed else None


def jobs_due_ids(*, limit: int = SWEEP_BATCH, now: datetime | None = None) -> list[int]:
    """Ids of due queued jobs, oldest first (not claimed: for sending to Celery workers)."""
    due = Job.objects.filter(state=JobState.QUEUED, run_after__lte=now or timezone.now())
    return list(due.order_by("run_after", "pk").values_list("pk", flat=True)[:limit])


def jobs_claim_due(*, limit: int = SWEEP_BATCH, now: datetime | None = None) -> list[Claim]:
    """Claim up to ``limit`` due jobs, oldest first; never one another worker holds."""
    now = now or timezone.now()
    due = Job.objects.filter(state=JobState.QUEUED, run_after__lte=now).order_by("run_after", "pk")
    if not connection.features.has_select_for_update_skip_locked:
        ids = list(due.values_list("pk", flat=True)[:limit])
        return [c for c in (job_claim(job_id=i, now=now) for i in ids) if c is not None]
    lease = _lease(now)
    with transaction.atomic():
        ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        Job.objects.filter(pk__in=ids).update(
            state=JobState.RUNNING, locked_until=lease, attempts=F("attempts") + 1
        )
    return [Claim(i, lease) for i in ids]


def jobs_requeue_stale(*, now: datetime | None = None) -> int:
    """Put back running jobs whose lease has passed (their worker died); returns how many."""
    now = now or timezone.now()
    stale = Job.objects.filter(state=JobState.RUNNING, locked_until__lt=now)
    count = stale.update(state=JobState.QUEUED, locked_until=None)  # it was due when claimed
    if count:
        logger.warning("%d background jobs outlived their lease and were queued again", count)
    return count


def jobs_delete_finished(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = Job.objects.filter(state=JobState.DONE, finished_at__lt=now - KEEP_DONE).delete()
    return deleted


def retry_delay(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failed run (1-based): 30 s doubling, capped at an hour."""
    return min(RETRY_BASE * (2 ** (attempts - 1)), RETRY_CAP)


def job_run_claimed(claim: Claim) -> str:
    """Run a claimed job and record the outcome; returns the job's new state."""
    job = Job.objects.filter(pk=claim.job_id).first()
    if job is None:
        return "missing"
    try:
        import_string(job.task)(**job.kwargs)
    except JobRetry as retry:
        logger.info("background job %s (%s): %s", job.pk, job.task, retry)
        return _finish(claim, state=JobState.QUEUED, run_after=retry.at, error=str(retry))
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if job.attempts >= MAX_ATTEMPTS:
            logger.error("background job %s (%s) failed for good: %s", job.pk, job.task, error)
            return _finish(claim, state=JobState.FAILED, error=error)
        logger.warning("background job %s (%s) failed, will retry: %s", job.pk, job.task, error)
        run_after = timezone.now() + retry_delay(job.attempts)
        return _finish(claim, state=JobState.QUEUED, run_after=run_after, error=error)
    logger.info("background job %s (%s) done, attempt %d", job.pk, job.task, job.attempts)
    return _finish(claim, state=JobState.DONE)


def _finish(claim: Claim, *, state: str, run_after: datetime | None = None, error: str = "") -> str:
    now = timezone.now()
    fields = {"state": state, "locked_until": None, "last_error": error}
    if state == JobState.QUEUED:
        fields["run_after"] = run_after or now
    else:
        fields["finished_at"] = now
    # Only while this worker still holds the lease: a row taken back by the sweep is not ours.
    updated = Job.objects.filter(
        pk=claim.job_id, state=JobState.RUNNING, locked_until=claim.lease
    ).update(**fields)
    if not updated:
        logger.warning("background job %s was taken back before it finished", claim.job_id)
    return state


def job_execute(*, job_id: int) -> str | None:
    """Claim and run one job; None when it is not due or already taken."""
    claim = job_claim(job_id=job_id)
    return job_run_claimed(claim) if claim else None


def jobs_run_due(*, limit: int = SWEEP_BATCH) -> int:
    """One sweep, run in this process: requeue stale rows, run what is due; returns how many."""
    jobs_requeue_stale()
    claims = jobs_claim_due(limit=limit)
    for claim in claims:
        job_run_claimed(claim)
    jobs_delete_finished()
    return len(claims)


class EmbeddedRunner:
    """Runs jobs off the request thread when there is no broker: a thread pool and a sweeper.

    The pool takes jobs as their transaction commits; the sweeper thread claims due rows
    (retries, rows left by a restart) every ``FORUM_JOBS_SWEEP_SECONDS``. Several processes
    may each have one: claims keep every job to one runner.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._stop = threading.Event()

    def ensure_started(self) -> None:
        """Start the pool and the sweeper in this process (again after a fork)."""
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pool = ThreadPoolExecutor(
                max_workers=settings.FORUM_JOBS_THREADS, thread_name_prefix="forum-job"
            )
            self._stop = threading.Event()
            sweeper = threading.Thread(
                target=self._sweep_forever,
                args=(self._pool, self._stop),
                name="forum-job-sweeper",
                daemon=True,
            )
            sweeper.start()
            self._pid = os.getpid()

    def submit(self, job_id: int) -> None:
        self.ensure_started()
        self._pool.submit(self._in_thread, job_execute, job_id=job_id)

    def stop(self) -> None:
        """Stop the sweeper and wait for the running jobs (used by tests and at exit)."""
        with self._lock:
            self._stop.set()
            if self._pool is not None:
                self._pool.shutdown(wait=True)
            self._pid, self._pool = None, None

    def _sweep_forever(self, pool: ThreadPoolExecutor, stop: threading.Event) -> None:
        while not stop.wait(settings.FORUM_JOBS_SWEEP_SECONDS):
            try:
                jobs_requeue_stale()
                for claim in jobs_claim_due():
                    pool.submit(self._in_thread, job_run_claimed, claim)
                jobs_delete_finished()
                counters_purge()  # rate limit windows that have ended (no Redis here)
            except Exception:  # the database may be down for a while: try again later
                logger.exception("background job sweep failed")
            finally:
                connections.close_all()

    @staticmethod
    def _in_thread(function, *args, **kwargs) -> None:
        close_old_connections()
        try:
            function(*args, **kwargs)
        except Exception:
            logger.exception("background job runner failed")
        finally:
            connections.close_all()  # each pool thread has its own connection


runner = EmbeddedRunner()
