"""frab / c3voc schedule renderings (schedule.xml and schedule.json) for conference apps.

Both follow the schemas vendored in tests/sessions/feeds/schemas/ (voc/schedule validator): days ->
rooms -> events, each event with a stable UUID guid derived from the session code. A session
belongs to the day it starts on (event time), even when it ends after midnight.

Cancelled sessions are left out: the formats have no status, so apps (Giggity, EventFahrplan)
would show them as happening; EventFahrplan flags an event as cancelled when it disappears.
The iCalendar feeds and the API keep them, marked cancelled. Room names follow the document
language like every other text; apps that need one key per room across languages have the
room's guid, derived from its id and the same in every language. The room-less placeholder has
one fixed, language-neutral name. Track slugs come from the English name (else the name in the
version's first language that has one), so a track keeps one slug in every document language.

Each session's ``attachments`` are its public documents: the latest file in the document's
content language (else in the fallback order, as texts), titled in that language too, at its
stable address.

Texts are in the document's content language. The formats have no place to say a text's
language (``<language>`` is the language a session is held in), so a title shown in a
fallback language is announced in the event's description ("Title in English.").
"""

import json
import re
import unicodedata
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from django.utils import translation
from django.utils.translation import gettext as _

from documents.enums import DocumentKind
from forum.content import DEFAULT_CONTENT_LANGUAGE, pick
from sessions.feeds.common import (
    FeedData,
    absolute,
    agenda_path,
    language_note,
    numeric_id,
    room_guid,
    session_guid,
    session_path,
    site_url,
    speaker_guid,
    speaker_path,
    xml_safe,
)
from sessions.selectors.public import PublicProgramme, PublicSession

GENERATOR = "forum"
_CODE = re.compile(r"^[A-Z0-9]+$")
_PRETALX_CODE = re.compile(r"^[0-9A-Z]{6}$")
_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")  # the JSON schema's own pattern


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def acronym(data: FeedData) -> str:
    """The event slug in the acronym alphabet of both schemas (no hyphens, four or more)."""
    return re.sub(r"[^a-z0-9_]", "_", data.event.slug.lower()).ljust(4, "_")


def track_slugs(programme: PublicProgramme) -> dict[int, str]:
    """Each track's slug by id, from its English name (else its name in the version's first
    language that has one), so that it is the same in every document language."""
    snapshot = programme.version.snapshot
    languages = snapshot.get("languages") or ()
    slugs = {}
    for raw in snapshot["tracks"]:
        name = pick(raw["name"], requested=DEFAULT_CONTENT_LANGUAGE, languages=languages)
        slug = _ascii_slug(name)
        slugs[raw["id"]] = slug if re.match(r"^[a-z][a-z0-9-]+$", slug) else f"track-{raw['id']}"
    return slugs


def _session_slug(data: FeedData, session: PublicSession) -> str:
    code = _ascii_slug(session.code) or str(numeric_id(session.code))
    return f"{acronym(data)}-session-{code}"


