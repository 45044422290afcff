from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


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


class PublicForm(forms.Form):
    """Forms of the public site: labels without a trailing colon (check boxes read better)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SearchInput(forms.TextInput):
    """A search box (``type="search"``): the organiser lists' ``q`` fields."""

    input_type = "search"


class LongSelect(forms.Select):
    """A select whose options are rendered in Python rather than one template each.

    The country list has ~250 options; rendering them through the option template took
    most of the registration page's time (measured with bench/registration.py).
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


# The largest id a database integer key holds (PostgreSQL bigint; SQLite's integer).
MAX_ID = 2**63 - 1


def id_param(value) -> int | None:
    """A posted or queried row id as an int, or None when it is not one a table could hold
    (SQLite raises OverflowError on larger numbers instead of finding nothing)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None
