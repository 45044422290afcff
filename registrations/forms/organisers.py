"""Forms of the organiser pages: decisions, erasure, travel support, check-in, badges."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from forum.forms import ModelMultipleIdChoiceField
from registrations.enums import TravelSupportOutcome
from registrations.models import Registration, RegistrationCategory
from registrations.selectors.registrations import registration_list_for_organiser

ACTIONS = {
    "approve": _("Approve"),
    "reject": _("Reject"),
    "cancel": _("Cancel"),
}


class RegistrationActionForm(forms.Form):
    action = forms.ChoiceField(choices=list(ACTIONS.items()))
    message = forms.CharField(
        label=_("Message to include in the email (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BulkActionForm(RegistrationActionForm):
    registrations = ModelMultipleIdChoiceField(
        queryset=Registration.objects.none(),
        error_messages={"required": _("Select at least one registration.")},
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = registration_list_for_organiser(event=event)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that the passport, date of birth, dietary, accessibility and "
            "travel-support answers of this registration will be erased for good."
        ),
        required=True,
    )


class TravelSupportForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=TravelSupportOutcome.choices, widget=forms.RadioSelect
    )
    covers_fee = forms.BooleanField(label=_("Waive the fee"), required=False)
    covers_flight = forms.BooleanField(label=_("Flight"), required=False)
    covers_accommodation = forms.BooleanField(label=_("Accommodation"), required=False)
    covers_per_diem = forms.BooleanField(label=_("Per diem"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckInForm(forms.Form):
    secret = forms.CharField(
        label=_("Ticket code"),
        max_length=200,
        help_text=_("Scan the badge's QR code or type the code printed under it."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class BadgeSheetForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=RegistrationCategory.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = RegistrationCategory.objects.filter(event=event)
        self.fields["category"].label_from_instance = lambda c: c.display_name
