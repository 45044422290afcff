"""Organiser pages of the programme: the timetable, scheduling, moving and publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import Event
from sessions.decorators import programme_manager_required
from sessions.forms.timetable import PublishForm, SessionMoveForm, SessionScheduleForm
from sessions.models import Room, Session
from sessions.selectors.conflicts import conflict_list
from sessions.selectors.timetable import timetable_build
from sessions.services.schedule import schedule_publish
from sessions.services.sessions import session_schedule


def _rooms(event: Event) -> list[Room]:
    return list(Room.objects.filter(event=event).order_by("order", "name_en"))


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


@programme_manager_required
@require_POST
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
                user=request.user,
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


@programme_manager_required
@require_POST
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
        session_schedule(
            session=session,
            start=start,
            end=end,
            room=form.cleaned_data["room_obj"],
            user=request.user,
        )
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


@programme_manager_required
@require_POST
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
