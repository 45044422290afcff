"""Forms of the public site: registering, asking for a new manage link, checking a letter.

They validate shape only; the services decide state, capacity and every rule (the
registration form shows the service's rules on its fields, ``details_refusals``).
"""

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField as _CountryModelField

from events.enums import Language
from events.models import Organisation
from forum.forms import LongSelect, PublicForm
from registrations.enums import Honorific, InterpretationNeed, Participation
from registrations.forms.questions import QuestionFieldsMixin
from registrations.inputs import PersonDetails
from registrations.models import RegistrationCategory
from registrations.selectors.questions import question_list
from registrations.services.registrations import (
    RegistrationError,
    details_refusals,
    online_not_offered,
)

# --- Public registration ----------------------------------------------------------------------

# Which form field a service refusal belongs to (None: the whole form).
ERROR_FIELDS = {
    "invitation_invalid": "invitation_code",
    "invitation_expired": "invitation_code",
    "invitation_used": "invitation_code",
    "invitation_category": "invitation_code",
    "invitation_required": "invitation_code",
    "full": "category",
    "category": "category",
    "online_not_offered": "participation",
    "participation": "participation",
    "visa_letter_not_offered": "visa_letter_requested",
    "visa_letter_online": "visa_letter_requested",
    "passport_number_required": "passport_number",
    "passport_expiry_required": "passport_expiry",
    "passport_expiry_too_early": "passport_expiry",
    "date_of_birth_required": "date_of_birth",
    "date_of_birth_implausible": "date_of_birth",
    "travel_support_reason_required": "travel_support_reason",
    "head_organisation": "head_of_delegation",
}

FORM_STAMP_SALT = "events.registration.form-started"
SUBMISSION_KEY_SALT = "events.registration.submission-key"


def participation_field() -> forms.ChoiceField:
    """How the person takes part; shown only where a category offered on the form offers
    online places (``offers_online``); absent from a post, in person."""
    return forms.ChoiceField(
        label=_("How will you take part?"),
        choices=Participation.choices,
        initial=Participation.IN_PERSON,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Online participants follow the sessions through the links we send them."),
    )


class ParticipationChoiceMixin:
    """A form with a ``category`` and a ``participation_field()`` (and ``add_service_error``):
    asks how the person takes part where a category it offers has online places, and refuses
    online for a category without them, on the field, as the service would."""

    @cached_property
    def offers_online(self) -> bool:
        """A category this form offers may be followed online (then it asks how the person
        takes part). Read only when the fields are rendered."""
        return self.fields["category"].queryset.filter(online_offered=True).exists()

    def participation(self) -> str:
        """The mode chosen (in person when the form did not ask)."""
        return self.cleaned_data.get("participation") or Participation.IN_PERSON

    def clean_participation_choice(self, data: dict) -> dict:
        category = data.get("category")
        if (
            self.participation() == Participation.ONLINE
            and category is not None
            and not category.online_offered
        ):
            self.add_service_error(online_not_offered(category))
        return data


class PersonRulesMixin(ParticipationChoiceMixin, QuestionFieldsMixin):
    """A form registering a person (``person()``, ``add_service_error()``, ``event``): the
    service's rules of their details, the mode they take part in and the answers to the
    questions of the chosen category, shown all at once on their fields; the rules themselves
    live in the services."""

    def clean_person(self, data: dict) -> dict:
        self.clean_participation_choice(data)
        if not data.get("visa_letter_requested"):
            data.update(passport_number="", passport_expiry=None, date_of_birth=None)
        for refusal in details_refusals(
            self.person(),
            event=self.event,
            category=data.get("category"),
            today=timezone.now().date(),
            participation=self.participation(),
        ):
            self.add_service_error(refusal)
        self.clean_questions(category=data.get("category"))
        return data


