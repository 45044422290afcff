"""The organisers' sessions workspace under /<lang>/manage/<event_slug>/sessions/: the list
with filters and bulk actions, the session page (details, speakers, conflicts it would
create, history), duplicating, cancelling and restoring.

Only the event's organisers holding the programme flag get in; anyone else gets a 404. Every
write goes through ``sessions.services.sessions``; the public programme changes on publish.
"""

import hashlib
from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from events.models import Event
from events.selectors.audit import audit_lines, audit_list_for_object
from sessions.decorators import programme_manager_required
from sessions.enums import SessionState
from sessions.forms.sessions import (
    NewSpeakerFormSet,
    RoleFormSet,
    SessionBulkForm,
    SessionFilter,
    SessionForm,
    SessionLinksForm,
)
from sessions.models import Session
from sessions.selectors.conflicts import conflict_list
from sessions.selectors.links import session_stream_urls, stream_language_label
from sessions.selectors.sessions import (
    rooms_for_event,
    session_get_for_organiser,
    session_list_for_organiser,
    speakers_for_event,
    tracks_for_event,
)
from sessions.services.links import SessionLinksError, session_links_set
from sessions.services.sessions import (
    SessionError,
    session_cancel,
    session_conflicts_preview,
    session_create,
    session_duplicate,
    session_restore,
    session_update,
    sessions_move_to_track,
    sessions_set_room,
)

PAGE_SIZE = 50

# The same rule as the timetable's pages (views do not import each other).


def _edit_url(event: Event, session: Session) -> str:
    return reverse(
        "programme_manage:session_edit", kwargs={"event_slug": event.slug, "code": session.code}
    )


# --- The list ---------------------------------------------------------------------------------


def _bulk(request, event: Event, form: SessionBulkForm) -> None:
    action = form.cleaned_data["action"]
    sessions = list(form.cleaned_data["sessions"])
    if action == "track":
        track = form.cleaned_data["track_obj"]
        count = sessions_move_to_track(
            event=event, sessions=sessions, track=track, user=request.user
        )
        messages.success(
            request,
            ngettext(
                "%(count)d session moved to %(track)s.",
                "%(count)d sessions moved to %(track)s.",
                count,
            )
            % {"count": count, "track": track.name if track else _("no track")},
        )
    elif action == "room":
        room = form.cleaned_data["room_obj"]
        count = sessions_set_room(event=event, sessions=sessions, room=room, user=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d session set to %(room)s.", "%(count)d sessions set to %(room)s.", count
            )
            % {"count": count, "room": room.name if room else _("no room")},
        )
    else:
        count = 0
        for session in sessions:
            try:
                session_cancel(session=session, user=request.user)
            except SessionError as exc:
                messages.warning(
                    request,
                    _("%(code)s (%(title)s) was not changed: %(reason)s")
                    % {"code": session.code, "title": session.title, "reason": exc.message},
                )
            else:
                count += 1
        if count:
            messages.success(
                request,
                ngettext("%(count)d session cancelled.", "%(count)d sessions cancelled.", count)
                % {"count": count},
            )


@programme_manager_required
def session_list(request, event: Event):
    tracks, rooms = list(tracks_for_event(event=event)), list(rooms_for_event(event=event))
    if request.method == "POST":
        form = SessionBulkForm(request.POST, event=event, tracks=tracks, rooms=rooms)
        if form.is_valid():
            _bulk(request, event, form)
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        # Back to the same page with the same filters (the path is our own).
        return redirect(request.get_full_path())

    conflicted = {code for c in conflict_list(event=event) for code in c.session_codes}
    filterset = SessionFilter(
        request.GET or None,
        queryset=session_list_for_organiser(event=event),
        event=event,
        tracks=tracks,
        rooms=rooms,
        conflicted=conflicted,
    )
    queryset = (
        filterset.queryset.none()
        if filterset.is_bound and not filterset.is_valid()
        else filterset.qs
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sessions/manage/sessions_list.html",
        {
            "event": event,
            "filter": filterset,
            "page": page,
            "rows": [(session, session.code in conflicted) for session in page.object_list],
            "bulk_form": SessionBulkForm(event=event, tracks=tracks, rooms=rooms),
        },
    )


# --- One session ------------------------------------------------------------------------------


def _fingerprint(post) -> str:
    """What was checked for conflicts: "Save anyway" saves only that, not a later change."""
    items = sorted(
        (key, values)
        for key, values in post.lists()
        if key not in {"csrfmiddlewaretoken", "action", "checked"}
    )
    return hashlib.sha256(repr(items).encode()).hexdigest()


def _refusal(form: SessionForm, exc: SessionError) -> None:
    form.add_error(exc.code if exc.code in form.fields else None, exc.message)


