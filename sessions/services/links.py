"""A session's links: the speakers' meeting link, the webcast per language and the recording.

Links are checked here, whatever form or import sent them (https only, no credentials:
``forum.links.validate_https_url``). A new or replaced link reaches the people entitled to it
by email, once per change: the stream and recording links the session's online participants
(once the published programme lists it), the meeting link its speakers. The session row
is locked and the stored links compared under the lock, so saving the same values again, or
two people saving the same new value at once, sends nothing the second time.
"""

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events.models import AuditAction
from events.services.audit import audit_record
from forum.errors import ServiceError
from forum.links import validate_https_url
from forum.locking import lock_one
from forum.mail import mail_send_later
from registrations.enums import PARTICIPANT_STATES, Participation
from registrations.models import Registration
from sessions.enums import RecordingAudience, SessionKind, SpeakerState
from sessions.models import Bookmark, Session, SessionRole, SessionStream
from sessions.selectors.joining import published_session_codes
from sessions.selectors.links import session_stream_languages, stream_language_label
from sessions.selectors.sessions import session_mail_names

logger = logging.getLogger(__name__)

# The audit log's name for a session's streams (rows of their own, recorded as one text; not
# "streams", the reverse relation's name, which the log would take for a field).
STREAMS_FIELD = "webcast"


class SessionLinksError(ServiceError):
    """A link refused; ``code`` names the form field: ``meeting_url``, ``recording_url``,
    ``recording_audience`` or ``stream_<language>`` (``stream_floor``, ``stream_fr``…)."""


def stream_field(language: str) -> str:
    """The form field (and error code) of the stream in ``language``."""
    return f"stream_{language}"


def _url_clean(value: str, *, code: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        validate_https_url(value)
    except ValidationError as error:
        raise SessionLinksError(error.messages[0], code=code) from error
    return value


def _streams_clean(session: Session, streams: Mapping[str, str]) -> dict[str, str]:
    """{language: url} with the blank ones left out; a link only in the floor or one of the
    session's languages (a stream left in a language the session no longer has may be
    cleared, not kept)."""
    allowed = session_stream_languages(session)
    cleaned = {}
    for language, url in streams.items():
        url = _url_clean(url, code=stream_field(language))
        if not url:
            continue
        if language not in allowed:
            raise SessionLinksError(
                _(
                    "%(language)s is not one of this session's languages: clear its link, or "
                    "add the language to the session first."
                )
                % {"language": stream_language_label(language)},
                code=stream_field(language),
            )
        cleaned[language] = url
    return cleaned


def _streams_text(streams: Mapping[str, str], order: list[str]) -> str | None:
    """The streams as the audit log shows them: "floor: https://…; fr: https://…"."""
    rank = {language: i for i, language in enumerate(order)}
    items = sorted(streams.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))
    return "; ".join(f"{language}: {url}" for language, url in items) or None


@dataclass(frozen=True)
class LinksChange:
    """What a save changed that someone is told about: the participants' links added or
    replaced (stream languages; the recording), whether the meeting link was, and how many
    participants and speakers are emailed."""

    streams: tuple[str, ...] = ()
    recording: bool = False
    meeting: bool = False
    participants: int = 0
    speakers: int = 0

    @property
    def for_participants(self) -> bool:
        return bool(self.streams) or self.recording


def session_link_recipients(*, session: Session) -> list[Registration]:
    """The registrations told about a change of the session's stream or recording links: the
    event's approved online participants who bookmarked it, or all of them for a plenary
    (those who see the links). One per email address (the first registration's language)."""
    registrations = Registration.objects.filter(
        event_id=session.event_id,
        participation=Participation.ONLINE,
        state__in=PARTICIPANT_STATES,
    )
    if session.kind != SessionKind.PLENARY:
        bookmarked = Bookmark.objects.filter(session_code=session.code).values("registration_id")
        registrations = registrations.filter(pk__in=bookmarked)
    seen, found = set(), []
    for registration in registrations.order_by("pk").only("pk", "email", "language"):
        address = registration.email.strip().lower()
        if address and address not in seen:
            seen.add(address)
            found.append(registration)
    return found


def _notify_participants(*, session: Session, change: LinksChange, streams: dict[str, str]) -> int:
    """Email the new links to the session's online participants; how many were emailed."""
    event = session.event
    order = session_stream_languages(session)
    changed = sorted(change.streams, key=lambda code: order.index(code) if code in order else 99)
    recipients = session_link_recipients(session=session)
    for registration in recipients:
        with translation.override(registration.language):
            links = [
                {"label": str(stream_language_label(code)), "url": streams[code]}
                for code in changed
            ]
            # The event's page in the registrant's language.
            event_path = reverse("events:detail", kwargs={"slug": event.slug})
        mail_send_later(
            to=[registration.email],
            template="session_links_changed",
            language=registration.language,
            context={
                **session_mail_names(event=event, session=session, language=registration.language),
                "streams": links,
                "recording_url": session.recording_url if change.recording else "",
                "event_path": event_path,
            },
        )
    return len(recipients)


