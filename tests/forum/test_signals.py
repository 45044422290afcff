"""Domain events (forum.signals): sent by the services inside their transaction."""

import pytest
from django.db import transaction

from forum.signals import schedule_published
from sessions.models import ScheduleVersion
from sessions.services.schedule import schedule_publish

# Without the test's own wrapping transaction, so only the service's can be the one seen.
pytestmark = pytest.mark.django_db(transaction=True)


def test_schedule_publish_sends_schedule_published_inside_its_transaction(event):
    sent = []

    def record(sender, *, event, version, **kwargs):
        sent.append(
            (sender, event.pk, version.number, transaction.get_connection().in_atomic_block)
        )

    schedule_published.connect(record)
    try:
        version = schedule_publish(event=event, comment="First", user=None)
    finally:
        schedule_published.disconnect(record)

    assert version.number == 1
    assert sent == [(ScheduleVersion, event.pk, 1, True)]
