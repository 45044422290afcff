"""Writes to the working programme's sessions."""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sessions.models import Room, Session

logger = logging.getLogger(__name__)


@transaction.atomic
def session_schedule(
    *,
    session: Session,
    start: datetime | None,
    end: datetime | None,
    room: Room | None,
) -> Session:
    """Place a session in time and room, or take it off the grid (all three None).

    Clashes are only warnings (see ``conflict_list``): organisers often move things through
    a conflicting state, so nothing but the shape of the slot is refused here.
    """
    if (start is None) != (end is None):
        raise ValidationError(_("Give both a start and an end time, or neither."))
    if start is not None and end <= start:
        raise ValidationError(_("The session must end after it starts."))
    if room is not None and room.event_id != session.event_id:
        raise ValidationError(_("Choose one of this event's rooms."))
    session.start, session.end, session.room = start, end, room
    session.save(update_fields=["start", "end", "room", "updated_at"])
    logger.info("session %s scheduled", session.pk)
    return session
