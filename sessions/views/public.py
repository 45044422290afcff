"""Public programme pages, rendered from the latest published snapshot only, and the
speaker's invitation page."""

from datetime import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from documents.enums import DocumentKind, DocumentState
from documents.forms import refusal_show
from documents.selectors.pages import documents_session_page
from documents.selectors.workspace import document_versions, documents_uploaded_by
from documents.services.documents import DocumentError, document_create, document_file_add
from events.models import Event
from events.selectors.events import event_get_for_viewer
from forum.content import DEFAULT_CONTENT_LANGUAGE, Language, content_code, pick_for_page
from forum.forms import translated_initial
from forum.markdown import markdown_to_html
from forum.uploads import UploadRefused
from sessions.enums import REPORT_SECTIONS, SpeakerState
from sessions.forms.speakers import (
    SpeakerPresentationForm,
    SpeakerPresentationVersionForm,
    SpeakerProfileForm,
)
from sessions.models.reports import report_section_label
from sessions.selectors.links import public_recording_url
from sessions.selectors.public import (
    agenda_filters_parse,
    agenda_grid,
    agenda_sessions,
    changes_picked,
    programme_latest,
    schedule_version_list,
)
from sessions.selectors.reports import report_public
from sessions.selectors.speakers import speaker_get_by_token
from sessions.services.speakers import speaker_profile_update, speaker_respond


def _programme_or_404(request, event_slug: str):
    event = event_get_for_viewer(slug=event_slug, user=request.user)
    return event, programme_latest(event=event, lang=translation.get_language())


def agenda(request, event_slug: str):
    event, programme = _programme_or_404(request, event_slug)
    view = "grid" if request.GET.get("view") == "grid" else "list"
    context = {"event": event, "programme": programme, "view": view}
    if programme is not None:
        filters = agenda_filters_parse(request.GET)
        by_day = agenda_sessions(programme=programme, filters=filters)
        days = []
        for day, sessions in sorted(by_day.items()):
            entry = {"date": day, "sessions": sessions}
            if view == "grid":
                entry["columns"], entry["rows"] = agenda_grid(
                    sessions=sessions, rooms=programme.rooms
                )
            days.append(entry)
        context.update(filters=filters, days=days)
    return render(request, "sessions/agenda.html", context)


def _report_shown(event: Event, code: str) -> dict | None:
    """The session's published report in the page's language (else a fallback, marked):
    its key messages and its written sections rendered; None when it is not published."""
    report = report_public(session_code=code, event=event)
    if report is None:
        return None
    languages = event.languages
    messages_ = [pick_for_page(message, "text", languages) for message in report.messages.all()]
    sections = []
    for section in REPORT_SECTIONS:
        text = pick_for_page(report, section, languages)
        if text:
            sections.append(
                {
                    "name": section,
                    "title": report_section_label(section),
                    "text": text,
                    "html": markdown_to_html(text),
                }
            )
    return {"messages": [m for m in messages_ if m], "sections": sections}


def session_detail(request, event_slug: str, code: str):
    event, programme = _programme_or_404(request, event_slug)
    session = programme.session(code) if programme else None
    if session is None:
        raise Http404
    lang = content_code(translation.get_language()) or DEFAULT_CONTENT_LANGUAGE
    return render(
        request,
        "sessions/session_detail.html",
        {
            "event": event,
            "programme": programme,
            "session": session,
            "documents": documents_session_page(event=event, session_code=code, lang=lang),
            "report": _report_shown(event, code),
            # A recording its organisers opened to everyone, read live (participants' ones
            # are on the registrants' agendas only).
            "recording_url": ""
            if session.is_cancelled
            else public_recording_url(event=event, code=code),
        },
    )


def speaker_list(request, event_slug: str):
    event, programme = _programme_or_404(request, event_slug)
    if programme is None:
        raise Http404
    return render(
        request,
        "sessions/speaker_list.html",
        {"event": event, "programme": programme, "speakers": list(programme.speakers.values())},
    )


def speaker_detail(request, event_slug: str, code: str):
    event, programme = _programme_or_404(request, event_slug)
    speaker = programme.speakers.get(code) if programme else None
    if speaker is None:
        raise Http404
    return render(
        request,
        "sessions/speaker_detail.html",
        {"event": event, "programme": programme, "speaker": speaker},
    )


def changelog(request, event_slug: str):
    event = event_get_for_viewer(slug=event_slug, user=request.user)
    tz = event.tzinfo

    def local(value):
        return timezone.localtime(datetime.fromisoformat(value), tz) if value else None

    lang = translation.get_language()
    versions = []
    for version in schedule_version_list(event=event):
        changes = changes_picked(version.changes, lang=lang)
        moved = [
            {
                **entry,
                "before_start": local(entry["before"]["start"]),
                "after_start": local(entry["after"]["start"]),
            }
            for entry in changes["moved"]
        ]
        versions.append({"version": version, "changes": changes, "moved": moved})
    return render(request, "sessions/changelog.html", {"event": event, "versions": versions})


# --- Speaker invitation: a secret link, no account -------------------------------------------


