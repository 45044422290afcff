"""Reads of a registrant's personal agenda."""

from forum.tokens import token_hash
from registrations.models import Registration
from sessions.models import AgendaFeed, Bookmark


def bookmark_codes(*, registration: Registration) -> set[str]:
    return set(
        Bookmark.objects.filter(registration=registration).values_list("session_code", flat=True)
    )


def agenda_feed_get_by_token(*, token: str) -> AgendaFeed | None:
    """The feed named by a private calendar URL (registration and event selected), or None."""
    if not token or len(token) > 100:
        return None
    return (
        AgendaFeed.objects.select_related("registration__event__venue")
        .filter(token_hash=token_hash(token))
        .first()
    )
