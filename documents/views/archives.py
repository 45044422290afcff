"""The "download all material" ZIP of an edition or of one session, streamed as it is made.

What goes in is what the requester may read: public documents; with a registrant's signed
``access`` value, documents for participants too; for the event's organisers, published
documents of every audience. An event that is not public (to others than its organisers),
or with nothing the requester may download, is a 404. The archive's strong ETag names its
member list: If-None-Match answers 304 without reading a file (documents.archives).
"""

from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, parse_etags
from django.views.decorators.http import require_safe

from documents.access import is_organiser, participant_from_access, readable_audiences
from documents.archives import documents_archive
from documents.enums import DocumentAudience
from events.models import Event

PUBLIC_MAX_AGE = 300


def _archive_response(request, event: Event, *, session_code: str | None, filename: str):
    organiser = is_organiser(request.user, event.pk)
    if not event.is_public and not organiser:
        raise Http404
    if organiser:  # published documents of every audience (drafts stay in the workspace)
        audiences = tuple(DocumentAudience.values)
    else:
        participant = participant_from_access(request.GET.get("access"), event=event)
        audiences = readable_audiences(participant=participant is not None)
    archive = documents_archive(event=event, audiences=audiences, session_code=session_code)
    if not archive.members:
        raise Http404
    etag = archive.etag
    validators = parse_etags(request.headers.get("If-None-Match", ""))
    if etag in validators or "*" in validators:
        response = HttpResponseNotModified()
    else:
        stream = archive.stream()
        if request.method == "HEAD":  # the length is known without reading a file
            response = HttpResponse(content_type="application/zip")
        else:
            response = StreamingHttpResponse(stream, content_type="application/zip")
        response["Content-Length"] = str(len(stream))
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    if archive.public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def edition_zip(request, event_slug: str):
    """The edition's documents and all its sessions' documents."""
    event = get_object_or_404(Event, slug=event_slug)
    return _archive_response(
        request, event, session_code=None, filename=f"{event.slug}-documents.zip"
    )


@require_safe
def session_zip(request, event_slug: str, code: str):
    """One session's documents."""
    event = get_object_or_404(Event, slug=event_slug)
    return _archive_response(
        request, event, session_code=code, filename=f"{event.slug}-{code}-documents.zip"
    )
