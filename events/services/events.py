from django.db import transaction

from events.models import Event
from forum.locking import lock_one
from forum.signals import event_capacity_changed


@transaction.atomic
def event_set_capacity(*, event: Event, capacity: int | None, user=None) -> Event:
    """Change the event's overall capacity (None: no overall limit).

    The event row stays locked until the commit, and ``event_capacity_changed`` is sent
    inside the transaction: registrations hands new seats to its waiting lists before any
    other registration can count them.
    """
    locked = lock_one(Event, event.pk)
    previous = locked.capacity
    locked.capacity = capacity
    locked.save(update_fields=["capacity", "updated_at"])
    event_capacity_changed.send(sender=Event, event=locked, previous=previous, user=user)
    event.capacity = capacity
    return locked
