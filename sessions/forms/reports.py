"""The report's form on the rapporteur's speaker link: the key messages as a formset (each
message in the event's working languages side by side) and the three sections, each in the
working languages side by side. Blank messages are dropped by the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.content import texts_of
from forum.forms import TranslatedFieldsMixin, shown_languages, translated_initial
from sessions.enums import REPORT_SECTIONS
from sessions.models import ReportMessage, SessionReport
from sessions.services.reports import MESSAGE_MAX, SECTION_MAX

# Blank rows offered after the written messages; saving offers new ones.
EXTRA_MESSAGES = 2
MESSAGES_MAX = 30


def _message_field() -> forms.CharField:
    return forms.CharField(max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 3}))


def _section_field() -> forms.CharField:
    return forms.CharField(max_length=SECTION_MAX, widget=forms.Textarea(attrs={"rows": 6}))


class ReportMessageForm(TranslatedFieldsMixin, forms.Form):
    """One key message, one column per language."""

    def __init__(self, *args, languages, number, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated(
            "text",
            languages=languages,
            make_field=_message_field,
            label=_("Key message %(number)d") % {"number": number},
        )


class BaseReportMessageFormSet(forms.BaseFormSet):
    def __init__(self, *args, languages, **kwargs):
        self.languages = languages
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"languages": self.languages, "number": (index or 0) + 1}

    @property
    def empty_form(self):  # not offered: rows are added by saving
        raise NotImplementedError

    def messages(self) -> list[dict[str, str]]:
        """Each row's {language: text}, in order (blank rows included: the service drops them)."""
        return [form.texts("text") for form in self.forms if hasattr(form, "cleaned_data")]


ReportMessageFormSet = forms.formset_factory(
    ReportMessageForm,
    formset=BaseReportMessageFormSet,
    extra=EXTRA_MESSAGES,
    max_num=MESSAGES_MAX,
    validate_max=True,
    absolute_max=MESSAGES_MAX,
)


class ReportSectionsForm(TranslatedFieldsMixin, forms.Form):
    """The three sections, each with its languages side by side."""

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REPORT_SECTIONS:
            field = SessionReport._meta.get_field(name)
            self.add_translated(
                name,
                languages=languages,
                make_field=_section_field,
                label=field.verbose_name[:1].upper() + field.verbose_name[1:],
                help_text=field.help_text,
            )

    def sections(self) -> dict[str, dict[str, str]]:
        return {name: self.texts(name) for name in REPORT_SECTIONS}


def report_languages(event, report: SessionReport | None, messages: list[ReportMessage]):
    """The working languages, then any other language the report already has a text in."""
    languages = shown_languages(event.languages, report, REPORT_SECTIONS)
    for message in messages:
        languages += [code for code in texts_of(message, "text") if code not in languages]
    return languages


def report_forms(
    data, *, event, report: SessionReport | None, messages: list[ReportMessage]
) -> tuple[ReportSectionsForm, BaseReportMessageFormSet]:
    """The sections form and the messages formset, filled from the report (or ``data``)."""
    languages = report_languages(event, report, messages)
    sections = ReportSectionsForm(
        data,
        languages=languages,
        initial=translated_initial(report, *REPORT_SECTIONS) if report is not None else None,
        prefix="report",
    )
    formset = ReportMessageFormSet(
        data,
        languages=languages,
        initial=[translated_initial(message, "text") for message in messages],
        prefix="messages",
    )
    return sections, formset
