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


class TranslatedGroup:
    """One translated text of a form: its per-language fields (``title_en``, ``title_fr``…) in
    the order they are shown, with the legend that names the text."""

    def __init__(self, form, name: str, label, codes: list[str], help_text, required: bool):
        self.form = form
        self.name = name
        self.label = label
        self.codes = codes
        self.help_text = help_text
        self.required = required

    @property
    def fields(self):
        return [self.form[f"{self.name}_{code}"] for code in self.codes]

    @property
    def errors(self):
        return [error for field in self.fields for error in field.errors]


class TranslatedFieldsMixin:
    """Forms that edit a translated text in several languages side by side.

    ``add_translated("title", languages=event.languages, make_field=…, label=_("Title"))``
    adds one field per language, ``title_<code>``, labelled with the language's name and marked
    with its ``lang`` and ``dir``; ``templates/forms/translated.html`` shows them as columns
    under one legend. ``texts("title")`` gives ``{code: text}`` for every language shown, a
    blank one as "" (which clears it).
    """

    def add_translated(
        self, name, *, languages, make_field, label, help_text="", required=False
    ) -> TranslatedGroup:
        from forum.content import CONTENT_LANGUAGES, Language, text_direction

        codes = [code for code in dict.fromkeys(languages) if code in CONTENT_LANGUAGES]
        for code in codes:
            field = make_field()
            field.required = False
            field.label = Language(code).label
            field.widget.attrs.update({"lang": code, "dir": text_direction(code)})
            self.fields[f"{name}_{code}"] = field
        group = TranslatedGroup(self, name, label, codes, help_text, required)
        if not hasattr(self, "translated"):
            self.translated = {}
        self.translated[name] = group
        return group

    def texts(self, name) -> dict[str, str]:
        group = self.translated[name]
        return {
            code: (self.cleaned_data.get(f"{name}_{code}") or "").strip() for code in group.codes
        }

    def clean(self):
        cleaned = super().clean()
        for name, group in getattr(self, "translated", {}).items():
            if group.required and group.codes and not any(self.texts(name).values()):
                from django.utils.translation import gettext

                self.add_error(
                    f"{name}_{group.codes[0]}",
                    gettext("Write it in at least one language."),
                )
        return cleaned


def shown_languages(languages, obj=None, fields=(), *, initial=None) -> list[str]:
    """The languages a form shows a translated text in: the event's ``languages`` in their
    order, then every other language in which ``obj`` (or a form's ``initial`` values,
    ``{"<field>_<code>": text}``) already has one of ``fields``, so no text is hidden."""
    from forum.content import CONTENT_LANGUAGES, texts_of

    codes = [code for code in dict.fromkeys(languages) if code in CONTENT_LANGUAGES]
    filled = set()
    if obj is not None:
        filled |= {code for field in fields for code in texts_of(obj, field)}
    if initial:
        filled |= {
            code for field in fields for code in CONTENT_LANGUAGES if initial.get(f"{field}_{code}")
        }
    codes += [code for code in CONTENT_LANGUAGES if code in filled and code not in codes]
    return codes


def translated_initial(obj, *fields, prefix: str = "") -> dict[str, str]:
    """Initial values of ``add_translated`` fields: ``{"<prefix><field>_<code>": text}`` for
    every content language ("" where ``obj`` has none)."""
    from forum.content import CONTENT_LANGUAGES

    return {
        f"{prefix}{field}_{code}": getattr(obj, f"{field}_{code}", "") or ""
        for field in fields
        for code in CONTENT_LANGUAGES
    }
