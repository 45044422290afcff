"""Documents of an edition or of one of its sessions, and their files.

A document has one file per language; uploading a file again in a language adds a version
(1, 2, …) and keeps the earlier ones. Readers get the latest version of each language.
"""

import secrets

from django.core.files.storage import Storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.enums import DocumentAudience, DocumentKind, DocumentState
from forum.content import Language
from forum.storage import private_storage

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def document_code_new() -> str:
    """A random public code: it names the document in links, the API and the feeds."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def documents_storage() -> Storage:
    """Where document files are kept: the forum's private storage (``forum.storage``)."""
    return private_storage()


class Document(models.Model):
    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="documents"
    )
    # Referenced by label: the programme builds on this app, not the other way round.
    session = models.ForeignKey(
        "programme.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="documents",
        null=True,
        blank=True,
        help_text=_("Empty for a document of the whole edition."),
    )
    code = models.CharField(_("code"), max_length=16, unique=True, default=document_code_new)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=DocumentAudience.choices,
        default=DocumentAudience.PUBLIC,
    )
    state = models.CharField(
        _("state"), max_length=16, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    # The speaker who uploaded it through their link, if one did.
    speaker = models.ForeignKey(
        "programme.Speaker",
        verbose_name=_("uploaded by speaker"),
        on_delete=models.SET_NULL,
        related_name="documents",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When what its audience sees last changed (state, title, audience, a file): partners'
    # updated_since reads it.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # When everyone could first read it: only a document public once is ever named to partners
    # (as withdrawn when it no longer is).
    public_at = models.DateTimeField(_("first public"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["event", "session", "kind", "title_en", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(audience__in=DocumentAudience.values),
                name="document_audience_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=DocumentState.values), name="document_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "state", "updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def is_public(self) -> bool:
        """Published for everyone (partners' outputs included)."""
        return self.state == DocumentState.PUBLISHED and self.audience == DocumentAudience.PUBLIC


class DocumentFile(models.Model):
    """One version of a document's file in one language. Never changed once written."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), storage=documents_storage, max_length=300)
    # The normalised name people download it under (its extension is the type's).
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    uploaded_by = models.CharField(_("uploaded by"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["document", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language", "version"], name="document_file_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="document_file_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} {self.language} v{self.version}"

    @property
    def etag(self) -> str:
        """A strong ETag: the content's hash."""
        return f'"{self.sha256}"'
