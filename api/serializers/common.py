"""Shapes shared by every endpoint: errors, pagination, query parameters."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from forum.content import CONTENT_LANGUAGES

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the requested language."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("For 400: the invalid parameters and why."),
    )


class LanguageQuerySerializer(serializers.Serializer):
    lang = serializers.ChoiceField(
        choices=list(CONTENT_LANGUAGES),
        required=False,
        help_text=_(
            "Language of the content (titles, names, descriptions); defaults to "
            "Accept-Language, then English. A text missing in it comes in another of the "
            "event's languages, and text_languages says which. Labels come in this language "
            "when it is English, French or Spanish, else in the event's first of those."
        ),
    )


class LanguageOfField(serializers.ChoiceField):
    """The language a text was served in: the ``lang`` of a ``forum.content.Text``, null when
    the text is empty or its language is unknown."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(choices=list(CONTENT_LANGUAGES), **kwargs)

    def to_representation(self, value):
        return getattr(value, "lang", None)


def text_languages(name: str, *fields: str, sources: dict[str, str] | None = None):
    """A ``text_languages`` field: ``{field: code or null}`` for the texts of a resource."""
    sources = sources or {}
    declared = {
        field: LanguageOfField(
            read_only=True, **({"source": sources[field]} if field in sources else {})
        )
        for field in fields
    }
    serializer = type(name, (serializers.Serializer,), declared)
    return serializer(
        source="*",
        read_only=True,
        help_text=_(
            "The language each text is served in: the requested one, or the fallback when it "
            "is missing in that language; null when the text is empty."
        ),
    )


class PageQuerySerializer(LanguageQuerySerializer):
    page = serializers.IntegerField(min_value=1, max_value=100_000, required=False, default=1)
    page_size = serializers.IntegerField(
        min_value=1, max_value=MAX_PAGE_SIZE, required=False, default=DEFAULT_PAGE_SIZE
    )


# The incremental sync's contract, shared by the schedule, the lists and their filters.
SYNC_VERSION_HELP = _(
    "Number of the published version this response was read from. Keep it and send it back "
    "as since_version: you get exactly what changed in later versions."
)
SYNC_TIME_HELP = _(
    "Publication time of the version this response was read from (Last-Modified gives it to "
    "the second). Keep it and send it back as updated_since: you get what changed in this "
    "version and every later one, never less."
)


def page_serializer(item: type[serializers.Serializer], name: str, *, sync: bool = False) -> type:
    """A ``{count, next, previous, results}`` envelope around ``item`` for the schema.

    ``sync`` adds the programme version the page was read from and its publication time:
    the tokens to send back as ``since_version`` or ``updated_since``.
    """
    fields = {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
    }
    if sync:
        fields["version"] = serializers.IntegerField(help_text=SYNC_VERSION_HELP)
        fields["published_at"] = serializers.DateTimeField(help_text=SYNC_TIME_HELP)
    return type(name, (serializers.Serializer,), {**fields, "results": item(many=True)})


def sync_fields(*, number: int, published_at) -> dict:
    """The ``version`` and ``published_at`` of a programme list page, as the schema says."""
    return {
        "version": number,
        "published_at": serializers.DateTimeField().to_representation(published_at),
    }
