"""Feed endpoints: anonymous, outside the language prefix (calendar apps keep one URL), CORS
open, rendered from the latest published version and served with strong ETags.

Validators come from the event head (sessions.selectors.heads: one small query naming the
event, its working languages and its latest version), so a conditional request renders
nothing, and a cached render is served as is; a miss adds the event row, the snapshot and the
changelogs (and, for frab and the widget, which list the sessions' public documents, those
documents: their variant is named by the event's documents revision too). Warm anonymous reads are answered by the published-read fast path
(api/middleware.py) through the same ``PublishedFeed.answer``, before the middleware stack.

Each response states the language of its content (Content-Language: ``?lang=`` when it names
a content language, else the event's first working language; texts missing in it come in a
fallback, marked) and carries no Vary: no request header changes a feed's body. Labels are in
that language when the interface speaks it, else in the event's first one it speaks.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from csp.decorators import csp_replace
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from documents.enums import DocumentAudience
from documents.selectors.documents import documents_grouped, documents_readable
from events.models import Event
from forum.content import pick, texts_of
from forum.published import render_cached, render_lookup, version_etag
from registrations.enums import ACTIVE_STATES
from sessions.feeds.common import (
    FEED_FORMAT,
    FeedData,
    feed_languages,
    site_url,
)
from sessions.feeds.frab import schedule_json_render, schedule_xml_render
from sessions.feeds.ical import calendar_render
from sessions.feeds.widget import widget_json_render
from sessions.selectors.agenda import agenda_feed_get_by_token, bookmark_codes
from sessions.selectors.feeds import (
    VersionMeta,
    event_get_public,
    programme_for_version,
    session_revisions,
    version_meta_latest,
)
from sessions.selectors.heads import HEAD_ATTRIBUTE, EventHead, event_head
from sessions.selectors.links import SessionLinks, participant_links

ICS = "text/calendar; charset=utf-8"
XML = "application/xml; charset=utf-8"
JSON = "application/json"
JS = "text/javascript; charset=utf-8"
# Clients may reuse a feed for five minutes, then revalidate with If-None-Match (a 304).
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, max-age=300"


def _open_to_all(response: HttpResponse) -> HttpResponse:
    """Any site may read our feeds (they are public, or secret by URL): CORS and CORP."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _feed_data(
    event: Event, meta: VersionMeta | None, lang: str, label: str, *, documents: bool = False
) -> FeedData:
    """The data of a feed whose texts are in ``lang`` (the content language) and labels in
    ``label``; ``documents``: with the sessions' public documents (one read, whatever their
    number)."""
    if meta is None:
        return FeedData(
            event=event, meta=None, programme=None, revisions={}, lang=label, content_lang=lang
        )
    by_session = {}
    if documents:
        reads = documents_readable(event=event, lang=lang, audiences=[DocumentAudience.PUBLIC])
        _edition, by_session = documents_grouped(reads)
    return FeedData(
        event=event,
        meta=meta,
        programme=programme_for_version(event=event, meta=meta, lang=lang),
        revisions=session_revisions(event=event, up_to=meta.number),
        lang=label,
        content_lang=lang,
        documents=by_session,
    )


@dataclass(frozen=True)
class _Stamp:
    """One variant of one published version, named before any rendering."""

    event_id: int
    number: int | None
    variant: str
    etag: str
    last_modified: int | None
    lang: str  # the content language (Content-Language)


def _stamp(
    *,
    event_id: int,
    meta: VersionMeta | None,
    variant: str,
    lang: str,
    label: str,
    documents: EventHead | None = None,
) -> _Stamp:
    """``lang`` (the content language) and ``label`` both name the variant: the label language
    follows the event's languages, which may change between two publishes. A feed that lists
    documents passes the event head as ``documents``: its documents revision names the variant
    too, and Last-Modified moves with the documents' last change."""
    variant = f"{FEED_FORMAT}:{site_url()}:{variant}:{lang}:{label}"
    last_modified = meta.published_at if meta else None
    if documents is not None:
        variant += f":documents:{documents.documents_revision}"
        last_modified = documents.with_documents(last_modified)
    number = meta.number if meta else None
    return _Stamp(
        event_id=event_id,
        number=number,
        variant=variant,
        etag=version_etag(event_id=event_id, number=number, variant=variant),
        last_modified=int(last_modified.timestamp()) if last_modified else None,
        lang=lang,
    )


def _respond(
    request,
    stamp: _Stamp,
    *,
    body: Callable[[], bytes | None],
    content_type: str,
    cache_control: str,
    filename: str = "",
) -> HttpResponse | None:
    """ETag first (a match answers 304 without rendering), then ``body()``.

    ``body()`` returns b"" when the thing asked for is not in this version (a 404), None when
    it cannot be had without rendering (the fast path then leaves the request to the view).
    """
    response = get_conditional_response(request, etag=stamp.etag, last_modified=stamp.last_modified)
    if response is None:
        content = body()
        if not content:
            return None
        response = HttpResponse(content, content_type=content_type)
        if filename:
            response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = stamp.etag
    if stamp.last_modified is not None:
        response["Last-Modified"] = http_date(stamp.last_modified)
    response["Cache-Control"] = cache_control
    response["Content-Language"] = stamp.lang
    # The language is ``?lang=``'s (or the event's), never Accept-Language's: see
    # forum.locale.LocaleMiddleware.
    response.language_fixed = True
    return _open_to_all(response)


