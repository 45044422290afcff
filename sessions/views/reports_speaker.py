"""The rapporteur's report page on their speaker link (a secret link, no account).

Only the session's rapporteurs reach it: a bad token, another event's session, a session the
speaker is not rapporteur of, or a speaker who declined all get 404, and nothing is written.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event
from forum.content import Language, pick_for_page, texts_of
from sessions.enums import REPORT_SECTIONS, ReportState
from sessions.forms.reports import report_forms
from sessions.models import ReportSettings, Session, SessionReport
from sessions.selectors.speakers import speaker_get_by_token
from sessions.services.reports import (
    ReportError,
    rapporteur_of,
    report_save,
    report_submit,
)
from sessions.text import report_html


def _texts(obj, field: str, languages: list[str]) -> list[dict]:
    """A text's written languages, in the page's language order, for reading."""
    written = texts_of(obj, field)
    return [
        {"lang": code, "label": Language(code).label, "text": written[code]}
        for code in dict.fromkeys([*languages, *written])
        if code in written
    ]


def _read_only(report: SessionReport | None, messages: list, languages: list[str]) -> dict:
    """What a submitted or accepted report shows its rapporteurs."""
    if report is None:
        return {}
    return {
        "messages": [_texts(message, "text", languages) for message in messages],
        "sections": [
            {
                "name": name,
                "label": SessionReport._meta.get_field(name).verbose_name,
                "texts": [
                    {**text, "html": report_html(text["text"])}
                    for text in _texts(report, name, languages)
                ],
            }
            for name in REPORT_SECTIONS
        ],
    }


def _refusal_show(sections_form, error: ReportError) -> None:
    """A section's text refused shows on its column; any other refusal above the form."""
    field = error.code if error.code in sections_form.fields else None
    sections_form.add_error(field, error.message)


def speaker_report(request, event_slug: str, token: str, code: str):
    event = get_object_or_404(Event, slug=event_slug)
    speaker = speaker_get_by_token(event=event, token=token)
    if speaker is None:
        raise Http404
    session = Session.objects.filter(event=event, code=code[:16]).first()
    if session is None or not rapporteur_of(speaker=speaker, session=session):
        raise Http404
    report = SessionReport.objects.filter(session=session).first()
    messages_list = list(report.messages.order_by("position", "pk")) if report else []
    editable = report is None or report.state == ReportState.DRAFT
    sections_form, formset = report_forms(
        request.POST if request.method == "POST" and editable else None,
        event=event,
        report=report,
        messages=messages_list,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if not editable:
            messages.error(request, _("This report was submitted: it can no longer be changed."))
            return redirect(request.path)
        if action not in ("save", "submit"):
            messages.error(request, _("Please choose one of the buttons on this page."))
            return redirect(request.path)
        if sections_form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    saved = report_save(
                        session=session,
                        messages=formset.messages(),
                        speaker=speaker,
                        **sections_form.sections(),
                    )
                    if action == "submit":
                        report_submit(report=saved, speaker=speaker)
            except ReportError as error:
                _refusal_show(sections_form, error)
            else:
                messages.success(
                    request,
                    _("Thank you: your report was sent to the organisers.")
                    if action == "submit"
                    else _("Your draft has been saved."),
                )
                return redirect(request.path)
    deadline = ReportSettings.objects.filter(event=event).values_list("deadline", flat=True).first()
    invalid = sections_form.is_bound and (
        not sections_form.is_valid() or not formset.is_valid() or sections_form.errors
    )
    return render(
        request,
        "sessions/speaker_report.html",
        {
            "event": event,
            "speaker": speaker,
            "session": session,
            "title": pick_for_page(session, "title", event.languages),
            "report": report,
            "state": report.get_state_display() if report else ReportState.DRAFT.label,
            "state_value": report.state if report else ReportState.DRAFT,
            "editable": editable,
            "sections_form": sections_form,
            "formset": formset,
            "deadline": deadline,
            "deadline_passed": deadline is not None and deadline <= timezone.now(),
            "read_only": {} if editable else _read_only(report, messages_list, event.languages),
        },
        status=400 if invalid else 200,
    )
