from django.utils.translation import gettext_lazy as _

from api.schema import published_schema
from api.serializers.common import PageQuerySerializer, page_serializer
from api.serializers.tracks import TrackSerializer
from api.views.base import paginate
from api.views.programme import ProgrammeAPIView

TrackPageSerializer = page_serializer(TrackSerializer, "TrackPage")


class TrackListView(ProgrammeAPIView):
    resource = "tracks"
    query_serializer = PageQuerySerializer

    def build(self, head, query):
        tracks = self.programme(head).tracks
        return paginate(tracks, request=self.request, query=query, serializer=TrackSerializer)

    @published_schema(
        operation_id="tracks_list",
        response=TrackPageSerializer,
        query=PageQuerySerializer,
        summary=_("Tracks (themes) of the latest published programme"),
        tags=["programme"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
