"""Forms of the partner access page: shape only; api.services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from api.enums import WebhookEventType
from forum.forms import PublicForm


class PartnerKeyForm(PublicForm):
    name = forms.CharField(
        label=_("Partner"),
        max_length=200,
        help_text=_("Who uses this key, e.g. City of Quito website."),
    )
    session_links = forms.BooleanField(
        label=_("May read the sessions' stream and recording links"),
        required=False,
        help_text=_(
            "Only for partners who show the webcasts to registered participants: these links "
            "are not public."
        ),
    )


class WebhookEndpointForm(PublicForm):
    name = forms.CharField(label=_("Partner"), max_length=200)
    # A plain text field: the service checks the address (public, http or https) and says why.
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://partner.example.org/forum-hook"}),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Event types"),
        choices=WebhookEventType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every type, including those added later."),
    )
