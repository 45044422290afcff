from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's renderer, with each field group wrapped so check boxes can sit before labels."""

    field_template_name = "forms/field.html"


class ModelMultipleIdChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id beyond the database's integers as an unknown choice
    (SQLite raises OverflowError on one instead of finding nothing)."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": max(map(str, value), key=len)},  # the number too large
            ) from None
