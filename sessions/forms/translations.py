"""The translation page's forms: which file to export, and the file to import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.content import Language
from sessions.services.translations import ALL, CSV, MISSING, XLIFF

# A translator's file of a large programme stays well below this.
IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _language_choices(languages) -> list[tuple[str, str]]:
    return [(code, Language(code).label) for code in languages]


class TranslationExportForm(forms.Form):
    lang = forms.ChoiceField(label=_("Translate into"))
    source = forms.ChoiceField(label=_("From"), required=False)
    format = forms.ChoiceField(
        label=_("File format"),
        choices=[(CSV, "CSV"), (XLIFF, "XLIFF 1.2")],
        initial=CSV,
        required=False,
    )
    only = forms.ChoiceField(
        label=_("Texts"),
        choices=[(MISSING, _("Only the missing ones")), (ALL, _("All"))],
        initial=MISSING,
        required=False,
    )

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        self.fields["lang"].choices = _language_choices(self.languages)
        self.fields["source"].choices = [
            ("", _("the event's main language")),
            *_language_choices(self.languages),
        ]

    def clean(self):
        data = super().clean()
        data["format"] = data.get("format") or CSV
        data["only"] = data.get("only") or MISSING
        if data.get("lang") and not data.get("source"):
            data["source"] = self.languages[0]
        if data.get("lang") and data.get("lang") == data.get("source"):
            raise forms.ValidationError(_("Choose a language other than the source language."))
        return data


class TranslationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Translated file"),
        help_text=_("A CSV or XLIFF file exported from this page."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file
