"""Forms of the proposer's pages: starting a proposal, and editing it through its secret link.

They check shape and build the service's inputs (``ProposalDetails``,
``ProposalSpeakerInput``); ``sessions.services.proposals`` decides everything else. Custom
questions are the registration questions' fields (``QuestionFieldsMixin``); their answers are
checked by ``answers_clean``, a blank required one only at submission.
"""

from datetime import date

from django import forms
from django.utils import formats as date_formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.enums import WORKING_LANGUAGES, Language, OrganisationKind
from events.models import Organisation
from forum.content import content_code
from forum.forms import LongSelect, PublicForm, TranslatedFieldsMixin, shown_languages
from forum.forms import translated_initial as texts_initial
from registrations.forms.questions import FIELD_PREFIX, QuestionFieldsMixin
from registrations.services.questions import AnswersRefused, answers_clean
from sessions.enums import SessionKind
from sessions.models import CallForProposals, Proposal
from sessions.services.proposals import (
    SPEAKERS_MAX,
    TITLE_MAX,
    ProposalDetails,
    ProposalSpeakerInput,
    call_days,
    call_languages,
)

# Which form field a service refusal belongs to when its code names none of the form's.
ERROR_FIELDS = {"title": "title", "abstract": "abstract"}


def _blank(value) -> bool:
    if isinstance(value, list | tuple):
        return not any((str(item) or "").strip() for item in value)
    return value is None or str(value).strip() == ""


def _organisations():
    return Organisation.objects.order_by("name", "pk")


class ProposerFieldsMixin:
    """The proposing organisation (the directory's, or a new one) and the contact person."""

    def add_proposer_fields(self) -> None:
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Your organisation"),
            queryset=_organisations(),
            required=False,
            widget=LongSelect,
            empty_label=_("Not in the list: a new organisation (fill in below)"),
        )
        self.fields["new_organisation_name"] = forms.CharField(
            label=_("New organisation: name"), max_length=200, required=False
        )
        self.fields["new_organisation_kind"] = forms.ChoiceField(
            label=_("New organisation: kind"),
            choices=[("", "—"), *OrganisationKind.choices],
            required=False,
        )
        self.fields["new_organisation_country"] = forms.ChoiceField(
            label=_("New organisation: country"),
            choices=[("", "—"), *countries],
            required=False,
            widget=LongSelect,
        )
        self.fields["new_organisation_website"] = forms.URLField(
            label=_("New organisation: website"), required=False, assume_scheme="https"
        )
        self.fields["contact_name"] = forms.CharField(label=_("Contact person"), max_length=200)
        self.fields["contact_position"] = forms.CharField(
            label=_("Position"), max_length=200, required=False
        )
        self.fields["contact_email"] = forms.EmailField(label=_("Email"))
        self.fields["contact_phone"] = forms.CharField(
            label=_("Phone"), max_length=40, required=False
        )
        self.fields["contact_language"] = forms.ChoiceField(
            label=_("Language for emails"),
            choices=[(code, Language(code).label) for code in WORKING_LANGUAGES],
            initial=content_code(get_language()) or "en",
        )

    def clean_proposer(self, data: dict) -> None:
        if not data.get("organisation") and not (data.get("new_organisation_name") or "").strip():
            self.add_error(
                "organisation",
                _("Choose your organisation in the directory, or name a new one below."),
            )

    def proposer_values(self) -> dict:
        data = self.cleaned_data
        organisation = data.get("organisation")
        values = {
            "organisation": organisation,
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_position": data.get("contact_position") or "",
            "contact_phone": data.get("contact_phone") or "",
            "contact_language": data["contact_language"],
        }
        if organisation is None:
            values.update(
                new_organisation_name=data.get("new_organisation_name") or "",
                new_organisation_kind=data.get("new_organisation_kind") or "",
                new_organisation_country=data.get("new_organisation_country") or "",
                new_organisation_website=data.get("new_organisation_website") or "",
            )
        return values

    def add_service_error(self, exc) -> None:
        field = ERROR_FIELDS.get(exc.code, exc.code)
        group = getattr(self, "translated", {}).get(field)
        if group is not None and group.codes:
            field = f"{field}_{group.codes[0]}"
        self.add_error(field if field in self.fields else None, exc.message)


class ProposalLinkForm(PublicForm):
    """Asking for a new secret link: the contact's email address."""

    email = forms.EmailField(label=_("Contact email of your proposal"), max_length=254)


class ProposalStartForm(ProposerFieldsMixin, PublicForm):
    """Who proposes: enough to create the draft and email its secret link."""

    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_proposer_fields()

    def clean(self):
        data = super().clean()
        self.clean_proposer(data)
        return data

    def details(self) -> ProposalDetails:
        return ProposalDetails(**self.proposer_values())


