"""Public documents: the same shape on the documents endpoint, on sessions and on the event.

URLs are absolute, built on ``context["base"]`` (the request's site root, which names the
cached variant too).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.common import text_languages
from documents.enums import DocumentKind, DocumentState
from documents.selectors.documents import DocumentRead, document_file_url
from documents.selectors.published import DocumentGone


class DocumentFileSerializer(serializers.Serializer):
    language = serializers.CharField()
    version = serializers.IntegerField(help_text=_("The latest version in this language."))
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text=_("In bytes."))
    pages = serializers.IntegerField(allow_null=True, help_text=_("A PDF's page count."))
    sha256 = serializers.CharField(help_text=_("Of the content; the download's ETag too."))
    url = serializers.SerializerMethodField(
        help_text=_("Stable address of the latest version in this language.")
    )
    updated_at = serializers.DateTimeField(
        source="created_at", help_text=_("When this version was uploaded.")
    )

    def get_url(self, file) -> str:
        path = document_file_url(file, document=self.context["document"])
        return self.context.get("base", "") + path


class DocumentSerializer(serializers.Serializer):
    """A public document, or (``state`` "withdrawn") one that was published and is public no
    longer: then only ``code``, ``state`` and ``updated_at``."""

    code = serializers.CharField(help_text=_("Stable public code; it never changes."))
    state = serializers.ChoiceField(
        choices=[DocumentState.PUBLISHED, DocumentState.WITHDRAWN],
        help_text=_(
            "published, or withdrawn: it was public and is no longer (forget it; no other "
            "field is sent)."
        ),
    )
    kind = serializers.ChoiceField(choices=DocumentKind.values, required=False)
    kind_label = serializers.CharField(required=False)
    title = serializers.CharField(required=False)
    text_languages = text_languages("DocumentTextLanguages", "title")
    session = serializers.CharField(
        source="session_code",
        allow_null=True,
        required=False,
        help_text=_("The session's code; null for a document of the whole event."),
    )
    files = DocumentFileSerializer(
        many=True, required=False, help_text=_("One per language: its latest version.")
    )
    published_at = serializers.DateTimeField(
        source="document.public_at",
        required=False,
        help_text=_("When everyone could first read it."),
    )
    updated_at = serializers.DateTimeField(
        help_text=_("When what the public sees of it last changed (updated_since reads it).")
    )

    def to_representation(self, instance: DocumentRead | DocumentGone):
        if isinstance(instance, DocumentGone):
            return {
                "code": instance.code,
                "state": instance.state,
                "updated_at": self.fields["updated_at"].to_representation(instance.updated_at),
            }
        document = instance.document
        context = {**self.context, "document": document}
        return {
            "code": document.code,
            "state": DocumentState.PUBLISHED.value,
            "kind": document.kind,
            "kind_label": instance.kind_label,
            "title": instance.title,
            "text_languages": {"title": getattr(instance.title, "lang", None)},
            "session": instance.session_code,
            "files": DocumentFileSerializer(
                list(instance.files.values()), many=True, context=context
            ).data,
            "published_at": self.fields["published_at"].to_representation(document.public_at),
            "updated_at": self.fields["updated_at"].to_representation(document.updated_at),
        }
