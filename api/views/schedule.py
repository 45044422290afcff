from django.utils.translation import gettext_lazy as _

from api.schema import published_schema
from api.serializers.common import LanguageQuerySerializer
from api.serializers.schedule import ScheduleSerializer
from api.views.programme import ProgrammeAPIView


class ScheduleView(ProgrammeAPIView):
    resource = "schedule"
    with_documents = True

    def build(self, head, query):
        programme = self.programme(head)
        return ScheduleSerializer(
            {
                "version": programme.number,
                "published_at": programme.published_at,
                "event": head.event,
                "rooms": programme.rooms,
                "tracks": programme.tracks,
                "sessions": programme.sessions,
                "speakers": programme.speakers,
            },
            context={**self.text_context(), **self.documents_context(head)},
        ).data

    @published_schema(
        operation_id="schedule_retrieve",
        response=ScheduleSerializer,
        query=LanguageQuerySerializer,
        summary=_("The whole latest published programme"),
        description=_(
            "Event, rooms, tracks, sessions with their speakers and roles, and speakers, as "
            "one document. It changes only when organisers publish a new version."
        ),
        tags=["programme"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
