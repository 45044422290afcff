"""The compile form: a checkbox and a target section for each key message on the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from outcomes.services.compilation import NEW_SECTION
from outcomes.text import Section
from sessions.models import ReportMessage

NEW_CHOICE = "+new"  # never an anchor: anchors are slugs


class CompileForm(forms.Form):
    new_section_title = forms.CharField(
        label=_("Heading of the new section"),
        max_length=200,
        required=False,
        help_text=_("For the key messages sent to “a new section at the end”."),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args, messages: list[ReportMessage], sections: list[Section], **kwargs):
        super().__init__(*args, **kwargs)
        self.messages = {m.pk: m for m in messages}
        choices = [(s.anchor, s.title) for s in sections]
        choices.append((NEW_CHOICE, _("A new section at the end")))
        default = sections[-1].anchor if sections else NEW_CHOICE
        for message in messages:
            self.fields[f"pick_{message.pk}"] = forms.BooleanField(
                label=_("Put this key message in the statement"), required=False
            )
            self.fields[f"section_{message.pk}"] = forms.ChoiceField(
                label=_("Section"), choices=choices, initial=default, required=False
            )

    def pick_field(self, message: ReportMessage):
        return self[f"pick_{message.pk}"]

    def section_field(self, message: ReportMessage):
        return self[f"section_{message.pk}"]

    def picks(self) -> list[tuple[ReportMessage, str]]:
        """(message, section anchor or NEW_SECTION) for each ticked message, in page order."""
        return [
            (
                message,
                NEW_SECTION
                if self.cleaned_data[f"section_{pk}"] == NEW_CHOICE
                else self.cleaned_data[f"section_{pk}"],
            )
            for pk, message in self.messages.items()
            if self.cleaned_data.get(f"pick_{pk}")
        ]

    def clean(self):
        data = super().clean()
        picked = [pk for pk in self.messages if data.get(f"pick_{pk}")]
        if not picked:
            raise forms.ValidationError(_("Pick at least one key message."))
        for pk in picked:
            if not data.get(f"section_{pk}"):
                self.add_error(f"section_{pk}", _("Choose the section."))
        if (
            any(data.get(f"section_{pk}") == NEW_CHOICE for pk in picked)
            and not (data.get("new_section_title") or "").strip()
        ):
            self.add_error("new_section_title", _("Give the new section a heading."))
        return data
