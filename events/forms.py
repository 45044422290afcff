"""Organiser workspace forms: shape only; the services in events/services decide the rules."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.enums import OrganisationKind
from events.models import Organisation, Team, Venue
from events.rules import TEAM_PERMISSIONS
from forum.forms import LongSelect, PublicForm, SearchInput

NEW_VENUE = "new"


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class EventSettingsForm(PublicForm):
    """The event's settings; datetimes are read and shown in the event's own time zone."""

    name = forms.CharField(label=_("Name"), max_length=200)
    tagline = forms.CharField(label=_("Tagline"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices, widget=LongSelect)
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages kept keep their order; the first is the default."),
    )
    registration_opens_at = forms.DateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    venue = forms.ChoiceField(label=_("Venue"), required=False)
    venue_name = forms.CharField(label=_("New venue: name"), max_length=200, required=False)
    venue_city = forms.CharField(label=_("New venue: city"), max_length=120, required=False)
    venue_country = forms.ChoiceField(
        label=_("New venue: country"), required=False, widget=LongSelect
    )
    venue_address = forms.CharField(
        label=_("New venue: address"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    capacity = forms.IntegerField(
        label=_("Overall capacity"),
        min_value=0,
        required=False,
        help_text=_(
            "Seats for the whole event; empty for no overall limit. New seats go to the waiting list at once."
        ),
    )
    max_delegation_size = forms.IntegerField(label=_("Largest delegation"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].choices = [
            ("", _("No venue yet")),
            *((str(v.pk), str(v)) for v in Venue.objects.order_by("name_en", "city")),
            (NEW_VENUE, _("A new venue (fill in below)")),
        ]
        self.fields["venue_country"].choices = [("", "—"), *countries]

    def clean(self):
        data = super().clean()
        if data.get("venue") == NEW_VENUE and not (
            data.get("venue_name") and data.get("venue_city") and data.get("venue_country")
        ):
            self.add_error("venue_name", _("A new venue needs a name, a city and a country."))
        return data

    def chosen_venue(self) -> Venue | None:
        """The existing venue chosen (None for none); only when not NEW_VENUE."""
        value = self.cleaned_data.get("venue")
        return Venue.objects.get(pk=value) if value else None


def _flag_fields() -> dict[str, forms.BooleanField]:
    return {
        flag: forms.BooleanField(
            label=capfirst(Team._meta.get_field(flag).verbose_name), required=False
        )
        for flag in TEAM_PERMISSIONS
    }


class TeamFlagsForm(PublicForm):
    """The per-event permissions of one team."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_flag_fields())

    def flags(self) -> dict[str, bool]:
        return {flag: self.cleaned_data[flag] for flag in TEAM_PERMISSIONS}


class TeamCreateForm(TeamFlagsForm):
    name = forms.CharField(label=_("Team name"), max_length=120)


class InviteForm(PublicForm):
    email = forms.EmailField(label=_("Email address"))
    team = forms.TypedChoiceField(label=_("Team"), coerce=int)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(team.pk, team.name) for team in teams]


def _organisation_field(name: str) -> dict:
    field = Organisation._meta.get_field(name)
    return {"label": capfirst(field.verbose_name), "help_text": field.help_text}


class OrganisationFilterForm(forms.Form):
    """The directory's search box and kind filter."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name, short name, city or region, or country."),
        widget=SearchInput,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *OrganisationKind.choices],
    )


class OrganisationForm(PublicForm):
    """An organisation of the directory; its official domains only for those who may certify
    them (``certify_domains``), otherwise the field is left out and the page shows them."""

    name = forms.CharField(max_length=200, **_organisation_field("name"))
    short_name = forms.CharField(max_length=60, required=False, **_organisation_field("short_name"))
    kind = forms.ChoiceField(
        choices=[("", "—"), *OrganisationKind.choices], **_organisation_field("kind")
    )
    country = forms.ChoiceField(widget=LongSelect, **_organisation_field("country"))
    locality = forms.CharField(max_length=120, required=False, **_organisation_field("locality"))
    website = forms.URLField(
        max_length=200, required=False, assume_scheme="https", **_organisation_field("website")
    )
    official_domains = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        **_organisation_field("official_domains"),
    )

    def __init__(self, *args, certify_domains: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
        if not certify_domains:
            del self.fields["official_domains"]
