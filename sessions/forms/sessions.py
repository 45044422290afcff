"""Forms of the organisers' sessions workspace: the list's filters and bulk actions, the
session page with its speakers and roles. They validate shape; the services decide."""

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.enums import Language
from events.models import Event
from forum.content import CONTENT_LANGUAGES
from forum.forms import (
    LongSelect,
    ModelMultipleIdChoiceField,
    SearchInput,
    TranslatedFieldsMixin,
    shown_languages,
    translated_initial,
)
from forum.links import LINK_MAX_LENGTH
from sessions.enums import RecordingAudience, RoleKind, SessionKind, SessionState
from sessions.forms.timetable import _event_days
from sessions.models import Room, Session, SessionRole, Speaker, Track
from sessions.selectors.links import session_stream_languages, stream_language_label
from sessions.services.links import SessionLinksError, stream_field
from sessions.services.sessions import NewSpeakerInput, RoleInput, SessionDetails

MAX_ORDER = 32767


def _choices(objects) -> list[tuple[str, str]]:
    return [(str(o.pk), str(o)) for o in objects]


# --- The list ---------------------------------------------------------------------------------


class SessionFilter(django_filters.FilterSet):
    """Search and narrow one event's sessions. Choices are limited to that event."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Title, code or speaker's name."),
        widget=SearchInput,
    )
    day = django_filters.ChoiceFilter(label=_("Day"), method="on_day", empty_label=_("Any day"))
    track = django_filters.ChoiceFilter(
        label=_("Track"), field_name="track_id", empty_label=_("Any track")
    )
    room = django_filters.ChoiceFilter(
        label=_("Room"), field_name="room_id", empty_label=_("Any room")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=SessionKind.choices, empty_label=_("Any kind")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=SessionState.choices, empty_label=_("Any state")
    )
    conflicts = django_filters.ChoiceFilter(
        label=_("Conflicts"),
        method="with_conflicts",
        choices=[("yes", _("With conflicts")), ("no", _("Without conflicts"))],
        empty_label=_("With or without"),
    )

    class Meta:
        model = Session
        fields = ["q", "day", "track", "room", "kind", "state", "conflicts"]

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        event: Event,
        tracks: list[Track],
        rooms: list[Room],
        conflicted: set[str],
        **kwargs,
    ):
        super().__init__(data, queryset=queryset, **kwargs)
        self.event = event
        self.conflicted = conflicted
        self.filters["day"].extra["choices"] = [
            (d.isoformat(), date_format(d, "D j M")) for d in _event_days(event)
        ]
        # Choices from the lists the page loaded once (no query of their own).
        self.filters["track"].extra["choices"] = _choices(tracks)
        self.filters["room"].extra["choices"] = _choices(rooms)

    def search(self, queryset: QuerySet[Session], name: str, value: str):
        """Every word must match the title (in any language), the code or a speaker's name."""
        for word in value.split()[:8]:
            speaking = SessionRole.objects.filter(speaker__name__icontains=word).values("session")
            titled = Q()
            for code in CONTENT_LANGUAGES:
                titled |= Q(**{f"title_{code}__icontains": word})
            queryset = queryset.filter(titled | Q(code__iexact=word) | Q(pk__in=Subquery(speaking)))
        return queryset

    def on_day(self, queryset: QuerySet[Session], name: str, value: str):
        """Sessions starting on that day in the event's time zone."""
        start = datetime.combine(date.fromisoformat(value), time(0), tzinfo=self.event.tzinfo)
        return queryset.filter(start__gte=start, start__lt=start + timedelta(days=1))

    def with_conflicts(self, queryset: QuerySet[Session], name: str, value: str):
        if value == "yes":
            return queryset.filter(code__in=self.conflicted)
        return queryset.exclude(code__in=self.conflicted)


BULK_ACTIONS = {
    "track": _("Move to the track"),
    "room": _("Set the room"),
    "cancel": _("Cancel"),
}


