"""OpenAPI documentation shared by every endpoint: errors, validators, caching headers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from api.serializers.common import ErrorSerializer

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("A query parameter is not valid.")),
    401: OpenApiResponse(
        ErrorSerializer,
        description=_("The Authorization header is malformed, or the key is unknown or revoked."),
    ),
    403: OpenApiResponse(
        ErrorSerializer, description=_("The partner key is not valid for this event.")
    ),
    404: OpenApiResponse(ErrorSerializer, description=_("No such public event, entry or page.")),
    429: OpenApiResponse(
        ErrorSerializer, description=_("Too many requests: wait for Retry-After seconds.")
    ),
}
NOT_MODIFIED = OpenApiResponse(
    description=_("Not modified: the ETag or Last-Modified you sent is current. No body.")
)
HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description=_("An ETag you hold (quoted, W/-weak, a list, or *): 304 when current."),
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description=_("An HTTP date; ignored when If-None-Match is sent."),
    ),
    OpenApiParameter(
        "Accept-Language",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description=_("Language of labels when ?lang is not given (en, fr, es)."),
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description=_("Strong validator of this published version and query."),
    ),
    OpenApiParameter(
        "Last-Modified", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 304]
    ),
    OpenApiParameter(
        "Cache-Control", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 304]
    ),
    OpenApiParameter(
        "Retry-After",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[429],
        description=_("Seconds to wait."),
    ),
]


def published_schema(
    *, operation_id: str, response, query=None, summary: str, description: str = "", tags=None
):
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        tags=tags,
        parameters=[*([query] if query else []), *HEADERS],
        responses={200: response, 304: NOT_MODIFIED, **ERRORS},
    )


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PartnerKeyAuthentication"
    name = "PartnerKey"
    priority = 1

    def get_security_requirement(self, auto_schema):
        # Either no key (``{}``: anonymous, the lower rate limit) or a partner key: generated
        # clients then accept an unauthenticated client instead of demanding a key.
        return [{}, {self.name: []}]

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(
                _(
                    "Optional. Send “Api-Key <key>” for the partner rate limit; "
                    "without it the anonymous (lower) limit applies."
                )
            ),
        }
