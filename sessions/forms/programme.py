"""Organisers' forms for the programme's rooms, tracks and speakers: shape only; the services
in ``sessions.services.rooms`` and ``sessions.services.speakers`` decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.enums import WORKING_LANGUAGES, Language
from events.models import Team
from forum.errors import ServiceError
from forum.forms import SearchInput, TranslatedFieldsMixin, shown_languages
from sessions.enums import SpeakerInvitation
from sessions.forms.speakers import biography_field
from sessions.models.programme import validate_colour
from sessions.services.speakers import POSITION_MAX_LENGTH

DIRECTIONS = [("up", _("Move up")), ("down", _("Move down"))]


class ServiceErrorFormMixin:
    """Show a service's refusal on the field its code names, or above the form."""

    def add_service_error(self, error: ServiceError) -> None:
        field = error.code if error.code in self.fields else None
        self.add_error(field, str(error.message))


class NamedForm(ServiceErrorFormMixin, TranslatedFieldsMixin, forms.Form):
    """A room or track form: its name side by side in ``languages`` (``name_<code>``)."""

    name_max_length = 0

    def __init__(self, *args, languages: list[str], event=None, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated(
            "name",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=self.name_max_length),
            label=_("Name"),
            required=True,
        )
        # The name comes first, as it did when it was one field.
        self.order_fields([f"name_{code}" for code in self.translated["name"].codes])

    def values(self) -> dict:
        """The service's arguments: ``name`` as {code: text}, the other fields as cleaned."""
        values = {
            field: value
            for field, value in self.cleaned_data.items()
            if not field.startswith("name_")
        }
        values["name"] = self.texts("name")
        return values


class RoomForm(NamedForm):
    name_max_length = 120
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, help_text=_("Seats available."))
    has_booths = forms.BooleanField(label=_("Interpretation booths"), required=False)
    has_streaming = forms.BooleanField(
        label=_("Streaming equipment"),
        required=False,
        help_text=_("Cameras, screens and a link-up for speakers who join online."),
    )


class TrackForm(NamedForm):
    name_max_length = 160
    colour = forms.CharField(
        label=_("Colour"),
        max_length=7,
        validators=[validate_colour],
        help_text=_("A hex colour such as #0b5394, shown beside the track's sessions."),
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    review_teams = forms.ModelMultipleChoiceField(
        label=_("Review teams"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Teams whose members review the side-event proposals of this track. A reviewing "
            "team named on no track reviews every track."
        ),
    )

    def __init__(self, *args, languages: list[str], event=None, obj=None, **kwargs):
        super().__init__(*args, languages=languages, event=event, obj=obj, **kwargs)
        # Only this event's teams that review proposals; none to offer, no field.
        teams = list(Team.objects.filter(event=event, can_review_proposals=True).order_by("name"))
        field = self.fields["review_teams"]
        if not teams:
            del self.fields["review_teams"]
            return
        field.queryset = Team.objects.filter(pk__in=[team.pk for team in teams])
        field.choices = [(team.pk, team.name) for team in teams]
        if obj is not None and "review_teams" not in self.initial:
            self.initial["review_teams"] = [team.pk for team in obj.review_teams.all()]


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=DIRECTIONS)


class SpeakerForm(ServiceErrorFormMixin, TranslatedFieldsMixin, forms.Form):
    """A speaker's details; the position in the event's languages side by side (and in any
    other language it already has)."""

    honorific = forms.CharField(
        label=_("Honorific"), max_length=40, required=False, help_text=_("e.g. H.E., Mayor, Dr")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("For the invitation only; never shown publicly."),
    )
    language = forms.ChoiceField(
        label=_("Language for emails"),
        choices=[(code, Language(code).label) for code in WORKING_LANGUAGES],
        initial="en",
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated(
            "position",
            languages=shown_languages(event.languages, fields=("position",), initial=self.initial),
            make_field=lambda: forms.CharField(max_length=POSITION_MAX_LENGTH),
            label=_("Position"),
        )

    def details(self) -> dict:
        """What ``speaker_create``/``speaker_update`` take, the position as {code: text}."""
        data = self.cleaned_data
        return {
            "honorific": data["honorific"],
            "name": data["name"],
            "position": self.texts("position"),
            "organisation_name": data["organisation_name"],
            "email": data["email"],
            "language": data["language"],
        }


class SpeakerModerationForm(ServiceErrorFormMixin, TranslatedFieldsMixin, forms.Form):
    """What a speaker submitted, for an organiser to edit or empty: the biography in each
    language (a blank one clears it), the photo."""

    clear_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    note = forms.CharField(
        label=_("Why (kept in the history)"),
        max_length=500,
        help_text=_("Required: the history says who changed what the speaker submitted, and why."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated(
            "biography",
            languages=shown_languages(event.languages, fields=("biography",), initial=self.initial),
            make_field=lambda: biography_field(rows=6),
            label=_("Biography"),
            help_text=_("Edit or empty what the speaker submitted."),
        )


class SpeakerFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name, code, email or organisation."),
        widget=SearchInput,
    )
    invitation = forms.ChoiceField(
        label=_("Invitation"),
        required=False,
        choices=[("", _("Any state")), *SpeakerInvitation.choices],
    )


class SpeakerMergeForm(forms.Form):
    """Which of two records of one person stays (the view finds the two in the event)."""

    keep = forms.ChoiceField(label=_("Keep this record"), widget=forms.RadioSelect)

    def __init__(self, *args, speakers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (speaker.code, f"{speaker.display_name} ({speaker.code})") for speaker in speakers
        ]
