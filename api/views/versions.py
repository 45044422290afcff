from django.http import Http404
from django.utils.translation import gettext_lazy as _

from api.schema import published_schema
from api.selectors.published import version_changes, version_list
from api.serializers.common import LanguageQuerySerializer, PageQuerySerializer, page_serializer
from api.serializers.versions import ScheduleVersionChangesSerializer, ScheduleVersionSerializer
from api.views.base import PublishedAPIView, paginate
from sessions.selectors.public import changes_picked

CHANGE_KINDS = ("added", "cancelled", "moved", "retitled", "speakers_changed")
ScheduleVersionPageSerializer = page_serializer(ScheduleVersionSerializer, "ScheduleVersionPage")


class ScheduleVersionListView(PublishedAPIView):
    resource = "versions"
    query_serializer = PageQuerySerializer

    def build(self, head, query):
        rows = [
            {**row, "counts": {k: len(row["changes"].get(k, [])) for k in CHANGE_KINDS}}
            for row in version_list(event_id=head.id)
        ]
        return paginate(
            rows, request=self.request, query=query, serializer=ScheduleVersionSerializer
        )

    @published_schema(
        operation_id="schedule_versions_list",
        response=ScheduleVersionPageSerializer,
        query=PageQuerySerializer,
        summary=_("Published versions, newest first (the changelog)"),
        tags=["programme"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ScheduleVersionChangesView(PublishedAPIView):
    resource = "changes"

    def exists(self, head) -> bool:
        return head.number is not None and 1 <= self.kwargs["number"] <= head.number

    def build(self, head, query):
        row = version_changes(event_id=head.id, number=self.kwargs["number"])
        if row is None:  # pragma: no cover - exists() checked the number
            raise Http404
        # Titles and rooms picked in the negotiated content language.
        changes = changes_picked(row["changes"], lang=self.languages.content)
        return ScheduleVersionChangesSerializer({**row, "changes": changes}).data

    @published_schema(
        operation_id="schedule_version_changes_retrieve",
        response=ScheduleVersionChangesSerializer,
        query=LanguageQuerySerializer,
        summary=_("What one version changed against the previous one"),
        tags=["programme"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