class PublishedFeed:
    """A public feed view over ``make(request, data, **kwargs) -> bytes``.

    ``answer()`` is the single source of the response: the view calls it with rendering
    allowed; the fast path (api/middleware.py, which finds this object as the URL's view and
    reads ``fast_path``) calls it with cached renders only.
    """

    fast_path = True

    def __init__(
        self,
        kind: str,
        content_type: str,
        make: Callable[..., bytes],
        filename="",
        *,
        documents: bool = False,
    ):
        self.kind, self.content_type, self.make, self.filename = kind, content_type, make, filename
        self.documents = documents  # its sessions list their public documents
        self.__name__ = self.__qualname__ = make.__name__
        self.__doc__, self.__module__ = make.__doc__, make.__module__

    def __call__(self, request, event_slug: str, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        # The fast path read the head already when it left the request to the view.
        handed = getattr(request, HEAD_ATTRIBUTE, None)
        head = handed[1] if handed and handed[0] == event_slug else event_head(slug=event_slug)
        if head is None:
            raise Http404
        response = self.answer(request, head, {"event_slug": event_slug, **kwargs})
        if response is None:
            raise Http404
        return response

    def fast_response(self, request, head: EventHead, kwargs: dict) -> HttpResponse | None:
        return self.answer(request, head, kwargs, rendering=False)

    def answer(self, request, head: EventHead, kwargs: dict, *, rendering: bool = True):
        """The response to ``request`` (``kwargs``: the URL's), or None when it is a 404 or,
        without ``rendering``, when its body was never rendered."""
        kwargs = dict(kwargs)
        slug = kwargs.pop("event_slug")
        meta = VersionMeta(head.number, head.published_at) if head.number else None
        lang, label = feed_languages(requested=request.GET.get("lang"), languages=head.languages)
        key = ",".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
        stamp = _stamp(
            event_id=head.id,
            meta=meta,
            variant=f"{self.kind}:{key}",
            lang=lang,
            label=label,
            documents=head if self.documents else None,
        )
        where = {"event_id": stamp.event_id, "number": stamp.number, "variant": stamp.variant}

        def body() -> bytes | None:
            if not rendering:
                return render_lookup(**where)

            def make() -> bytes:
                data = _feed_data(head.event, meta, lang, label, documents=self.documents)
                return self.make(request, data, **kwargs)

            return render_cached(**where, render=make)

        return _respond(
            request,
            stamp,
            body=body,
            content_type=self.content_type,
            cache_control=PUBLIC_CACHE,
            filename=self.filename.format(slug=slug, **kwargs),
        )


def _published_view(kind: str, content_type: str, *, filename: str = "", documents: bool = False):
    """Decorate ``make(request, data, **kwargs) -> bytes`` into a public feed view;
    ``documents``: its data carries the sessions' public documents."""

    def decorator(make: Callable[..., bytes]) -> PublishedFeed:
        return PublishedFeed(kind, content_type, make, filename, documents=documents)

    return decorator


def _calendar_name(data: FeedData, detail: str = "") -> str:
    name = data.event_text("name")
    return f"{name} — {detail}" if detail else name


# --- iCalendar -----------------------------------------------------------------------------


@_published_view("ics:event", ICS, filename="{slug}.ics")
def event_ics(request, data: FeedData) -> bytes:
    sessions = data.programme.sessions if data.programme else []
    return calendar_render(
        data=data,
        sessions=sessions,
        name=_calendar_name(data),
        path=f"/events/{data.event.slug}/schedule.ics",
    )


@_published_view("ics:session", ICS, filename="{slug}-{code}.ics")
def session_ics(request, data: FeedData, code: str) -> bytes:
    session = data.programme.session(code) if data.programme else None
    if session is None:
        return b""
    return calendar_render(
        data=data,
        sessions=[session],
        name=_calendar_name(data, session.title),
        path=f"/events/{data.event.slug}/sessions/{code}.ics",
    )


@_published_view("ics:track", ICS, filename="{slug}-track-{track_id}.ics")
def track_ics(request, data: FeedData, track_id: int) -> bytes:
    programme = data.programme
    track = next((t for t in programme.tracks if t.id == track_id), None) if programme else None
    if track is None:
        return b""
    return calendar_render(
        data=data,
        sessions=[s for s in programme.sessions if s.track and s.track.id == track_id],
        name=_calendar_name(data, track.name),
        path=f"/events/{data.event.slug}/tracks/{track_id}.ics",
    )


@_published_view("ics:room", ICS, filename="{slug}-room-{room_id}.ics")
def room_ics(request, data: FeedData, room_id: int) -> bytes:
    programme = data.programme
    room = next((r for r in programme.rooms if r.id == room_id), None) if programme else None
    if room is None:
        return b""
    return calendar_render(
        data=data,
        sessions=[s for s in programme.sessions if s.room and s.room.id == room_id],
        name=_calendar_name(data, room.name),
        path=f"/events/{data.event.slug}/rooms/{room_id}.ics",
    )


@_published_view("ics:speaker", ICS, filename="{slug}-speaker-{code}.ics")
def speaker_ics(request, data: FeedData, code: str) -> bytes:
    speaker = data.programme.speakers.get(code) if data.programme else None
    if speaker is None:
        return b""
    codes = {role.session.code for role in speaker.sessions}
    return calendar_render(
        data=data,
        sessions=[s for s in data.programme.sessions if s.code in codes],
        name=_calendar_name(data, speaker.display_name),
        path=f"/events/{data.event.slug}/speakers/{code}.ics",
    )


# --- frab and widget JSON ---------------------------------------------------------------------


@_published_view("frab:xml", XML, filename="{slug}-schedule.xml", documents=True)
def schedule_xml(request, data: FeedData) -> bytes:
    return schedule_xml_render(data=data) if data.programme else b""


@_published_view("frab:json", JSON, documents=True)
def schedule_json(request, data: FeedData) -> bytes:
    return schedule_json_render(data=data) if data.programme else b""


@_published_view("widget:json", JSON, documents=True)
def widget_json(request, data: FeedData) -> bytes:
    return widget_json_render(data=data)


# --- The private agenda feed ------------------------------------------------------------------


def _links_digest(links: dict[str, SessionLinks] | None) -> str:
    """Names the links a private calendar carries ("none" without any)."""
    if links is None:
        return "none"
    lines = [
        "\t".join(
            [code, entry.recording_url, entry.recording_audience]
            + [f"{s.language}={s.url}" for s in entry.streams]
        )
        for code, entry in sorted(links.items())
    ]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]


