"""The read-only published-data view: validators before rendering, renders cached by version.

Every request costs the same few queries whatever the programme's size: one that names the
event and its latest version (or an aggregate for the cross-event lists), plus, only when
this (version, language, query) was never rendered, the read of the frozen snapshot. Warm
anonymous reads of the views marked ``fast_path`` never get here: api/middleware.py answers
them through ``published()`` with the event head from the cache, so they cost no query.
"""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

from django.http import Http404, QueryDict
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api.authentication import PartnerKeyAuthentication
from api.conditional import VARY, Validators, fresh, is_not_modified, not_modified
from api.filters.base import normalized
from api.negotiation import JSONFallbackNegotiation
from api.permissions import PublishedReadOnly
from api.serializers.common import LanguageQuerySerializer
from api.throttling import PartnerRateThrottle
from forum.content import CONTENT_LANGUAGES, DEFAULT_CONTENT_LANGUAGE, content_code, label_language
from forum.published import render_cached, version_etag
from sessions.selectors.heads import HEAD_ATTRIBUTE, EventHead, event_head

# Bump when the shape of a response changes: old cached renders are then never served.
RENDER_FORMAT = "api4"
SUPPORTED = CONTENT_LANGUAGES


def language_from_accept(header: str) -> str:
    """The first content language Accept-Language names (by quality), else English: partners
    that ask for nothing keep getting English."""
    for code, _quality in parse_accept_lang_header(header or ""):
        if (content := content_code(code)) is not None:
            return content
    return DEFAULT_CONTENT_LANGUAGE


@dataclass(frozen=True)
class Languages:
    """The languages of one response: ``content`` for the texts (each picked in it, or in a
    fallback the response marks), ``label`` for what gettext translates."""

    content: str
    label: str

    @property
    def variant(self) -> str:
        return self.content if self.label == self.content else f"{self.content}~{self.label}"


def negotiate(*, requested: str | None, accept: str, head: EventHead | None) -> Languages:
    """``?lang=`` (already validated), else Accept-Language, else English; labels in that
    language when the interface speaks it, else in the event's first one it speaks.

    The view and the fast path (api/middleware.py) both call this, so they name the same
    variant.
    """
    content = requested or language_from_accept(accept)
    return Languages(content, label_language(content, head.languages if head else ()))


@dataclass(frozen=True)
class Published:
    """One variant of one published version: what names its ETag and its cached render."""

    event_id: int
    number: int | None
    variant: str
    validators: Validators


@lru_cache(maxsize=1024)
def query_digest(serializer: type, query_string: str, tz: str) -> tuple[str, str | None] | None:
    """(normalized query, ``?lang``) of a valid query string, or None when it is invalid.

    What the view computes from ``query_serializer``, memoized for the fast path: validation
    is a pure function of the query string and the event's time zone (naive times), and
    costs more than serving a cached response. Bounded: arbitrary query strings only evict.
    """
    with timezone.override(ZoneInfo(tz)):
        query = serializer(data=QueryDict(query_string))
        if not query.is_valid():
            return None
    return normalized(query.validated_data), query.validated_data.get("lang")


class PublishedAPIView(APIView):
    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [PublishedReadOnly]
    throttle_classes = [PartnerRateThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONFallbackNegotiation
    query_serializer = LanguageQuerySerializer
    resource = ""
    event_scoped = True
    # Served by api/middleware.py when warm: only views whose stamp() and exists() need
    # nothing but the event head, and whose query_serializer alone names the variant.
    fast_path = False
    # The negotiated languages of the request being answered (set by get()).
    languages = Languages(DEFAULT_CONTENT_LANGUAGE, DEFAULT_CONTENT_LANGUAGE)

    def text_context(self) -> dict:
        """What serializers of texts need: the content language to pick live texts in."""
        return {"lang": self.languages.content}

    def url_base(self) -> str:
        """The site root of absolute links in a body (it names the cached variant too)."""
        return self.request.build_absolute_uri("/")[:-1]

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
        slug = self.kwargs["event_slug"]
        # The fast path (api/middleware.py) read the head already when it fell through here.
        handed = getattr(self.request, HEAD_ATTRIBUTE, None)
        head = handed[1] if handed and handed[0] == slug else event_head(slug=slug)
        if head is None:
            raise Http404(_("No public event with this address."))
        return head

    def published(
        self, request, head: EventHead | None, *, languages: Languages, query: str
    ) -> Published:
        """The validators of the variant ``request`` asks for, before any rendering.

        ``query`` is the normalized query string (``normalized(validated_data)``). The fast
        path (api/middleware.py) calls this too, so both compute the same ETag.
        """
        event_id, number, extra, last_modified = self.stamp(head)
        base = request.build_absolute_uri("/")[:-1]
        path_args = "&".join(f"{k}={v}" for k, v in sorted(self.kwargs.items()))
        variant = "|".join(
            (RENDER_FORMAT, self.resource, languages.variant, base, path_args, query, extra)
        )
        validators = Validators(
            etag=version_etag(event_id=event_id, number=number, variant=variant),
            last_modified=last_modified,
            language=languages.content,
        )
        return Published(event_id=event_id, number=number, variant=variant, validators=validators)

    def get(self, request, *args, **kwargs):
        head = self.get_head()
        if head is not None:
            self.check_object_permissions(request, head)
        tz = head.tzinfo if head else timezone.get_current_timezone()
        with timezone.override(tz):
            query = self.query_serializer(data=request.query_params)
            query.is_valid(raise_exception=True)
        languages = negotiate(
            requested=query.validated_data.get("lang"),
            accept=request.headers.get("Accept-Language", ""),
            head=head,
        )
        self.languages = languages
        # stamp() (inside published()) runs before exists(), as the cross-event lists need.
        published = self.published(
            request, head, languages=languages, query=normalized(query.validated_data)
        )
        if not self.exists(head):
            raise Http404(_("Not found in the published programme."))
        validators = published.validators
        if is_not_modified(request, validators):
            return not_modified(validators)

        def render() -> bytes:
            with translation.override(languages.label), timezone.override(tz):
                return JSONRenderer().render(self.build(head, query))

        body = render_cached(
            event_id=published.event_id,
            number=published.number,
            variant=published.variant,
            render=render,
        )
        return fresh(body, validators)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            patch_vary_headers(response, VARY)
        return response


def paginate(
    items: list, *, request, query, serializer, extra: dict | None = None, context=None
) -> dict:
    """``{count, next, previous, results}`` over an in-memory list; a page past the end is 404.

    ``extra`` adds fields before ``results`` (the programme lists' sync token); ``context``
    is the serializer's.
    """
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
        **(extra or {}),
        "results": serializer(
            items[(page - 1) * size : page * size], many=True, context=context or {}
        ).data,
    }
