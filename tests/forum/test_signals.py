"""Domain events (forum.signals): sent by the services inside their transaction."""

import pytest
from django.db import transaction

from events.models import Event
from events.services.events import event_set_capacity
from forum.signals import event_capacity_changed, schedule_published
from sessions.models import ScheduleVersion
from sessions.services.schedule import schedule_publish
from tests.factories import EventFactory, UserFactory

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


def test_event_set_capacity_sends_event_capacity_changed_inside_its_transaction():
    event = EventFactory(capacity=10)
    user = UserFactory()
    sent = []

    def record(sender, *, event, previous, user, **kwargs):
        stored = Event.objects.values_list("capacity", flat=True).get(pk=event.pk)
        sent.append(
            (sender, event.pk, previous, stored, user, transaction.get_connection().in_atomic_block)
        )

    event_capacity_changed.connect(record)
    try:
        result = event_set_capacity(event=event, capacity=25, user=user)
    finally:
        event_capacity_changed.disconnect(record)

    event.refresh_from_db()
    assert (result.capacity, event.capacity) == (25, 25)
    assert sent == [(Event, event.pk, 10, 25, user, True)]
