"""Documents on pages of apps that may not import this one (the edition's page, the
registration's own page): ``{% load documents %}`` then

``{% event_documents event as documents %}``: the edition's public documents (concept note
first), with how many more are for participants and how many its sessions have;
``{% registrant_documents registration as documents %}``: the edition's and the bookmarked
sessions' documents the registrant may read, links carrying their signed access value.

Each costs two queries. ``{% include "documents/_list.html" with documents=… %}`` lists them.
"""

from django import template
from django.utils import translation

from documents.selectors.pages import documents_event_page, documents_for_registrant
from forum.content import DEFAULT_CONTENT_LANGUAGE, content_code

register = template.Library()


def _page_language() -> str:
    return content_code(translation.get_language()) or DEFAULT_CONTENT_LANGUAGE


@register.simple_tag
def event_documents(event):
    return documents_event_page(event=event, lang=_page_language())


@register.simple_tag
def registrant_documents(registration):
    return documents_for_registrant(registration=registration, lang=_page_language())
