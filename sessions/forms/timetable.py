"""Forms of the organiser's timetable: scheduling, moving and publishing."""

from datetime import date, datetime, timedelta

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.models import Event
from sessions.models import Room

MAX_PHOTO_BYTES = 5 * 1024 * 1024


def _event_days(event: Event) -> list[date]:
    return [event.start_date + timedelta(days=i) for i in range(event.duration_days)]


class SlotFieldsMixin:
    """Day and room as plain choices (built once per page, no query per form)."""

    def _setup(self, *, event: Event, rooms: list[Room]) -> None:
        self.event = event
        self.rooms = {str(r.pk): r for r in rooms}
        self.fields["day"].choices = [("", _("Not scheduled"))] + [
            (d.isoformat(), date_format(d, "D j M")) for d in _event_days(event)
        ]
        self.fields["room"].choices = [("", _("No room"))] + [(str(r.pk), r.name) for r in rooms]

    def _at(self, day: str, value) -> datetime:
        return datetime.combine(date.fromisoformat(day), value, tzinfo=self.event.tzinfo)


class SessionScheduleForm(SlotFieldsMixin, forms.Form):
    """The keyboard and no-JavaScript way to move a session: day, times, room."""

    day = forms.ChoiceField(label=_("Day"), required=False)
    start = forms.TimeField(
        label=_("Start"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("End"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    room = forms.ChoiceField(label=_("Room"), required=False)

    def __init__(self, *args, event: Event, rooms: list[Room], **kwargs):
        super().__init__(*args, **kwargs)
        self._setup(event=event, rooms=rooms)
        # One <form> per table row: the fields sit in other cells and point back to it.
        for field in self.fields.values():
            field.widget.attrs["form"] = f"schedule-{self.prefix}"

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if self.errors:
            return data
        if not day:
            if start or end:
                raise forms.ValidationError(_("Choose a day for these times."))
            data["start_at"] = data["end_at"] = None
        else:
            if not start or not end:
                raise forms.ValidationError(_("Give both a start and an end time."))
            if end <= start:
                raise forms.ValidationError(_("The session must end after it starts."))
            data["start_at"], data["end_at"] = self._at(day, start), self._at(day, end)
        data["room_obj"] = self.rooms.get(data.get("room") or "")
        return data


class SessionMoveForm(SlotFieldsMixin, forms.Form):
    """A drop on the grid: the session keeps its length (an hour if it had none)."""

    code = forms.CharField(max_length=16)
    day = forms.ChoiceField(required=False)
    start = forms.TimeField(required=False)
    room = forms.ChoiceField(required=False)

    def __init__(self, *args, event: Event, rooms: list[Room], **kwargs):
        super().__init__(*args, **kwargs)
        self._setup(event=event, rooms=rooms)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("day") and not data.get("start"):
            raise forms.ValidationError(_("Give a start time."))
        data["room_obj"] = self.rooms.get(data.get("room") or "")
        return data

    def slot_for(self, duration: timedelta | None) -> tuple[datetime | None, datetime | None]:
        if not self.cleaned_data.get("day"):
            return None, None
        start = self._at(self.cleaned_data["day"], self.cleaned_data["start"])
        return start, start + (duration or timedelta(hours=1))


class PublishForm(forms.Form):
    comment = forms.CharField(
        label=_("What changed (shown on the public changelog)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
