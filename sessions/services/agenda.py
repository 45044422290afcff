"""Writes of a registrant's personal agenda: bookmarks and the private feed's secret."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forum.tokens import token_hash, token_new
from registrations.enums import ACTIVE_STATES
from registrations.models import Registration
from sessions.models import AgendaFeed, Bookmark
from sessions.selectors.public import programme_latest

logger = logging.getLogger(__name__)


def _require_active(registration: Registration) -> None:
    if registration.state not in ACTIVE_STATES:
        raise ValidationError(
            _("A cancelled or rejected registration has no personal agenda."), code="inactive"
        )


@transaction.atomic
def bookmark_add(*, registration: Registration, code: str) -> Bookmark:
    """Bookmark a session of the event's published programme (not a cancelled one)."""
    _require_active(registration)
    programme = programme_latest(event=registration.event, lang=translation.get_language())
    session = programme.session(code) if programme else None
    if session is None or session.is_cancelled:
        raise ValidationError(_("This session is not in the published programme."), code="code")
    bookmark, _created = Bookmark.objects.get_or_create(
        registration=registration, session_code=session.code
    )
    return bookmark


@transaction.atomic
def bookmark_remove(*, registration: Registration, code: str) -> None:
    """Forget a bookmark; removing one that does not exist is not an error."""
    _require_active(registration)
    Bookmark.objects.filter(registration=registration, session_code=code).delete()


@transaction.atomic
def agenda_feed_rotate(*, registration: Registration) -> str:
    """Create, or replace, the secret of the private calendar feed; returns the new secret.

    The old URL stops working at once: only the new hash is stored.
    """
    _require_active(registration)
    token = token_new()
    AgendaFeed.objects.update_or_create(
        registration=registration,
        defaults={"token_hash": token_hash(token), "created_at": timezone.now()},
    )
    logger.info("agenda feed of registration %s replaced", registration.pk)
    return token