def _speaker_presentations(event: Event, speaker, *, version_form=None) -> list[dict]:
    """The speaker's uploaded documents with their state as the speaker reads it, their files
    by language, and (for a draft) the form for a new version."""
    rows = []
    for document in documents_uploaded_by(event=event, speaker_id=speaker.pk):
        is_draft = document.state == DocumentState.DRAFT
        form = None
        if is_draft:
            prefix = f"version-{document.code}"
            posted = version_form is not None and version_form.prefix == prefix
            form = (
                version_form
                if posted
                else SpeakerPresentationVersionForm(event=event, prefix=prefix)
            )
        rows.append(
            {
                "document": document,
                "title": pick_for_page(document, "title", event.languages),
                "state": {
                    DocumentState.DRAFT: _("Waiting for the organisers"),
                    DocumentState.PUBLISHED: _("Published"),
                    DocumentState.WITHDRAWN: _("Withdrawn by the organisers"),
                }[document.state],
                "versions": document_versions(document),
                "form": form,
            }
        )
    return rows


def _presentation_post(request, event: Event, speaker, action: str, sessions):
    """Upload a presentation or a new version of one; the bound form back when refused."""
    if action == "presentation":
        form = SpeakerPresentationForm(
            request.POST, request.FILES, event=event, sessions=sessions, prefix="presentation"
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                document_create(
                    event=event,
                    kind=DocumentKind.PRESENTATION,
                    title={data["language"]: data["title"]},
                    language=data["language"],
                    upload=data["file"],
                    session=data["session"],
                    speaker=speaker,
                    actor_label="speaker",
                )
            except (DocumentError, UploadRefused) as exc:
                refusal_show(form, exc)
            else:
                return None
        return form
    code = request.POST.get("document", "")[:16]
    form = SpeakerPresentationVersionForm(
        request.POST, request.FILES, event=event, prefix=f"version-{code}"
    )
    if form.is_valid():
        data = form.cleaned_data
        mine = {d.code: d for d in documents_uploaded_by(event=event, speaker_id=speaker.pk)}
        document = mine.get(code)
        try:
            if document is None:
                raise DocumentError(_("Choose one of your presentations."), code="file")
            document_file_add(
                document=document,
                language=data["language"],
                upload=data["file"],
                speaker=speaker,
                actor_label="speaker",
            )
        except (DocumentError, UploadRefused) as exc:
            refusal_show(form, exc)
        else:
            return None
    return form


def speaker_invitation(request, event_slug: str, token: str):
    event = get_object_or_404(Event, slug=event_slug)
    speaker = speaker_get_by_token(event=event, token=token)
    if speaker is None:
        # A draft event's name is not public: the page names the event only once it is.
        context = {"event": event if event.is_public else None}
        return render(request, "sessions/speaker_link_invalid.html", context, status=404)
    initial = translated_initial(speaker, "biography")
    form = SpeakerProfileForm(initial=initial, event=event)
    presentation_form = version_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("confirm", "decline"):
            speaker_respond(speaker=speaker, accept=action == "confirm")
            messages.success(
                request,
                _("Thank you: you have confirmed your participation.")
                if action == "confirm"
                else _("Thank you: we have recorded that you cannot take part."),
            )
            return redirect(request.path)
        if action in ("presentation", "presentation_version"):
            refused = _presentation_post(
                request, event, speaker, action, _speaker_sessions(speaker)
            )
            if refused is None:
                messages.success(
                    request,
                    _("Thank you: the organisers will publish your presentation after a look."),
                )
                return redirect(request.path)
            if action == "presentation":
                presentation_form = refused
            else:
                version_form = refused
        elif action == "profile":
            form = SpeakerProfileForm(request.POST, request.FILES, initial=initial, event=event)
            if form.is_valid():
                speaker_profile_update(
                    speaker=speaker,
                    biographies=form.texts("biography"),
                    photo=form.cleaned_data["photo"] or None,
                    remove_photo=form.cleaned_data["remove_photo"],
                )
                messages.success(request, _("Your profile has been saved."))
                return redirect(request.path)
        else:
            messages.error(request, _("Please choose one of the buttons on this page."))
            return redirect(request.path)
    roles = _speaker_roles(speaker)
    sessions = list({role.session.code: role.session for role in roles}.values())
    if presentation_form is None:
        presentation_form = SpeakerPresentationForm(
            event=event, sessions=sessions, prefix="presentation"
        )
    refused = (presentation_form.is_bound and presentation_form.errors) or (
        version_form is not None and version_form.errors
    )
    return render(
        request,
        "sessions/speaker_invitation.html",
        {
            "event": event,
            "speaker": speaker,
            "roles": roles,
            "form": form,
            "presentation_form": presentation_form,
            "presentations": _speaker_presentations(event, speaker, version_form=version_form),
            "meetings": _speaker_meetings(speaker, roles),
            "working_languages": get_text_list(
                [Language(code).label for code in event.languages], _("and")
            ),
        },
        status=400 if (form.is_bound and form.errors) or refused else 200,
    )


def _speaker_roles(speaker) -> list:
    """The speaker's roles in sessions that still take place, with their sessions and rooms."""
    return list(
        speaker.roles.filter(session__state__in=["draft", "confirmed"])
        .select_related("session__room", "session__report")
        .order_by("session__start", "session__code")
    )


def _speaker_meetings(speaker, roles: list) -> list[dict]:
    """Each of the speaker's sessions with its meeting link and whether they join online;
    only once they have confirmed (the link is for the session's speakers, not invitees)."""
    if speaker.state != SpeakerState.CONFIRMED:
        return []
    meetings: dict[str, dict] = {}
    for role in roles:
        entry = meetings.setdefault(role.session.code, {"session": role.session, "remote": False})
        entry["remote"] = entry["remote"] or role.remote
    return list(meetings.values())


def _speaker_sessions(speaker) -> list:
    return list({role.session.code: role.session for role in _speaker_roles(speaker)}.values())
