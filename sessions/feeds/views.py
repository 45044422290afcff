"""Feed endpoints: anonymous, outside the language prefix (calendar apps keep one URL), CORS
open, rendered from the latest published version and served with strong ETags.

A conditional request costs two queries (the event, the latest version number) and renders
nothing; a cache hit costs the same two; a miss adds the snapshot and the changelogs.
"""

import hashlib
from collections.abc import Callable
from functools import cache, wraps

from csp.decorators import csp_replace
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from events.enums import ACTIVE_STATES
from events.models import Event
from forum.published import render_cached, version_etag
from sessions.feeds.common import (
    FEED_FORMAT,
    FeedData,
    feed_language,
    site_url,
    widget_language,
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


def _feed_data(event: Event, meta: VersionMeta | None, lang: str) -> FeedData:
    if meta is None:
        return FeedData(event=event, meta=None, programme=None, revisions={}, lang=lang)
    return FeedData(
        event=event,
        meta=meta,
        programme=programme_for_version(event=event, meta=meta),
        revisions=session_revisions(event=event, up_to=meta.number),
        lang=lang,
    )


def _serve(
    request,
    *,
    event: Event,
    meta: VersionMeta | None,
    variant: str,
    content_type: str,
    cache_control: str,
    render: Callable[[], bytes],
    filename: str = "",
) -> HttpResponse:
    """ETag first (a match answers 304 without rendering), then the cached body.

    ``render`` returns b"" when the thing asked for is not in this version: a 404.
    """
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    variant = f"{FEED_FORMAT}:{site_url()}:{variant}"
    number = meta.number if meta else None
    etag = version_etag(event_id=event.pk, number=number, variant=variant)
    last_modified = int(meta.published_at.timestamp()) if meta else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        body = render_cached(event_id=event.pk, number=number, variant=variant, render=render)
        if not body:
            raise Http404
        response = HttpResponse(body, content_type=content_type)
        if filename:
            response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = cache_control
    return _open_to_all(response)


def _published_view(kind: str, content_type: str, *, filename: str = "", language=feed_language):
    """Decorate ``make(request, data, **kwargs) -> bytes`` into a public feed view.

    ``language(requested=, event=)`` picks the language from ``?lang=``.
    """

    def decorator(make: Callable[..., bytes]):
        @wraps(make)
        def view(request, event_slug: str, **kwargs):
            event = event_get_public(slug=event_slug)
            meta = version_meta_latest(event=event)
            lang = language(requested=request.GET.get("lang"), event=event)
            key = ",".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
            return _serve(
                request,
                event=event,
                meta=meta,
                variant=f"{kind}:{key}:{lang}",
                content_type=content_type,
                cache_control=PUBLIC_CACHE,
                render=lambda: make(request, _feed_data(event, meta, lang), **kwargs),
                filename=filename.format(slug=event.slug, **kwargs),
            )

        return view

    return decorator


def _calendar_name(data: FeedData, detail: str = "") -> str:
    return f"{data.event.name} — {detail}" if detail else data.event.name


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


@_published_view("frab:xml", XML, filename="{slug}-schedule.xml")
def schedule_xml(request, data: FeedData) -> bytes:
    return schedule_xml_render(data=data) if data.programme else b""


@_published_view("frab:json", JSON)
def schedule_json(request, data: FeedData) -> bytes:
    return schedule_json_render(data=data) if data.programme else b""


@_published_view("widget:json", JSON, language=widget_language)
def widget_json(request, data: FeedData) -> bytes:
    return widget_json_render(data=data)


# --- The private agenda feed ------------------------------------------------------------------


def agenda_ics(request, token: str):
    """A registrant's bookmarked sessions. The URL's secret is read-only and revocable."""
    feed = agenda_feed_get_by_token(token=token)
    if feed is None or feed.registration.state not in ACTIVE_STATES:
        raise Http404
    registration = feed.registration
    event = registration.event
    meta = version_meta_latest(event=event)
    lang = feed_language(requested=request.GET.get("lang"), event=event)
    codes = sorted(bookmark_codes(registration=registration))
    # Keyed by the set of bookmarks, not the person: two people with the same agenda share
    # one cached body (it names nobody).
    digest = hashlib.sha256("\n".join(codes).encode()).hexdigest()[:32]

    def make() -> bytes:
        data = _feed_data(event, meta, lang)
        sessions = [s for s in data.programme.sessions if s.code in codes] if meta else []
        with translation.override(lang):
            name = _("My agenda — %(event)s") % {"event": event.name}
        return calendar_render(
            data=data, sessions=sessions, name=name, path="/agenda/", public=False
        )

    response = _serve(
        request,
        event=event,
        meta=meta,
        variant=f"ics:agenda:{digest}:{lang}",
        content_type=ICS,
        cache_control=PRIVATE_CACHE,
        render=make,
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
    return _open_to_all(response)


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def widget_frame(request, event_slug: str):
    """The widget alone on a page, for partners who embed an iframe. Only this page may be
    framed by other sites; everything else keeps X-Frame-Options DENY."""
    event = event_get_public(slug=event_slug)
    lang = feed_language(requested=request.GET.get("lang"), event=event)
    track = request.GET.get("track", "")
    return render(
        request,
        "sessions/widget_frame.html",
        {"event": event, "lang": lang, "track": track if track.isdigit() else ""},
    )
