"""Organiser pages for the programme's rooms, tracks and speakers under
/<lang>/manage/<event_slug>/{rooms,tracks,speakers}/.

Every page takes its event from ``programme_manager_required`` (anyone else gets a 404) and
looks rows up inside that event only; every write goes through a service.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.models import Event
from events.selectors.audit import audit_lines, audit_list_for_object
from forum.content import Language, fallback_order, text_direction, texts_of
from forum.errors import ServiceError
from forum.forms import shown_languages, translated_initial
from sessions.decorators import programme_manager_required
from sessions.forms.programme import (
    MoveForm,
    RoomForm,
    SpeakerFilterForm,
    SpeakerForm,
    SpeakerMergeForm,
    SpeakerModerationForm,
    TrackForm,
)
from sessions.models import Room, Speaker, Track
from sessions.selectors.rooms import room_list_for_organiser, track_list_for_organiser
from sessions.selectors.speakers import speaker_invitation_of, speaker_list_for_organiser
from sessions.services import rooms as room_services
from sessions.services.speakers import (
    speaker_create,
    speaker_invite,
    speaker_merge,
    speaker_moderate,
    speaker_update,
)

SPEAKERS_PAGE_SIZE = 50


@dataclass(frozen=True)
class SetupKind:
    """What differs between the room and the track pages."""

    model: type[Room] | type[Track]
    form: type[RoomForm] | type[TrackForm]
    fields: tuple[str, ...]
    prefix: str  # URL names and templates: "room" -> "rooms", "room_edit", rooms_list.html
    create: Any
    update: Any
    delete: Any
    move: Any
    listing: Any
    created: str
    saved: str
    deleted: str


ROOMS = SetupKind(
    model=Room,
    form=RoomForm,
    fields=("name", "capacity", "has_booths", "has_streaming"),
    prefix="room",
    create=room_services.room_create,
    update=room_services.room_update,
    delete=room_services.room_delete,
    move=room_services.room_move,
    listing=room_list_for_organiser,
    created=gettext_lazy("Room “%(name)s” created."),
    saved=gettext_lazy("Room “%(name)s” saved."),
    deleted=gettext_lazy("Room “%(name)s” deleted."),
)
TRACKS = SetupKind(
    model=Track,
    form=TrackForm,
    fields=("name", "colour"),
    prefix="track",
    create=room_services.track_create,
    update=room_services.track_update,
    delete=room_services.track_delete,
    move=room_services.track_move,
    listing=track_list_for_organiser,
    created=gettext_lazy("Track “%(name)s” created."),
    saved=gettext_lazy("Track “%(name)s” saved."),
    deleted=gettext_lazy("Track “%(name)s” deleted."),
)


def _posted(request):
    """The submitted data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _history(obj) -> list:
    return audit_lines(audit_list_for_object(obj=obj))


def _setup_list(request, event: Event, kind: SetupKind):
    rows = list(kind.listing(event=event))
    return render(
        request,
        f"sessions/manage/{kind.prefix}s_list.html",
        {"event": event, "rows": rows},
    )


def _setup_form(request, event: Event, kind: SetupKind, obj=None):
    initial = None
    if obj is not None:
        initial = {field: getattr(obj, field) for field in kind.fields if field != "name"}
        initial.update(translated_initial(obj, "name"))
    languages = shown_languages(event.languages, obj, ("name",))
    form = kind.form(_posted(request), initial=initial, languages=languages, event=event, obj=obj)
    creating = obj is None
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            if creating:
                obj = kind.create(event=event, actor=request.user, **values)
            else:
                obj = kind.update(**{kind.prefix: obj}, actor=request.user, **values)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            message = kind.created if creating else kind.saved
            messages.success(request, message % {"name": obj.name})
            return redirect(f"programme_manage:{kind.prefix}s", event_slug=event.slug)
    return render(
        request,
        f"sessions/manage/{kind.prefix}s_form.html",
        {
            "event": event,
            "form": form,
            "object": None if creating else obj,
            "history": [] if creating else _history(obj),
        },
    )


