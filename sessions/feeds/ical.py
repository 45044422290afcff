"""iCalendar (RFC 5545 + RFC 7986) renderings of the published programme.

Calendar apps subscribe to these URLs and poll them, so each VEVENT keeps its UID for the life
of the session, its SEQUENCE and LAST-MODIFIED move only when a publish changed it, and a
cancelled session stays in the feed with STATUS:CANCELLED so subscribed calendars drop it.

Texts are in the feed's content language; each text property whose language is known says it
(RFC 5545 §3.2.10 LANGUAGE on SUMMARY, DESCRIPTION, LOCATION, and RFC 7986 NAME), and a title
shown in a fallback language is announced on the first line of DESCRIPTION ("Title in
English.").

A registrant's private agenda also carries the session's webcasts and its recording as RFC 7986
CONFERENCE properties (one per stream language, then the recording); public calendars never do.
"""

import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vText, vUri

from sessions.feeds.common import (
    FeedData,
    absolute,
    agenda_path,
    language_note,
    session_path,
    session_uid,
    text_language,
)
from sessions.selectors.links import SessionLinks
from sessions.selectors.public import PublicSession

PRODID = "-//forum//Programme feeds//EN"
# How often clients should poll: a programme changes a few times a day at most.
REFRESH = timedelta(hours=1)
REFRESH_TTL = "PT1H"


def _location(session: PublicSession, data: FeedData) -> tuple[str, str | None]:
    """The room, the venue and its city, and the language of the first of them."""
    venue = data.event.venue
    parts = [session.room.name if session.room else ""]
    if venue is not None:
        parts += [data.venue_name(), venue.city]
    parts = [p for p in parts if p]
    return ", ".join(parts), text_language(parts[0]) if parts else None


def _description(session: PublicSession, url: str, data: FeedData) -> str:
    lines = []
    if code := data.fallback_language(session.title):
        lines += [_("Title %(in_language)s.") % {"in_language": language_note(code)}, ""]
    if session.abstract:
        lines += [session.abstract.strip(), ""]
    for role in session.roles:
        speaker = role.speaker
        details = ", ".join(p for p in (speaker.position, speaker.organisation) if p)
        lines.append(
            f"{role.role_label}: {speaker.display_name}" + (f" ({details})" if details else "")
        )
    language = session.spoken_language_label
    if session.interpretation_languages:
        language += " — " + _("interpretation: %(languages)s") % {
            "languages": ", ".join(str(label) for label in session.interpretation_labels)
        }
    lines += [_("Language: %(language)s") % {"language": language}, "", url]
    return "\n".join(lines).strip()


def _description_language(session: PublicSession, data: FeedData) -> str | None:
    """The abstract's language when there is one (it is most of the text), else the labels'."""
    if session.abstract:
        return text_language(session.abstract)
    return data.lang


def _text(value: str, lang: str | None) -> vText:
    text = vText(value)
    if lang:
        text.params["LANGUAGE"] = lang
    return text


def _conferences(event: Event, links: SessionLinks) -> None:
    """RFC 7986 CONFERENCE: each stream (audio and video), then the recording (video)."""
    for stream in links.streams:
        event.add(
            "CONFERENCE",
            vUri(stream.url),
            parameters={
                "VALUE": "URI",
                "FEATURE": ["AUDIO", "VIDEO"],
                "LABEL": _("Webcast — %(language)s") % {"language": stream.label},
            },
        )
    if links.recording_url:
        event.add(
            "CONFERENCE",
            vUri(links.recording_url),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": _("Recording")},
        )


def _vevent(session: PublicSession, data: FeedData, links: SessionLinks | None = None) -> Event:
    revision = data.revision(session)
    url = absolute(session_path(event=data.event, code=session.code, lang=data.lang))
    summary = session.title
    if session.is_cancelled:
        summary = _("Cancelled: %(title)s") % {"title": session.title}
    location, location_lang = _location(session, data)
    event = Event.new(
        uid=session_uid(event=data.event, code=session.code),
        summary=_text(summary, text_language(session.title)),
        start=session.start,
        end=session.end,
        stamp=data.meta.published_at,
        created=revision.created,
        last_modified=revision.last_modified,
        sequence=revision.sequence,
        status="CANCELLED" if session.is_cancelled else "CONFIRMED",
        location=_text(location, location_lang) if location else None,
        description=_text(_description(session, url, data), _description_language(session, data)),
        url=url,
        categories=[c for c in (session.track.name if session.track else "",) if c]
        + [str(session.kind_label)],
    )
    if session.track:
        # RFC 7986 COLOR takes a CSS colour name, so the track's hex colour goes in an X- field.
        event.add("X-FORUM-TRACK-COLOUR", session.track.colour)
    if links is not None and not session.is_cancelled:
        _conferences(event, links)
    return event


def calendar_render(
    *,
    data: FeedData,
    sessions: Iterable[PublicSession],
    name: str,
    path: str,
    public: bool = True,
    links: dict[str, SessionLinks] | None = None,
) -> bytes:
    """One VCALENDAR of ``sessions`` (in the event's zone, with its VTIMEZONE).

    ``public`` calendars carry a UID derived from their URL; a private agenda's does not (its
    URL holds a secret). ``links`` (by session code: streams, recording) go into a private
    calendar only; a public one refuses them.
    """
    if public and links:
        raise ValueError("a public calendar carries no session links")
    links = links or {}
    sessions = list(sessions)
    with translation.override(data.lang):
        calendar = Calendar.new(
            prodid=PRODID,
            name=_text(name, text_language(data.event_text("name"))),
            description=_text(
                _("Programme of %(event)s, from %(site)s.")
                % {"event": data.event_text("name"), "site": absolute("/")},
                data.lang,
            ),
            url=absolute(agenda_path(event=data.event, lang=data.lang)),
            refresh_interval=REFRESH,
            uid=uuid.uuid5(uuid.NAMESPACE_URL, absolute(path)) if public else None,
            last_modified=data.meta.published_at if data.meta else None,
        )
        if not public:
            calendar.pop("UID", None)
        calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
        calendar.add("X-PUBLISHED-TTL", vText(REFRESH_TTL))
        calendar.add("X-WR-TIMEZONE", data.event.timezone)
        calendar.add("CALSCALE", "GREGORIAN")
        calendar.add("METHOD", "PUBLISH")
        # The zone's rules from a year before the event to a year after it: enough for every
        # session, and far smaller than icalendar's default 1970-2038 span.
        first = min([data.event.start_date, *(s.start.date() for s in sessions)])
        last = max([data.event.end_date, *(s.end.date() for s in sessions)])
        calendar.add_component(
            Timezone.from_tzid(
                data.event.timezone,
                first_date=first - timedelta(days=366),
                last_date=last + timedelta(days=366),
            )
        )
        for session in sessions:
            calendar.add_component(
                _vevent(session, data, None if public else links.get(session.code))
            )
    return calendar.to_ical()
