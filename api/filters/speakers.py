from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.filters.base import FilterSerializer, aware

SPEAKER_ORDERINGS = ["name", "code", "updated_at"]


class SpeakerFilter(FilterSerializer):
    session = serializers.CharField(
        required=False, max_length=16, help_text=_("Speakers of this session (code).")
    )
    updated_since = serializers.DateTimeField(
        required=False,
        help_text=_(
            "Speakers changed in a version published at or after this time: send the "
            "published_at of the last response you read, not your own clock."
        ),
    )
    since_version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=_("Speakers changed in a version numbered above this one."),
    )
    q = serializers.CharField(required=False, max_length=100)
    ordering = serializers.ChoiceField(
        choices=[*SPEAKER_ORDERINGS, *(f"-{o}" for o in SPEAKER_ORDERINGS)],
        required=False,
        help_text=_("Default: name."),
    )

    ordering_keys = {
        "name": lambda s: s.name.casefold(),
        "code": lambda s: s.code,
        "updated_at": lambda s: s.updated_at,
    }

    def apply(self, speakers: list, *, tz) -> list:
        p = self.validated_data
        words = p.get("q", "").casefold().split()
        since = aware(p["updated_since"], tz) if p.get("updated_since") else None
        out = []
        for s in speakers:
            if "session" in p and all(r.session.code != p["session"] for r in s.sessions):
                continue
            if since and s.updated_at < since:
                continue
            if "since_version" in p and s.updated_in_version <= p["since_version"]:
                continue
            if words:
                text = " ".join([s.code, s.display_name, s.position, s.organisation]).casefold()
                if not all(word in text for word in words):
                    continue
            out.append(s)
        if p.get("ordering"):
            out = self.ordered(out, p["ordering"])
        return out
