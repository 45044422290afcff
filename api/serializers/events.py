from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import text_languages
from api.serializers.documents import DocumentSerializer
from forum.content import DEFAULT_CONTENT_LANGUAGE, pick, texts_of


class _Picked:
    """A live row whose translated ``fields`` read as ``Text``s picked in ``lang`` (in the
    event's fallback order); every other attribute is the row's."""

    def __init__(self, row, fields: tuple[str, ...], *, lang: str, languages):
        self._row = row
        for field in fields:
            setattr(self, field, pick(texts_of(row, field), requested=lang, languages=languages))

    def __getattr__(self, name):
        return getattr(self._row, name)


class VenueSerializer(serializers.Serializer):
    name = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField(source="country.code")
    text_languages = text_languages("VenueTextLanguages", "name")


class EventSerializer(serializers.Serializer):
    """A public event. Its texts are read from the live row, each picked in the requested
    content language (``context["lang"]``) or, when missing there, in the event's fallback
    order; ``text_languages`` says which language each was served in."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    tagline = serializers.CharField()
    description = serializers.CharField()
    text_languages = text_languages("EventTextLanguages", "name", "tagline", "description")
    host_city = serializers.CharField()
    host_country = serializers.CharField(source="host_country.code")
    venue = VenueSerializer(allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    timezone = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    schedule_version = serializers.IntegerField(source="latest_number", allow_null=True)
    schedule_published_at = serializers.DateTimeField(source="latest_published_at", allow_null=True)

    def to_representation(self, instance):
        lang = self.context.get("lang", DEFAULT_CONTENT_LANGUAGE)
        languages = instance.languages
        event = _Picked(
            instance, ("name", "tagline", "description"), lang=lang, languages=languages
        )
        if instance.venue is not None:
            event.venue = _Picked(instance.venue, ("name",), lang=lang, languages=languages)
        return super().to_representation(event)


class EventDetailSerializer(EventSerializer):
    """One event, with the public documents of the whole edition (``context["documents"]``:
    [DocumentRead], read once per response)."""

    documents = serializers.SerializerMethodField(
        help_text=_("Public documents of the whole event (those of a session are on it).")
    )

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, event) -> list:
        reads = self.context.get("documents", [])
        return DocumentSerializer(reads, many=True, context=self.context).data