class RegistrationForm(PersonRulesMixin, PublicForm):
    """The public form: validates shape only; the service decides state and capacity. The
    event's own questions follow the fixed fields (``QuestionFieldsMixin``)."""

    required_css_class = "required"
    error_css_class = "has-error"

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=RegistrationCategory.objects.none(), empty_label=None
    )
    invitation_code = forms.CharField(
        label=_("Invitation code"),
        required=False,
        max_length=64,
        help_text=_("Needed for categories by invitation only."),
    )
    participation = participation_field()
    honorific = forms.ChoiceField(label=_("Honorific"), choices=Honorific.choices, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    position = forms.CharField(
        label=_("Position"), max_length=200, required=False, help_text=_("e.g. Mayor of Quito")
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("Pick your organisation from the list, or type its full name."),
        widget=forms.TextInput(attrs={"list": "organisation-list", "autocomplete": "organization"}),
    )
    head_of_delegation = forms.BooleanField(
        label=_("I lead my organisation’s delegation and will register its members"),
        required=False,
        help_text=_(
            "The organisers confirm it before you can register members or endorse statements "
            "for your organisation."
        ),
    )
    email = forms.EmailField(label=_("Email"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language for our emails"), choices=settings.LANGUAGES, initial="en"
    )
    nationality = _CountryModelField().formfield(
        label=_("Nationality"), required=False, widget=LongSelect
    )
    spoken_languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interpretation_need = forms.ChoiceField(
        label=_("Interpretation"), choices=InterpretationNeed.choices, required=False
    )
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), max_length=300, required=False
    )
    visa_letter_requested = forms.BooleanField(
        label=_("I need a visa invitation letter"), required=False
    )
    passport_number = forms.CharField(label=_("Passport number"), max_length=40, required=False)
    passport_expiry = forms.DateField(
        label=_("Passport expiry date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    travel_support_requested = forms.BooleanField(
        label=_("I request travel support"), required=False
    )
    travel_support_reason = forms.CharField(
        label=_("Why travel support is needed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers process my data to run the forum, as the privacy "
            "notice explains."
        )
    )
    # Spam protection: a field people never see, and a signed time the form was shown.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_started = forms.CharField(widget=forms.HiddenInput)
    # One random key per rendered form: posting the same form twice registers once.
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, event, invitation=None, **kwargs):
        self.event = event
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("form_started", signing.dumps(time.time(), salt=FORM_STAMP_SALT))
        initial.setdefault(
            "submission_key", signing.dumps(secrets.token_urlsafe(24), salt=SUBMISSION_KEY_SALT)
        )
        if invitation is not None:
            initial.setdefault("category", invitation.category_id)
        super().__init__(*args, **kwargs)
        offered = models.Q(is_public=True)
        if invitation is not None:
            offered |= models.Q(pk=invitation.category_id)
        # Through the event: each category has it at hand (its languages) without a query.
        self.fields["category"].queryset = event.categories.filter(offered)
        self.fields["category"].label_from_instance = lambda c: c.display_name
        self.add_questions(question_list(event=event, active_only=True))

    @cached_property
    def organisations(self) -> list[str]:
        """Names for the datalist; read only when the fields are rendered (not from cache)."""
        return list(Organisation.objects.order_by("name").values_list("name", flat=True))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."), code="honeypot")
        return ""

    def clean_submission_key(self) -> str:
        """The form's random key ("" from a page rendered before keys existed)."""
        value = self.cleaned_data.get("submission_key") or ""
        if not value:
            return ""
        try:
            key = signing.loads(value, salt=SUBMISSION_KEY_SALT)
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                _("This form has expired. Please reload the page and submit it again."),
                code="stale",
            ) from exc
        if not isinstance(key, str) or not 0 < len(key) <= 64:
            raise forms.ValidationError(
                _("This form has expired. Please reload the page and submit it again."),
                code="stale",
            )
        return key

    def clean_form_started(self):
        try:
            started = signing.loads(
                self.cleaned_data["form_started"], salt=FORM_STAMP_SALT, max_age=24 * 3600
            )
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                _("This form has expired. Please reload the page and submit it again."),
                code="stale",
            ) from exc
        if time.time() - float(started) < settings.FORUM_REGISTRATION_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your answers and submit again."), code="fast"
            )
        return started

    def clean_spoken_languages(self):
        return list(self.cleaned_data.get("spoken_languages") or [])

    def clean(self):
        return self.clean_person(super().clean())

    def add_service_error(self, error: RegistrationError) -> None:
        """Show a service's refusal on the field it concerns (the whole form if none)."""
        self.add_error(ERROR_FIELDS.get(error.code), error.message)

    def matched_organisation(self) -> Organisation | None:
        name = (self.cleaned_data.get("organisation_name") or "").strip()
        return Organisation.objects.filter(name__iexact=name).first() if name else None

    def person(self) -> PersonDetails:
        """The registration fields the service stores, from cleaned data (fields that did
        not clean are empty, so ``clean`` can judge the rest)."""
        data = self.cleaned_data
        organisation = self.matched_organisation()
        return PersonDetails(
            honorific=data.get("honorific") or "",
            given_name=data.get("given_name", "").strip(),
            family_name=data.get("family_name", "").strip(),
            position=data.get("position", "").strip(),
            organisation=organisation,
            organisation_name_new="" if organisation else data.get("organisation_name", "").strip(),
            email=data.get("email", ""),
            language=data.get("language", ""),
            nationality=data.get("nationality") or "",
            spoken_languages=data.get("spoken_languages", []),
            interpretation_need=data.get("interpretation_need") or "",
            dietary_needs=data.get("dietary_needs", "").strip(),
            accessibility_needs=data.get("accessibility_needs", "").strip(),
            visa_letter_requested=bool(data.get("visa_letter_requested")),
            passport_number=data.get("passport_number") or "",
            passport_expiry=data.get("passport_expiry"),
            date_of_birth=data.get("date_of_birth"),
            travel_support_requested=bool(data.get("travel_support_requested")),
            travel_support_reason=(data.get("travel_support_reason") or "").strip()
            if data.get("travel_support_requested")
            else "",
        )


class ResendLinkForm(PublicForm):
    email = forms.EmailField(label=_("Email you registered with"), max_length=254)


class LetterVerifyForm(PublicForm):
    reference = forms.CharField(
        label=_("Letter reference"),
        max_length=40,
        help_text=_("As printed on the letter, e.g. VL-7KQ2M9XH4R."),
    )
