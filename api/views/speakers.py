from django.utils.translation import gettext_lazy as _

from api.filters.speakers import SpeakerFilter
from api.schema import published_schema
from api.serializers.common import LanguageQuerySerializer, page_serializer, sync_fields
from api.serializers.speakers import SpeakerSerializer
from api.views.base import paginate
from api.views.programme import ProgrammeAPIView, ProgrammeDetailAPIView

SpeakerPageSerializer = page_serializer(SpeakerSerializer, "SpeakerPage", sync=True)


class SpeakerListView(ProgrammeAPIView):
    resource = "speakers"
    query_serializer = SpeakerFilter

    def build(self, head, query):
        programme = self.programme(head)
        speakers = query.apply(programme.speakers, tz=head.tzinfo)
        return paginate(
            speakers,
            request=self.request,
            query=query,
            serializer=SpeakerSerializer,
            extra=sync_fields(number=programme.number, published_at=programme.published_at),
        )

    @published_schema(
        operation_id="speakers_list",
        response=SpeakerPageSerializer,
        query=SpeakerFilter,
        summary=_("Speakers of the latest published programme"),
        description=_("Confirmed speakers' public profiles; never an email address."),
        tags=["programme"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SpeakerDetailView(ProgrammeDetailAPIView):
    resource = "speaker"
    lookup = "speakers"

    def build(self, head, query):
        programme = self.programme(head)
        speaker = next(s for s in programme.speakers if s.code == self.kwargs["code"])
        return SpeakerSerializer(speaker).data

    @published_schema(
        operation_id="speaker_retrieve",
        response=SpeakerSerializer,
        query=LanguageQuerySerializer,
        summary=_("One speaker"),
        tags=["programme"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
