"""Forms behind a registrant's manage link: edit details, cancel, add delegation members,
change how they take part."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.forms import PublicForm
from registrations.enums import Participation
from registrations.forms.public import (
    ERROR_FIELDS,
    ParticipationChoiceMixin,
    RegistrationForm,
    participation_field,
)
from registrations.inputs import PersonDetails
from registrations.models import RegistrationCategory


class RegistrationEditForm(PublicForm):
    """What a registrant may change through their manage link."""

    EDITABLE = (
        "honorific",
        "given_name",
        "family_name",
        "position",
        "language",
        "spoken_languages",
        "interpretation_need",
        "dietary_needs",
        "accessibility_needs",
    )
    honorific = RegistrationForm.base_fields["honorific"]
    given_name = RegistrationForm.base_fields["given_name"]
    family_name = RegistrationForm.base_fields["family_name"]
    position = RegistrationForm.base_fields["position"]
    language = RegistrationForm.base_fields["language"]
    spoken_languages = RegistrationForm.base_fields["spoken_languages"]
    interpretation_need = RegistrationForm.base_fields["interpretation_need"]
    dietary_needs = RegistrationForm.base_fields["dietary_needs"]
    accessibility_needs = RegistrationForm.base_fields["accessibility_needs"]

    def clean_spoken_languages(self):
        return list(self.cleaned_data.get("spoken_languages") or [])

    def changes(self, registration) -> dict:
        return {
            f: (v.strip() if isinstance(v, str) else v)
            for f, v in self.cleaned_data.items()
            if getattr(registration, f) != v
        }


class DelegationMemberForm(ParticipationChoiceMixin, PublicForm):
    required_css_class = "required"
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=RegistrationCategory.objects.none(), empty_label=None
    )
    participation = participation_field()
    honorific = RegistrationForm.base_fields["honorific"]
    given_name = RegistrationForm.base_fields["given_name"]
    family_name = RegistrationForm.base_fields["family_name"]
    position = RegistrationForm.base_fields["position"]
    email = RegistrationForm.base_fields["email"]
    language = RegistrationForm.base_fields["language"]

    def __init__(self, *args, head, **kwargs):
        super().__init__(*args, **kwargs)
        # Through the event: each category has it at hand (its languages) without a query.
        self.fields["category"].queryset = head.event.categories.filter(
            models.Q(is_public=True, invitation_only=False) | models.Q(pk=head.category_id)
        )
        self.fields["category"].label_from_instance = lambda c: c.display_name

    def clean(self):
        return self.clean_participation_choice(super().clean())

    def add_service_error(self, error) -> None:
        self.add_error(ERROR_FIELDS.get(error.code), error.message)

    def person(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            honorific=data.get("honorific") or "",
            given_name=data["given_name"].strip(),
            family_name=data["family_name"].strip(),
            position=data.get("position", "").strip(),
            email=data["email"],
            language=data["language"],
        )


class CancelForm(PublicForm):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(label=_("Yes, cancel my registration"))


class ParticipationSwitchForm(PublicForm):
    """The mode a registrant moves to (the service decides whether a place is free)."""

    participation = forms.ChoiceField(choices=Participation.choices, widget=forms.HiddenInput)
