from rest_framework import serializers

from api.serializers.common import text_languages


class TrackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    text_languages = text_languages("TrackTextLanguages", "name")
    colour = serializers.CharField()
