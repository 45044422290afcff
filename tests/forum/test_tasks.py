import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.core import mail
from django.db import transaction

from forum.celery import app
from forum.mail import mail_send_later
from forum.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_mail_is_sent_only_after_commit():
    with transaction.atomic():
        mail_send_later(
            to=["mayor@example.org"],
            template="registration_cancelled",
            language="fr",
            context={"name": "Ana", "event": "Forum de Dakar", "reference": "ABCD2345"},
        )
        assert mail.outbox == []

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["mayor@example.org"], "Inscription annulée : Forum de Dakar")
    ]
    assert mail.outbox[0].body.startswith("Bonjour Ana,")


@pytest.mark.django_db(transaction=True)
def test_mail_is_not_sent_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send_later(
            to=["mayor@example.org"],
            template="registration_cancelled",
            language="en",
            context={"name": "Ana"},
        )
        raise RuntimeError("boom")

    assert mail.outbox == []


@pytest.mark.celery_worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (the production path)")
def test_task_round_trips_through_a_real_celery_worker_on_redis():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "forum",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    app.conf.task_always_eager = False
    try:
        token = uuid.uuid4().hex
        result = ping.apply_async(kwargs={"token": token}, queue=queue)

        # The test process is no worker; a flag left by celery's pytest plugin must not block.
        with allow_join_result():
            reply = result.get(timeout=60)

        assert reply["token"] == token
        assert reply["worker"]
        assert result.status == "SUCCESS"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
