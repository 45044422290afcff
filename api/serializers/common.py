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


def page_serializer(item: type[serializers.Serializer], name: str) -> type:
    """A ``{count, next, previous, results}`` envelope around ``item`` for the schema."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )
