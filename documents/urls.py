"""Document downloads, outside the language prefix (one address per file for every reader),
and the organisers' workspace under /<lang>/manage/<event_slug>/documents/."""

from django.urls import path

from documents.views import archives, files, workspace

app_name = "documents"
urlpatterns = [
    path("documents/<str:code>/<str:language>/", files.document_file, name="file"),
    path(
        "documents/<str:code>/<str:language>/v<int:version>/",
        files.document_file,
        name="file_version",
    ),
    path("events/<slug:event_slug>/documents.zip", archives.edition_zip, name="edition_zip"),
    path(
        "events/<slug:event_slug>/sessions/<str:code>/documents.zip",
        archives.session_zip,
        name="session_zip",
    ),
]

# Included inside i18n_patterns by forum/urls.py (namespace ``documents_manage``).
manage_urlpatterns = [
    path("", workspace.document_list, name="documents"),
    path("new/", workspace.document_new, name="document_new"),
    path("<str:code>/", workspace.document_detail, name="document"),
    path("<str:code>/upload/", workspace.document_upload, name="document_upload"),
    path(
        "<str:code>/publish/",
        workspace.document_state,
        {"change": "publish"},
        name="document_publish",
    ),
    path(
        "<str:code>/withdraw/",
        workspace.document_state,
        {"change": "withdraw"},
        name="document_withdraw",
    ),
]