def _setup_delete(request, event: Event, kind: SetupKind, pk: int):
    obj = get_object_or_404(kind.model, event=event, pk=pk)
    try:
        kind.delete(**{kind.prefix: obj}, actor=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        return redirect(f"programme_manage:{kind.prefix}_edit", event_slug=event.slug, pk=pk)
    messages.success(request, kind.deleted % {"name": obj.name})
    return redirect(f"programme_manage:{kind.prefix}s", event_slug=event.slug)


def _setup_move(request, event: Event, kind: SetupKind, pk: int):
    obj = get_object_or_404(kind.model, event=event, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        kind.move(
            **{kind.prefix: obj}, direction=form.cleaned_data["direction"], actor=request.user
        )
    else:
        messages.error(request, _("Choose up or down."))
    # Back to the row that moved, so keyboard users keep their place.
    url = reverse(f"programme_manage:{kind.prefix}s", kwargs={"event_slug": event.slug})
    return redirect(f"{url}#{kind.prefix}-{obj.pk}")


@programme_manager_required
def rooms_list(request, event: Event):
    return _setup_list(request, event, ROOMS)


@programme_manager_required
def room_create(request, event: Event):
    return _setup_form(request, event, ROOMS)


@programme_manager_required
def room_edit(request, event: Event, pk: int):
    return _setup_form(request, event, ROOMS, get_object_or_404(Room, event=event, pk=pk))


@programme_manager_required
@require_POST
def room_delete(request, event: Event, pk: int):
    return _setup_delete(request, event, ROOMS, pk)


@programme_manager_required
@require_POST
def room_move(request, event: Event, pk: int):
    return _setup_move(request, event, ROOMS, pk)


@programme_manager_required
def tracks_list(request, event: Event):
    return _setup_list(request, event, TRACKS)


@programme_manager_required
def track_create(request, event: Event):
    return _setup_form(request, event, TRACKS)


@programme_manager_required
def track_edit(request, event: Event, pk: int):
    return _setup_form(request, event, TRACKS, get_object_or_404(Track, event=event, pk=pk))


@programme_manager_required
@require_POST
def track_delete(request, event: Event, pk: int):
    return _setup_delete(request, event, TRACKS, pk)


@programme_manager_required
@require_POST
def track_move(request, event: Event, pk: int):
    return _setup_move(request, event, TRACKS, pk)


@programme_manager_required
def speakers_list(request, event: Event):
    """The directory: search, filter by invitation, 50 a page, roles listed per speaker."""
    filters = SpeakerFilterForm(request.GET)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    speakers = speaker_list_for_organiser(
        event=event,
        search=(criteria.get("q") or "").strip(),
        invitation=criteria.get("invitation") or "",
    )
    page = Paginator(speakers, SPEAKERS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(speaker, speaker_invitation_of(speaker)) for speaker in page.object_list]
    return render(
        request,
        "sessions/manage/speakers_list.html",
        {"event": event, "filters": filters, "page": page, "rows": rows},
    )


SPEAKER_FIELDS = ("honorific", "name", "organisation_name", "email", "language")


def _speaker_form(event: Event, speaker: Speaker, data=None) -> SpeakerForm:
    initial = {field: getattr(speaker, field) for field in SPEAKER_FIELDS}
    initial.update(translated_initial(speaker, "position"))
    return SpeakerForm(data, initial=initial, event=event)


def _speaker_form_page(request, event: Event, speaker: Speaker | None, form, moderation=None):
    return render(
        request,
        "sessions/manage/speakers_form.html",
        {
            "event": event,
            "form": form,
            "speaker": speaker,
            "invitation": speaker_invitation_of(speaker) if speaker else None,
            "moderation": moderation,
            "roles": list(speaker.roles.select_related("session")) if speaker else [],
            "history": _history(speaker) if speaker else [],
        },
    )


def _moderation_form(event: Event, speaker: Speaker, data=None) -> SpeakerModerationForm:
    return SpeakerModerationForm(
        data, initial=translated_initial(speaker, "biography"), event=event
    )


@programme_manager_required
def speaker_create_view(request, event: Event):
    form = SpeakerForm(_posted(request), event=event)
    if request.method == "POST" and form.is_valid():
        try:
            speaker = speaker_create(event=event, actor=request.user, **form.details())
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Speaker “%(name)s” created.") % {"name": speaker})
            return redirect(
                "programme_manage:speaker_edit", event_slug=event.slug, code=speaker.code
            )
    return _speaker_form_page(request, event, None, form)


@programme_manager_required
def speaker_edit(request, event: Event, code: str):
    speaker = get_object_or_404(
        Speaker.objects.select_related("organisation"), event=event, code=code
    )
    form = _speaker_form(event, speaker, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            speaker_update(speaker=speaker, actor=request.user, **form.details())
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Speaker “%(name)s” saved.") % {"name": speaker})
            return redirect("programme_manage:speaker_edit", event_slug=event.slug, code=code)
    return _speaker_form_page(request, event, speaker, form, _moderation_form(event, speaker))


@programme_manager_required
@require_POST
def speaker_moderate_view(request, event: Event, code: str):
    speaker = get_object_or_404(Speaker, event=event, code=code)
    moderation = _moderation_form(event, speaker, request.POST)
    if moderation.is_valid():
        try:
            speaker_moderate(
                speaker=speaker,
                biographies=moderation.texts("biography"),
                clear_photo=moderation.cleaned_data["clear_photo"],
                note=moderation.cleaned_data["note"],
                actor=request.user,
            )
        except ServiceError as exc:
            moderation.add_service_error(exc)
        else:
            messages.success(request, _("The speaker's biography and photo were updated."))
            return redirect("programme_manage:speaker_edit", event_slug=event.slug, code=code)
    return _speaker_form_page(request, event, speaker, _speaker_form(event, speaker), moderation)


@programme_manager_required
@require_POST
def speaker_invite_view(request, event: Event, code: str):
    speaker = get_object_or_404(Speaker, event=event, code=code)
    try:
        speaker_invite(speaker=speaker, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The invitation was sent to %(name)s.") % {"name": speaker.display_name}
        )
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("programme_manage:speaker_edit", event_slug=event.slug, code=code)


@dataclass(frozen=True)
class ComparedText:
    """One language of a translated text, across the two records a merge compares."""

    label: str
    lang: str
    dir: str
    values: list[str]


def _compared_texts(event: Event, speakers: list[Speaker], field: str, label) -> list:
    """A row per language either record has ``field`` in (the event's languages first); one
    row of blanks when neither has any."""
    texts = [texts_of(speaker, field) for speaker in speakers]
    codes = [
        code for code in fallback_order(None, event.languages) if any(code in t for t in texts)
    ]
    if not codes:
        return [ComparedText(label=str(label), lang="", dir="", values=["" for _ in speakers])]
    return [
        ComparedText(
            label=_("%(field)s (%(language)s)")
            % {"field": label, "language": Language(code).label},
            lang=code,
            dir=text_direction(code),
            values=[t.get(code, "") for t in texts],
        )
        for code in codes
    ]


@programme_manager_required
def speaker_merge_view(request, event: Event):
    """Two records of one person: compare them, choose the one that stays, merge."""
    data = request.POST if request.method == "POST" else request.GET
    codes = list(dict.fromkeys(data.getlist("speaker")))
    speakers = list(
        Speaker.objects.filter(event=event, code__in=codes)
        .select_related("organisation")
        .prefetch_related("roles__session")
        .order_by("name", "pk")
    )
    if len(codes) != 2 or len(speakers) != 2:
        messages.error(request, _("Choose exactly two of this event's speakers to merge."))
        return redirect("programme_manage:speakers", event_slug=event.slug)
    form = SpeakerMergeForm(_posted(request), speakers=speakers)
    if request.method == "POST" and form.is_valid():
        keep = next(s for s in speakers if s.code == form.cleaned_data["keep"])
        other = next(s for s in speakers if s is not keep)
        try:
            speaker_merge(keep=keep, other=other, actor=request.user)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("%(other)s was merged into %(keep)s.")
                % {"other": other.display_name, "keep": keep.display_name},
            )
            return redirect("programme_manage:speaker_edit", event_slug=event.slug, code=keep.code)
    return render(
        request,
        "sessions/manage/speakers_merge.html",
        {
            "event": event,
            "form": form,
            "speakers": speakers,
            "compared": [(speaker, speaker_invitation_of(speaker)) for speaker in speakers],
            "positions": _compared_texts(event, speakers, "position", gettext_lazy("Position")),
            "biographies": _compared_texts(event, speakers, "biography", gettext_lazy("Biography")),
        },
    )
