"""Document downloads, outside the language prefix (one address per file for every reader)."""

from django.urls import path

from documents.views import files

app_name = "documents"
urlpatterns = [
    path("documents/<str:code>/<str:language>/", files.document_file, name="file"),
    path(
        "documents/<str:code>/<str:language>/v<int:version>/",
        files.document_file,
        name="file_version",
    ),
]
