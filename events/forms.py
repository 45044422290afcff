from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event


class EventAdminForm(forms.ModelForm):
    """Working languages as check boxes rather than raw JSON."""

    languages = forms.MultipleChoiceField(
        label=_("working languages"),
        choices=[("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            "name",
            "slug",
            "tagline",
            "description",
            "status",
            "host_city",
            "host_country",
            "venue",
            "start_date",
            "end_date",
            "timezone",
            "languages",
            "registration_opens_at",
            "registration_closes_at",
        ]
