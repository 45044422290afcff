"""Documents in the admin: shown for maintenance, never edited there (files go through the
upload checks and the services, in the organisers' workspace)."""

from django.contrib import admin

from documents.models import Document, DocumentFile
from forum.admin import ReadOnlyScopedAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyScopedAdmin):
    event_flag = "can_manage_programme"
    list_display = ["code", "title", "event", "session", "kind", "audience", "state", "updated_at"]
    list_filter = ["event", "kind", "audience", "state"]
    search_fields = ["code", "title"]
    list_select_related = ["event", "session"]


@admin.register(DocumentFile)
class DocumentFileAdmin(ReadOnlyScopedAdmin):
    event_flag = "can_manage_programme"
    list_display = ["document", "language", "version", "filename", "size", "pages", "created_at"]
    list_filter = ["language", "content_type"]
    search_fields = ["document__code", "filename", "sha256"]
    list_select_related = ["document"]
