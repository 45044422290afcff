import hmac

from events.models import Event
from forum.tokens import token_hash
from sessions.models import Speaker

MAX_TOKEN_LENGTH = 128


def speaker_get_by_token(*, event: Event, token: str) -> Speaker | None:
    """The speaker whose invitation link carries ``token``, or None.

    The lookup is by hash (indexed); the final comparison is constant-time anyway.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    digest = token_hash(token)
    speaker = (
        Speaker.objects.select_related("event", "organisation")
        .filter(event=event, token_hash=digest)
        .first()
    )
    if speaker is None or not hmac.compare_digest(speaker.token_hash, digest):
        return None
    return speaker
