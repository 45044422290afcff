from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents of an edition and of its sessions: concept notes, background papers,
    presentations, reports; one file per language, each with its versions."""

    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from documents.models import Document
        from documents.services.documents import document_deleted_receive

        # A deletion without a service (a session or the event deleted, the shell) still
        # changes what partners see when the document was public once.
        post_delete.connect(
            document_deleted_receive, sender=Document, dispatch_uid="documents-deleted"
        )
