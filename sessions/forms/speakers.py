"""The form a speaker fills in through their invitation link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms import CheckedFileField, file_help_text, file_language_field
from forum.content import pick_for_page
from forum.forms import TranslatedFieldsMixin, shown_languages
from sessions.services.speakers import BIOGRAPHY_MAX_LENGTH

MAX_PHOTO_BYTES = 5 * 1024 * 1024


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
            languages=shown_languages(event.languages, fields=("biography",), initial=self.initial),
            make_field=biography_field,
            label=_("Biography"),
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo


class SpeakerPresentationForm(forms.Form):
    """A speaker's presentation for one of their sessions: its title in the file's language,
    and the file (checked by content before anything is stored)."""

    session = forms.ChoiceField(label=_("Session"))
    title = forms.CharField(label=_("Title of the presentation"), max_length=300)
    language = forms.ChoiceField(label=_("Language of the file"))
    file = CheckedFileField()

    def __init__(self, *args, event, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {session.code: session for session in sessions}
        self.fields["session"].choices = [
            (session.code, f"{session.code} · {pick_for_page(session, 'title', event.languages)}")
            for session in sessions
        ]
        self.fields["language"] = file_language_field(event)
        self.fields["file"].help_text = file_help_text()

    def clean_session(self):
        return self.sessions[self.cleaned_data["session"]]


class SpeakerPresentationVersionForm(forms.Form):
    """A new version (or another language) of a presentation the speaker uploaded that the
    organisers have not published yet."""

    language = forms.ChoiceField(label=_("Language of the file"))
    file = CheckedFileField(label=_("New file"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = file_language_field(event)
        self.fields["file"].help_text = file_help_text()
