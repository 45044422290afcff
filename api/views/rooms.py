from django.utils.translation import gettext_lazy as _

from api.schema import published_schema
from api.serializers.common import PageQuerySerializer, page_serializer
from api.serializers.rooms import RoomSerializer
from api.views.base import paginate
from api.views.programme import ProgrammeAPIView

RoomPageSerializer = page_serializer(RoomSerializer, "RoomPage")


class RoomListView(ProgrammeAPIView):
    resource = "rooms"
    query_serializer = PageQuerySerializer

    def build(self, head, query):
        rooms = self.programme(head).rooms
        return paginate(rooms, request=self.request, query=query, serializer=RoomSerializer)

    @published_schema(
        operation_id="rooms_list",
        response=RoomPageSerializer,
        query=PageQuerySerializer,
        summary=_("Rooms of the latest published programme"),
        tags=["programme"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
