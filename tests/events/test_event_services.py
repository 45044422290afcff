"""Event services, without the apps that subscribe to their domain events."""

import pytest

from events.models import Event
from events.services.events import event_set_capacity
from forum.signals import event_capacity_changed
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_event_set_capacity_saves_and_tells_subscribers_inside_the_transaction():
    event = EventFactory(capacity=10)
    user = UserFactory()
    heard = []

    def receiver(sender, *, event, previous, user, **kwargs):
        stored = Event.objects.values_list("capacity", flat=True).get(pk=event.pk)
        heard.append((sender, event.pk, previous, event.capacity, stored, user))

    event_capacity_changed.connect(receiver)
    try:
        result = event_set_capacity(event=event, capacity=25, user=user)
    finally:
        event_capacity_changed.disconnect(receiver)

    event.refresh_from_db()
    assert (result.capacity, event.capacity) == (25, 25)
    assert heard == [(Event, event.pk, 10, 25, 25, user)]
