"""Forms of the nomination letters: an upload (by an organiser or the registrant) and the
organisers' decisions. They check the shape; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from forum.forms import ModelMultipleIdChoiceField
from forum.uploads import allowed_types_text
from registrations.enums import LetterState
from registrations.models import NominationLetter
from registrations.selectors.credentials import QUEUE_ALL

LETTER_ACTIONS = ("verify", "reject", "verify_selected")


class LetterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Nomination letter"),
        error_messages={"required": _("Choose the letter to upload.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A signed letter or note verbale naming the person. Accepted: %(types)s."
        ) % {"types": allowed_types_text()}


class LetterDecisionForm(forms.Form):
    """Verify or reject one letter; a rejection's reason is required by the service."""

    action = forms.ChoiceField(choices=[(a, a) for a in LETTER_ACTIONS])
    letter = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (emailed to the people the letter names and to its sender)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    letters = ModelMultipleIdChoiceField(queryset=NominationLetter.objects.none(), required=False)
    # The registration page a decision was made from (its reference), to go back to.
    back = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letters"].queryset = NominationLetter.objects.filter(event=event).order_by(
            "pk"
        )

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "verify_selected" and not cleaned.get("letters"):
            raise forms.ValidationError(_("Select at least one letter."))
        if action in ("verify", "reject") and cleaned.get("letter") is None:
            raise forms.ValidationError(_("Choose a letter."))
        return cleaned


class LetterFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[*LetterState.choices, (QUEUE_ALL, _("All letters"))],
    )

    def state_chosen(self) -> str:
        if self.is_valid() and self.cleaned_data["state"]:
            return self.cleaned_data["state"]
        return LetterState.PENDING
