"""Pledge texts, one column per content language (forum.content)."""

from modeltranslation.translator import TranslationOptions, register

from outcomes.models import PledgeRevision


@register(PledgeRevision)
class PledgeRevisionTranslation(TranslationOptions):
    fields = ("title", "description", "figure_label")
