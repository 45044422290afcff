"""Organisers' payment forms: refunds and bank transfers, amounts in minor units."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.services.fees import amount_to_minor, minor_to_amount


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


def amount_initial(minor: int, currency: str) -> Decimal:
    return minor_to_amount(minor, currency)
