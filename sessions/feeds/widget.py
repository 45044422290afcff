"""The embeddable widget's data: the published agenda plus every label.

The widget's script holds no text of its own: labels come translated from here, so partners get
the widget in the language they ask for (data-lang) through the site's own translations. Texts
are in the content language (``lang``), labels in ``label_lang``; each title, room and track
name says its language (``title_lang``, ``room_lang``, ``name_lang``: null when unknown) and
``labels.in_language`` names each language ("in English"), so the script marks a text shown
in a fallback language. A session with public documents says how many (``documents``); the
script links them to the session page's documents.
"""

import json

from django.utils import formats, translation
from django.utils.translation import gettext as _

from forum.content import CONTENT_LANGUAGES, RTL_LANGUAGES
from sessions.feeds.common import (
    FeedData,
    agenda_path,
    language_note,
    session_path,
    text_language,
)
from sessions.selectors.public import PublicSession


def _labels(data: FeedData) -> dict[str, str]:
    return {
        "programme": _("Programme"),
        "days": _("Days"),
        "track": _("Track"),
        "all_tracks": _("All tracks"),
        "language": _("Language"),
        "all_languages": _("All languages"),
        "filters": _("Filter the programme"),
        "empty": _("No session matches these filters."),
        "cancelled": _("Cancelled"),
        "full_programme": _("Full programme"),
        "next_day": _("(next day)"),
        "zone": _("All times are in %(zone)s time, the host city's time zone.")
        % {"zone": data.event.timezone},
        "sessions": _("Sessions"),
        "documents": _("Documents"),
        "unpublished": _("The programme has not been published yet."),
        "in_language": {code: language_note(code) for code in CONTENT_LANGUAGES},
    }


def _session(session: PublicSession, data: FeedData) -> dict:
    return {
        "code": session.code,
        "title": session.title,
        "title_lang": text_language(session.title),
        "day": session.day.isoformat(),
        "start": session.start.strftime("%H:%M"),
        "end": session.end.strftime("%H:%M"),
        "start_iso": session.start.isoformat(),
        "end_iso": session.end.isoformat(),
        "next_day": session.end.date() > session.start.date(),
        "room": session.room.name if session.room else "",
        "room_lang": text_language(session.room.name) if session.room else None,
        "track": session.track.id if session.track else None,
        "kind": str(session.kind_label),
        "languages": sorted(session.languages),
        "language_label": str(session.spoken_language_label),
        "speakers": [role.speaker.display_name for role in session.roles],
        "cancelled": session.is_cancelled,
        "url": session_path(event=data.event, code=session.code, lang=data.lang),
        "documents": len(data.documents.get(session.code, [])),
    }


def widget_json_render(*, data: FeedData) -> bytes:
    programme, event = data.programme, data.event
    name = data.event_text("name")
    with translation.override(data.lang):
        document = {
            "event": {
                "name": name,
                "name_lang": text_language(name),
                "slug": event.slug,
                "timezone": event.timezone,
                "url": agenda_path(event=event, lang=data.lang),
            },
            "lang": data.content_lang,
            "label_lang": data.lang,
            "rtl": sorted(RTL_LANGUAGES),
            "version": programme.version.number if programme else None,
            "labels": _labels(data),
            "days": [
                {
                    "date": day.isoformat(),
                    "label": formats.date_format(day, "D j M"),
                    "long": formats.date_format(day, "l j F Y"),
                }
                for day in (programme.days if programme else [])
            ],
            "tracks": [
                {"id": t.id, "name": t.name, "name_lang": text_language(t.name), "colour": t.colour}
                for t in (programme.tracks if programme else [])
            ],
            "languages": [
                {"code": code, "label": str(label)}
                for code, label in (programme.languages if programme else [])
            ],
            "sessions": [_session(s, data) for s in (programme.sessions if programme else [])],
        }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
