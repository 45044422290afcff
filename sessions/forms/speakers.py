"""The form a speaker fills in through their invitation link."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PHOTO_BYTES = 5 * 1024 * 1024


class SpeakerProfileForm(forms.Form):
    biography = forms.CharField(
        label=_("Biography"), max_length=3000, required=False, widget=forms.Textarea
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG or PNG portrait, at most 5 MB."),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo
