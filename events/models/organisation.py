import contextlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.domains import domains_parse, validate_official_domains
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
    official_domains = models.TextField(
        _("official email domains"),
        blank=True,
        validators=[validate_official_domains],
        help_text=_(
            "One per line, e.g. quezoncity.gov.ph. An address on one of these domains (or a "
            "subdomain) proves that its owner speaks for the organisation. Free email providers "
            "are refused."
        ),
    )
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

    def clean(self) -> None:
        super().clean()
        # Stored normalised, one per line; the field validator reports bad entries.
        with contextlib.suppress(ValidationError):
            self.official_domains = "\n".join(domains_parse(self.official_domains))

    @property
    def domains(self) -> list[str]:
        return [d for d in self.official_domains.split() if d]
