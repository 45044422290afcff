from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    CONCEPT_NOTE = "concept_note", _("Concept note")
    PROGRAMME = "programme", _("Programme")
    BACKGROUND_PAPER = "background_paper", _("Background paper")
    PRESENTATION = "presentation", _("Presentation")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other document")


class DocumentAudience(models.TextChoices):
    """Who may read a published document."""

    PUBLIC = "public", _("Everyone")
    PARTICIPANTS = "participants", _("Registered participants")
    ORGANISERS = "organisers", _("Organisers only")


class DocumentState(models.TextChoices):
    """A draft is seen by organisers only; a published document by its audience; a withdrawn
    one (published before) by organisers again, and partners' syncs learn it is gone."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
