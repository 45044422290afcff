import pytest
from django.conf import settings
from django.utils import translation

from events.services.teams import team_add_member
from sessions.services.schedule import schedule_publish
from tests.factories import EventFactory, UserFactory
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
    at,
)

# Browser fixtures for every directory (tests/e2e, and the fault tests' pages).
pytest_plugins = ["tests.browser"]


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def administrator(db):
    """A superuser: the only kind of user the Django admin lets in."""
    return UserFactory(username="administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def organiser_of():
    """organiser_of(event, **flags) -> a staff user in a team of ``event`` holding ``flags``."""

    def make(event, username=None, **flags):
        user = UserFactory(username=username) if username else UserFactory()
        team_add_member(event=event, team_name=f"Team {user.username}", user=user, **flags)
        return user

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test users' passwords hashed with a fast hasher: the production one costs ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _documents_storage(settings, tmp_path_factory):
    """Document files go to a folder of their own per test, never to the checkout's var/."""
    location = tmp_path_factory.mktemp("documents")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    return location


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_tasks(request, monkeypatch):
    """Each test starts with an empty cache and runs background jobs inline, at commit.

    Jobs still go through the outbox (a Job row, claimed and finished); only the hand-over
    to the runner is replaced: Celery runs eagerly, and the embedded runner's pool is skipped.
    Tests marked ``real_jobs`` keep the real runner; the Celery worker test switches
    eagerness off for itself. The API throttle's reserved hits are forgotten too.
    """
    from django.core.cache import cache

    from forum import localcache
    from forum.celery import app
    from forum.jobs import job_execute, runner
    from forum.ratelimit import reservations

    if not request.node.get_closest_marker("real_jobs"):
        monkeypatch.setattr(runner, "submit", lambda job_id: job_execute(job_id=job_id))
    cache.clear()
    localcache.clear()  # the process's own copies of what was in the cache
    reservations.clear()  # hits the API throttle took in blocks in an earlier test
    translation.activate(settings.LANGUAGE_CODE)  # a /fr/ request in one test must not leak
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
    translation.deactivate()


@pytest.fixture
def published(event):
    """make(count) -> ``count`` confirmed sessions, one speaker each, published as version 1."""

    def make(count: int = 3):
        room = RoomFactory(event=event, name="Main hall")
        track = TrackFactory(event=event, name="Climate mobility")
        sessions = []
        for i in range(count):
            session = SessionFactory(
                event=event,
                code=f"S{i}",
                title=f"Session number {i}",
                room=room,
                track=track,
                start=at(event, i % 3, 9 + i),
                end=at(event, i % 3, 10 + i),
            )
            speaker = SpeakerFactory(event=event, code=f"P{i}", name=f"Person {i}")
            SessionRoleFactory(session=session, speaker=speaker, role="panellist")
            sessions.append(session)
        schedule_publish(event=event, comment="First programme", user=None, notify=False)
        return sessions

    return make
