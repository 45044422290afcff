"""Reviewers' forms: the queue's filter and the score form; the service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.content import pick_for_page
from sessions.enums import SCORE_MAX
from sessions.forms.programme import ServiceErrorFormMixin

SCORE_CHOICES = [(score, str(score)) for score in range(SCORE_MAX + 1)]


class ReviewFilterForm(forms.Form):
    """The review queue's filters (GET)."""

    track = forms.TypedChoiceField(label=_("Track"), coerce=int, required=False, empty_value=None)
    to_review = forms.BooleanField(label=_("Not yet reviewed"), required=False)

    def __init__(self, *args, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [
            ("", _("Every track")),
            *((track.pk, track.name) for track in tracks),
        ]


class ReviewForm(ServiceErrorFormMixin, forms.Form):
    """A score from 0 to SCORE_MAX per criterion (``score_<criterion id>``) and a comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Seen by the programme managers, never by the proposer or other reviewers."),
    )

    def __init__(self, *args, criteria, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=pick_for_page(criterion, "name", languages),
                help_text=pick_for_page(criterion, "description", languages),
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score-scale"}),
                error_messages={
                    "required": _("Score this criterion."),
                    "invalid_choice": _("Give a score from 0 to %(max)s.") % {"max": SCORE_MAX},
                },
            )
        comment = self.fields.pop("comment")
        self.fields.update(fields)
        self.fields["comment"] = comment

    def scores(self) -> dict[int, int]:
        """{criterion id: score}, what ``review_save`` takes."""
        return {
            criterion.pk: self.cleaned_data[f"score_{criterion.pk}"] for criterion in self.criteria
        }

    def score_fields(self):
        return [self[f"score_{criterion.pk}"] for criterion in self.criteria]

    def add_scores_errors(self, errors) -> None:
        """A service's per-criterion refusals, each on its criterion's field."""
        for criterion_id, message in errors.items():
            field = f"score_{criterion_id}"
            self.add_error(field if field in self.fields else None, str(message))
