"""A registrant's personal agenda: sessions bookmarked through their manage link (no account).

Bookmarks name a session by its public code, not by a foreign key: the public only ever sees
published snapshots, and a code outlives every republish (a cancelled session stays bookmarked
and shows as cancelled in the private feed).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bookmark(models.Model):
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="bookmarks",
    )
    session_code = models.CharField(_("session code"), max_length=16)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["registration", "session_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session_code"], name="bookmark_unique_per_registration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.session_code}"


class AgendaFeed(models.Model):
    """The secret of a registrant's private calendar feed: read-only, revocable on its own.

    It is deliberately not the manage secret (which can change or cancel the registration):
    a calendar URL ends up in calendar apps and sync services. Only its hash is stored;
    replacing it revokes the old URL.
    """

    registration = models.OneToOneField(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="agenda_feed",
    )
    token_hash = models.CharField(_("feed token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("agenda feed")
        verbose_name_plural = _("agenda feeds")

    def __str__(self) -> str:
        return f"{self.registration_id}"
