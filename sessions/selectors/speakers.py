import hmac

from django.db.models import Count, Prefetch, Q, QuerySet

from events.models import Event
from forum.tokens import token_hash
from sessions.enums import SpeakerInvitation, SpeakerState
from sessions.models import SessionRole, Speaker

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


def speaker_invitation_filter(invitation: str) -> Q:
    """The condition for one :class:`SpeakerInvitation` value (the directory's filter)."""
    return {
        SpeakerInvitation.NOT_INVITED: Q(state=SpeakerState.INVITED, invited_at__isnull=True),
        SpeakerInvitation.INVITED: Q(state=SpeakerState.INVITED, invited_at__isnull=False),
        SpeakerInvitation.ACCEPTED: Q(state=SpeakerState.CONFIRMED),
        SpeakerInvitation.DECLINED: Q(state=SpeakerState.DECLINED),
    }[invitation]


def speaker_invitation_of(speaker: Speaker) -> SpeakerInvitation:
    if speaker.state == SpeakerState.CONFIRMED:
        return SpeakerInvitation.ACCEPTED
    if speaker.state == SpeakerState.DECLINED:
        return SpeakerInvitation.DECLINED
    if speaker.invited_at is None:
        return SpeakerInvitation.NOT_INVITED
    return SpeakerInvitation.INVITED


def speaker_list_for_organiser(
    *, event: Event, search: str = "", invitation: str = ""
) -> QuerySet[Speaker]:
    """The event's speakers for the organisers' directory, with their session count and roles.

    The roles (with their session's code and title) are prefetched: a page costs the same
    queries whatever its size.
    """
    speakers = Speaker.objects.filter(event=event).select_related("organisation")
    if search:
        speakers = speakers.filter(
            Q(name__icontains=search)
            | Q(code__iexact=search)
            | Q(email__icontains=search)
            | Q(organisation_name__icontains=search)
            | Q(organisation__name__icontains=search)
        )
    if invitation:
        speakers = speakers.filter(speaker_invitation_filter(invitation))
    return (
        speakers.annotate(session_count=Count("roles__session", distinct=True))
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=SessionRole.objects.select_related("session"),
            )
        )
        .order_by("name", "pk")
    )
