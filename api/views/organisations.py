from django.utils.translation import gettext_lazy as _

from api.schema import published_schema
from api.selectors.published import organisations_public, organisations_public_stamp
from api.serializers.common import PageQuerySerializer, page_serializer
from api.serializers.organisations import OrganisationSerializer
from api.views.base import PublishedAPIView, paginate

OrganisationPageSerializer = page_serializer(OrganisationSerializer, "OrganisationPage")


class OrganisationListView(PublishedAPIView):
    resource = "organisations"
    event_scoped = False
    query_serializer = PageQuerySerializer

    def stamp(self, head):
        count, updated, speakers = organisations_public_stamp()
        last = max(filter(None, (updated, speakers)), default=None)
        return 0, None, f"{count}:{updated and updated.isoformat()}:{speakers}", last

    def build(self, head, query):
        return paginate(
            list(organisations_public()),
            request=self.request,
            query=query,
            serializer=OrganisationSerializer,
        )

    @published_schema(
        operation_id="organisations_list",
        response=OrganisationPageSerializer,
        query=PageQuerySerializer,
        summary=_("Organisations in public programmes"),
        description=_("Organisations of the confirmed speakers of public events, by name."),
        tags=["organisations"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
