"""The organisers' compile page: accepted session reports side by side, key messages picked
into the statement's next version (/manage/<event>/statements/<statement>/compile/)."""

from dataclasses import dataclass

from django.contrib import messages as flash
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events.decorators import event_permission_required
from events.models import Event
from forum.content import Text, pick_for_page
from forum.errors import ServiceError
from forum.markdown import markdown_to_html
from outcomes.enums import EDITABLE_STATES
from outcomes.forms.compilation import CompileForm
from outcomes.models import Statement
from outcomes.selectors.sources import anchor_language, sourced_message_ids
from outcomes.selectors.statements import statement_latest_version
from outcomes.services.compilation import statement_compile
from outcomes.text import sections_split
from sessions.enums import REPORT_SECTIONS
from sessions.models import SessionReport, Track
from sessions.selectors.reports import reports_accepted

outcomes_manager_required = event_permission_required(
    "outcomes.manage_outcomes", slug_kwarg="event_slug"
)


@dataclass
class MessageRow:
    message: object
    text: Text
    already: bool
    pick: object = None  # bound fields of the form, for messages not yet in the text
    section: object = None


@dataclass
class ReportCard:
    report: SessionReport
    title: Text
    track: Text | None
    rapporteurs: list[str]
    messages: list[MessageRow]
    sections: list[tuple[str, Text, str]]  # (field, label, html)


def _cards(reports, *, languages, sourced: set[int], form: CompileForm) -> list[ReportCard]:
    labels = {name: SessionReport._meta.get_field(name).verbose_name for name in REPORT_SECTIONS}
    cards = []
    for report in reports:
        session = report.session
        rows = []
        for message in report.messages.all():
            already = message.pk in sourced
            rows.append(
                MessageRow(
                    message=message,
                    text=pick_for_page(message, "text", languages),
                    already=already,
                    pick=None if already else form.pick_field(message),
                    section=None if already else form.section_field(message),
                )
            )
        sections = []
        for name in REPORT_SECTIONS:
            text = pick_for_page(report, name, languages)
            if text:
                sections.append((labels[name], text, markdown_to_html(text)))
        cards.append(
            ReportCard(
                report=report,
                title=pick_for_page(session, "title", languages),
                track=pick_for_page(session.track, "name", languages) if session.track else None,
                rapporteurs=[
                    f"{role.speaker.honorific} {role.speaker.name}".strip()
                    for role in session.rapporteur_roles
                ],
                messages=rows,
                sections=sections,
            )
        )
    return cards


@outcomes_manager_required
def compile_view(request, event: Event, slug: str):
    statement = get_object_or_404(Statement, event=event, slug=slug)
    statement.event = event
    latest = statement_latest_version(statement=statement)
    editable = statement.state in EDITABLE_STATES
    tracks = list(Track.objects.filter(event=event).order_by("order", "pk"))
    track = next((t for t in tracks if str(t.pk) == request.GET.get("track", "")), None)
    reports = reports_accepted(event=event, track=track)
    sourced = sourced_message_ids(version=latest)
    main = anchor_language(version=latest, languages=event.languages)
    sections = sections_split(latest.text(main))
    offered = [m for r in reports for m in r.messages.all() if m.pk not in sourced]
    form = CompileForm(
        request.POST if request.method == "POST" else None,
        messages=offered,
        sections=sections,
    )
    if request.method == "POST" and not editable:
        flash.error(
            request,
            _("The statement is %(state)s: its text can no longer change.")
            % {"state": statement.get_state_display().lower()},
        )
        return redirect("outcomes_manage:statement", event_slug=event.slug, slug=statement.slug)
    if request.method == "POST" and form.is_valid():
        try:
            version = statement_compile(
                statement=statement,
                picks=form.picks(),
                new_section_title=form.cleaned_data["new_section_title"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ServiceError as exc:  # a refusal, or Busy
            form.add_error(None, exc.message)
        else:
            flash.success(
                request,
                _("Version %(number)s has been saved with the key messages picked.")
                % {"number": version.number},
            )
            return redirect("outcomes_manage:statement", event_slug=event.slug, slug=statement.slug)
    return render(
        request,
        "outcomes/manage/compile.html",
        {
            "event": event,
            "statement": statement,
            "latest": latest,
            "main_language": main,
            "sections": sections,
            "editable": editable,
            "tracks": [(t, pick_for_page(t, "name", event.languages)) for t in tracks],
            "track": track,
            "cards": _cards(reports, languages=event.languages, sourced=sourced, form=form),
            "form": form,
            "offered": bool(offered),
            "current": "compile",
        },
    )
