"""An event's own questions as form fields, for any form that registers or edits a person.

``QuestionFieldsMixin`` adds one field per question (``question_<pk>``) with its widget and
its label and help in the page's language. The fields check nothing themselves: the form's
``clean`` calls ``clean_questions(category=…)``, which asks the service
(``answers_clean``) and shows each refusal on its question's field. Only the questions asked
of the chosen category count; answers to the others are ignored.

Usage::

    class MyForm(QuestionFieldsMixin, forms.Form):
        def __init__(self, *args, event, **kwargs):
            super().__init__(*args, **kwargs)
            self.add_questions(question_list(event=event, active_only=True))

        def clean(self):
            data = super().clean()
            self.clean_questions(category=data.get("category"))
            return data

    # then: registration_create(..., answers=form.answers)

The form needs ``enctype="multipart/form-data"`` when ``form.is_multipart()``.
"""

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from forum.content import text_direction
from registrations.enums import QuestionKind
from registrations.models import Answer, Question
from registrations.selectors.questions import option_ids, questions_asked
from registrations.services.questions import (
    LONG_TEXT_MAX,
    NO,
    TEXT_MAX,
    YES,
    AnswersRefused,
    answers_clean,
)

FIELD_PREFIX = "question_"


class QuestionBoundField(BoundField):
    """A question's field: marked required when the question is, though the field itself
    checks nothing (whether it must be answered depends on the category chosen); a label in
    another language than the page's (a fallback) names its language and direction."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        attrs = dict(attrs or {})
        required_class = getattr(self.form, "required_css_class", "")
        if self.field.question_required and required_class:
            attrs["class"] = f"{attrs.get('class', '')} {required_class}".strip()
        label = self.field.label
        if getattr(label, "is_fallback", False) and getattr(label, "lang", None):
            attrs["lang"] = label.lang
            attrs["dir"] = text_direction(label.lang)
        return super().label_tag(contents, attrs or None, label_suffix, tag)

    def css_classes(self, extra_classes=None):
        classes = super().css_classes(extra_classes)
        required_class = getattr(self.form, "required_css_class", "")
        if self.field.question_required and required_class:
            classes = f"{classes} {required_class}".strip()
        return classes


class RawMultipleField(forms.Field):
    """Check boxes whose values are handed on as posted (the service checks them)."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if not value:
            return []
        return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]


def _choices(question: Question, *, current: list[int]) -> list[tuple[str, str]]:
    """The options offered, and a retired one the registrant chose earlier (still shown
    ticked, so saving the form again keeps nothing they did not see)."""
    return [
        (str(option.pk), str(option.display_label))
        for option in question.options.all()
        if option.active or option.pk in current
    ]


def question_field(question: Question, answer: Answer | None = None) -> forms.Field:
    """The form field for ``question``, showing ``answer`` as its initial value."""
    kind = question.kind
    current = option_ids(answer)
    initial = None if answer is None else answer.value
    if kind == QuestionKind.TEXT:
        field = forms.CharField(widget=forms.TextInput(attrs={"maxlength": TEXT_MAX}))
    elif kind == QuestionKind.LONG_TEXT:
        field = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": LONG_TEXT_MAX})
        )
    elif kind == QuestionKind.NUMBER:
        field = forms.CharField(widget=forms.NumberInput(attrs={"step": "any"}))
    elif kind == QuestionKind.DATE:
        field = forms.CharField(widget=forms.DateInput(attrs={"type": "date"}))
    elif kind == QuestionKind.CHOICE:
        choices = _choices(question, current=current)
        widget = forms.RadioSelect if len(choices) <= 5 else forms.Select
        if widget is forms.Select:
            choices = [("", "—"), *choices]
        field = forms.CharField(widget=widget(choices=choices))
        initial = str(current[0]) if current else None
    elif kind == QuestionKind.MULTIPLE_CHOICE:
        field = RawMultipleField(
            widget=forms.CheckboxSelectMultiple(choices=_choices(question, current=current))
        )
        initial = [str(pk) for pk in current]
    elif kind == QuestionKind.BOOLEAN:
        field = forms.CharField(widget=forms.RadioSelect(choices=[(YES, _("Yes")), (NO, _("No"))]))
        initial = None if answer is None or answer.value is None else (YES if answer.value else NO)
    else:
        field = forms.FileField()
        initial = None
    field.required = False  # the service decides, for the category chosen
    field.bound_field_class = QuestionBoundField
    field.initial = initial
    field.label = question.display_label
    field.help_text = question.display_help_text
    if kind == QuestionKind.FILE and answer is not None and answer.filename:
        field.help_text = _("%(help)s Sent: %(name)s; choose a file to replace it.") % {
            "help": question.display_help_text,
            "name": answer.filename,
        }
    # Shown with the form's required marker (the field itself checks nothing).
    field.question_required = question.required
    if question.required:
        field.widget.attrs["aria-required"] = "true"
    return field


class QuestionFieldsMixin:
    """Adds an event's questions to a form; see the module's docstring."""

    def add_questions(self, questions, *, answers: dict[int, Answer] | None = None) -> None:
        """One field per question, in their order. ``questions``: from
        ``selectors.questions.question_list`` (options and ``category_ids`` at hand);
        ``answers``: {question id: Answer} shown as initial values (editing)."""
        self.questions = list(questions)
        self.question_answers = answers or {}
        self.answers = {}
        for question in self.questions:
            self.fields[f"{FIELD_PREFIX}{question.pk}"] = question_field(
                question, self.question_answers.get(question.pk)
            )

    @property
    def question_fields(self):
        """The bound fields of the questions, in order (for templates)."""
        return [self[f"{FIELD_PREFIX}{question.pk}"] for question in self.questions]

    @property
    def question_blocks(self):
        """(bound field, the ids of the categories it is asked of, space-separated; "" for
        every category) per question: the page's script shows only the chosen category's."""
        return [
            (
                self[f"{FIELD_PREFIX}{question.pk}"],
                " ".join(str(pk) for pk in sorted(getattr(question, "category_ids", ()))),
            )
            for question in self.questions
        ]

    def clean_questions(self, *, category) -> dict:
        """Check the answers to the questions asked of ``category`` (a category or its id;
        None: questions asked of everyone) through the service; refusals go on their fields.
        Sets and returns ``self.answers`` for ``registration_create(answers=…)``."""
        category_id = getattr(category, "pk", category)
        asked = questions_asked(self.questions, category_id=category_id)
        raw = {
            question.pk: self.cleaned_data.get(f"{FIELD_PREFIX}{question.pk}") for question in asked
        }
        kept = [
            question.pk
            for question in asked
            if question.kind == QuestionKind.FILE
            and question.pk in self.question_answers
            and self.question_answers[question.pk].file
        ]
        try:
            self.answers = answers_clean(asked, raw, kept_files=kept)
        except AnswersRefused as exc:
            self.answers = {}
            for pk, message in exc.errors.items():
                self.add_error(f"{FIELD_PREFIX}{pk}", message)
        return self.answers

    def add_answers_error(self, error: AnswersRefused) -> None:
        """Show a service's refusal of answers on the questions' fields."""
        for pk, message in error.errors.items():
            name = f"{FIELD_PREFIX}{pk}"
            self.add_error(name if name in self.fields else None, message)


class AnswersForm(QuestionFieldsMixin, forms.Form):
    """A registrant's answers on their own page (the manage link)."""

    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, *args, questions, answers, category_id, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.category_id = category_id
        self.add_questions(questions_asked(questions, category_id=category_id), answers=answers)

    def clean(self):
        data = super().clean()
        self.clean_questions(category=self.category_id)
        return data
