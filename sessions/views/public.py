"""Public programme pages, rendered from the latest published snapshot only, and the
speaker's invitation page."""

from datetime import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from events.models import Event
from events.selectors.events import event_get_for_viewer
from forum.content import Language
from forum.forms import translated_initial
from sessions.forms.speakers import SpeakerProfileForm
from sessions.selectors.public import (
    agenda_filters_parse,
    agenda_grid,
    agenda_sessions,
    changes_picked,
    programme_latest,
    schedule_version_list,
)
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


def session_detail(request, event_slug: str, code: str):
    event, programme = _programme_or_404(request, event_slug)
    session = programme.session(code) if programme else None
    if session is None:
        raise Http404
    return render(
        request,
        "sessions/session_detail.html",
        {"event": event, "programme": programme, "session": session},
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


def speaker_invitation(request, event_slug: str, token: str):
    event = get_object_or_404(Event, slug=event_slug)
    speaker = speaker_get_by_token(event=event, token=token)
    if speaker is None:
        # A draft event's name is not public: the page names the event only once it is.
        context = {"event": event if event.is_public else None}
        return render(request, "sessions/speaker_link_invalid.html", context, status=404)
    initial = translated_initial(speaker, "biography")
    form = SpeakerProfileForm(initial=initial, event=event)
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
        if action == "profile":
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
    roles = list(
        speaker.roles.filter(session__state__in=["draft", "confirmed"])
        .select_related("session__room")
        .order_by("session__start", "session__code")
    )
    return render(
        request,
        "sessions/speaker_invitation.html",
        {
            "event": event,
            "speaker": speaker,
            "roles": roles,
            "form": form,
            "working_languages": get_text_list(
                [Language(code).label for code in event.languages], _("and")
            ),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
