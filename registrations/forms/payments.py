"""Forms for payments, travel support, check-in and letter verification.

They validate shape and convert amounts to minor units; the services decide the rest.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.enums import TravelSupportOutcome
from registrations.forms.registration import PublicForm
from registrations.models import RegistrationCategory
from registrations.services.payments import amount_to_minor, minor_to_amount


class AmountField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal("0.001"))
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 3)
        super().__init__(**kwargs)


class RefundForm(forms.Form):
    payment = forms.IntegerField(widget=forms.HiddenInput)
    amount = AmountField(label=_("Amount to refund"))
    reason = forms.CharField(label=_("Reason"), max_length=500)
    cancel_registration = forms.BooleanField(
        label=_("Also cancel the registration (frees the seat)"), required=False
    )

    def minor_amount(self, currency: str) -> int:
        return amount_to_minor(self.cleaned_data["amount"], currency)


class BankTransferForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    amount = AmountField(label=_("Amount received"))
    note = forms.CharField(label=_("Note (bank statement line)"), max_length=300, required=False)

    def minor_amount(self, currency: str) -> int:
        return amount_to_minor(self.cleaned_data["amount"], currency)


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


class LetterVerifyForm(PublicForm):
    reference = forms.CharField(
        label=_("Letter reference"),
        max_length=40,
        help_text=_("As printed on the letter, e.g. VL-7KQ2M9XH4R."),
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


def amount_initial(minor: int, currency: str) -> Decimal:
    return minor_to_amount(minor, currency)
