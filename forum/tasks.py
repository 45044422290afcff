"""The task layer: every background job goes through :func:`enqueue`.

Tasks are sent only once the surrounding transaction commits, so a worker never sees a row
that was rolled back. With no REDIS_URL Celery runs them eagerly, in-process.
"""

import socket

from celery import shared_task
from django.db import transaction


def enqueue(task, /, **kwargs) -> None:
    """Send ``task`` with keyword-only primitive arguments after the current commit."""
    transaction.on_commit(lambda: task.delay(**kwargs))


@shared_task
def ping(*, token: str) -> dict:
    """Round-trip check of the task layer (used by the worker integration test and ops)."""
    return {"token": token, "worker": socket.gethostname()}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_templated_mail_task(*, to: list[str], template: str, language: str, context: dict) -> None:
    from forum.mail import mail_send_now  # the mail module imports this one

    mail_send_now(to=to, template=template, language=language, context=context)
