"""An event's own questions on the registration form, and registrants' answers.

A question's kind never changes once it has answers, and options that were chosen are
retired, never deleted, so every answer stays readable after the question is edited.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.content import DEFAULT_CONTENT_LANGUAGE, Text, pick_for_page
from forum.storage import PERSONAL_PREFIX, private_storage
from registrations.enums import QuestionKind, QuestionTarget


class Question(models.Model):
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("event"),
    )
    # Empty: asked in every category.
    categories = models.ManyToManyField(
        "registrations.RegistrationCategory",
        blank=True,
        related_name="questions",
        verbose_name=_("categories"),
        help_text=_("Leave empty to ask everyone."),
    )
    target = models.CharField(
        _("asked on"),
        max_length=16,
        choices=QuestionTarget.choices,
        default=QuestionTarget.REGISTRATION,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    # label_fr, label_es… and help_text_en…: one column per content language (translation.py).
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    personal = models.BooleanField(
        _("personal"),
        default=False,
        help_text=_("Answers are shown only to organisers with the personal-data permission."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("asked"), default=True, help_text=_("A question no longer asked keeps its answers.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["event", "target", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=QuestionKind.values), name="question_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(target__in=QuestionTarget.values), name="question_target_valid"
            ),
            # Proposals keep no files: a question asked of them is never a file question.
            models.CheckConstraint(
                condition=~models.Q(target=QuestionTarget.PROPOSAL, kind=QuestionKind.FILE),
                name="question_proposal_no_file",
            ),
        ]

    def __str__(self) -> str:
        return self.display_label

    def _languages(self) -> list[str]:
        if Question.event.is_cached(self):
            return self.event.languages or [DEFAULT_CONTENT_LANGUAGE]
        return [DEFAULT_CONTENT_LANGUAGE]

    @property
    def display_label(self) -> Text:
        return pick_for_page(self, "label", self._languages())

    @property
    def display_help_text(self) -> Text:
        return pick_for_page(self, "help_text", self._languages())

    @property
    def has_options(self) -> bool:
        return self.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE)


class QuestionOption(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    label = models.CharField(_("option"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> Text:
        if QuestionOption.question.is_cached(self):
            languages = self.question._languages()
        else:
            languages = [DEFAULT_CONTENT_LANGUAGE]
        return pick_for_page(self, "label", languages)


def answer_upload_to(answer: "Answer", filename: str) -> str:
    return f"{PERSONAL_PREFIX}answers/{answer.question_id}/{filename}"


class Answer(models.Model):
    """One registration's answer to one question.

    ``value`` holds the answer in a canonical form: text, a number as text, a date in ISO
    form, ``true``/``false``, or the chosen options' ids (also in ``options``, for filtering).
    A file answer keeps the file and what is known of it.
    """

    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("registration"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    value = models.JSONField(_("answer"), null=True, blank=True)
    options = models.ManyToManyField(
        QuestionOption, blank=True, related_name="answers", verbose_name=_("options chosen")
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=answer_upload_to, max_length=300, blank=True
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="answer_unique_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value!r}"
