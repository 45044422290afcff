from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents of an edition and of its sessions: concept notes, background papers,
    presentations, reports; one file per language, each with its versions."""

    name = "documents"
    verbose_name = _("Documents")
