from forum.errors import ServiceError


class OutcomeError(ServiceError):
    """A refusal the user should read: ``message`` is translated, ``code`` is for callers."""
