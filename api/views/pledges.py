"""Public pledges of an outcome statement, as the other statement endpoints: one aggregate
query per part of the validators (the statement, its pledges), rows read only for a render
not yet cached."""

from django.utils.translation import gettext_lazy as _

from api.schema import published_schema
from api.selectors.statements import statement_id_public
from api.serializers.common import page_serializer
from api.serializers.pledges import PledgeFilter, PledgeSerializer
from api.views.base import paginate
from api.views.statements import StatementsAPIView
from outcomes.models import Statement
from outcomes.selectors.pledges import pledge_list_public, pledges_public_stamp, stamp_text

PledgePageSerializer = page_serializer(PledgeSerializer, "PledgePage")


class PledgeListView(StatementsAPIView):
    resource = "pledges"
    one = True
    query_serializer = PledgeFilter

    def stamp(self, head):
        event_id, number, extra, last = super().stamp(head)
        pledges = pledges_public_stamp(event_id=head.id, slug=self.kwargs["slug"])
        last = max(filter(None, (last, *pledges[1:])))
        return event_id, number, f"{extra}|{stamp_text(pledges)}", last

    def build(self, head, query):
        p = query.validated_data
        statement = Statement(pk=statement_id_public(event_id=head.id, slug=self.kwargs["slug"]))
        items = pledge_list_public(
            statement=statement,
            region=p.get("region"),
            track=p.get("theme"),
            status=p.get("status"),
        )
        return paginate(
            items,
            request=self.request,
            query=query,
            serializer=PledgeSerializer,
            context={"lang": self.languages.content, "languages": head.languages},
        )

    @published_schema(
        operation_id="statement_pledges_list",
        response=PledgePageSerializer,
        query=PledgeFilter,
        summary=_("Public local actions pledged under a statement"),
        description=_(
            "Local actions of the public signatories, as the organisers last approved them, by "
            "organisation name. Texts in the requested language (text_languages says when "
            "another one stands in); a withdrawn endorsement or pledge is left out."
        ),
        tags=["outcomes"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
