"""What services raise when they refuse: one base class, and the "busy" refusal.

A ``ServiceError`` carries a ``code`` for callers (a form maps it to a field, the API to a
status) and a translated ``message`` for people. ``Busy`` means rows stayed locked too long
under load: nothing was saved, and the same request succeeds a few seconds later;
``forum.middleware`` answers it with 503 and Retry-After.
"""

from django.utils.translation import gettext_lazy as _

# Database errors that mean "wait and retry", not "down": a lock or statement timeout, a
# deadlock victim or a serialisation failure (PostgreSQL, by the driver's class name), and
# SQLite's locked database file.
CONTENTION = {"LockNotAvailable", "QueryCanceled", "DeadlockDetected", "SerializationFailure"}


class ServiceError(Exception):
    """A refusal the user should read: ``message`` is translated, ``code`` is for callers."""

    code = "invalid"
    default_message = None  # a subclass that always says the same thing sets it

    def __init__(self, message=None, code: str | None = None):
        message = self.default_message if message is None else message
        if message is None:
            raise TypeError(f"{type(self).__name__} needs a message")
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class Busy(ServiceError):
    """The rows this change needs stayed locked longer than ``FORUM_LOCK_TIMEOUT_MS``."""

    code = "busy"
    default_message = _("The server is busy; please try again.")


def is_contention(exc: BaseException) -> bool:
    """Whether a database error means "busy, soon over" rather than "unavailable"."""
    return type(exc.__cause__).__name__ in CONTENTION or "database is locked" in str(exc)
