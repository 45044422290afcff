from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.filters.base import FilterSerializer, aware
from events.enums import Language
from sessions.enums import SessionKind

SESSION_ORDERINGS = ["start", "end", "title", "code", "updated_at"]


class SessionFilter(FilterSerializer):
    day = serializers.DateField(required=False, help_text=_("Local day, e.g. 2030-05-04."))
    track = serializers.IntegerField(required=False, min_value=1, help_text=_("Track id."))
    room = serializers.IntegerField(required=False, min_value=1, help_text=_("Room id."))
    kind = serializers.ChoiceField(choices=SessionKind.values, required=False)
    language = serializers.ChoiceField(
        choices=Language.values,
        required=False,
        help_text=_("Spoken or interpreted in this language."),
    )
    speaker = serializers.CharField(required=False, max_length=16, help_text=_("A speaker's code."))
    starts_after = serializers.DateTimeField(
        required=False, help_text=_("Sessions starting at or after this time.")
    )
    ends_before = serializers.DateTimeField(
        required=False, help_text=_("Sessions ending at or before this time.")
    )
    updated_since = serializers.DateTimeField(
        required=False,
        help_text=_(
            "Sessions changed in a version published at or after this time, cancelled ones "
            "included: the incremental sync. Send the published_at of the last response you "
            "read (not your own clock): publication times increase with the version, so "
            "nothing published later is ever skipped."
        ),
    )
    since_version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=_(
            "Sessions changed in a version numbered above this one, cancelled ones included: "
            "send the version of the last response you read."
        ),
    )
    q = serializers.CharField(
        required=False, max_length=100, help_text=_("Words in the title, abstract or speakers.")
    )
    ordering = serializers.ChoiceField(
        choices=[*SESSION_ORDERINGS, *(f"-{o}" for o in SESSION_ORDERINGS)],
        required=False,
        help_text=_("Default: programme order (start, room, code)."),
    )

    ordering_keys = {
        "start": lambda s: s.start,
        "end": lambda s: s.end,
        "title": lambda s: s.title.casefold(),
        "code": lambda s: s.code,
        "updated_at": lambda s: s.updated_at,
    }

    def apply(self, sessions: list, *, tz) -> list:
        p = self.validated_data
        out = []
        words = p.get("q", "").casefold().split()
        starts_after = aware(p["starts_after"], tz) if p.get("starts_after") else None
        ends_before = aware(p["ends_before"], tz) if p.get("ends_before") else None
        updated_since = aware(p["updated_since"], tz) if p.get("updated_since") else None
        for s in sessions:
            if "day" in p and s.day != p["day"]:
                continue
            if "track" in p and (s.track is None or s.track.id != p["track"]):
                continue
            if "room" in p and (s.room is None or s.room.id != p["room"]):
                continue
            if "kind" in p and s.kind != p["kind"]:
                continue
            if "language" in p and p["language"] not in s.languages:
                continue
            if "speaker" in p and all(r.speaker.code != p["speaker"] for r in s.roles):
                continue
            if starts_after and s.start < starts_after:
                continue
            if ends_before and s.end > ends_before:
                continue
            if updated_since and s.updated_at < updated_since:
                continue
            if "since_version" in p and s.updated_in_version <= p["since_version"]:
                continue
            if words:
                text = " ".join(
                    [s.code, s.title, s.abstract, *(r.speaker.display_name for r in s.roles)]
                ).casefold()
                if not all(word in text for word in words):
                    continue
            out.append(s)
        if p.get("ordering"):
            out = self.ordered(out, p["ordering"])
        return out
