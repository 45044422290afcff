from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.content import Language  # noqa: F401  (re-exported: the apps name it from here)


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    REGIONAL_AUTHORITY = "regional_authority", _("Regional authority")
    NATIONAL_GOVERNMENT = "national_government", _("National government")
    INTERNATIONAL = "international", _("UN or international organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    MEDIA = "media", _("Media")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class RegistrationWindowStatus(models.TextChoices):
    """Derived from the event's registration window and the current time; never stored."""

    NOT_OFFERED = "not_offered", _("No online registration")
    NOT_YET_OPEN = "not_yet_open", _("Registration not yet open")
    OPEN = "open", _("Registration open")
    CLOSED = "closed", _("Registration closed")


# The working languages a forum may use: the languages the site's UI is translated into.
WORKING_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
