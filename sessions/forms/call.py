"""Forms of the organisers' call page: the call's settings and its review criteria. Dates are
typed in the event's time zone (the view activates it); the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.enums import Language
from events.models import Event
from forum.forms import TranslatedFieldsMixin, shown_languages, translated_initial
from registrations.forms.setup import ServiceErrorFormMixin
from sessions.enums import PROPOSAL_FORMATS
from sessions.models import CallForProposals, ReviewCriterion, Track

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(ServiceErrorFormMixin, TranslatedFieldsMixin, forms.Form):
    opens_at = forms.DateTimeField(label=_("Opens"), widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        widget=DATETIME_WIDGET,
        help_text=_("Proposals can be changed until this minute, not at it."),
    )
    published = forms.BooleanField(
        label=_("Published"),
        required=False,
        help_text=_("Show the call on the event's public pages."),
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats offered"),
        choices=[(kind.value, kind.label) for kind in PROPOSAL_FORMATS],
        widget=forms.CheckboxSelectMultiple,
    )
    tracks = forms.ModelMultipleChoiceField(
        label=_("Tracks offered"),
        queryset=Track.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to offer every track."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages a side event may be held in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to offer every working language."),
    )
    max_per_organisation = forms.IntegerField(
        label=_("Proposals per organisation"),
        min_value=1,
        required=False,
        help_text=_("Most proposals one organisation may submit; empty for no limit."),
    )
    anonymise = forms.BooleanField(
        label=_("Anonymous review"),
        required=False,
        help_text=_("Reviewers do not see who proposes, co-organises or speaks."),
    )

    def __init__(self, *args, event: Event, call: CallForProposals | None = None, **kwargs):
        if call is not None:
            kwargs.setdefault("initial", self.initial_for(call))
        super().__init__(*args, **kwargs)
        self.add_translated(
            "guidelines",
            languages=shown_languages(event.languages, call, ("guidelines",)),
            make_field=lambda: forms.CharField(widget=forms.Textarea(attrs={"rows": 6})),
            label=_("Guidelines"),
            help_text=_("Who may apply, what the forum looks for, and how proposals are judged."),
        )
        self.fields["tracks"].queryset = Track.objects.filter(event=event).order_by("order", "pk")
        self.fields["languages"].choices = [
            (code, Language(code).label) for code in event.languages or []
        ]

    @staticmethod
    def initial_for(call: CallForProposals) -> dict:
        return {
            "opens_at": call.opens_at.replace(second=0, microsecond=0),
            "closes_at": call.closes_at.replace(second=0, microsecond=0),
            "published": call.published,
            "formats": list(call.formats),
            "tracks": list(call.tracks.all()),
            "languages": list(call.languages),
            "max_per_organisation": call.max_per_organisation,
            "anonymise": call.anonymise,
            **translated_initial(call, "guidelines"),
        }


class CriterionForm(ServiceErrorFormMixin, TranslatedFieldsMixin, forms.Form):
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=10, initial=1)

    def __init__(self, *args, event: Event, criterion: ReviewCriterion | None = None, **kwargs):
        if criterion is not None:
            kwargs.setdefault(
                "initial",
                {
                    "weight": criterion.weight,
                    **translated_initial(criterion, "name", "description"),
                },
            )
        super().__init__(*args, **kwargs)
        languages = shown_languages(event.languages, criterion, ("name", "description"))
        self.add_translated(
            "name",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=160),
            label=_("Criterion"),
            required=True,
        )
        self.add_translated(
            "description",
            languages=languages,
            make_field=lambda: forms.CharField(widget=forms.Textarea(attrs={"rows": 2})),
            label=_("What reviewers look for"),
        )
