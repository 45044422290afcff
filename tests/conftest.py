import pytest

from events.services.teams import team_add_member
from tests.factories import EventFactory, UserFactory


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def organiser_of():
    """organiser_of(event, **flags) -> a staff user in a team of ``event`` holding ``flags``."""

    def make(event, username=None, **flags):
        user = UserFactory(username=username) if username else UserFactory()
        team_add_member(event=event, team_name=f"Team {user.username}", user=user, **flags)
        return user

    return make


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_tasks():
    """Each test starts with an empty cache and runs tasks in-process.

    The Celery worker test switches eagerness off for itself.
    """
    from django.core.cache import cache

    from forum.celery import app

    cache.clear()
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
