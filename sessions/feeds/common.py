"""What every feed rendering shares: absolute links, stable identifiers, the languages."""

import re
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS  # what reverse() leaves unquoted

from events.models import Event
from forum import site as forum_site
from forum.content import (
    DEFAULT_CONTENT_LANGUAGE,
    LANGUAGE_NOTES,
    Text,
    content_code,
    label_language,
    pick,
    texts_of,
)
from sessions.selectors.feeds import Revision, VersionMeta
from sessions.selectors.public import PublicProgramme, PublicSession

# Bump when the output of a renderer changes, so ETags and cached bodies of the same version
# are not reused across a deploy.
FEED_FORMAT = "4"


def site_url() -> str:
    """The base of links (forum.site: FORUM_SITE_URL, or the request's host in development)."""
    return forum_site.site_url()


def site_host() -> str:
    """The host in UIDs: from the configured site URL, never from a request's Host header."""
    return forum_site.identity_host()


def content_language(*, requested: str | None, languages) -> str:
    """The language of a feed's texts: the content language ``?lang=`` names (the widget's
    ``data-lang`` or its host page's ``<html lang>``, e.g. "fr" or "fr-CA"), else the event's
    first working language (``languages``: the event's, in order). A text missing in it comes
    in a fallback, marked in each format."""
    code = content_code(requested)
    if code is not None:
        return code
    for code in languages or ():
        if content_code(code) == code:
            return code
    return DEFAULT_CONTENT_LANGUAGE


def feed_languages(*, requested: str | None, languages) -> tuple[str, str]:
    """(content language, label language): labels (gettext, links to the pages) are in the
    content language when the interface speaks it, else in the event's first one it speaks."""
    content = content_language(requested=requested, languages=languages)
    return content, label_language(content, languages or ())


def absolute(path: str) -> str:
    return site_url() + path


@lru_cache(maxsize=256)
def _path_around_code(
    name: str, slug: str, lang: str, urlconf: str, _script_prefix: str
) -> tuple[str, str]:
    """The path of ``name`` for this event and language, split where the code goes.

    A feed links to hundreds of sessions and speakers; reversing each URL costs more than
    rendering its entry, so each pattern is reversed once and the code spliced in (quoted as
    reverse() quotes it).
    """
    with translation.override(lang):
        path = reverse(name, urlconf=urlconf, kwargs={"event_slug": slug, "code": _CODE_MARK})
    before, after = path.split(_CODE_MARK)
    return before, after


_CODE_MARK = "CODE0MARK"
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def _code_path(name: str, *, event: Event, code: str, lang: str) -> str:
    if "/" in code:  # not a valid code in a path: let reverse() refuse it as it would
        with translation.override(lang):
            return reverse(name, kwargs={"event_slug": event.slug, "code": code})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _path_around_code(name, event.slug, lang, urlconf, get_script_prefix())
    return before + quote(code, safe=_PATH_SAFE) + after


def session_path(*, event: Event, code: str, lang: str) -> str:
    return _code_path("programme:session", event=event, code=code, lang=lang)


def agenda_path(*, event: Event, lang: str) -> str:
    with translation.override(lang):
        return reverse("programme:agenda", kwargs={"event_slug": event.slug})


def speaker_path(*, event: Event, code: str, lang: str) -> str:
    return _code_path("programme:speaker", event=event, code=code, lang=lang)


def session_uid(*, event: Event, code: str) -> str:
    """RFC 5545 UID: the session's public code, the event slug and our host; never changes."""
    return f"{code}.{event.slug}@{site_host()}"


def session_guid(*, event: Event, code: str) -> str:
    """frab guid: a UUID derived (uuid5) from the same stable parts as the UID."""
    return str(
        uuid.uuid5(
            uuid.NAMESPACE_URL, f"{forum_site.identity_url()}/events/{event.slug}/sessions/{code}"
        )
    )


def speaker_guid(*, event: Event, code: str) -> str:
    return str(
        uuid.uuid5(
            uuid.NAMESPACE_URL, f"{forum_site.identity_url()}/events/{event.slug}/speakers/{code}"
        )
    )


def room_guid(*, event: Event, room_id: int | None) -> str:
    return str(
        uuid.uuid5(
            uuid.NAMESPACE_URL, f"{forum_site.identity_url()}/events/{event.slug}/rooms/{room_id}"
        )
    )


_CODE_36 = re.compile(r"^[0-9A-Z]{1,10}$")


def numeric_id(code: str) -> int:
    """A stable positive integer for frab's legacy numeric ids.

    Codes of up to ten upper-case letters and digits read as base 36 (distinct codes, distinct
    ids, below 2**53 so JavaScript clients keep them exact); anything else falls back to 52
    bits of a hash.
    """
    if _CODE_36.match(code) and int(code, 36) > 0:
        return int(code, 36)
    return (uuid.uuid5(uuid.NAMESPACE_OID, code).int >> 76) or 1


# Characters XML 1.0 cannot carry (C0 controls other than tab, newline, carriage return).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text or "")


@dataclass(frozen=True)
class FeedData:
    """One published version, ready to render: programme, revisions, languages."""

    event: Event
    meta: VersionMeta | None
    programme: PublicProgramme | None
    revisions: dict[str, Revision]
    lang: str  # the labels' language (gettext, links to the pages)
    content_lang: str  # the texts' language (titles, names), with fallbacks marked
    # Public documents of the sessions, for the feeds that list them: {session code:
    # [documents.selectors.documents.DocumentRead]}, each picked in the content language.
    documents: dict = field(default_factory=dict)

    def event_text(self, field: str) -> Text:
        """The event's ``field`` (name, tagline…) picked in the content language."""
        return pick(
            texts_of(self.event, field), requested=self.content_lang, languages=self.event.languages
        )

    def venue_name(self) -> Text:
        """The venue's name picked in the content language, in the event's fallback order."""
        venue = self.event.venue
        if venue is None:
            return Text("")
        return pick(
            texts_of(venue, "name"), requested=self.content_lang, languages=self.event.languages
        )

    def fallback_language(self, text) -> str | None:
        """The language of ``text`` when it is shown in place of one missing in the content
        language (a ``forum.content.Text`` fallback), else None."""
        return text_language(text) if getattr(text, "is_fallback", False) else None

    def revision(self, session: PublicSession) -> Revision:
        return self.revisions.get(
            session.code, Revision(0, self.meta.published_at, self.meta.published_at)
        )


def text_language(text) -> str | None:
    """The language ``text`` is written in when known (a ``forum.content.Text``), else None."""
    return getattr(text, "lang", None)


def language_note(code: str) -> str:
    """ "in English", in the active (label) language."""
    return str(LANGUAGE_NOTES[code])