class SessionBulkForm(forms.Form):
    """The list's actions on the checked sessions."""

    action = forms.ChoiceField(choices=list(BULK_ACTIONS.items()))
    sessions = ModelMultipleIdChoiceField(
        queryset=Session.objects.none(),
        error_messages={"required": _("Select at least one session.")},
    )
    track = forms.ChoiceField(label=_("Track"), required=False)
    room = forms.ChoiceField(label=_("Room"), required=False)

    def __init__(self, *args, event: Event, tracks: list[Track], rooms: list[Room], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = Session.objects.filter(event=event).select_related(
            "event"
        )
        self.tracks = {str(t.pk): t for t in tracks}
        self.rooms = {str(r.pk): r for r in rooms}
        self.fields["track"].choices = [("", _("No track"))] + [
            (pk, t.name) for pk, t in self.tracks.items()
        ]
        self.fields["room"].choices = [("", _("No room"))] + [
            (pk, r.name) for pk, r in self.rooms.items()
        ]

    def clean(self):
        data = super().clean()
        data["track_obj"] = self.tracks.get(data.get("track") or "")
        data["room_obj"] = self.rooms.get(data.get("room") or "")
        return data


# --- One session ------------------------------------------------------------------------------


class SessionForm(TranslatedFieldsMixin, forms.Form):
    """A session's details. Times are on one day, in the event's time zone. The title and
    abstract are edited side by side in the event's languages (and any other the session
    already has a text in)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    confirmed = forms.BooleanField(
        label=_("Confirmed"),
        required=False,
        help_text=_("Only confirmed sessions are in the public programme (from the next publish)."),
    )
    track = forms.ChoiceField(label=_("Track"), required=False)
    room = forms.ChoiceField(label=_("Room"), required=False)
    day = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start = forms.TimeField(
        label=_("Start"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("End"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    spoken_language = forms.ChoiceField(label=_("Spoken language"), choices=Language.choices)
    interpretation_languages = forms.MultipleChoiceField(
        label=_("Interpretation into"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_attendance = forms.IntegerField(
        label=_("Expected attendance"), required=False, min_value=0, max_value=1_000_000
    )

    def __init__(
        self,
        *args,
        event: Event,
        tracks: list[Track],
        rooms: list[Room],
        session: Session | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.event = event
        languages = shown_languages(event.languages, session, ("title", "abstract"))
        self.add_translated(
            "title",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=300),
            label=_("Title"),
            required=True,
        )
        self.add_translated(
            "abstract",
            languages=languages,
            make_field=lambda: forms.CharField(widget=forms.Textarea(attrs={"rows": 5})),
            label=_("Abstract"),
        )
        self.order_fields(
            [*(f"title_{c}" for c in languages), *(f"abstract_{c}" for c in languages)]
        )
        self.tracks = {str(t.pk): t for t in tracks}
        self.rooms = {str(r.pk): r for r in rooms}
        self.fields["track"].choices = [("", _("No track")), *_choices(tracks)]
        self.fields["room"].choices = [("", _("No room")), *_choices(rooms)]
        self.fields["day"].help_text = _(
            "Start and end are in %(zone)s time. Leave day and times empty to keep the session "
            "off the timetable."
        ) % {"zone": event.timezone}

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        tz = session.event.tzinfo
        start = session.start.astimezone(tz) if session.start else None
        end = session.end.astimezone(tz) if session.end else None
        return {
            **translated_initial(session, "title", "abstract"),
            "kind": session.kind,
            "confirmed": session.state == SessionState.CONFIRMED,
            "track": str(session.track_id or ""),
            "room": str(session.room_id or ""),
            "day": start.date() if start else None,
            "start": start.strftime("%H:%M") if start else "",
            "end": end.strftime("%H:%M") if end else "",
            "spoken_language": session.spoken_language,
            "interpretation_languages": list(session.interpretation_languages),
            "expected_attendance": session.expected_attendance,
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if not day:
            if start or end:
                self.add_error("day", _("Choose a day for these times."))
            data["start_at"] = data["end_at"] = None
        elif not start or not end:
            self.add_error("end" if start else "start", _("Give both a start and an end time."))
        else:
            start_at = datetime.combine(day, start, tzinfo=self.event.tzinfo)
            end_at = datetime.combine(day, end, tzinfo=self.event.tzinfo)
            if end_at <= start_at:
                self.add_error("end", _("The session must end after it starts."))
            data["start_at"], data["end_at"] = start_at, end_at
        return data

    def details(self) -> SessionDetails:
        data = self.cleaned_data
        return SessionDetails(
            title=self.texts("title"),
            abstract=self.texts("abstract"),
            kind=data["kind"],
            confirmed=data["confirmed"],
            track=self.tracks.get(data["track"] or ""),
            room=self.rooms.get(data["room"] or ""),
            start=data["start_at"],
            end=data["end_at"],
            spoken_language=data["spoken_language"],
            interpretation_languages=tuple(data["interpretation_languages"]),
            expected_attendance=data["expected_attendance"],
        )


class RoleForm(forms.Form):
    """One of the event's speakers in one role; the choices are built once per page."""

    speaker = forms.ChoiceField(label=_("Speaker"), widget=LongSelect)
    role = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices, initial=RoleKind.SPEAKER)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=MAX_ORDER, initial=0)
    remote = forms.BooleanField(label=_("Joins online"), required=False)

    def __init__(self, *args, speakers: dict[str, Speaker], speaker_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.speakers = speakers
        self.fields["speaker"].choices = speaker_choices

    def role_input(self) -> RoleInput:
        data = self.cleaned_data
        return RoleInput(
            speaker=self.speakers[data["speaker"]],
            role=data["role"],
            order=data["order"],
            remote=data["remote"],
        )


class BaseRoleFormSet(forms.BaseFormSet):
    def __init__(self, *args, speakers: list[Speaker], **kwargs):
        self.speakers = {str(s.pk): s for s in speakers}
        self.speaker_choices = [("", _("Choose a speaker"))] + [
            (pk, _speaker_label(s)) for pk, s in self.speakers.items()
        ]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"speakers": self.speakers, "speaker_choices": self.speaker_choices}

    def _kept(self) -> list[RoleForm]:
        """The rows that stay: existing ones not marked for removal, and filled-in new ones."""
        return [
            form
            for i, form in enumerate(self.forms)
            if (i < self.initial_form_count() or form.has_changed())
            and not self._should_delete_form(form)
            and form.cleaned_data.get("speaker")
        ]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self._kept():
            key = (form.cleaned_data["speaker"], form.cleaned_data["role"])
            if key in seen:
                raise forms.ValidationError(_("A speaker is listed twice in the same role."))
            seen.add(key)

    def role_inputs(self) -> list[RoleInput]:
        return [form.role_input() for form in self._kept()]


