"""Emails, always rendered in the recipient's language and sent through the task layer.

Callers pass primitive data (template name, language, context of strings/ints) so the email
can be sent by any worker; :func:`mail_send_later` queues it in the outbox (forum.jobs) in the
caller's transaction, so it leaves only if that commits, and always does once it has.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import translation

from forum.tasks import enqueue


def _render_text(name: str, context: dict) -> str:
    """A plain-text template, without HTML escaping: a title "Housing & land" or a link's
    ``?a=1&b=2`` arrive as written, not as ``&amp;``."""
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=False))


def mail_render(*, template: str, language: str, context: dict) -> tuple[str, str, str]:
    """Render ``emails/<template>_subject.txt`` and ``.txt`` (plain text, not escaped) and
    ``.html`` (escaped) in ``language``."""
    with translation.override(language):
        ctx = {"SITE_URL": settings.SITE_URL, **context}
        subject = " ".join(_render_text(f"emails/{template}_subject.txt", ctx).split())
        text = _render_text(f"emails/{template}.txt", ctx)
        try:
            html = render_to_string(f"emails/{template}.html", ctx)
        except TemplateDoesNotExist:  # the HTML part is optional
            html = ""
    return subject, text, html


def mail_send_now(*, to: list[str], template: str, language: str, context: dict) -> None:
    subject, text, html = mail_render(template=template, language=language, context=context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def mail_send_later(*, to: list[str], template: str, language: str, context: dict) -> None:
    """Queue the email; it leaves only if the current transaction commits."""
    enqueue(mail_send_now, to=to, template=template, language=language, context=context)
