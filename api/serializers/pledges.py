"""Public pledges of an outcome statement: the published text of each, never a pending or
rejected one, a rejection's reason or anything about the signatory."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import PageQuerySerializer, text_languages
from api.serializers.statements import EndorsingOrganisationSerializer
from forum.content import pick, texts_of
from outcomes.enums import PledgeStatus
from outcomes.regions import REGIONS
from outcomes.selectors.pledges import NO_THEME


class PledgeFilter(PageQuerySerializer):
    region = serializers.ChoiceField(
        choices=list(REGIONS), required=False, help_text=_("UN geoscheme (M49) region.")
    )
    theme = serializers.RegexField(
        rf"^([0-9]{{1,10}}|{NO_THEME})$",
        required=False,
        help_text=_("A track id of the event (tracks endpoint), or “none” for no theme."),
    )
    status = serializers.ChoiceField(choices=PledgeStatus.values, required=False)


class PledgeThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _picked(obj, field: str, context: dict):
    return pick(texts_of(obj, field), requested=context["lang"], languages=context["languages"])


class PledgeSerializer(serializers.Serializer):
    """A pledge as the organisers last approved it. ``context``: ``lang`` (content language)
    and ``languages`` (the event's, the fallback order)."""

    code = serializers.CharField()
    revision = serializers.IntegerField(
        source="published_revision.number", help_text=_("Number of the approved text.")
    )
    organisation = EndorsingOrganisationSerializer()
    title = serializers.SerializerMethodField()
    titles = serializers.SerializerMethodField(help_text=_("The title in every language."))
    description = serializers.SerializerMethodField()
    text_languages = text_languages(
        "PledgeTextLanguages",
        "title",
        "description",
        "figure_label",
        sources={"title": "_title", "description": "_description", "figure_label": "_label"},
    )
    theme = serializers.SerializerMethodField()
    status = serializers.CharField(source="published_revision.status")
    status_label = serializers.CharField(source="published_revision.get_status_display")
    target_date = serializers.DateField(source="published_revision.target_date")
    figure = serializers.IntegerField(source="published_revision.figure", allow_null=True)
    figure_label = serializers.SerializerMethodField()
    link = serializers.CharField(source="published_revision.link")
    published_at = serializers.DateTimeField(help_text=_("When it first became public."))
    updated_at = serializers.DateTimeField(
        source="published_revision.decided_at", help_text=_("When its public text was approved.")
    )

    def to_representation(self, pledge):
        revision = pledge.published_revision
        pledge._title = _picked(revision, "title", self.context)
        pledge._description = _picked(revision, "description", self.context)
        pledge._label = _picked(revision, "figure_label", self.context)
        return super().to_representation(pledge)

    def get_title(self, pledge) -> str:
        return str(pledge._title)

    def get_description(self, pledge) -> str:
        return str(pledge._description)

    def get_figure_label(self, pledge) -> str:
        return str(pledge._label)

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_titles(self, pledge) -> dict[str, str]:
        return texts_of(pledge.published_revision, "title")

    @extend_schema_field(PledgeThemeSerializer(allow_null=True))
    def get_theme(self, pledge) -> dict | None:
        track = pledge.published_revision.track
        if track is None:
            return None
        return {"id": track.pk, "name": str(_picked(track, "name", self.context))}
