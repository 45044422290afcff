"""The credentials tab of the registrations' navigation: ``{% load credentials %}`` then
``{% credentials_pending as pending %}``: how many of the event's nomination letters wait for
an organiser, or None when the viewer may not check letters (then the tab is not shown).

One query, only for organisers who may check letters.
"""

from django import template

from registrations.selectors.credentials import letters_pending_count

register = template.Library()


@register.simple_tag(takes_context=True)
def credentials_pending(context, event):
    if "letters_pending" in context:  # the queue counted them already
        return context["letters_pending"]
    request = context.get("request")
    if request is None or not request.user.has_perm("registrations.check_credentials", event):
        return None
    return letters_pending_count(event=event)
