"""The read-only published-data view: validators before rendering, renders cached by version.

Every request costs the same few queries whatever the programme's size: one that names the
event and its latest version (or an aggregate for the cross-event lists), plus, only when
this (version, language, query) was never rendered, the read of the frozen snapshot.
"""

from urllib.parse import parse_qsl, urlencode

from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api.authentication import PartnerKeyAuthentication
from api.conditional import VARY, Validators, decorate, is_not_modified, not_modified
from api.filters.base import normalized
from api.negotiation import JSONFallbackNegotiation
from api.permissions import PublishedReadOnly
from api.selectors.published import EventHead, event_head
from api.serializers.common import LanguageQuerySerializer
from api.throttling import PartnerRateThrottle
from forum.published import render_cached, version_etag

# Bump when the shape of a response changes: old cached renders are then never served.
RENDER_FORMAT = "api1"
SUPPORTED = ("en", "fr", "es")


def language_from_accept(header: str) -> str:
    for code, _quality in parse_accept_lang_header(header or ""):
        base = code.split("-")[0].lower()
        if base in SUPPORTED:
            return base
    return "en"


class PublishedAPIView(APIView):
    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [PublishedReadOnly]
    throttle_classes = [PartnerRateThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONFallbackNegotiation
    query_serializer = LanguageQuerySerializer
    resource = ""
    event_scoped = True

    # --- hooks ----------------------------------------------------------------------------
    def stamp(self, head: EventHead | None) -> tuple[int, int | None, str, object]:
        """(event id, version number, extra variant, last modified) before any rendering."""
        return head.id, head.number, "", head.last_modified

    def exists(self, head: EventHead | None) -> bool:
        """Detail endpoints check existence cheaply, so ``If-None-Match: *`` cannot lie."""
        return True

    def build(self, head: EventHead | None, query) -> object:
        raise NotImplementedError

    # --- machinery ------------------------------------------------------------------------
    def get_head(self) -> EventHead | None:
        if not self.event_scoped:
            return None
        head = event_head(slug=self.kwargs["event_slug"])
        if head is None:
            raise Http404(_("No public event with this address."))
        return head

    def get(self, request, *args, **kwargs):
        head = self.get_head()
        if head is not None:
            self.check_object_permissions(request, head)
        tz = head.tzinfo if head else timezone.get_current_timezone()
        with timezone.override(tz):
            query = self.query_serializer(data=request.query_params)
            query.is_valid(raise_exception=True)
        lang = query.validated_data.get("lang") or language_from_accept(
            request.headers.get("Accept-Language", "")
        )
        event_id, number, extra, last_modified = self.stamp(head)
        if not self.exists(head):
            raise Http404(_("Not found in the published programme."))
        base = request.build_absolute_uri("/")[:-1]
        path_args = "&".join(f"{k}={v}" for k, v in sorted(self.kwargs.items()))
        variant = "|".join(
            (
                RENDER_FORMAT,
                self.resource,
                lang,
                base,
                path_args,
                normalized(query.validated_data),
                extra,
            )
        )
        validators = Validators(
            etag=version_etag(event_id=event_id, number=number, variant=variant),
            last_modified=last_modified,
            language=lang,
        )
        if is_not_modified(request, validators):
            return not_modified(validators)

        def render() -> bytes:
            with translation.override(lang), timezone.override(tz):
                return JSONRenderer().render(self.build(head, query))

        body = render_cached(event_id=event_id, number=number, variant=variant, render=render)
        return decorate(HttpResponse(body, content_type="application/json"), validators)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            patch_vary_headers(response, VARY)
        return response


def paginate(items: list, *, request, query, serializer) -> dict:
    """``{count, next, previous, results}`` over an in-memory list; a page past the end is 404."""
    page, size = query.validated_data["page"], query.validated_data["page_size"]
    count = len(items)
    last = max(1, -(-count // size))
    if page > last:
        raise Http404(_("There is no page %(page)s.") % {"page": page})

    # Links are built from the normalized query, which is also the cache key: every request
    # sharing a cached body would produce the same links.
    params = dict(parse_qsl(normalized(query.validated_data, exclude=())))

    def link(number: int) -> str:
        return (
            request.build_absolute_uri(request.path) + "?" + urlencode({**params, "page": number})
        )

    return {
        "count": count,
        "next": link(page + 1) if page < last else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": serializer(items[(page - 1) * size : page * size], many=True).data,
    }