def _duration(session: PublicSession) -> str:
    minutes = int((session.end - session.start).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# The room of sessions held outside the venue's rooms: one language-neutral name, as it has no
# text to translate.
NO_ROOM = "—"


def _room_name(session: PublicSession) -> str:
    return session.room.name if session.room else NO_ROOM


def _listed(data: FeedData) -> list[PublicSession]:
    """The sessions the frab formats list: every published one except the cancelled."""
    return [s for s in data.programme.sessions if not s.is_cancelled]


def _days(data: FeedData) -> list[tuple[int, date, datetime, datetime, list[PublicSession]]]:
    """(index from 1, date, day start, day end, listed sessions) for each day of the event,
    and for any other day a published session (cancelled or not) starts on.

    Days do not disappear when their sessions are cancelled, so the indexes apps keep stay
    true. A day runs from local midnight to the next, stretched to the end of its latest
    session when one crosses midnight.
    """
    event = data.event
    dates = {event.start_date + timedelta(days=n) for n in range(event.duration_days)}
    dates |= {session.day for session in data.programme.sessions}
    by_day: dict[date, list[PublicSession]] = {day: [] for day in sorted(dates)}
    for session in _listed(data):
        by_day[session.day].append(session)
    tz = event.tzinfo
    days = []
    for index, (day, sessions) in enumerate(by_day.items(), start=1):
        start = datetime.combine(day, time(0), tzinfo=tz)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
        end = max([end, *(s.end for s in sessions)])
        days.append((index, day, start, end, sessions))
    return days


def _rooms_of(sessions: list[PublicSession], data: FeedData) -> list[tuple[str, list]]:
    """Sessions grouped by room name, rooms in the programme's order, "elsewhere" last."""
    order = {room.name: i for i, room in enumerate(data.programme.rooms)}
    grouped: dict[str, list[PublicSession]] = defaultdict(list)
    for session in sessions:
        grouped[_room_name(session)].append(session)
    return sorted(grouped.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


# The schema's attachment types for the kinds that have one; the others go without a type.
ATTACHMENT_TYPES = {
    DocumentKind.PRESENTATION: "slides",
    DocumentKind.BACKGROUND_PAPER: "paper",
    DocumentKind.CONCEPT_NOTE: "paper",
    DocumentKind.REPORT: "paper",
}


def _attachments(session: PublicSession, data: FeedData) -> list[dict]:
    """{url, title[, type]} of each public document of ``session``."""
    out = []
    for read in data.documents.get(session.code, []):
        attachment = {"url": absolute(read.url()), "title": str(read.title)}
        if kind := ATTACHMENT_TYPES.get(read.document.kind):
            attachment["type"] = kind
        out.append(attachment)
    return out


def _languages(session: PublicSession) -> str:
    return session.spoken_language


def _description(session: PublicSession, data: FeedData) -> str:
    lines = []
    if code := data.fallback_language(session.title):
        lines.append(_("Title %(in_language)s.") % {"in_language": language_note(code)})
    lines.append(_("Language: %(language)s") % {"language": session.spoken_language_label})
    if session.interpretation_languages:
        lines.append(
            _("Interpretation: %(languages)s")
            % {"languages": ", ".join(str(label) for label in session.interpretation_labels)}
        )
    return "\n".join(lines)


# --- XML ---------------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_safe(str(v)) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def schedule_xml_render(*, data: FeedData) -> bytes:
    programme, event = data.programme, data.event
    with translation.override(data.lang):
        root = ET.Element("schedule")
        _sub(root, "generator", name=GENERATOR, system=urlsplit(site_url()).netloc)
        _sub(root, "url", absolute(f"/events/{event.slug}/schedule.xml"))
        _sub(root, "version", str(programme.version.number))
        conference = _sub(root, "conference")
        _sub(conference, "acronym", acronym(data))
        _sub(conference, "title", data.event_text("name"))
        _sub(conference, "start", event.start_date.isoformat())
        _sub(conference, "end", event.end_date.isoformat())
        _sub(conference, "days", str(event.duration_days))
        _sub(conference, "timeslot_duration", "00:15")
        _sub(conference, "base_url", absolute("/"))
        _sub(conference, "url", absolute(agenda_path(event=event, lang=data.lang)))
        _sub(conference, "time_zone_name", event.timezone)
        slugs = track_slugs(programme)
        for track in programme.tracks:
            _sub(conference, "track", name=track.name, color=track.colour, slug=slugs[track.id])
        for index, day, start, end, sessions in _days(data):
            day_element = _sub(
                root,
                "day",
                date=day.isoformat(),
                start=start.isoformat(),
                end=end.isoformat(),
                index=index,
            )
            for room_name, room_sessions in _rooms_of(sessions, data):
                room = room_sessions[0].room
                room_element = _sub(
                    day_element,
                    "room",
                    name=room_name,
                    guid=room_guid(event=event, room_id=room.id if room else None),
                )
                for session in room_sessions:
                    _xml_event(room_element, session, data)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _xml_event(parent: ET.Element, session: PublicSession, data: FeedData) -> None:
    event = data.event
    attrs = {"id": numeric_id(session.code), "guid": session_guid(event=event, code=session.code)}
    if _PRETALX_CODE.match(session.code):
        attrs["code"] = session.code
    element = _sub(parent, "event", **attrs)
    _sub(element, "date", session.start.isoformat())
    _sub(element, "start", session.start.strftime("%H:%M"))
    _sub(element, "duration", _duration(session))
    _sub(element, "room", _room_name(session))
    _sub(element, "slug", _session_slug(data, session))
    _sub(element, "url", absolute(session_path(event=event, code=session.code, lang=data.lang)))
    _sub(element, "title", session.title)
    _sub(element, "subtitle", "")
    _sub(element, "track", session.track.name if session.track else "")
    _sub(element, "type", str(session.kind_label))
    _sub(element, "language", _languages(session))
    _sub(element, "abstract", session.abstract)
    _sub(element, "description", _description(session, data))
    persons = _sub(element, "persons")
    for role in session.roles:
        _sub(
            persons,
            "person",
            role.speaker.display_name,
            id=numeric_id(role.speaker.code),
            guid=speaker_guid(event=event, code=role.speaker.code),
        )
    _sub(element, "links")
    attachments = _sub(element, "attachments")
    for attachment in _attachments(session, data):
        attrs = {"href": attachment["url"]}
        if "type" in attachment:
            attrs["type"] = attachment["type"]
        _sub(attachments, "attachment", attachment["title"], **attrs)


# --- JSON --------------------------------------------------------------------------------------


def _json_person(role, data: FeedData) -> dict:
    speaker = role.speaker
    person = {
        "guid": speaker_guid(event=data.event, code=speaker.code),
        "name": speaker.display_name,
        # Older frab clients read public_name; with "name" and no numeric "id" the person
        # validates as exactly one of the schema's two person shapes (pretalx's).
        "public_name": speaker.display_name,
        "biography": speaker.biography or None,
        "avatar": _absolute_or_none(speaker.photo),
        "url": absolute(speaker_path(event=data.event, code=speaker.code, lang=data.lang)),
    }
    if _CODE.match(speaker.code):
        person["code"] = speaker.code
    return person


def _absolute_or_none(url: str) -> str | None:
    if not url:
        return None
    return absolute(url) if url.startswith("/") else url


def _json_event(session: PublicSession, data: FeedData) -> dict:
    event = data.event
    out = {
        "guid": session_guid(event=event, code=session.code),
        "id": numeric_id(session.code),
        "date": session.start.isoformat(),
        "start": session.start.strftime("%H:%M"),
        "end": session.end.isoformat(),
        "duration": _duration(session),
        "room": _room_name(session),
        "slug": _session_slug(data, session),
        "url": absolute(session_path(event=event, code=session.code, lang=data.lang)),
        "title": session.title,
        "subtitle": "",
        "track": session.track.name if session.track else None,
        "type": str(session.kind_label),
        "language": _languages(session),
        "abstract": session.abstract,
        "description": _description(session, data),
        "do_not_record": None,
        "persons": [_json_person(role, data) for role in session.roles],
        "links": [],
        "attachments": _attachments(session, data),
    }
    if _CODE.match(session.code):
        out["code"] = session.code
    return out


def schedule_json_render(*, data: FeedData) -> bytes:
    programme, event = data.programme, data.event
    slugs = track_slugs(programme)
    with translation.override(data.lang):
        rooms = [
            {
                "name": room.name,
                "guid": room_guid(event=event, room_id=room.id),
                "capacity": room.capacity,
            }
            for room in programme.rooms
        ]
        if any(s.room is None for s in _listed(data)):
            rooms.append({"name": NO_ROOM, "guid": room_guid(event=event, room_id=None)})
        conference = {
            "acronym": acronym(data),
            "title": data.event_text("name"),
            "start": event.start_date.isoformat(),
            "end": event.end_date.isoformat(),
            "daysCount": event.duration_days,
            "timeslot_duration": "00:15",
            "url": absolute(agenda_path(event=event, lang=data.lang)),
            "tracks": [
                {"name": t.name, "slug": slugs[t.id], "color": t.colour} for t in programme.tracks
            ],
            "rooms": rooms,
            "days": [
                {
                    "index": index,
                    "date": day.isoformat(),
                    "day_start": start.isoformat(),
                    "day_end": end.isoformat(),
                    "rooms": {
                        name: [_json_event(s, data) for s in room_sessions]
                        for name, room_sessions in _rooms_of(sessions, data)
                    },
                }
                for index, day, start, end, sessions in _days(data)
            ],
        }
        if _ZONE_NAME.match(event.timezone):
            conference["time_zone_name"] = event.timezone
        document = {
            "$schema": "https://c3voc.de/schedule/schema.json",
            "generator": {"name": GENERATOR},
            "schedule": {
                "version": str(programme.version.number),
                "base_url": absolute("/"),
                "conference": conference,
            },
        }
    # Compact: apps parse it, and indenting makes json use its pure-Python encoder.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
