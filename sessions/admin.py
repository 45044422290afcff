from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forum.admin import ScopedModelAdmin, ScopedTabularInline
from sessions.models import Room, ScheduleVersion, Session, SessionRole, Speaker, Track
from sessions.services.speakers import speaker_invite

FLAG = "can_manage_programme"


class ProgrammeScopedAdmin(ScopedModelAdmin):
    """Programme rows: for organisers holding the programme flag on the row's event."""

    event_flag = FLAG


@admin.register(Room)
class RoomAdmin(ProgrammeScopedAdmin):
    list_display = ["name", "event", "capacity", "has_booths", "order"]
    list_editable = ["capacity", "has_booths", "order"]
    list_filter = ["event", "has_booths"]
    search_fields = ["name"]
    list_select_related = ["event"]


@admin.register(Track)
class TrackAdmin(ProgrammeScopedAdmin):
    list_display = ["name", "event", "colour", "order"]
    list_editable = ["colour", "order"]
    list_filter = ["event"]
    search_fields = ["name"]
    list_select_related = ["event"]


class SessionRoleInline(ScopedTabularInline):
    event_flag = FLAG
    model = SessionRole
    extra = 1
    autocomplete_fields = ["speaker"]


@admin.register(Session)
class SessionAdmin(ProgrammeScopedAdmin):
    list_display = ["code", "title", "event", "kind", "track", "room", "start", "end", "state"]
    list_filter = ["event", "state", "kind", "track", "room", "spoken_language"]
    search_fields = ["code", "title", "abstract", "roles__speaker__name"]
    list_select_related = ["event", "track", "room"]
    date_hierarchy = "start"
    inlines = [SessionRoleInline]
    readonly_fields = ["created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The code is in public links and partner feeds: it never changes once created.
        return [*super().get_readonly_fields(request, obj), *(["code"] if obj else [])]

    def get_search_results(self, request, queryset, search_term):
        results, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return results, True


@admin.register(Speaker)
class SpeakerAdmin(ProgrammeScopedAdmin):
    list_display = ["name", "honorific", "event", "organisation", "state", "invited_at"]
    list_filter = ["event", "state", "language"]
    search_fields = ["name", "code", "email", "organisation__name", "organisation_name"]
    list_select_related = ["event", "organisation"]
    autocomplete_fields = ["organisation"]
    exclude = ["token_hash"]
    readonly_fields = ["invited_at", "responded_at", "created_at", "updated_at"]
    actions = ["send_invitation"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(["code"] if obj else [])]

    @admin.action(description=_("Send (or resend) the invitation email"))
    def send_invitation(self, request, queryset):
        sent = 0
        for speaker in queryset.select_related("event"):
            if not request.user.has_perm("programme.change_speaker", speaker):
                continue
            try:
                speaker_invite(speaker=speaker, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{speaker}: {' '.join(exc.messages)}", messages.WARNING)
            else:
                sent += 1
        self.message_user(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
            % {"count": sent},
        )


@admin.register(SessionRole)
class SessionRoleAdmin(ProgrammeScopedAdmin):
    event_field = "session__event"
    list_display = ["session", "speaker", "role", "order"]
    list_filter = ["role", "session__event"]
    search_fields = ["session__title", "session__code", "speaker__name"]
    list_select_related = ["session", "speaker"]
    autocomplete_fields = ["session", "speaker"]


@admin.register(ScheduleVersion)
class ScheduleVersionAdmin(ProgrammeScopedAdmin):
    list_display = ["event", "number", "published_at", "published_by", "comment"]
    list_filter = ["event"]
    search_fields = ["comment"]
    list_select_related = ["event", "published_by"]
    readonly_fields = [
        "event",
        "number",
        "comment",
        "published_at",
        "published_by",
        "changes",
        "snapshot",
    ]
