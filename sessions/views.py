from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.decorators import event_permission_required
from events.models import Event
from events.selectors.events import event_get_for_viewer
from sessions.forms import PublishForm, SessionMoveForm, SessionScheduleForm, SpeakerProfileForm
from sessions.models import Room, Session
from sessions.selectors.conflicts import conflict_list
from sessions.selectors.public import (
    agenda_filters_parse,
    agenda_grid,
    agenda_sessions,
    programme_latest,
    schedule_version_list,
)
from sessions.selectors.speakers import speaker_get_by_token
from sessions.selectors.timetable import timetable_build
from sessions.services.schedule import schedule_publish
from sessions.services.sessions import session_schedule
from sessions.services.speakers import speaker_profile_update, speaker_respond

# --- Public pages: rendered from the latest published snapshot only -------------------------


def _programme_or_404(request, event_slug: str):
    event = event_get_for_viewer(slug=event_slug, user=request.user)
    return event, programme_latest(event=event)


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

    versions = []
    for version in schedule_version_list(event=event):
        moved = [
            {
                **entry,
                "before_start": local(entry["before"]["start"]),
                "after_start": local(entry["after"]["start"]),
            }
            for entry in version.changes.get("moved", [])
        ]
        versions.append({"version": version, "changes": version.changes, "moved": moved})
    return render(request, "sessions/changelog.html", {"event": event, "versions": versions})


# --- Speaker invitation: a secret link, no account -------------------------------------------


def speaker_invitation(request, event_slug: str, token: str):
    event = get_object_or_404(Event, slug=event_slug)
    speaker = speaker_get_by_token(event=event, token=token)
    if speaker is None:
        # A draft event's name is not public: the page names the event only once it is.
        context = {"event": event if event.is_public else None}
        return render(request, "sessions/speaker_link_invalid.html", context, status=404)
    form = SpeakerProfileForm(initial={"biography": speaker.biography})
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
            form = SpeakerProfileForm(request.POST, request.FILES)
            if form.is_valid():
                speaker_profile_update(
                    speaker=speaker,
                    biography=form.cleaned_data["biography"],
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
        {"event": event, "speaker": speaker, "roles": roles, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Organiser pages -------------------------------------------------------------------------


programme_manager_required = event_permission_required(
    "programme.manage_programme", slug_kwarg="event_slug"
)


def _rooms(event: Event) -> list[Room]:
    return list(Room.objects.filter(event=event).order_by("order", "name"))


@programme_manager_required
def timetable(request, event: Event):
    data = timetable_build(event=event)
    forms = [
        (
            card,
            SessionScheduleForm(
                prefix=card.session.code,
                event=event,
                rooms=data.rooms,
                initial={
                    "day": card.start.date().isoformat() if card.start else "",
                    "start": card.start.strftime("%H:%M") if card.start else "",
                    "end": card.end.strftime("%H:%M") if card.end else "",
                    "room": str(card.session.room_id or ""),
                },
            ),
        )
        for card in data.cards
    ]
    return render(
        request,
        "manage/programme_timetable.html",
        {"event": event, "timetable": data, "forms": forms, "publish_form": PublishForm()},
    )


@require_POST
@programme_manager_required
def session_schedule_view(request, event: Event, code: str):
    session = get_object_or_404(Session, event=event, code=code)
    form = SessionScheduleForm(request.POST, prefix=code, event=event, rooms=_rooms(event))
    if form.is_valid():
        try:
            session_schedule(
                session=session,
                start=form.cleaned_data["start_at"],
                end=form.cleaned_data["end_at"],
                room=form.cleaned_data["room_obj"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(title)s” has been moved.") % {"title": session.title})
    else:
        errors = [e for errs in form.errors.values() for e in errs]
        messages.error(
            request,
            _("“%(title)s” was not moved: %(errors)s")
            % {"title": session.title, "errors": " ".join(errors)},
        )
    return redirect(
        reverse("programme_manage:timetable", kwargs={"event_slug": event.slug})
        + f"#form-{session.code}"
    )


@require_POST
@programme_manager_required
def session_move(request, event: Event):
    """The drag-and-drop endpoint: JSON in (form-encoded), JSON out, conflicts included."""
    form = SessionMoveForm(request.POST, event=event, rooms=_rooms(event))
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    session = Session.objects.filter(event=event, code=form.cleaned_data["code"]).first()
    if session is None:
        return JsonResponse({"ok": False, "errors": [_("No such session.")]}, status=404)
    duration = session.end - session.start if session.is_scheduled else None
    start, end = form.slot_for(duration)
    try:
        session_schedule(session=session, start=start, end=end, room=form.cleaned_data["room_obj"])
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": exc.messages}, status=400)
    return JsonResponse(
        {
            "ok": True,
            "session": {
                "code": session.code,
                "start": session.start.isoformat() if session.start else None,
                "end": session.end.isoformat() if session.end else None,
                "room": session.room_id,
            },
            "conflicts": [
                {"kind": c.kind, "message": c.message, "sessions": list(c.session_codes)}
                for c in conflict_list(event=event)
            ],
        }
    )


@require_POST
@programme_manager_required
def publish(request, event: Event):
    form = PublishForm(request.POST)
    if form.is_valid():
        version = schedule_publish(
            event=event, comment=form.cleaned_data["comment"], user=request.user
        )
        messages.success(
            request,
            _("Version %(number)s of the programme is now public.") % {"number": version.number},
        )
    else:
        messages.error(request, _("The programme was not published: the comment is too long."))
    return redirect("programme_manage:timetable", event_slug=event.slug)