def _speaker_label(speaker: Speaker) -> str:
    organisation = speaker.organisation_label
    return f"{speaker.display_name} ({organisation})" if organisation else speaker.display_name


RoleFormSet = forms.formset_factory(
    RoleForm, formset=BaseRoleFormSet, extra=2, can_delete=True, max_num=50, validate_max=True
)


class NewSpeakerForm(forms.Form):
    """A speaker not yet in the event's list, added with this session."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("For the invitation, sent separately; never shown publicly."),
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices, initial=RoleKind.SPEAKER)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=MAX_ORDER, initial=0)
    remote = forms.BooleanField(
        label=_("Joins online"),
        required=False,
        help_text=_("The speaker takes part from elsewhere, through the meeting link."),
    )

    def speaker_input(self) -> NewSpeakerInput:
        data = self.cleaned_data
        return NewSpeakerInput(
            name=data["name"],
            email=data["email"],
            organisation_name=data["organisation_name"],
            role=data["role"],
            order=data["order"],
            remote=data["remote"],
        )


class BaseNewSpeakerFormSet(forms.BaseFormSet):
    def speaker_inputs(self) -> list[NewSpeakerInput]:
        return [form.speaker_input() for form in self.forms if form.has_changed()]


NewSpeakerFormSet = forms.formset_factory(
    NewSpeakerForm, formset=BaseNewSpeakerFormSet, extra=1, max_num=20, validate_max=True
)


# --- A session's links ------------------------------------------------------------------------


class SessionLinksForm(forms.Form):
    """The meeting link, one stream link per language (the floor and the session's languages,
    and any language a stream was left in) and the recording. Shape only: the service checks
    every link (https, no credentials) and maps its refusals back to these fields."""

    meeting_url = forms.CharField(
        label=_("Meeting link for speakers"),
        required=False,
        max_length=LINK_MAX_LENGTH,
        widget=forms.URLInput,
        help_text=_(
            "Where speakers who join online connect. Seen only by the session's speakers "
            "(on their speaker page) and the organisers."
        ),
    )
    recording_url = forms.CharField(
        label=_("Recording"),
        required=False,
        max_length=LINK_MAX_LENGTH,
        widget=forms.URLInput,
        help_text=_("Shown after the session, once added."),
    )
    recording_audience = forms.ChoiceField(
        label=_("Recording shown to"),
        choices=RecordingAudience.choices,
        initial=RecordingAudience.PARTICIPANTS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, session: Session, stream_codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        wanted = session_stream_languages(session)
        self.stream_codes = [*wanted, *(code for code in stream_codes if code not in wanted)]
        for code in self.stream_codes:
            field = forms.CharField(
                label=stream_language_label(code),
                required=False,
                max_length=LINK_MAX_LENGTH,
                widget=forms.URLInput,
            )
            if code not in wanted:
                field.help_text = _(
                    "No longer one of the session's languages: clear this link or add the "
                    "language back to the session."
                )
            self.fields[stream_field(code)] = field
        self.order_fields(
            ["meeting_url", *(stream_field(c) for c in self.stream_codes), "recording_url"]
        )

    @classmethod
    def initial_for(cls, session: Session, streams: dict[str, str]) -> dict:
        return {
            "meeting_url": session.meeting_url,
            "recording_url": session.recording_url,
            "recording_audience": session.recording_audience,
            **{stream_field(code): url for code, url in streams.items()},
        }

    def stream_fields(self) -> list:
        return [self[stream_field(code)] for code in self.stream_codes]

    def streams(self) -> dict[str, str]:
        return {code: self.cleaned_data[stream_field(code)] for code in self.stream_codes}

    def add_service_error(self, exc: SessionLinksError) -> None:
        self.add_error(exc.code if exc.code in self.fields else None, exc.message)
