"""Category texts, one column per content language (forum.content)."""

from modeltranslation.translator import TranslationOptions, register

from forum.content import blank_texts_never_collide
from registrations.models import Question, QuestionOption, RegistrationCategory


@register(RegistrationCategory)
class RegistrationCategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text")


@register(QuestionOption)
class QuestionOptionTranslation(TranslationOptions):
    fields = ("label",)


blank_texts_never_collide(RegistrationCategory, "name")

# The French and Spanish names were columns before every language had one: they keep their
# shape (an empty name is "", never NULL), so existing rows and readers are unchanged.
for _code in ("fr", "es"):
    _field = RegistrationCategory._meta.get_field(f"name_{_code}")
    _field.null = False
    _field.default = ""
