"""Event and venue texts, one column per content language (forum.content)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Venue
from forum.content import CONTENT_LANGUAGES, blank_texts_never_collide


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "tagline", "description")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "directions")


blank_texts_never_collide(Venue, "name")

# Directions came after the other texts: a language without directions holds "", never NULL.
for _code in CONTENT_LANGUAGES:
    _field = Venue._meta.get_field(f"directions_{_code}")
    _field.null = False
    _field.default = ""
