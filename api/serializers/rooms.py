from rest_framework import serializers

from api.serializers.common import text_languages


class RoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    text_languages = text_languages("RoomTextLanguages", "name")
    capacity = serializers.IntegerField()
    has_booths = serializers.BooleanField()
