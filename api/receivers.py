"""Keep the fast path's cached event heads true to the database.

``schedule_publish`` invalidates them itself; these receivers catch the writes that have no
service (the admin, the shell, fixtures): an event published, unpublished, renamed or moved
to another time zone, a version deleted. Cache invalidation only, no domain logic, which is
why it may live in a signal (house style keeps logic out of signals).
"""

from django.db.models.signals import post_delete, post_save

from api.services.published import published_heads_invalidate
from events.models import Event
from sessions.models import ScheduleVersion


def _invalidate(sender, **kwargs) -> None:
    published_heads_invalidate()


def connect() -> None:
    for model in (Event, ScheduleVersion):
        for signal in (post_save, post_delete):
            signal.connect(_invalidate, sender=model, dispatch_uid=f"api-heads-{model.__name__}")
