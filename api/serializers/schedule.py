from rest_framework import serializers

from api.serializers.common import SYNC_TIME_HELP, SYNC_VERSION_HELP
from api.serializers.events import EventSerializer
from api.serializers.rooms import RoomSerializer
from api.serializers.sessions import SessionSerializer
from api.serializers.speakers import SpeakerSerializer
from api.serializers.tracks import TrackSerializer


class ScheduleSerializer(serializers.Serializer):
    """The whole latest published version in one document."""

    version = serializers.IntegerField(help_text=SYNC_VERSION_HELP)
    published_at = serializers.DateTimeField(help_text=SYNC_TIME_HELP)
    event = EventSerializer()
    rooms = RoomSerializer(many=True)
    tracks = TrackSerializer(many=True)
    sessions = SessionSerializer(many=True)
    speakers = SpeakerSerializer(many=True)
