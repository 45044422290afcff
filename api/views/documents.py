"""Public documents of an event: the list (with withdrawn entries, for incremental sync) and
one document. Read live (documents have no snapshot), cached by the event's documents
revision: every public change of a document counts it up, so a cached render is never stale.
"""

from django.utils.translation import gettext_lazy as _

from api.filters.documents import DocumentFilter
from api.schema import published_schema
from api.serializers.common import LanguageQuerySerializer, page_serializer
from api.serializers.documents import DocumentSerializer
from api.views.base import PublishedAPIView, paginate
from documents.selectors.published import documents_published
from events.models import Event
from forum.published import render_cached
from sessions.selectors.heads import EventHead

DocumentPageSerializer = page_serializer(DocumentSerializer, "DocumentPage")


class DocumentsAPIView(PublishedAPIView):
    def stamp(self, head: EventHead):
        # Not tied to a programme version: the documents revision names the render.
        return head.id, None, f"documents:{head.documents_revision}", head.documents_updated_at

    def documents(self, head: EventHead) -> list:
        return documents_published(
            event=Event(pk=head.id, languages=list(head.languages)), lang=self.languages.content
        )

    def serializer_context(self) -> dict:
        return {"base": self.url_base()}


class DocumentListView(DocumentsAPIView):
    resource = "documents"
    query_serializer = DocumentFilter
    fast_path = True  # validators from the event head alone

    def build(self, head, query):
        return paginate(
            query.apply(self.documents(head), tz=head.tzinfo),
            request=self.request,
            query=query,
            serializer=DocumentSerializer,
            context=self.serializer_context(),
        )

    @published_schema(
        operation_id="documents_list",
        response=DocumentPageSerializer,
        query=DocumentFilter,
        summary=_("Public documents of the event and its sessions"),
        description=_(
            "Published documents everyone may read, each with its latest file in every "
            "language. A document that was published and is public no longer stays listed "
            "with state “withdrawn” and only its code and updated_at. Use updated_since for "
            "incremental sync."
        ),
        tags=["documents"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DocumentDetailView(DocumentsAPIView):
    resource = "document"
    query_serializer = LanguageQuerySerializer

    def exists(self, head: EventHead) -> bool:
        def index() -> bytes:
            return "\n".join(d.code for d in self.documents(head)).encode()

        codes = render_cached(
            event_id=head.id,
            number=None,
            variant=f"codes:documents:{head.documents_revision}",
            render=index,
        )
        return self.kwargs["code"] in codes.decode().split("\n")

    def build(self, head, query):
        document = next(d for d in self.documents(head) if d.code == self.kwargs["code"])
        return DocumentSerializer(document, context=self.serializer_context()).data

    @published_schema(
        operation_id="document_retrieve",
        response=DocumentSerializer,
        query=LanguageQuerySerializer,
        summary=_("One public document"),
        tags=["documents"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
