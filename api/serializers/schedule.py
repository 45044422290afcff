from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.events import EventSerializer
from api.serializers.rooms import RoomSerializer
from api.serializers.sessions import SessionSerializer
from api.serializers.speakers import SpeakerSerializer
from api.serializers.tracks import TrackSerializer


class ScheduleSerializer(serializers.Serializer):
    """The whole latest published version in one document."""

    version = serializers.IntegerField(help_text=_("The published version's number."))
    published_at = serializers.DateTimeField()
    event = EventSerializer()
    rooms = RoomSerializer(many=True)
    tracks = TrackSerializer(many=True)
    sessions = SessionSerializer(many=True)
    speakers = SpeakerSerializer(many=True)
