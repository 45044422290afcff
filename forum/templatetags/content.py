"""Marking a text shown in another language than the page's.

``{% lang_attrs text %}`` renders `` lang="en" dir="ltr"`` on the element holding a
``forum.content.Text`` that is a fallback (nothing otherwise), and ``{% lang_note text %}``
the short label beside it ("in English"), so screen readers pronounce it right and readers
know why it is not in their language. ``{{ text|lang_marked }}`` does both around a text
placed inside a translated sentence. ``{{ event|pick:"tagline" }}`` picks a live row's
translated field in the page's language, in the fallback order of the row's ``languages``.
"""

from django import template
from django.utils.html import conditional_escape, format_html

from forum.content import LANGUAGE_NOTES, pick_for_page, text_direction

register = template.Library()


def _fallback_lang(text) -> str | None:
    if getattr(text, "is_fallback", False) and getattr(text, "lang", None):
        return text.lang
    return None


@register.simple_tag
def lang_attrs(text):
    code = _fallback_lang(text)
    if code is None:
        return ""
    return format_html(' lang="{}" dir="{}"', code, text_direction(code))


@register.simple_tag
def lang_note(text):
    code = _fallback_lang(text)
    if code is None:
        return ""
    return format_html(' <span class="lang-note">({})</span>', LANGUAGE_NOTES[code])


@register.filter
def lang_marked(text):
    """``text`` escaped; a fallback wrapped in an element naming its language, then its note."""
    code = _fallback_lang(text)
    if code is None:
        return conditional_escape(text)
    return format_html(
        '<span lang="{}" dir="{}">{}</span>{}', code, text_direction(code), text, lang_note(text)
    )


@register.filter(name="pick")
def pick_text(obj, field: str):
    """``obj``'s translated ``field`` in the page's language, else in ``obj.languages``' order
    (an event's working languages), else in any language filled."""
    return pick_for_page(obj, field, getattr(obj, "languages", None))


@register.simple_tag
def pick_for(obj, field: str, owner):
    """``obj``'s translated ``field`` in the page's language, else in ``owner.languages``' order
    (a venue's name in the order of the event held there), else in any language filled:
    ``{% pick_for event.venue "name" event as venue_name %}``."""
    return pick_for_page(obj, field, getattr(owner, "languages", None))
