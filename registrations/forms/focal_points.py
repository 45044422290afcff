"""Forms of the focal point's page (registering, withdrawing, sending a letter) and of the
organisers' page of one organisation (designating focal points, quotas). They check shape
only; the services decide, and their refusals are shown on the field their code names."""

import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from forum.forms import PublicForm
from registrations.forms.public import (
    ERROR_FIELDS,
    SUBMISSION_KEY_SALT,
    PersonRulesMixin,
    RegistrationForm,
    participation_field,
)
from registrations.inputs import PersonDetails
from registrations.models import FocalPoint, RegistrationCategory
from registrations.selectors.questions import question_list
from registrations.services.registrations import (
    FOCAL_POINT_CATEGORIES,
    RegistrationError,
)

# The public form's fields a focal point fills in for someone (same labels and checks).
_SHARED = RegistrationForm.base_fields

# Which field a service refusal belongs to on the focal point's forms (None: the whole form).
FOCAL_POINT_ERROR_FIELDS = {
    **ERROR_FIELDS,
    "quota": "category",
    "full": "category",
    "category": "category",
    "registrations": "registrations",
    "file": "file",
}


class FocalPointRegistrationForm(PersonRulesMixin, PublicForm):
    """A person the focal point registers on their organisation's behalf.

    Offers every category of the event that is public or by invitation only (the organiser
    who designated the focal point vouches for them as an invitation would). Custom questions
    add their fields to this form; ``person()`` returns what the registration service stores.
    """

    required_css_class = "required"
    error_css_class = "has-error"

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=RegistrationCategory.objects.none(), empty_label=None
    )
    participation = participation_field()
    honorific = _SHARED["honorific"]
    given_name = _SHARED["given_name"]
    family_name = _SHARED["family_name"]
    position = _SHARED["position"]
    email = forms.EmailField(label=_("Their email"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language for their emails"), choices=settings.LANGUAGES, initial="en"
    )
    nationality = _SHARED["nationality"]
    visa_letter_requested = forms.BooleanField(
        label=_("They need a visa invitation letter"), required=False
    )
    passport_number = _SHARED["passport_number"]
    passport_expiry = _SHARED["passport_expiry"]
    date_of_birth = _SHARED["date_of_birth"]
    consent = forms.BooleanField(
        label=_(
            "This person agrees that the organisers process their data to run the forum, as "
            "the privacy notice explains."
        )
    )
    submission_key = _SHARED["submission_key"]
    clean_submission_key = RegistrationForm.clean_submission_key

    def __init__(self, *args, focal_point: FocalPoint, **kwargs):
        self.focal_point = focal_point
        self.event = focal_point.event
        initial = kwargs.setdefault("initial", {})
        initial.setdefault(
            "submission_key", signing.dumps(secrets.token_urlsafe(24), salt=SUBMISSION_KEY_SALT)
        )
        super().__init__(*args, **kwargs)
        # Through the event: each category has it at hand (its languages) without a query.
        self.fields["category"].queryset = self.event.categories.filter(FOCAL_POINT_CATEGORIES)
        self.fields["category"].label_from_instance = lambda c: c.display_name
        self.add_questions(question_list(event=self.event, active_only=True))

    @property
    def person_fields(self):
        """The visible fields about the person (the questions are shown after them; how
        they take part only where a category offers online places)."""
        questions = {field.name for field in self.question_fields}
        if not self.offers_online:
            questions.add("participation")
        return [field for field in self.visible_fields() if field.name not in questions]

    def clean(self):
        return self.clean_person(super().clean())

    def add_service_error(self, error: RegistrationError) -> None:
        field = FOCAL_POINT_ERROR_FIELDS.get(error.code)
        self.add_error(field if field in self.fields else None, error.message)

    def person(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            honorific=data.get("honorific") or "",
            given_name=data.get("given_name", "").strip(),
            family_name=data.get("family_name", "").strip(),
            position=data.get("position", "").strip(),
            organisation=self.focal_point.organisation,
            email=data.get("email", ""),
            language=data.get("language", ""),
            nationality=data.get("nationality") or "",
            visa_letter_requested=bool(data.get("visa_letter_requested")),
            passport_number=data.get("passport_number") or "",
            passport_expiry=data.get("passport_expiry"),
            date_of_birth=data.get("date_of_birth"),
        )


class WithdrawForm(PublicForm):
    reference = forms.CharField(widget=forms.HiddenInput, max_length=20)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class LetterForm(PublicForm):
    """A nomination letter naming some of the organisation's active registrations."""

    file = forms.FileField(label=_("Letter"))
    registrations = forms.MultipleChoiceField(
        label=_("People it nominates"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = {r.reference: r for r in registrations}
        self.fields["registrations"].choices = [
            (r.reference, f"{r.full_name} ({r.reference})") for r in registrations
        ]

    def chosen(self) -> list:
        return [self.registrations[ref] for ref in self.cleaned_data["registrations"]]

    def add_service_error(self, error) -> None:
        field = FOCAL_POINT_ERROR_FIELDS.get(error.code, "file")
        self.add_error(field if field in self.fields else None, error.message)


# --- organisers --------------------------------------------------------------------------------


class FocalPointDesignateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language for emails"), choices=settings.LANGUAGES, initial="en"
    )

    def add_service_error(self, exc) -> None:
        self.add_error(exc.code if exc.code in self.fields else None, exc.message)


class QuotaForm(forms.Form):
    """One organisation's own quota per category; empty: the category's default applies."""

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = cells
        for cell in cells:
            name = f"quota_{cell.category.pk}"
            self.fields[name] = forms.IntegerField(
                label=cell.category.display_name,
                required=False,
                min_value=0,
                initial=cell.own_quota,
                help_text=(
                    _("Default: %(quota)s") % {"quota": cell.category.organisation_quota}
                    if cell.category.organisation_quota is not None
                    else _("Default: no limit")
                ),
            )

    def limits(self) -> dict:
        """{category: limit or None} for the categories whose own quota changed."""
        return {
            cell.category: self.cleaned_data[f"quota_{cell.category.pk}"]
            for cell in self.cells
            if self.cleaned_data[f"quota_{cell.category.pk}"] != cell.own_quota
        }
