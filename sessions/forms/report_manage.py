"""Forms of the organisers' report pages: the reporting deadline (typed in the event's time
zone: the view activates it), a report's key messages and sections side by side in the
event's languages, and the note that returns a report to its rapporteurs. The services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from forum.content import texts_of
from forum.forms import TranslatedFieldsMixin, shown_languages, translated_initial
from registrations.forms.setup import ServiceErrorFormMixin
from sessions.enums import REPORT_SECTIONS, ReportState
from sessions.models import ReportSettings, SessionReport, Track
from sessions.selectors.reports import NOT_STARTED

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# Empty key-message rows offered below the written ones.
BLANK_MESSAGES = 3
MESSAGE_MAX_LENGTH = 1500

SECTION_LABELS = {
    "actions": _("What cities do"),
    "commitments": _("What cities commit to"),
    "needs": _("What cities need from others"),
}
SECTION_HELP = {
    "actions": _("Practices and policies the session heard about. Markdown."),
    "commitments": _("Commitments made or proposed during the session. Markdown."),
    "needs": _("From national governments, UN agencies, donors, other cities. Markdown."),
}


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


class ReportForm(ServiceErrorFormMixin, TranslatedFieldsMixin, forms.Form):
    """A report's key messages (the written ones, then a few empty rows) and its three
    sections, each in the event's languages (and any other one a text is written in)."""

    def __init__(self, *args, event: Event, report: SessionReport | None = None, **kwargs):
        messages = list(report.messages.all()) if report is not None else []
        initial = {}
        for index, message in enumerate(messages):
            initial.update(translated_initial(message, "text", prefix=f"message_{index}_"))
        if report is not None:
            initial.update(translated_initial(report, *REPORT_SECTIONS))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        filled = set()
        for message in messages:
            filled |= set(texts_of(message, "text"))
        languages = shown_languages(
            [*(event.languages or []), *sorted(filled)], report, REPORT_SECTIONS
        )
        self.message_names = []
        for index in range(len(messages) + BLANK_MESSAGES):
            name = f"message_{index}"
            self.add_translated(
                name,
                languages=languages,
                make_field=lambda: forms.CharField(
                    max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
                ),
                label=_("Key message %(number)d") % {"number": index + 1},
            )
            self.message_names.append(name)
        for section in REPORT_SECTIONS:
            self.add_translated(
                section,
                languages=languages,
                make_field=lambda: forms.CharField(widget=forms.Textarea(attrs={"rows": 6})),
                label=SECTION_LABELS[section],
                help_text=SECTION_HELP[section],
            )

    @property
    def message_groups(self):
        return [self.translated[name] for name in self.message_names]

    @property
    def section_groups(self):
        return [self.translated[section] for section in REPORT_SECTIONS]

    def messages(self) -> list[dict[str, str]]:
        """The key messages in their order, each ``{code: text}`` (blank ones included: the
        service drops them)."""
        return [self.texts(name) for name in self.message_names]


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the rapporteurs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to change: the rapporteurs read it on their report page."),
    )
