"""Pledge forms: the signatory's local action (texts side by side in the event's working
languages) and the organisers' review. They check shapes; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.content import pick_for_page
from forum.forms import TranslatedFieldsMixin, shown_languages, translated_initial
from outcomes.enums import PledgeState, PledgeStatus
from outcomes.inputs import PledgeInput
from outcomes.models import PledgeRevision
from outcomes.models.pledge import FIGURE_MAX
from outcomes.selectors.pledge_moderation import AWAITING
from outcomes.services.pledges import DESCRIPTION_MAX, FIGURE_LABEL_MAX, REASON_MAX, TITLE_MAX

TEXT_FIELDS = ("title", "description", "figure_label")


class PledgeForm(TranslatedFieldsMixin, forms.Form):
    """One text of a local action; editing starts from the latest text sent."""

    track = forms.ChoiceField(label=_("Theme"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PledgeStatus.choices)
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the action should be done."),
    )
    link = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("A public page about the action (https)."),
    )
    figure = forms.IntegerField(
        label=_("Figure"),
        required=False,
        min_value=0,
        max_value=FIGURE_MAX,
        help_text=_("A number that shows the action's reach, for instance people reached."),
    )

    def __init__(self, *args, event, tracks, revision: PledgeRevision | None = None, **kwargs):
        if revision is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **translated_initial(revision, *TEXT_FIELDS),
                "track": str(revision.track_id or ""),
                "status": revision.status,
                "target_date": revision.target_date,
                "link": revision.link,
                "figure": revision.figure,
            }
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [
            ("", _("No particular theme")),
            *((str(track.pk), pick_for_page(track, "name", event.languages)) for track in tracks),
        ]
        languages = shown_languages(event.languages, revision, TEXT_FIELDS)
        self.add_translated(
            "title",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=TITLE_MAX),
            label=_("Title of the action"),
            required=True,
        )
        self.add_translated(
            "description",
            languages=languages,
            make_field=lambda: forms.CharField(
                max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 5})
            ),
            label=_("Description"),
        )
        self.add_translated(
            "figure_label",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=FIGURE_LABEL_MAX),
            label=_("What the figure counts"),
            help_text=_("For instance “people reached”."),
        )

    def pledge_input(self) -> PledgeInput:
        data = self.cleaned_data
        return PledgeInput(
            titles=self.texts("title"),
            descriptions=self.texts("description"),
            track_id=int(data["track"]) if data.get("track") else None,
            status=data["status"],
            target_date=data.get("target_date"),
            link=data.get("link") or "",
            figure=data.get("figure"),
            figure_labels=self.texts("figure_label"),
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the signatory)"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PledgeFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All")), (AWAITING, _("With a text to review")), *PledgeState.choices],
    )

    def state_value(self) -> str:
        return self.cleaned_data.get("state", "") if self.is_valid() else ""
