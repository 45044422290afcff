"""Document titles, one column per content language (forum.content)."""

from modeltranslation.translator import TranslationOptions, register

from documents.models import Document


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)
