from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.enums import OrganisationKind


class Organisation(models.Model):
    """A city, government, agency or other body whose people take part in forums.

    Organisations are shared by all editions: a city that came to Quito and to Marrakech is
    one organisation, so its endorsements and delegations can be followed over the years.
    """

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = CountryField(_("country"))
    locality = models.CharField(
        _("city or region"),
        max_length=120,
        blank=True,
        help_text=_("The city or region the organisation governs or is based in."),
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "country", name="organisation_unique_name_per_country"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["kind", "country"])]

    def __str__(self) -> str:
        return self.name
