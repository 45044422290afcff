"""The form a speaker fills in through their invitation link, and what the speaker forms share:
which languages a translated text is edited in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.content import CONTENT_LANGUAGES, DEFAULT_CONTENT_LANGUAGE
from forum.forms import TranslatedFieldsMixin
from sessions.services.speakers import BIOGRAPHY_MAX_LENGTH

MAX_PHOTO_BYTES = 5 * 1024 * 1024


def texts_initial(obj, name: str) -> dict[str, str]:
    """``{"biography_fr": text, …}``: a form's initial values for ``obj``'s translated
    ``name``, one per content language (a missing text as "")."""
    return {
        f"{name}_{code}": getattr(obj, f"{name}_{code}", None) or "" for code in CONTENT_LANGUAGES
    }


def text_languages(event, initial, name: str) -> list[str]:
    """The languages ``name`` is edited in: the event's working languages in their order, then
    any other language ``initial`` already holds a text in (so no text is hidden)."""
    initial = initial or {}
    filled = [code for code in CONTENT_LANGUAGES if initial.get(f"{name}_{code}")]
    return list(dict.fromkeys([*(event.languages or [DEFAULT_CONTENT_LANGUAGE]), *filled]))


def biography_field(rows: int = 8) -> forms.CharField:
    return forms.CharField(
        max_length=BIOGRAPHY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": rows})
    )


class SpeakerProfileForm(TranslatedFieldsMixin, forms.Form):
    """The speaker's biography in the event's languages (and any they already wrote in), and
    their photo. A blank biography clears that language."""

    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG or PNG portrait, at most 5 MB."),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated(
            "biography",
            languages=text_languages(event, self.initial, "biography"),
            make_field=biography_field,
            label=_("Biography"),
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo
