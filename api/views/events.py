from django.utils.translation import gettext_lazy as _

from api.schema import published_schema
from api.selectors.published import events_public_stamp
from api.serializers.common import PageQuerySerializer, page_serializer
from api.serializers.events import EventDetailSerializer, EventSerializer
from api.views.base import PublishedAPIView, paginate
from documents.enums import DocumentAudience
from documents.selectors.documents import documents_grouped, documents_readable
from sessions.selectors.heads import EventHead, events_public

EventPageSerializer = page_serializer(EventSerializer, "EventPage")


class EventListView(PublishedAPIView):
    resource = "events"
    event_scoped = False
    query_serializer = PageQuerySerializer

    def stamp(self, head):
        count, updated, version = events_public_stamp()
        return 0, None, f"{count}:{updated and updated.isoformat()}:{version}", updated

    def build(self, head, query):
        return paginate(
            list(events_public()),
            request=self.request,
            query=query,
            serializer=EventSerializer,
            context=self.text_context(),
        )

    @published_schema(
        operation_id="events_list",
        response=EventPageSerializer,
        query=PageQuerySerializer,
        summary=_("Public events"),
        description=_("Published and archived forums, newest first."),
        tags=["events"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EventDetailView(PublishedAPIView):
    resource = "event"

    def stamp(self, head: EventHead):
        # The live row and the edition's documents: both name the render.
        extra = f"{head.updated_at.isoformat()}:documents:{head.documents_revision}"
        return head.id, head.number, extra, head.with_documents(head.last_modified)

    def build(self, head, query):
        event = head.event
        reads = documents_readable(
            event=event, lang=self.languages.content, audiences=[DocumentAudience.PUBLIC]
        )
        edition, _by_session = documents_grouped(reads)
        context = {
            **self.text_context(),
            "documents": edition,
            "base": self.url_base(),
        }
        return EventDetailSerializer(event, context=context).data

    @published_schema(
        operation_id="event_retrieve",
        response=EventDetailSerializer,
        summary=_("One public event"),
        tags=["events"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
