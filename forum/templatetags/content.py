"""Marking a text shown in another language than the page's.

``{% lang_attrs text %}`` renders `` lang="en" dir="ltr"`` on the element holding a
``forum.content.Text`` that is a fallback (nothing otherwise), and ``{% lang_note text %}``
the short label beside it ("in English"), so screen readers pronounce it right and readers
know why it is not in their language.
"""

from django import template
from django.utils.html import format_html

from forum.content import LANGUAGE_NOTES, text_direction

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
