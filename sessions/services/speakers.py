"""Speaker invitations: a secret link instead of an account.

Only the SHA-256 of the token is stored, so a database leak exposes no working link.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.mail import mail_send_later
from forum.tokens import token_hash, token_new
from sessions.enums import SpeakerState
from sessions.models import Speaker

logger = logging.getLogger(__name__)


@transaction.atomic
def speaker_invite(*, speaker: Speaker) -> str:
    """Give the speaker a new secret link (the old one stops working) and email it.

    Returns the raw token: it exists only in the email and this return value.
    """
    if not speaker.email:
        raise ValidationError(_("This speaker has no email address to send the invitation to."))
    token = token_new()
    speaker.token_hash = token_hash(token)
    speaker.invited_at = timezone.now()
    fields = ["token_hash", "invited_at", "updated_at"]
    if speaker.state == SpeakerState.DECLINED:
        speaker.state = SpeakerState.INVITED
        fields.append("state")
    speaker.save(update_fields=fields)
    event = speaker.event
    mail_send_later(
        to=[speaker.email],
        template="speaker_invitation",
        language=speaker.language,
        context={
            "speaker_name": speaker.display_name,
            "event_name": event.name,
            "link_path": reverse(
                "programme:speaker_invitation",
                kwargs={"event_slug": event.slug, "token": token},
            ),
        },
    )
    logger.info("speaker %s invited", speaker.pk)
    return token


@transaction.atomic
def speaker_respond(*, speaker: Speaker, accept: bool) -> Speaker:
    """The speaker confirms or declines; they may change their mind until the forum."""
    speaker.state = SpeakerState.CONFIRMED if accept else SpeakerState.DECLINED
    speaker.responded_at = timezone.now()
    speaker.save(update_fields=["state", "responded_at", "updated_at"])
    logger.info("speaker %s responded: %s", speaker.pk, speaker.state)
    return speaker


@transaction.atomic
def speaker_profile_update(
    *,
    speaker: Speaker,
    biography: str,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> Speaker:
    """The speaker edits their own biography and photo (shown publicly after the next publish)."""
    speaker.biography = biography.strip()
    fields = ["biography", "updated_at"]
    if photo is not None:
        speaker.photo.save(photo.name, photo, save=False)
        fields.append("photo")
    elif remove_photo and speaker.photo:
        speaker.photo = ""
        fields.append("photo")
    speaker.save(update_fields=fields)
    return speaker
