"""Session stream and recording links for partner keys granted the session links scope.

Private data: answered live (never from the published renders' cache nor the fast path, which
serves only ``PublishedAPIView`` subclasses marked ``fast_path``), ``Cache-Control: private,
no-store``. Only sessions of the latest published version, never the meeting link.
"""

from django.http import Http404
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import PartnerKeyAuthentication
from api.conditional import VARY
from api.negotiation import JSONFallbackNegotiation
from api.permissions import SessionLinksScope
from api.schema import ERRORS
from api.serializers.session_links import SessionLinksListSerializer
from api.throttling import PartnerRateThrottle
from sessions.selectors.heads import event_head
from sessions.selectors.joining import published_session_codes
from sessions.selectors.links import participant_links

NO_STORE = "private, no-store"


class SessionLinksView(APIView):
    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [SessionLinksScope]
    throttle_classes = [PartnerRateThrottle]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        operation_id="session_links_list",
        summary=_("Stream and recording links of the published sessions (scoped keys only)"),
        description=_(
            "For partner keys granted the “session links” scope by the event's organisers. "
            "Each published session with a stream or a recording: its streams by language "
            "(“floor” is the room's own sound) and its recording with its audience. Never "
            "cached by intermediaries (Cache-Control: private, no-store)."
        ),
        tags=["programme"],
        auth=[{"PartnerKey": []}],
        responses={
            200: SessionLinksListSerializer,
            401: OpenApiResponse(
                ERRORS[401].response,
                description=_("No partner key, or the key is malformed, unknown or revoked."),
            ),
            403: OpenApiResponse(
                ERRORS[403].response,
                description=_(
                    "The partner key is not valid for this event, or lacks the session links scope."
                ),
            ),
            404: ERRORS[404],
            429: ERRORS[429],
        },
    )
    def get(self, request, event_slug: str):
        head = event_head(slug=event_slug)
        if head is None:
            raise Http404(_("No public event with this address."))
        self.check_object_permissions(request, head)
        codes = published_session_codes(event_id=head.id, number=head.number)
        links = participant_links(event=head, codes=codes) if codes else {}
        results = [
            {
                "code": code,
                "streams": [{"language": s.language, "url": s.url} for s in links[code].streams],
                "recording": (
                    {
                        "url": links[code].recording_url,
                        "audience": links[code].recording_audience,
                    }
                    if links[code].recording_url
                    else None
                ),
            }
            for code in codes
            if code in links
        ]
        return Response(
            SessionLinksListSerializer({"count": len(results), "results": results}).data
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = NO_STORE
        patch_vary_headers(response, VARY)
        return response
