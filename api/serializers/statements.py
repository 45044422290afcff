"""Outcome statements and their public signatories.

Public fields only: never a signatory's email, a link secret, a comment or an endorsement
that is not verified (and approved).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.enums import WORKING_LANGUAGES
from forum.markdown import markdown_to_html
from outcomes.regions import region_of


def _texts(version) -> dict:
    return {
        code: {"markdown": version.text(code), "html": str(markdown_to_html(version.text(code)))}
        for code in WORKING_LANGUAGES
        if version.text(code).strip()
    }


class TextSerializer(serializers.Serializer):
    markdown = serializers.CharField()
    html = serializers.CharField(help_text=_("Rendered and sanitised."))


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
    languages = serializers.ListField(child=serializers.CharField())
    texts = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(child=TextSerializer()))
    def get_texts(self, version) -> dict:
        return _texts(version)


class StatementSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    adopted_on = serializers.DateField()
    adopted_version = serializers.IntegerField(source="adopted_version.number")
    languages = serializers.ListField(
        child=serializers.CharField(), source="adopted_version.languages"
    )
    signatories = serializers.IntegerField(help_text=_("Public endorsements."))
    endorsing_kinds = serializers.ListField(child=serializers.CharField())
    url = serializers.SerializerMethodField(help_text=_("The public page."))
    pdf_url = serializers.SerializerMethodField()
    endorsements_url = serializers.SerializerMethodField()

    def _public(self, statement, name: str) -> str:
        return settings.SITE_URL + reverse(
            name, kwargs={"event_slug": statement.event.slug, "slug": statement.slug}
        )

    def get_url(self, statement) -> str:
        return self._public(statement, "outcomes:statement")

    def get_pdf_url(self, statement) -> str:
        return self._public(statement, "outcomes:pdf")

    def get_endorsements_url(self, statement) -> str:
        return settings.SITE_URL + reverse(
            "api:statement_endorsements",
            kwargs={"event_slug": statement.event.slug, "slug": statement.slug},
        )


class StatementDetailSerializer(StatementSerializer):
    texts = serializers.SerializerMethodField(
        help_text=_("The adopted text by language code: Markdown and sanitised HTML.")
    )
    versions = VersionSerializer(many=True, source="version_rows")

    @extend_schema_field(serializers.DictField(child=TextSerializer()))
    def get_texts(self, statement) -> dict:
        return _texts(statement.adopted_version)


class EndorsingOrganisationSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField(source="country.code")
    locality = serializers.CharField()
    region = serializers.SerializerMethodField(help_text=_("UN geoscheme (M49) region."))

    def get_region(self, organisation) -> str:
        return region_of(organisation.country.code)


class SignatorySerializer(serializers.Serializer):
    honorific = serializers.CharField()
    name = serializers.CharField(source="signatory_name")
    title = serializers.CharField(source="signatory_title")


class EndorsementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField(
        help_text=_("“published”, or “withdrawn” (only with updated_since, to sync removals).")
    )
    organisation = EndorsingOrganisationSerializer()
    signatory = SignatorySerializer(source="*")
    verified_as = serializers.CharField(source="method")
    published_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