def agenda_ics(request, token: str):
    """A registrant's bookmarked sessions. The URL's secret is read-only and revocable."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    feed = agenda_feed_get_by_token(token=token)
    if feed is None or feed.registration.state not in ACTIVE_STATES:
        raise Http404
    registration = feed.registration
    event = registration.event
    meta = version_meta_latest(event=event)
    lang, label = feed_languages(requested=request.GET.get("lang"), languages=event.languages)
    codes = sorted(bookmark_codes(registration=registration))
    # An approved participant gets the sessions' streams and recordings (read live: they
    # are not in the snapshot); the same for every such registrant of the event.
    links = (
        participant_links(event=event, codes=codes)
        if meta and codes and registration.is_participant
        else None
    )
    # Keyed by the set of bookmarks and the links, not the person: two people with the same
    # agenda share one cached body (it names nobody), and a changed link is a new variant.
    digest = hashlib.sha256("\n".join(codes).encode()).hexdigest()[:32]
    variant = f"ics:agenda:{digest}:links:{_links_digest(links)}"
    stamp = _stamp(event_id=event.pk, meta=meta, variant=variant, lang=lang, label=label)

    def make() -> bytes:
        data = _feed_data(event, meta, lang, label)
        sessions = [s for s in data.programme.sessions if s.code in codes] if meta else []
        with translation.override(label):
            name = _("My agenda — %(event)s") % {"event": data.event_text("name")}
        return calendar_render(
            data=data, sessions=sessions, name=name, path="/agenda/", public=False, links=links
        )

    response = _respond(
        request,
        stamp,
        body=lambda: render_cached(
            event_id=stamp.event_id, number=stamp.number, variant=stamp.variant, render=make
        ),
        content_type=ICS,
        cache_control=PRIVATE_CACHE,
        filename="agenda.ics",
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# --- The widget: its script, and a frameable page for sites that prefer an iframe --------------


@cache
def _widget_script() -> tuple[bytes, str]:
    path = finders.find("widget/widget.js")
    with open(path, "rb") as handle:
        body = handle.read()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def widget_script(request):
    """/widget.js: a stable address partners paste; any origin may load it."""
    body, etag = _widget_script()
    response = get_conditional_response(request, etag=etag) or HttpResponse(body, content_type=JS)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=3600"
    response.language_fixed = True  # code, no language: no Content-Language, no Vary
    return _open_to_all(response)


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def widget_frame(request, event_slug: str):
    """The widget alone on a page, for partners who embed an iframe. Only this page may be
    framed by other sites; everything else keeps X-Frame-Options DENY."""
    event = event_get_public(slug=event_slug)
    lang, label = feed_languages(requested=request.GET.get("lang"), languages=event.languages)
    track = request.GET.get("track", "")
    with translation.override(label):
        response = render(
            request,
            "sessions/widget_frame.html",
            {
                "event": event,
                "event_name": pick(
                    texts_of(event, "name"), requested=lang, languages=event.languages
                ),
                "lang": lang,
                "label_lang": label,
                "track": track if track.isdigit() else "",
            },
        )
    response["Content-Language"] = lang
    response.language_fixed = True  # the page is in ``?lang=``'s language, whatever is asked
    return response
