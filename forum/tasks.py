"""The task layer: every background job goes through :func:`enqueue`.

``enqueue`` writes a :class:`forum.models.Job` row in the caller's transaction and, once that
commits, hands the job to a runner (forum.jobs explains claims, retries and the sweep):

- with a broker (REDIS_URL), a small Celery message ``job_run(job_id=…)``; if the broker is
  unreachable the row simply stays queued and the periodic sweep (Celery beat, every minute)
  sends it later: a broker outage never fails the request that committed the change;
- without one (the embedded default), the web process's thread pool, off the request thread.
"""

import logging
import socket

from celery import current_app, shared_task
from django.db import transaction

from forum.jobs import (
    SWEEP_BATCH,
    job_create,
    job_execute,
    jobs_delete_finished,
    jobs_due_ids,
    jobs_requeue_stale,
    runner,
)
from forum.models import Job

logger = logging.getLogger(__name__)

# A request must not wait long for a broker that is down: one quick retry, then the sweep.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}


def enqueue(task, /, **kwargs) -> Job:
    """Queue ``task`` (a function or its dotted path) with JSON keyword arguments.

    The row is part of the current transaction; the job is dispatched after the commit.
    """
    job = job_create(task=task, kwargs=kwargs)
    transaction.on_commit(lambda: dispatch(job.pk), robust=True)
    return job


def has_broker() -> bool:
    return not current_app.conf.broker_url.startswith("memory://")


def dispatch(job_id: int) -> None:
    """Hand a committed job to a runner; never raises (the sweep catches what is missed)."""
    if not has_broker():
        runner.submit(job_id)
        return
    try:
        job_run.apply_async(
            kwargs={"job_id": job_id}, retry=True, retry_policy=PUBLISH_RETRY_POLICY
        )
    except Exception as exc:  # broker down: the row stays queued for the sweep
        logger.warning("broker unavailable, job %s left for the sweep: %s", job_id, exc)


@shared_task(name="forum.tasks.job_run", ignore_result=True)  # the Job row is the result
def job_run(*, job_id: int) -> str | None:
    """Run one outbox job in a Celery worker (a no-op if another worker has it)."""
    return job_execute(job_id=job_id)


@shared_task(name="forum.tasks.jobs_sweep", ignore_result=True)
def jobs_sweep() -> int:
    """Celery beat, every minute: requeue stale jobs and send the due ones to the workers.

    A job whose first message is still waiting in the queue may get a second one: the claim
    in ``job_run`` makes it a no-op.
    """
    jobs_requeue_stale()
    jobs_delete_finished()
    due = jobs_due_ids(limit=SWEEP_BATCH * 10)
    for job_id in due:
        job_run.delay(job_id=job_id)
    return len(due)


@shared_task
def ping(*, token: str) -> dict:
    """Round-trip check of the task layer (used by the worker integration test and ops)."""
    return {"token": token, "worker": socket.gethostname()}


__all__ = ["dispatch", "enqueue", "has_broker", "job_run", "jobs_sweep", "ping"]
