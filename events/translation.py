"""Event and venue texts, one column per content language (forum.content)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Venue
from forum.content import blank_texts_never_collide


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "tagline", "description")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name",)


blank_texts_never_collide(Venue, "name")
