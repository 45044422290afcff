"""Conditional GET for the API: validators first, rendering only when they do not match.

Semantics follow RFC 9110 §13 as Django's ``condition`` decorator implements them: a present
If-None-Match (quoted, ``W/``-weak, a list, or ``*``) is compared weakly and wins over
If-Modified-Since, which is honoured only without it. Unparseable headers are ignored.
"""

from dataclasses import dataclass
from datetime import datetime

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"
CONTENT_TYPE = "application/json"
VARY = ("Accept", "Accept-Language", "Authorization", "Origin")


@dataclass(frozen=True)
class Validators:
    etag: str  # strong, quoted
    last_modified: datetime | None
    language: str


def is_not_modified(request, validators: Validators) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        etags = parse_etags(if_none_match)
        if etags == ["*"]:
            return True
        target = validators.etag.removeprefix("W/")
        return any(tag.removeprefix("W/") == target for tag in etags)
    if_modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if if_modified_since is None or validators.last_modified is None:
        return False
    return int(validators.last_modified.timestamp()) <= if_modified_since


def decorate(response: HttpResponse, validators: Validators) -> HttpResponse:
    response["ETag"] = validators.etag
    if validators.last_modified is not None:
        response["Last-Modified"] = http_date(validators.last_modified.timestamp())
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Language"] = validators.language
    patch_vary_headers(response, VARY)
    return response


def fresh(body: bytes, validators: Validators) -> HttpResponse:
    return decorate(HttpResponse(body, content_type=CONTENT_TYPE), validators)


def not_modified(validators: Validators) -> HttpResponse:
    return decorate(HttpResponseNotModified(), validators)