class ProposalForm(ProposerFieldsMixin, QuestionFieldsMixin, TranslatedFieldsMixin, PublicForm):
    """Every field of a proposal, its title and abstract side by side in the call's languages,
    and the call's questions."""

    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(
        self,
        *args,
        call: CallForProposals,
        proposal: Proposal,
        tracks,
        questions,
        answers,
        co_organisers,
        **kwargs,
    ):
        if not args or args[0] is None:
            kwargs.setdefault("initial", self.initial_for(proposal, co_organisers))
        super().__init__(*args, **kwargs)
        event = call.event
        self.call = call
        self.add_proposer_fields()
        languages = shown_languages(
            call_languages(call) or event.languages, proposal, ("title", "abstract")
        )
        self.add_translated(
            "title",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=TITLE_MAX),
            label=_("Title"),
            required=False,
        )
        self.add_translated(
            "abstract",
            languages=languages,
            make_field=lambda: forms.CharField(widget=forms.Textarea(attrs={"rows": 6})),
            label=_("Abstract"),
            help_text=_("What the side event is about, who speaks and who should come."),
        )
        self.fields["format"] = forms.ChoiceField(
            label=_("Format"),
            choices=[("", "—"), *((v, SessionKind(v).label) for v in call.formats or [])],
            required=False,
        )
        self.fields["track"] = forms.ModelChoiceField(
            label=_("Track"), queryset=None, required=False
        )
        self.fields["track"].queryset = event.tracks.order_by("order", "pk").filter(
            pk__in=[track.pk for track in tracks]
        )
        self.fields["track"].label_from_instance = lambda track: track.name
        self.fields["languages"] = forms.MultipleChoiceField(
            label=_("Languages spoken"),
            choices=[(code, Language(code).label) for code in call_languages(call)],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["interpretation_languages"] = forms.MultipleChoiceField(
            label=_("Interpretation needed into"),
            choices=[(code, Language(code).label) for code in event.languages or []],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["expected_attendance"] = forms.IntegerField(
            label=_("Expected attendance"), min_value=1, required=False
        )
        self.fields["preferred_days"] = forms.MultipleChoiceField(
            label=_("Preferred days"),
            choices=[
                (day.isoformat(), date_formats.date_format(day, "l j F Y"))
                for day in call_days(call)
            ],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["co_organisers"] = forms.ModelMultipleChoiceField(
            label=_("Co-organisers in the directory"),
            queryset=_organisations(),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
        self.fields["other_co_organisers"] = forms.CharField(
            label=_("Other co-organisers"),
            max_length=500,
            required=False,
            help_text=_("Co-organisers not in the directory, separated by commas."),
        )
        self.add_questions(questions, answers=answers)

    @staticmethod
    def initial_for(proposal: Proposal, co_organisers) -> dict:
        return {
            "organisation": proposal.organisation_id,
            "new_organisation_name": proposal.new_organisation_name,
            "new_organisation_kind": proposal.new_organisation_kind,
            "new_organisation_country": proposal.new_organisation_country,
            "new_organisation_website": proposal.new_organisation_website,
            "contact_name": proposal.contact_name,
            "contact_position": proposal.contact_position,
            "contact_email": proposal.contact_email,
            "contact_phone": proposal.contact_phone,
            "contact_language": proposal.contact_language,
            "format": proposal.format,
            "track": proposal.track_id,
            "languages": list(proposal.languages),
            "interpretation_languages": list(proposal.interpretation_languages),
            "expected_attendance": proposal.expected_attendance,
            "preferred_days": list(proposal.preferred_days),
            "co_organisers": [o.pk for o in co_organisers],
            "other_co_organisers": proposal.other_co_organisers,
            **texts_initial(proposal, "title", "abstract"),
        }

    def clean(self):
        data = super().clean()
        self.clean_proposer(data)
        raw = {q.pk: data.get(f"{FIELD_PREFIX}{q.pk}") for q in self.questions}
        # A draft may leave any question blank (cleared); the submission checks required ones.
        answered = [q for q in self.questions if not _blank(raw[q.pk])]
        try:
            self.answers = answers_clean(answered, raw)
        except AnswersRefused as exc:
            self.answers = {}
            for pk, message in exc.errors.items():
                self.add_error(f"{FIELD_PREFIX}{pk}", message)
        else:
            self.answers.update({q.pk: None for q in self.questions if q not in answered})
        return data

    def details(self) -> ProposalDetails:
        data = self.cleaned_data
        return ProposalDetails(
            **self.proposer_values(),
            co_organisers=tuple(data.get("co_organisers") or ()),
            other_co_organisers=data.get("other_co_organisers") or "",
            title=self.texts("title"),
            abstract=self.texts("abstract"),
            format=data.get("format") or "",
            track=data.get("track"),
            languages=tuple(data.get("languages") or ()),
            interpretation_languages=tuple(data.get("interpretation_languages") or ()),
            expected_attendance=data.get("expected_attendance"),
            preferred_days=tuple(date.fromisoformat(d) for d in data.get("preferred_days") or ()),
        )


class SpeakerForm(PublicForm):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


SpeakerFormSet = forms.formset_factory(
    SpeakerForm, extra=2, max_num=SPEAKERS_MAX, validate_max=True, absolute_max=SPEAKERS_MAX
)


def speaker_formset(data, *, speakers) -> forms.BaseFormSet:
    """The proposed speakers, each a row (blank rows are left out), two blank rows to add."""
    initial = [
        {
            "name": s.name,
            "position": s.position,
            "organisation_name": s.organisation_name,
            "email": s.email,
        }
        for s in speakers
    ]
    return SpeakerFormSet(data, initial=initial, prefix="speakers")


def speaker_inputs(formset) -> list[ProposalSpeakerInput]:
    return [
        ProposalSpeakerInput(
            name=form.cleaned_data.get("name") or "",
            position=form.cleaned_data.get("position") or "",
            organisation_name=form.cleaned_data.get("organisation_name") or "",
            email=form.cleaned_data.get("email") or "",
        )
        for form in formset
        if form.cleaned_data
    ]
