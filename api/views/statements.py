"""Outcome statements and signatories, as the other published endpoints: one
aggregate query gives the validators, rows are read only for a render not yet cached."""

from django.utils.translation import gettext_lazy as _

from api.filters.base import aware
from api.filters.endorsements import EndorsementFilter
from api.schema import published_schema
from api.selectors.statements import (
    endorsements_withdrawn_since,
    statement_id_public,
    statement_public,
    statements_public,
    statements_public_stamp,
)
from api.serializers.common import LanguageQuerySerializer, PageQuerySerializer, page_serializer
from api.serializers.statements import (
    EndorsementSerializer,
    StatementDetailSerializer,
    StatementSerializer,
)
from api.views.base import PublishedAPIView, paginate
from outcomes.models import Statement
from outcomes.regions import region_of
from outcomes.selectors.endorsements import endorsement_list_public

StatementPageSerializer = page_serializer(StatementSerializer, "StatementPage")
EndorsementPageSerializer = page_serializer(EndorsementSerializer, "EndorsementPage")


def _stamp_string(stamp: tuple) -> str:
    count, endorsements, updated, endorsed = stamp
    return f"{count}:{endorsements}:{updated and updated.isoformat()}:{endorsed and endorsed.isoformat()}"


class StatementsAPIView(PublishedAPIView):
    one = False  # a single statement (by slug) rather than all of the event's

    def statements_stamp(self, head) -> tuple:
        """One aggregate query per request, whichever of stamp() and exists() asks first."""
        if getattr(self, "_stamp", None) is None:
            self._stamp = statements_public_stamp(
                event_id=head.id, slug=self.kwargs["slug"] if self.one else None
            )
        return self._stamp

    def stamp(self, head):
        _count, _endorsements, updated, endorsed = self.statements_stamp(head)
        last = max(filter(None, (head.updated_at, updated, endorsed)))
        # The programme's version number plays no part: statements change independently.
        return head.id, None, _stamp_string(self._stamp), last

    def exists(self, head) -> bool:
        return not self.one or self.statements_stamp(head)[0] > 0


class StatementListView(StatementsAPIView):
    resource = "statements"
    query_serializer = PageQuerySerializer

    def build(self, head, query):
        return paginate(
            list(statements_public(event_id=head.id)),
            request=self.request,
            query=query,
            serializer=StatementSerializer,
        )

    @published_schema(
        operation_id="statements_list",
        response=StatementPageSerializer,
        query=PageQuerySerializer,
        summary=_("Adopted outcome statements of an event"),
        description=_("Declarations adopted at the forum, newest first, with signatory counts."),
        tags=["outcomes"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class StatementDetailView(StatementsAPIView):
    resource = "statement"
    one = True
    query_serializer = LanguageQuerySerializer

    def build(self, head, query):
        statement = statement_public(event_id=head.id, slug=self.kwargs["slug"])
        return StatementDetailSerializer(statement).data

    @published_schema(
        operation_id="statement_retrieve",
        response=StatementDetailSerializer,
        query=LanguageQuerySerializer,
        summary=_("One adopted statement"),
        description=_("The adopted text in each language, and every version of the text."),
        tags=["outcomes"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EndorsementListView(StatementsAPIView):
    resource = "endorsements"
    one = True
    query_serializer = EndorsementFilter

    def build(self, head, query):
        p = query.validated_data
        statement_id = statement_id_public(event_id=head.id, slug=self.kwargs["slug"])
        statement = Statement(pk=statement_id)
        since = aware(p["updated_since"], head.tzinfo) if p.get("updated_since") else None
        items = list(
            endorsement_list_public(
                statement=statement,
                country=p.get("country", ""),
                region=p.get("region", ""),
                updated_since=since,
            ).order_by("published_at", "pk")
        )
        for item in items:
            item.withdrawn_at = None
        if since is not None:
            gone = endorsements_withdrawn_since(statement_id=statement_id, since=since)
            if p.get("country"):
                gone = gone.filter(organisation__country=p["country"].upper())
            items += [
                e
                for e in gone
                if not p.get("region") or region_of(e.organisation.country.code) == p["region"]
            ]
        return paginate(items, request=self.request, query=query, serializer=EndorsementSerializer)

    @published_schema(
        operation_id="statement_endorsements_list",
        response=EndorsementPageSerializer,
        query=EndorsementFilter,
        summary=_("Public signatories of a statement"),
        description=_(
            "Verified (and, where required, approved) endorsements in the order they became "
            "public; never an email address. Use updated_since for incremental sync."
        ),
        tags=["outcomes"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
