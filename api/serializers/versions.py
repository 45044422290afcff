from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class VersionCountsSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    moved = serializers.IntegerField()
    retitled = serializers.IntegerField()
    speakers_changed = serializers.IntegerField()


class ScheduleVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    comment = serializers.CharField()
    counts = VersionCountsSerializer()


class SessionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()


class PlaceSerializer(serializers.Serializer):
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)
    room = serializers.CharField()


class MovedSerializer(SessionRefSerializer):
    before = PlaceSerializer()
    after = PlaceSerializer()


class RetitledSerializer(serializers.Serializer):
    code = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()
    languages = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("The languages whose title changed; before and after are in one of them."),
    )


class PersonChangeSerializer(serializers.Serializer):
    speaker = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()


class SpeakersChangedSerializer(SessionRefSerializer):
    added = PersonChangeSerializer(many=True)
    removed = PersonChangeSerializer(many=True)


class ChangesSerializer(serializers.Serializer):
    added = SessionRefSerializer(many=True)
    cancelled = SessionRefSerializer(many=True)
    moved = MovedSerializer(many=True)
    retitled = RetitledSerializer(many=True)
    speakers_changed = SpeakersChangedSerializer(many=True)


class ScheduleVersionChangesSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    comment = serializers.CharField()
    changes = ChangesSerializer()
