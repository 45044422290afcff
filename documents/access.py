"""Who may read a document: its audience, and a registrant's signed, expiring access.

A registrant's pages (the manage link, the personal agenda) give their links to documents
for participants a signed ``access`` value: the registration and a fingerprint of its manage
link, signed with the site's secret and dated. It opens those documents of the registrant's
event only, while the registration is approved (confirmed or awaiting payment), the manage
link unchanged (a new link turns the old access values off) and the value younger than
``FORUM_DOCUMENT_LINK_MAX_AGE`` seconds.
"""

from django.conf import settings
from django.core import signing

from documents.enums import DocumentAudience, DocumentState
from documents.models import Document
from events.models import Event
from events.rules import event_permissions
from registrations.enums import PARTICIPANT_STATES
from registrations.models import Registration

SALT = "documents.access"


def _fingerprint(registration: Registration) -> str:
    return registration.manage_token_hash[:16]


def participant_access(registration: Registration) -> str:
    """A signed access value for ``registration``'s documents (empty when it may not read
    documents for participants)."""
    if registration.state not in PARTICIPANT_STATES:
        return ""
    return signing.dumps(
        {"r": registration.pk, "m": _fingerprint(registration)}, salt=SALT, compress=False
    )


def participant_from_access(value: str | None, *, event: Event) -> Registration | None:
    """The approved registration of ``event`` that ``value`` was signed for, or None when it
    is missing, forged, expired, for another event or no longer valid."""
    if not value or len(value) > 300:
        return None
    try:
        data = signing.loads(value, salt=SALT, max_age=settings.FORUM_DOCUMENT_LINK_MAX_AGE)
        registration_id, fingerprint = int(data["r"]), str(data["m"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    registration = (
        Registration.objects.filter(pk=registration_id, event=event, state__in=PARTICIPANT_STATES)
        .only("pk", "event_id", "state", "manage_token_hash")
        .first()
    )
    if registration is None or _fingerprint(registration) != fingerprint:
        return None
    return registration


def is_organiser(user, event_id: int) -> bool:
    """Whether ``user`` is in one of the event's teams, or a superuser (they see every
    document)."""
    return bool(getattr(user, "is_superuser", False)) or event_id in event_permissions(user)


def readable_audiences(*, participant: bool) -> tuple[str, ...]:
    if participant:
        return (DocumentAudience.PUBLIC, DocumentAudience.PARTICIPANTS)
    return (DocumentAudience.PUBLIC,)


def may_read(document: Document, *, user, participant: Registration | None) -> bool:
    """Organisers of its event read any document; others a published one of their audience,
    once the event itself is public."""
    if is_organiser(user, document.event_id):
        return True
    if document.state != DocumentState.PUBLISHED or not document.event.is_public:
        return False
    return document.audience in readable_audiences(participant=participant is not None)
