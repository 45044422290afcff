"""Organiser workspace forms: shape only; the services in events/services decide the rules."""

import zoneinfo

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.enums import Language, OrganisationKind
from events.models import Event, Organisation, Team, Venue
from events.models.event import MAX_EVENT_LANGUAGES
from events.rules import TEAM_PERMISSIONS
from forum.forms import LongSelect, PublicForm, SearchInput, TranslatedFieldsMixin, shown_languages

NEW_VENUE = "new"


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class EventSettingsForm(TranslatedFieldsMixin, PublicForm):
    """The event's settings; datetimes are read and shown in the event's own time zone.

    The name, tagline, description and the venue's name and directions are edited side by
    side in the event's languages (and any other they already have a text in). The working
    languages are check boxes plus the main language, which comes first.
    """

    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices, widget=LongSelect)
    main_language = forms.ChoiceField(
        label=_("Main language"),
        choices=Language.choices,
        help_text=_("Texts are shown in it when a reader's language has none."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Up to six, the main language included. Texts are written in each of them; "
            "the site's own labels stay in English, French or Spanish."
        ),
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

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        venue = event.venue if event.venue_id else None
        texts = shown_languages(event.languages, event, ("name", "tagline", "description"))
        self.add_translated(
            "name",
            languages=texts,
            make_field=lambda: forms.CharField(max_length=200),
            label=_("Name"),
            required=True,
        )
        self.add_translated(
            "tagline",
            languages=texts,
            make_field=lambda: forms.CharField(max_length=300),
            label=_("Tagline"),
        )
        self.add_translated(
            "description",
            languages=texts,
            make_field=lambda: forms.CharField(widget=forms.Textarea),
            label=_("Description"),
        )
        places = shown_languages(event.languages, venue, ("name", "directions"))
        self.add_translated(
            "venue_name",
            languages=places,
            make_field=lambda: forms.CharField(max_length=200),
            label=_("Venue name"),
            help_text=_("The chosen venue's name, or the new venue's."),
        )
        self.add_translated(
            "venue_directions",
            languages=places,
            make_field=lambda: forms.CharField(widget=forms.Textarea(attrs={"rows": 3})),
            label=_("Directions to the venue"),
            help_text=_("How to get there and find the entrance."),
        )
        self.fields["venue"].choices = [
            ("", _("No venue yet")),
            *((str(v.pk), str(v)) for v in Venue.objects.order_by("name_en", "city")),
            (NEW_VENUE, _("A new venue (fill in below)")),
        ]
        self.fields["venue_country"].choices = [("", "—"), *countries]

    def clean(self):
        data = super().clean()
        if data.get("venue") == NEW_VENUE and not (
            any(self.texts("venue_name").values())
            and data.get("venue_city")
            and data.get("venue_country")
        ):
            self.add_error("venue", _("A new venue needs a name, a city and a country."))
        if "main_language" in data and "languages" in data:
            data["languages"] = self._ordered_languages(data["main_language"], data["languages"])
            if len(data["languages"]) > MAX_EVENT_LANGUAGES:
                self.add_error(
                    "languages",
                    _("Choose at most %(max)d working languages.") % {"max": MAX_EVENT_LANGUAGES},
                )
        return data

    def _ordered_languages(self, main: str, chosen: list[str]) -> list[str]:
        """The main language, then the languages the event keeps in their order, then the
        languages added in the list's order."""
        kept = [code for code in self.event.languages if code in chosen and code != main]
        added = [code for code in chosen if code not in kept and code != main]
        return [main, *kept, *added]

    def chosen_venue(self) -> Venue | None:
        """The existing venue chosen (None for none); only when not NEW_VENUE."""
        value = self.cleaned_data.get("venue")
        return Venue.objects.get(pk=value) if value else None


# What a flag means beyond its label, where the label cannot say it all.
FLAG_HELP = {
    "can_review_proposals": _(
        "Members score the side-event proposals of the tracks this team is named on in the "
        "track editor; a team named on no track reviews every track."
    ),
}


def _flag_fields() -> dict[str, forms.BooleanField]:
    return {
        flag: forms.BooleanField(
            label=capfirst(Team._meta.get_field(flag).verbose_name),
            help_text=FLAG_HELP.get(flag, ""),
            required=False,
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


class AffiliationForm(PublicForm):
    """An organiser of the event and an organisation of the directory they belong to there."""

    member = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, widget=LongSelect)

    def __init__(self, *args, members, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [
            ("", "---------"),
            *((member.pk, member.get_full_name() or member.username) for member in members),
        ]
        self.fields["organisation"].choices = [
            ("", "---------"),
            *((organisation.pk, organisation.name) for organisation in organisations),
        ]


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
