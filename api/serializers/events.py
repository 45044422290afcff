from rest_framework import serializers


class VenueSerializer(serializers.Serializer):
    name = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField(source="country.code")


class EventSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    tagline = serializers.CharField()
    description = serializers.CharField()
    host_city = serializers.CharField()
    host_country = serializers.CharField(source="host_country.code")
    venue = VenueSerializer(allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    timezone = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    schedule_version = serializers.IntegerField(source="latest_number", allow_null=True)
    schedule_published_at = serializers.DateTimeField(source="latest_published_at", allow_null=True)
