"""Forms of the organisers' report pages: the reporting deadline (typed in the event's time
zone: the view activates it), a report's key messages and sections side by side in the
event's languages, and the note that returns a report to its rapporteurs. The services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from registrations.forms.setup import ServiceErrorFormMixin
from sessions.enums import ReportState
from sessions.models import ReportSettings, Track
from sessions.selectors.reports import NOT_STARTED

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def state_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Any state")),
        (NOT_STARTED, _("Not started")),
        *((value, label) for value, label in ReportState.choices),
    ]


class ReportFilterForm(forms.Form):
    """The list's filters (GET)."""

    track = forms.ModelChoiceField(
        label=_("Track"), queryset=Track.objects.none(), required=False, empty_label=_("Any track")
    )
    state = forms.ChoiceField(label=_("Report"), choices=(), required=False)

    def __init__(self, *args, event: Event, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(pk__in=[t.pk for t in tracks])
        self.fields["track"].choices = [("", _("Any track")), *((t.pk, t.name) for t in tracks)]
        self.fields["state"].choices = state_choices()


class DeadlineForm(ServiceErrorFormMixin, forms.Form):
    deadline = forms.DateTimeField(
        label=_("Deadline for reports"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_(
            "Rapporteurs are reminded before it; reports may still be written after. "
            "Leave empty for none."
        ),
    )

    def __init__(self, *args, settings: ReportSettings | None = None, **kwargs):
        if settings is not None and settings.deadline is not None:
            kwargs.setdefault(
                "initial", {"deadline": settings.deadline.replace(second=0, microsecond=0)}
            )
        super().__init__(*args, **kwargs)


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the rapporteurs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to change: the rapporteurs read it on their report page."),
    )
