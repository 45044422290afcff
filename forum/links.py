"""Links the forum hands out to people (meeting rooms, webcasts, recordings): https only.

A link is rendered as an ``href``, so its scheme is what stands between a pasted
``javascript:`` URL and a participant's click; only ``https`` passes, with a host, and no
user name or password in the authority part (a meeting's passcode belongs in its query).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

LINK_MAX_LENGTH = 500

_https = URLValidator(schemes=["https"], message=_("Enter a secure link starting with https://."))


def validate_https_url(value: str) -> None:
    """Refuse anything but an absolute ``https://host/…`` URL (``ValidationError``)."""
    if not isinstance(value, str) or len(value) > LINK_MAX_LENGTH:
        raise ValidationError(
            _("Enter a link of at most %(max)d characters.") % {"max": LINK_MAX_LENGTH},
            code="link_too_long",
        )
    _https(value)
    if "@" in urlsplit(value).netloc:
        raise ValidationError(
            _("A link may not carry a user name or password before its host."),
            code="link_credentials",
        )