def _notify_speakers(*, session: Session) -> int:
    """The meeting link to each invited speaker of the session who has not declined; how
    many were emailed."""
    event = session.event
    roles = (
        SessionRole.objects.filter(session=session, speaker__invited_at__isnull=False)
        .exclude(speaker__email="")
        .exclude(speaker__state=SpeakerState.DECLINED)
        .select_related("speaker")
        .order_by("speaker_id", "pk")
    )
    speakers = {role.speaker_id: role.speaker for role in roles}
    for speaker in speakers.values():
        mail_send_later(
            to=[speaker.email],
            template="session_meeting_link",
            language=speaker.language,
            context={
                **session_mail_names(event=event, session=session, language=speaker.language),
                "speaker_name": speaker.display_name,
                "meeting_url": session.meeting_url,
            },
        )
    return len(speakers)


@transaction.atomic
def session_links_set(
    *,
    session: Session,
    meeting_url: str,
    streams: Mapping[str, str],
    recording_url: str,
    recording_audience: str,
    user,
) -> LinksChange:
    """Make the session's links exactly these: ``streams`` is {language: url} for the floor
    and the session's languages (a language left out or blank has no stream).

    Returns what changed that people are told about; the emails leave after commit. Stream
    and recording links added or replaced go to the session's online participants once the
    published programme lists the session (before that, nobody follows it yet); a new
    meeting link goes to its invited speakers at once (they learn of their sessions through
    their invitation, not the public programme). A removed link is not announced: there is
    nothing new to follow.
    """
    session = lock_one(
        Session.objects.filter(event_id=session.event_id).select_related("event"), session.pk
    )
    meeting_url = _url_clean(meeting_url, code="meeting_url")
    recording_url = _url_clean(recording_url, code="recording_url")
    if recording_audience not in RecordingAudience.values:
        raise SessionLinksError(
            _("Choose who may watch the recording from the list."), code="recording_audience"
        )
    wanted = _streams_clean(session, streams)
    existing = {stream.language: stream for stream in SessionStream.objects.filter(session=session)}
    before_streams = {language: stream.url for language, stream in existing.items()}

    before = {
        "meeting_url": session.meeting_url,
        "recording_url": session.recording_url,
        "recording_audience": session.recording_audience,
    }
    session.meeting_url = meeting_url
    session.recording_url = recording_url
    session.recording_audience = recording_audience
    after = {
        "meeting_url": meeting_url,
        "recording_url": recording_url,
        "recording_audience": recording_audience,
    }
    changed_fields = [name for name in after if after[name] != before[name]]
    if changed_fields:
        session.save(update_fields=[*changed_fields, "updated_at"])

    for language, stream in existing.items():
        if language not in wanted:
            stream.delete()
        elif stream.url != wanted[language]:
            stream.url = wanted[language]
            stream.save(update_fields=["url"])
    SessionStream.objects.bulk_create(
        SessionStream(session=session, language=language, url=url)
        for language, url in wanted.items()
        if language not in existing
    )

    changes = {name: [before[name], after[name]] for name in changed_fields}
    if wanted != before_streams:
        order = session_stream_languages(session)
        changes[STREAMS_FIELD] = [
            _streams_text(before_streams, order),
            _streams_text(wanted, order),
        ]
    audit_record(
        event=session.event, obj=session, action=AuditAction.CHANGED, actor=user, changes=changes
    )

    new_streams = tuple(
        language for language, url in wanted.items() if before_streams.get(language) != url
    )
    new_recording = bool(recording_url) and recording_url != before["recording_url"]
    published = (new_streams or new_recording) and session.code in published_session_codes(
        event_id=session.event_id, cancelled=True
    )
    change = LinksChange(
        streams=new_streams if published else (),
        recording=new_recording and published,
        meeting=bool(meeting_url) and meeting_url != before["meeting_url"],
    )
    if change.for_participants:
        count = _notify_participants(session=session, change=change, streams=wanted)
        change = dataclasses.replace(change, participants=count)
    if change.meeting:
        change = dataclasses.replace(change, speakers=_notify_speakers(session=session))
    # The links themselves stay out of the log: only that they changed.
    logger.info("session %s links saved (%s)", session.pk, ", ".join(sorted(changes)) or "same")
    return change
