"""Forms of the organisers' question pages: a question with its label and help side by side in
the event's languages, and its options, each with its labels side by side. They check shape
only; ``registrations.services.questions`` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from forum.forms import TranslatedFieldsMixin, shown_languages, translated_initial
from registrations.enums import QuestionKind, QuestionTarget
from registrations.forms.setup import ServiceErrorFormMixin
from registrations.models import Question, QuestionOption
from registrations.selectors.questions import question_categories

NEW_OPTION_ROWS = 3


class QuestionForm(ServiceErrorFormMixin, TranslatedFieldsMixin, forms.Form):
    """A question. Its kind is shown but not editable once it has answers."""

    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    personal = forms.BooleanField(
        label=_("Personal"),
        required=False,
        help_text=_("Answers are shown only to organisers with the personal-data permission."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Asked in the categories"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to ask everyone."),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)
    active = forms.BooleanField(
        label=_("Asked"),
        required=False,
        initial=True,
        help_text=_("A question no longer asked keeps its answers."),
    )

    def __init__(
        self,
        *args,
        event: Event,
        question: Question | None = None,
        answered=False,
        target: str = QuestionTarget.REGISTRATION,
        **kwargs,
    ):
        if question is not None:
            kwargs.setdefault("initial", self.initial_for(question))
        super().__init__(*args, **kwargs)
        languages = shown_languages(event.languages, question, ("label", "help_text"))
        self.add_translated(
            "label",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=300),
            label=_("Question"),
            required=True,
        )
        self.add_translated(
            "help_text",
            languages=languages,
            make_field=lambda: forms.CharField(max_length=500),
            label=_("Help text"),
        )
        self.fields["categories"].queryset = question_categories(event=event).select_related(
            "event"
        )
        self.fields["categories"].label_from_instance = lambda c: c.display_name
        if target == QuestionTarget.PROPOSAL:
            # A proposer has no category, and a proposal takes no uploads; the personal-data
            # permission guards registrants' answers only.
            del self.fields["categories"], self.fields["personal"]
            self.fields["kind"].choices = [
                (value, label)
                for value, label in QuestionKind.choices
                if value != QuestionKind.FILE
            ]
        if question is None:
            del self.fields["order"], self.fields["active"]
        elif answered:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _(
                "This question has answers: its kind can no longer change."
            )

    @staticmethod
    def initial_for(question: Question) -> dict:
        return {
            "kind": question.kind,
            "required": question.required,
            "personal": question.personal,
            "categories": list(question.categories.all()),
            "order": question.order,
            "active": question.active,
            **translated_initial(question, "label", "help_text"),
        }

    @property
    def plain_fields(self) -> list:
        texts = {
            f"{group.name}_{code}" for group in self.translated.values() for code in group.codes
        }
        return [field for field in self if field.name not in texts]


class OptionForm(TranslatedFieldsMixin, forms.Form):
    """One option: its label side by side in the event's languages; an existing option also
    its order and whether it is taken off the form."""

    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)
    remove = forms.BooleanField(
        label=_("Take off the form"),
        required=False,
        help_text=_("An option someone chose is kept for their answer, no longer offered."),
    )
    offer = forms.BooleanField(label=_("Offer it again"), required=False)

    def __init__(self, *args, event: Event, option: QuestionOption | None = None, **kwargs):
        if option is not None:
            kwargs.setdefault(
                "initial", {"order": option.order, **translated_initial(option, "label")}
            )
        super().__init__(*args, **kwargs)
        self.option = option
        self.add_translated(
            "label",
            languages=shown_languages(event.languages, option, ("label",)),
            make_field=lambda: forms.CharField(max_length=200),
            label=_("Option") if option is None else option.display_label,
        )
        if option is None:
            del self.fields["order"], self.fields["remove"], self.fields["offer"]
        elif option.active:
            del self.fields["offer"]
        else:
            del self.fields["remove"]

    @property
    def plain_fields(self) -> list:
        return [field for field in self if not field.name.startswith("label_")]

    def has_text(self) -> bool:
        return any(self.texts("label").values())


def option_forms(data, *, event: Event, question: Question | None) -> list[OptionForm]:
    """One form per existing option (prefix ``option-<pk>``) and a few blank ones for new
    options (``new-<n>``)."""
    forms_ = []
    if question is not None:
        for option in question.options.all():
            forms_.append(
                OptionForm(data, event=event, option=option, prefix=f"option-{option.pk}")
            )
    for number in range(NEW_OPTION_ROWS):
        forms_.append(OptionForm(data, event=event, prefix=f"new-{number}"))
    return forms_
