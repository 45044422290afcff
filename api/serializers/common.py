"""Shapes shared by every endpoint: errors, pagination, query parameters."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

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
        choices=[code for code, _name in settings.LANGUAGES],
        required=False,
        help_text=_("Language of the labels; defaults to Accept-Language, then English."),
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
