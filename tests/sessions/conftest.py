import re


def codes(response, attribute: str = "data-session-code") -> list[str]:
    """The values of ``attribute`` in the page, in document order."""
    return re.findall(rf'{attribute}="([^"]*)"', response.content.decode())
