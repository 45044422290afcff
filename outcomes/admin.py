"""Read-only records for organisers; the workflow lives on the organiser pages (services)."""

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from events.rules import organised_event_ids
from outcomes.models import Comment, Endorsement, Statement, StatementTransition, StatementVersion


class ReadOnlyScopedAdmin(ObjectPermissionsModelAdmin):
    event_field = "statement__event"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        ids = organised_event_ids(request.user, "can_manage_outcomes")
        return qs.filter(**{f"{self.event_field}__in": ids})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Statement)
class StatementAdmin(ReadOnlyScopedAdmin):
    event_field = "event"
    list_display = ["title", "event", "state", "adopted_on", "requires_approval"]
    list_filter = ["state"]
    search_fields = ["title", "slug"]


@admin.register(StatementVersion)
class StatementVersionAdmin(ReadOnlyScopedAdmin):
    list_display = ["statement", "number", "note", "created_at"]


@admin.register(StatementTransition)
class StatementTransitionAdmin(ReadOnlyScopedAdmin):
    list_display = ["statement", "from_state", "to_state", "actor", "actor_label", "at"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyScopedAdmin):
    list_display = ["statement", "section_title", "created_at", "answered_at", "resolved_at"]


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyScopedAdmin):
    list_display = ["organisation", "statement", "state", "method", "published_at"]
    list_filter = ["state", "method"]
    search_fields = ["organisation__name", "signatory_name"]
    exclude = ["token_hash"]
