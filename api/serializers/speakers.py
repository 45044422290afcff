from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.common import text_languages


class SpeakerSessionSerializer(serializers.Serializer):
    code = serializers.CharField(source="session.code")
    title = serializers.CharField(source="session.title")
    text_languages = text_languages(
        "SpeakerSessionTextLanguages", "title", sources={"title": "session.title"}
    )
    role = serializers.CharField()
    role_label = serializers.CharField()


class SpeakerSerializer(serializers.Serializer):
    """Public profile only: never an email, a token or an invitation state."""

    code = serializers.CharField(help_text=_("Stable public code."))
    honorific = serializers.CharField()
    name = serializers.CharField()
    display_name = serializers.CharField()
    position = serializers.CharField()
    organisation = serializers.CharField()
    biography = serializers.CharField()
    text_languages = text_languages("SpeakerTextLanguages", "position", "biography")
    photo = serializers.CharField(help_text=_("Absolute URL of the photo, or empty."))
    sessions = SpeakerSessionSerializer(many=True)
    updated_at = serializers.DateTimeField()
    updated_in_version = serializers.IntegerField()
