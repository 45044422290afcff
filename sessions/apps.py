from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The programme. Label ``programme``: ``django.contrib.sessions`` owns ``sessions``."""

    name = "sessions"
    label = "programme"
    verbose_name = _("Programme")