def _session_page(request, event: Event, session: Session | None):
    tracks, rooms = list(tracks_for_event(event=event)), list(rooms_for_event(event=event))
    speakers = speakers_for_event(event=event)
    roles_initial = (
        [
            {
                "speaker": str(role.speaker_id),
                "role": role.role,
                "order": role.order,
                "remote": role.remote,
            }
            for role in session.roles.all()
        ]
        if session
        else []
    )
    form_kwargs = {"event": event, "tracks": tracks, "rooms": rooms, "session": session}
    conflicts, checked = None, ""
    if request.method == "POST":
        form = SessionForm(request.POST, **form_kwargs)
        roles = RoleFormSet(request.POST, prefix="roles", speakers=speakers, initial=roles_initial)
        new = NewSpeakerFormSet(request.POST, prefix="new")
        if form.is_valid() and roles.is_valid() and new.is_valid():
            inputs = {
                "details": form.details(),
                "roles": roles.role_inputs(),
                "new_speakers": new.speaker_inputs(),
                "user": request.user,
            }
            write = (
                partial(session_update, session=session, **inputs)
                if session
                else partial(session_create, event=event, **inputs)
            )
            checked = _fingerprint(request.POST)
            confirmed = (
                request.POST.get("action") == "confirm" and request.POST.get("checked") == checked
            )
            try:
                if not confirmed:
                    conflicts = session_conflicts_preview(event=event, write=write)
                if confirmed or (not conflicts and request.POST.get("action") != "check"):
                    saved = write()
                    messages.success(
                        request,
                        (
                            _("“%(title)s” has been saved.")
                            if session
                            else _("“%(title)s” has been created.")
                        )
                        % {"title": saved.title},
                    )
                    return redirect(_edit_url(event, saved))
            except SessionError as exc:
                _refusal(form, exc)
                conflicts = None
    else:
        form = SessionForm(
            initial=SessionForm.initial_for(session) if session else None, **form_kwargs
        )
        roles = RoleFormSet(prefix="roles", speakers=speakers, initial=roles_initial)
        new = NewSpeakerFormSet(prefix="new")
    history = audit_lines(audit_list_for_object(obj=session)) if session else []
    return render(
        request,
        "sessions/manage/sessions_form.html",
        {
            "event": event,
            "session": session,
            "form": form,
            "roles": roles,
            "new": new,
            "conflicts": conflicts,
            "checked": checked,
            "history": history,
        },
    )


@programme_manager_required
def session_create_view(request, event: Event):
    return _session_page(request, event, None)


@programme_manager_required
def session_edit(request, event: Event, code: str):
    return _session_page(request, event, session_get_for_organiser(event=event, code=code))


@programme_manager_required
@require_POST
def session_duplicate_view(request, event: Event, code: str):
    session = session_get_for_organiser(event=event, code=code)
    copy = session_duplicate(session=session, user=request.user)
    messages.success(
        request,
        _("“%(title)s” has been copied as %(code)s, without a time or a room.")
        % {"title": session.title, "code": copy.code},
    )
    return redirect(_edit_url(event, copy))


@programme_manager_required
@require_POST
def session_state_view(request, event: Event, code: str, change: str):
    session = session_get_for_organiser(event=event, code=code)
    service = session_cancel if change == "cancel" else session_restore
    try:
        changed = service(session=session, user=request.user)
    except SessionError as exc:
        messages.error(request, exc.message)
    else:
        texts = {
            SessionState.CANCELLED: _(
                "“%(title)s” has been cancelled; the public programme shows it from the next publish."
            ),
            SessionState.DRAFT: _("“%(title)s” has been restored as a draft."),
            SessionState.CONFIRMED: _("“%(title)s” has been restored and is confirmed again."),
        }
        messages.success(request, texts[changed.state] % {"title": session.title})
    return redirect(_edit_url(event, session))


def _current_links(session: Session, streams: dict[str, str], order: list[str]) -> list:
    """(label, url) of the links saved now, in the form's order, to open and check them."""
    current = [(_("Meeting link for speakers"), session.meeting_url)]
    current += [
        (_("Webcast, %(language)s") % {"language": stream_language_label(code)}, streams[code])
        for code in order
        if code in streams
    ]
    current.append((_("Recording"), session.recording_url))
    return [(label, url) for label, url in current if url]


@programme_manager_required
def session_links_view(request, event: Event, code: str):
    """The session's meeting link, stream links per language and recording."""
    session = session_get_for_organiser(event=event, code=code)
    streams = session_stream_urls(session=session)
    form_kwargs = {"session": session, "stream_codes": list(streams)}
    if request.method == "POST":
        form = SessionLinksForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                change = session_links_set(
                    session=session,
                    meeting_url=data["meeting_url"],
                    streams=form.streams(),
                    recording_url=data["recording_url"],
                    recording_audience=data["recording_audience"],
                    user=request.user,
                )
            except SessionLinksError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request,
                    _("The links of “%(title)s” have been saved.") % {"title": session.title},
                )
                if change.participants:
                    messages.info(
                        request,
                        ngettext(
                            "%(count)d online participant is sent the new link by email.",
                            "%(count)d online participants are sent the new link by email.",
                            change.participants,
                        )
                        % {"count": change.participants},
                    )
                if change.speakers:
                    messages.info(
                        request,
                        ngettext(
                            "%(count)d speaker is sent the new meeting link by email.",
                            "%(count)d speakers are sent the new meeting link by email.",
                            change.speakers,
                        )
                        % {"count": change.speakers},
                    )
                return redirect(
                    "programme_manage:session_links", event_slug=event.slug, code=session.code
                )
    else:
        form = SessionLinksForm(
            initial=SessionLinksForm.initial_for(session, streams), **form_kwargs
        )
    return render(
        request,
        "sessions/manage/sessions_links.html",
        {
            "event": event,
            "session": session,
            "form": form,
            "current": _current_links(session, streams, form.stream_codes),
        },
    )
