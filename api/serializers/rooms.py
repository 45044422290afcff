from rest_framework import serializers


class RoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField()
    has_booths = serializers.BooleanField()
