class OutcomeError(Exception):
    """A refusal the user should read: ``message`` is translated, ``code`` is for callers."""

    code = "invalid"

    def __init__(self, message, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
