"""Forms validate shape only; the services decide (states, duplicates, who may endorse)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.enums import WORKING_LANGUAGES, OrganisationKind
from events.models import Organisation
from forum.forms import LongSelect, PublicForm
from outcomes.models import StatementVersion
from registrations.enums import Honorific


class TextsMixin(forms.Form):
    text_en = forms.CharField(
        label=_("Text in English (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Start each section with a heading line, e.g. “## Our commitments”."),
    )
    text_fr = forms.CharField(
        label=_("Text in French (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    text_es = forms.CharField(
        label=_("Text in Spanish (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"text_{code}"] for code in WORKING_LANGUAGES}

    def clean(self):
        data = super().clean()
        if not any((data.get(f"text_{c}") or "").strip() for c in WORKING_LANGUAGES):
            raise forms.ValidationError(_("Write the text in at least one language."))
        return data


class SettingsMixin(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    endorsing_kinds = forms.MultipleChoiceField(
        label=_("Who may endorse"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.REGIONAL_AUTHORITY],
    )
    requires_approval = forms.BooleanField(
        label=_("Every endorsement needs an organiser’s approval before it is public"),
        required=False,
        initial=True,
        help_text=_(
            "Endorsements not proven by an official email domain or a confirmed head of "
            "delegation always need it."
        ),
    )


class StatementCreateForm(SettingsMixin, TextsMixin):
    slug = forms.SlugField(
        label=_("Slug"), max_length=80, help_text=_("Used in the address, e.g. quito-local-agenda.")
    )
    field_order = ["title", "slug", "summary", "endorsing_kinds", "requires_approval"]


class StatementSettingsForm(SettingsMixin):
    pass


class VersionForm(TextsMixin):
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class AdoptForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Version to adopt"), queryset=StatementVersion.objects.none(), empty_label=None
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = statement.versions.order_by("-number")
        self.fields["version"].label_from_instance = lambda v: (
            _("Version %(number)s") % {"number": v.number}
        )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(PublicForm):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(PublicForm):
    section = forms.CharField(widget=forms.HiddenInput, max_length=120)
    body = forms.CharField(
        label=_("Your comment on this section"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SignatoryForm(PublicForm):
    required_css_class = "required"

    honorific = forms.ChoiceField(label=_("Honorific"), choices=Honorific.choices, required=False)
    signatory_name = forms.CharField(label=_("Name of the signatory"), max_length=200)
    signatory_title = forms.CharField(
        label=_("Title of the signatory"),
        max_length=200,
        help_text=_("For instance “Mayor of Quezon City”."),
    )


class DelegationEndorseForm(SignatoryForm):
    authorised = forms.BooleanField(
        label=_("I am authorised to endorse this statement on behalf of my organisation")
    )


class PublicEndorseForm(SignatoryForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        widget=LongSelect,
        help_text=_("Only organisations of the kinds invited to endorse are listed."),
    )
    email = forms.EmailField(
        label=_("Email of the signatory"),
        max_length=254,
        help_text=_(
            "We send a link to confirm the endorsement; the address is never published. Use "
            "your organisation’s official address: from any other, the organisers check the "
            "endorsement before it counts."
        ),
    )
    language = forms.ChoiceField(label=_("Language for our emails"), choices=settings.LANGUAGES)
    authorised = forms.BooleanField(
        label=_("I am authorised to endorse this statement on behalf of this organisation")
    )
    field_order = ["organisation", "honorific", "signatory_name", "signatory_title", "email"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        # LongSelect renders choices itself: name and country, read once.
        field.widget.choices = [("", "—")] + [
            (o.pk, f"{o.name} ({o.country.name})") for o in organisations.only("name", "country")
        ]
