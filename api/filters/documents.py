from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.filters.base import FilterSerializer, aware
from documents.enums import DocumentKind
from documents.selectors.published import DocumentGone


class DocumentFilter(FilterSerializer):
    session = serializers.CharField(
        required=False,
        max_length=16,
        help_text=_("A session's code: its documents (withdrawn ones are always listed)."),
    )
    kind = serializers.ChoiceField(
        choices=DocumentKind.values,
        required=False,
        help_text=_("Documents of this kind (withdrawn ones are always listed)."),
    )
    updated_since = serializers.DateTimeField(
        required=False,
        help_text=_(
            "Documents changed at or after this time, withdrawn ones included: the incremental "
            "sync. Send the latest updated_at you read."
        ),
    )

    def apply(self, documents: list, *, tz) -> list:
        """Withdrawn entries say nothing of their session or kind, so those filters keep
        them: a partner syncing one session still learns what left it."""
        p = self.validated_data
        updated_since = aware(p["updated_since"], tz) if p.get("updated_since") else None
        out = []
        for item in documents:
            gone = isinstance(item, DocumentGone)
            updated_at = item.updated_at if gone else item.document.updated_at
            if updated_since and updated_at < updated_since:
                continue
            if not gone and "session" in p and item.session_code != p["session"]:
                continue
            if not gone and "kind" in p and item.document.kind != p["kind"]:
                continue
            out.append(item)
        return out
