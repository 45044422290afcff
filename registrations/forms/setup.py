"""Forms of the organisers' registration set-up pages. They check shape only; the services in
``registrations.services.categories`` and ``invitations`` decide, and their error codes are
mapped to fields here."""

import csv
import io

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from events.models import Event, Organisation
from forum.forms import TranslatedFieldsMixin, shown_languages, translated_initial
from registrations.enums import InvitationKind
from registrations.models import RegistrationCategory
from registrations.selectors.registrations import category_choices_for_event
from registrations.services.categories import CategoryDetails
from registrations.services.invitations import BULK_MAX_ROWS, InviteeRow

# An uploaded list of invitees is read whole into memory: a few hundred kilobytes is plenty.
UPLOAD_MAX_BYTES = 512 * 1024
CSV_COLUMNS = ("email", "name", "organisation")


class ServiceErrorFormMixin:
    """Show a service's refusal on the field its code names (else on the whole form)."""

    def add_service_error(self, exc) -> None:
        field = exc.code if exc.code in self.fields else None
        self.add_error(field, exc.message)


def _category_choices(field: forms.ModelChoiceField, *, event: Event) -> None:
    """Offer and accept only the event's categories: another event's category id gets the
    same "Select a valid choice" error as an id that does not exist, so the form never tells
    which ids exist elsewhere."""
    field.queryset = category_choices_for_event(event=event).select_related("event")
    field.label_from_instance = lambda category: category.display_name


class CategoryForm(ServiceErrorFormMixin, TranslatedFieldsMixin, forms.Form):
    """A category; its name and description side by side in the event's languages (and any
    other the category already has a text in)."""

    capacity = forms.IntegerField(
        label=_("Capacity"), required=False, help_text=_("Leave empty for no limit.")
    )
    fee = forms.DecimalField(label=_("Fee"), max_digits=10, decimal_places=2, initial=0)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    visa_letter_offered = forms.BooleanField(
        label=_("Visa invitation letter offered"), required=False
    )
    invitation_only = forms.BooleanField(label=_("By invitation only"), required=False)
    is_public = forms.BooleanField(
        label=_("Offered on the public form"), required=False, initial=True
    )
    organisation_quota = forms.IntegerField(
        label=_("Quota per organisation"),
        required=False,
        min_value=0,
        help_text=_(
            "At most this many people per organisation; organisations may get their own quota "
            "on their page. Leave empty for no limit. A lower quota cancels nobody: it only "
            "refuses new registrations."
        ),
    )
    requires_nomination_letter = forms.BooleanField(
        label=_("Requires a nomination letter"), required=False
    )
    online_offered = forms.BooleanField(
        label=_("Online participation offered"),
        required=False,
        help_text=_("Registrants may choose to follow the forum online."),
    )
    online_capacity = forms.IntegerField(
        label=_("Online places"),
        required=False,
        min_value=0,
        help_text=_(
            "Apart from the in-person capacity; only with online participation offered. Leave "
            "empty for no limit. More places go to the online waiting list at once."
        ),
    )

    def __init__(self, *args, event: Event, category: RegistrationCategory | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        languages = shown_languages(event.languages, category, ("name", "description"))
        self.add_translated(
            "name",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=120),
            label=_("Name"),
            required=True,
        )
        self.add_translated(
            "description",
            languages=languages,
            make_field=lambda: forms.CharField(widget=forms.Textarea(attrs={"rows": 3})),
            label=_("Description"),
        )

    @property
    def plain_fields(self) -> list:
        """The bound fields that are not a language of a translated text."""
        texts = {
            f"{group.name}_{code}" for group in self.translated.values() for code in group.codes
        }
        return [field for field in self if field.name not in texts]

    @classmethod
    def initial_for(cls, category: RegistrationCategory) -> dict:
        return {
            **{name: getattr(category, name) for name in cls.base_fields},
            **translated_initial(category, "name", "description"),
        }

    def details(self) -> CategoryDetails:
        data = self.cleaned_data
        return CategoryDetails(
            name=self.texts("name"),
            description=self.texts("description"),
            fee=data["fee"],
            currency=data["currency"],
            visa_letter_offered=data["visa_letter_offered"],
            invitation_only=data["invitation_only"],
            is_public=data["is_public"],
            organisation_quota=data["organisation_quota"],
            requires_nomination_letter=data["requires_nomination_letter"],
            online_offered=data["online_offered"],
            online_capacity=data["online_capacity"],
        )


class InvitationForm(ServiceErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InvitationKind.choices)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=RegistrationCategory.objects.none()
    )
    email = forms.EmailField(label=_("Invitee email"), required=False)
    name = forms.CharField(label=_("Invitee name"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False
    )
    grants_head_of_delegation = forms.BooleanField(
        label=_("Grants head of delegation"), required=False
    )
    max_uses = forms.IntegerField(
        label=_("Maximum uses"), initial=1, validators=[MinValueValidator(1)]
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    send = forms.BooleanField(label=_("Email a personal invitation now"), required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        _category_choices(self.fields["category"], event=event)


class InvitationUploadForm(ServiceErrorFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=RegistrationCategory.objects.none()
    )
    file = forms.FileField(
        label=_("List of invitees (CSV)"),
        help_text=_(
            "One person per row, with the columns email, name and organisation (name and "
            "organisation may be empty); the first row names the columns."
        ),
    )
    send = forms.BooleanField(label=_("Email the invitations now"), required=False, initial=True)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        _category_choices(self.fields["category"], event=event)

    def clean_file(self) -> list[InviteeRow]:
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)d KB.")
                % {"size": UPLOAD_MAX_BYTES // 1024}
            )
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the file as CSV in UTF-8.")) from None
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [column.strip().lower() for column in next(reader, [])]
        if "email" not in header or set(header) - set(CSV_COLUMNS):
            raise forms.ValidationError(
                _("The first row must name the columns email, name and organisation.")
            )
        rows = []
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue  # a blank line
            if len(rows) == BULK_MAX_ROWS:
                raise forms.ValidationError(
                    _("Upload at most %(count)d people at a time.") % {"count": BULK_MAX_ROWS}
                )
            cells = dict(zip(header, values, strict=False))
            rows.append(
                InviteeRow(
                    row=number,
                    email=cells.get("email", ""),
                    name=cells.get("name", ""),
                    organisation=cells.get("organisation", ""),
                )
            )
        if not rows:
            raise forms.ValidationError(_("The file lists nobody."))
        return rows
