from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class SpeakerSessionSerializer(serializers.Serializer):
    code = serializers.CharField(source="session.code")
    title = serializers.CharField(source="session.title")
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
    photo = serializers.CharField(help_text=_("Absolute URL of the photo, or empty."))
    sessions = SpeakerSessionSerializer(many=True)
    updated_at = serializers.DateTimeField()
    updated_in_version = serializers.IntegerField()
