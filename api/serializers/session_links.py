from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sessions.enums import RecordingAudience
from sessions.models.programme import stream_language_choices


class StreamLinkSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=stream_language_choices(),
        help_text=_("“floor” (the room's own sound) or the interpretation's language code."),
    )
    url = serializers.URLField()


class RecordingLinkSerializer(serializers.Serializer):
    url = serializers.URLField()
    audience = serializers.ChoiceField(
        choices=RecordingAudience.choices,
        help_text=_(
            "Who the organisers show the recording to: registered participants, or everyone."
        ),
    )


class SessionLinksSerializer(serializers.Serializer):
    """Links of one published session; never the speakers' meeting link."""

    code = serializers.CharField()
    streams = StreamLinkSerializer(many=True)
    recording = RecordingLinkSerializer(allow_null=True)


class SessionLinksListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = SessionLinksSerializer(many=True)
