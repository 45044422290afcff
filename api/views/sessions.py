from django.utils.translation import gettext_lazy as _

from api.filters.sessions import SessionFilter
from api.schema import published_schema
from api.serializers.common import LanguageQuerySerializer, page_serializer, sync_fields
from api.serializers.sessions import SessionSerializer
from api.views.base import paginate
from api.views.programme import ProgrammeAPIView, ProgrammeDetailAPIView

SessionPageSerializer = page_serializer(SessionSerializer, "SessionPage", sync=True)


class SessionListView(ProgrammeAPIView):
    resource = "sessions"
    query_serializer = SessionFilter
    with_documents = True

    def build(self, head, query):
        programme = self.programme(head)
        sessions = query.apply(programme.sessions, tz=head.tzinfo)
        return paginate(
            sessions,
            request=self.request,
            query=query,
            serializer=SessionSerializer,
            extra=sync_fields(number=programme.number, published_at=programme.published_at),
            context=self.documents_context(head),
        )

    @published_schema(
        operation_id="sessions_list",
        response=SessionPageSerializer,
        query=SessionFilter,
        summary=_("Sessions of the latest published programme"),
        description=_(
            "Cancelled sessions stay listed with state “cancelled”. Use updated_since for "
            "incremental sync."
        ),
        tags=["programme"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SessionDetailView(ProgrammeDetailAPIView):
    resource = "session"
    lookup = "sessions"
    with_documents = True

    def build(self, head, query):
        programme = self.programme(head)
        session = next(s for s in programme.sessions if s.code == self.kwargs["code"])
        return SessionSerializer(session, context=self.documents_context(head)).data

    @published_schema(
        operation_id="session_retrieve",
        response=SessionSerializer,
        query=LanguageQuerySerializer,
        summary=_("One session"),
        tags=["programme"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
