"""Read-only records for organisers; the workflow lives on the organiser pages (services)."""

from django.contrib import admin

from forum.admin import ReadOnlyScopedAdmin
from outcomes.models import Comment, Endorsement, Statement, StatementTransition, StatementVersion


class OutcomeRecordAdmin(ReadOnlyScopedAdmin):
    event_field = "statement__event"
    event_flag = "can_manage_outcomes"


@admin.register(Statement)
class StatementAdmin(OutcomeRecordAdmin):
    event_field = "event"
    list_display = ["title", "event", "state", "adopted_on", "requires_approval"]
    list_filter = ["state"]
    search_fields = ["title", "slug"]


@admin.register(StatementVersion)
class StatementVersionAdmin(OutcomeRecordAdmin):
    list_display = ["statement", "number", "note", "created_at"]


@admin.register(StatementTransition)
class StatementTransitionAdmin(OutcomeRecordAdmin):
    list_display = ["statement", "from_state", "to_state", "actor", "actor_label", "at"]


@admin.register(Comment)
class CommentAdmin(OutcomeRecordAdmin):
    list_display = ["statement", "section_title", "created_at", "answered_at", "resolved_at"]


@admin.register(Endorsement)
class EndorsementAdmin(OutcomeRecordAdmin):
    list_display = ["organisation", "statement", "state", "method", "published_at"]
    list_filter = ["state", "method"]
    search_fields = ["organisation__name", "signatory_name"]
    exclude = ["token_hash"]
