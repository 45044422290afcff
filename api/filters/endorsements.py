from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.common import PageQuerySerializer
from outcomes.regions import REGIONS


class EndorsementFilter(PageQuerySerializer):
    updated_since = serializers.DateTimeField(
        required=False,
        help_text=_(
            "Endorsements published, changed or withdrawn at or after this time (withdrawn "
            "ones come with state “withdrawn”): the incremental sync."
        ),
    )
    country = serializers.RegexField(
        r"^[A-Za-z]{2}$", required=False, help_text=_("ISO 3166 country code.")
    )
    region = serializers.ChoiceField(
        choices=list(REGIONS), required=False, help_text=_("UN geoscheme (M49) region.")
    )
