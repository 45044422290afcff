from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """Organisers of one event and what they may do there.

    Permissions are per event (an organiser of one forum cannot touch another's data) and
    split so that, for instance, programme staff never see passport numbers.
    """

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="teams", blank=True
    )
    can_change_event = models.BooleanField(_("can change the event settings"), default=False)
    can_change_teams = models.BooleanField(_("can change teams and their members"), default=False)
    can_manage_programme = models.BooleanField(_("can manage the programme"), default=False)
    can_manage_registrations = models.BooleanField(_("can manage registrations"), default=False)
    can_view_personal_data = models.BooleanField(
        _("can see passport, dietary and accessibility data"), default=False
    )
    can_manage_outcomes = models.BooleanField(_("can manage outcome statements"), default=False)
    can_review_proposals = models.BooleanField(_("can review side-event proposals"), default=False)

    class Meta:
        verbose_name = _("organiser team")
        verbose_name_plural = _("organiser teams")
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="team_unique_name_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event})"


class Affiliation(models.Model):
    """An organiser's organisation at one event: a reviewer never reviews a proposal that
    organisation proposes or co-organises. Set by the event's team managers."""

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    organisation = models.ForeignKey(
        "events.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["event", "user", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "organisation"], name="affiliation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"
