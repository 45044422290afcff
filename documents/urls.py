"""Document downloads, outside the language prefix (one address per file for every reader)."""

from django.urls import path

from documents.views import archives, files

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
