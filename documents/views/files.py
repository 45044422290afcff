"""Downloads: a document's file by its stable address, for whoever may read it.

``/documents/<code>/<language>/`` is the latest version in that language,
``…/v<N>/`` one version. Public documents are served with a strong ETag (the content's
hash) and their file name; documents for participants need a registrant's signed ``access``
value (documents.access) and are not cached by shared caches. When the files live in an
S3 bucket, a private file is handed over as a presigned URL that expires. Whoever may not
read a document gets the same 404 as for one that does not exist.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from documents.access import may_read, participant_from_access
from documents.enums import DocumentAudience
from documents.models import Document, DocumentFile, documents_storage

# Shown in the browser; anything else is downloaded.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
PUBLIC_MAX_AGE = 300


def _presigned(file: DocumentFile) -> str | None:
    """A presigned URL when the storage makes them (S3), else None."""
    storage = documents_storage()
    if not getattr(storage, "querystring_auth", False):
        return None
    disposition = content_disposition_header(file.content_type not in INLINE_TYPES, file.filename)
    return storage.url(
        file.file.name,
        parameters={
            "ResponseContentDisposition": disposition,
            "ResponseContentType": file.content_type,
        },
        expire=settings.FORUM_DOCUMENT_LINK_MAX_AGE,
    )


def file_response(request, file: DocumentFile, *, public: bool):
    """The file itself (or a presigned URL to it, for a private file in a bucket)."""
    if not public and (url := _presigned(file)) is not None:
        response = HttpResponseRedirect(url)
        patch_cache_control(response, private=True, no_store=True)
        return response
    etag = file.etag
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(
            documents_storage().open(file.file.name, "rb"),
            as_attachment=file.content_type not in INLINE_TYPES,
            filename=file.filename,
            content_type=file.content_type,
        )
        response["Content-Length"] = str(file.size)
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    # A file never runs as a page of this site, whatever it holds.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _readable_document(request, code: str) -> Document:
    document = get_object_or_404(Document.objects.select_related("event"), code=code)
    participant = None
    if document.audience == DocumentAudience.PARTICIPANTS:
        participant = participant_from_access(request.GET.get("access"), event=document.event)
    if not may_read(document, user=request.user, participant=participant):
        raise Http404
    return document


@require_safe
def document_file(request, code: str, language: str, version: int | None = None):
    document = _readable_document(request, code)
    files = document.files.filter(language=language)
    file = (files.filter(version=version) if version else files.order_by("-version")).first()
    if file is None:
        raise Http404
    return file_response(request, file, public=document.is_public and document.event.is_public)
