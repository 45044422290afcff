from rest_framework import serializers


class OrganisationSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    country = serializers.CharField(source="country.code")
    locality = serializers.CharField()
    website = serializers.CharField()
