"""Pages around the feeds: a registrant's personal agenda, and the organisers' widget builder."""

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from documents.selectors.pages import documents_for_registrant
from events.decorators import event_permission_required
from events.models import Event
from forum.content import DEFAULT_CONTENT_LANGUAGE, Language, content_code
from registrations.enums import ACTIVE_STATES
from registrations.services.registrations import registration_get_by_token
from sessions.feeds.common import absolute
from sessions.models import AgendaFeed
from sessions.selectors.agenda import bookmark_codes
from sessions.selectors.joining import online_sessions_for_registrant
from sessions.selectors.public import programme_latest
from sessions.services.agenda import agenda_feed_rotate, bookmark_add, bookmark_remove


@never_cache
def my_agenda(request, token: str):
    """The registrant's agenda, reached from their manage link: bookmark sessions of the
    published programme and get a private, read-only calendar URL for them."""
    registration = registration_get_by_token(token=token)
    if registration is None:
        return render(request, "registrations/manage_link_invalid.html", status=404)
    event = registration.event
    new_feed_url = ""
    if request.method == "POST":
        action, code = request.POST.get("action"), request.POST.get("code", "")
        try:
            if action == "add":
                bookmark_add(registration=registration, code=code)
                messages.success(request, _("The session is in your agenda."))
            elif action == "remove":
                bookmark_remove(registration=registration, code=code)
                messages.success(request, _("The session is no longer in your agenda."))
            elif action == "feed":
                # Shown once, on this response: only the secret's hash is stored.
                feed_token = agenda_feed_rotate(registration=registration)
                new_feed_url = absolute(reverse("feeds:agenda_ics", kwargs={"token": feed_token}))
            else:
                messages.error(request, _("Please choose one of the buttons on this page."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        if not new_feed_url:
            return redirect(request.path + (f"#session-{code}" if code.isalnum() else ""))
    programme = programme_latest(event=event, lang=translation.get_language())
    bookmarks = bookmark_codes(registration=registration)
    days = defaultdict(list)
    for session in programme.sessions if programme else []:
        days[session.day].append(session)
    active = registration.state in ACTIVE_STATES
    # The edition's documents and those of the bookmarked sessions, participants' ones too
    # while the registration is approved.
    documents = (
        documents_for_registrant(
            registration=registration,
            lang=content_code(translation.get_language()) or DEFAULT_CONTENT_LANGUAGE,
        )
        if active and programme
        else None
    )
    # Streams and recordings of the bookmarked sessions and the plenaries, for registrants
    # holding a place; the page shows each one's state by server time, join.js moves it on.
    online = (
        online_sessions_for_registrant(
            registration=registration, programme=programme, bookmarks=bookmarks, now=timezone.now()
        )
        if programme
        else []
    )
    return render(
        request,
        "sessions/my_agenda.html",
        {
            "event": event,
            "registration": registration,
            "token": token,
            "active": active,
            "programme": programme,
            "days": sorted(days.items()),
            "bookmarks": bookmarks,
            "mine": [
                (s, documents.of_session(s.code) if documents else [])
                for s in (programme.sessions if programme else [])
                if s.code in bookmarks
            ],
            "documents": documents,
            "online": online,
            "join_minutes": settings.FORUM_JOIN_OPENS_BEFORE,
            "feed": AgendaFeed.objects.filter(registration=registration).first(),
            "new_feed_url": new_feed_url,
        },
    )


@event_permission_required("events.manage_event", slug_kwarg="event_slug")
def widget_builder(request, event: Event):
    """Organisers of this event write the snippet partners paste, with a live preview."""
    programme = (
        programme_latest(event=event, lang=translation.get_language()) if event.is_public else None
    )
    return render(
        request,
        "manage/widget_builder.html",
        {
            "event": event,
            "programme": programme,
            # The event's languages, in its order: the widget shows texts missing in the
            # chosen one in a fallback, marked.
            "widget_languages": [(code, Language(code).label) for code in event.languages],
            "script_url": absolute(reverse("feeds:widget_script")),
            "frame_url": absolute(reverse("feeds:widget_frame", kwargs={"event_slug": event.slug})),
        },
    )
