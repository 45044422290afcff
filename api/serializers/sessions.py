from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import text_languages
from api.serializers.documents import DocumentSerializer
from api.serializers.rooms import RoomSerializer
from api.serializers.tracks import TrackSerializer
from sessions.enums import SessionState


class SessionRoleSerializer(serializers.Serializer):
    speaker = serializers.CharField(source="speaker.code", help_text=_("The speaker's code."))
    name = serializers.CharField(source="speaker.display_name")
    role = serializers.CharField()
    role_label = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable public code; it never changes."))
    title = serializers.CharField()
    abstract = serializers.CharField()
    text_languages = text_languages("SessionTextLanguages", "title", "abstract")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    state = serializers.CharField(help_text=_("confirmed or cancelled"))
    state_label = serializers.SerializerMethodField()
    track = TrackSerializer(allow_null=True)
    room = RoomSerializer(allow_null=True)
    start = serializers.DateTimeField(help_text=_("In the event's time zone, with its offset."))
    end = serializers.DateTimeField()
    day = serializers.DateField(help_text=_("The local day of the start."))
    spoken_language = serializers.CharField()
    spoken_language_label = serializers.CharField()
    interpretation_languages = serializers.ListField(child=serializers.CharField())
    roles = SessionRoleSerializer(many=True)
    updated_at = serializers.DateTimeField(
        help_text=_("When the published version that last changed this session came out.")
    )
    updated_in_version = serializers.IntegerField()
    documents = serializers.SerializerMethodField(
        help_text=_(
            "Its public documents. They change without a new programme version, so "
            "updated_at does not move with them: sync them through the documents endpoint."
        )
    )

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, session) -> list:
        """From ``context["documents"]`` ({session code: [DocumentRead]}, read once per
        response)."""
        reads = self.context.get("documents", {}).get(session.code, [])
        return DocumentSerializer(reads, many=True, context=self.context).data

    def get_state_label(self, session) -> str:
        return str(SessionState(session.state).label)
