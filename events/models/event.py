import zoneinfo
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.enums import EventStatus, RegistrationWindowStatus
from forum.content import CONTENT_LANGUAGES

# How many working languages an event may have (the UN's six official languages at most).
MAX_EVENT_LANGUAGES = 6


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone such as Europe/Berlin."),
            params={"value": value},
            code="invalid_timezone",
        )


def validate_languages(value) -> None:
    """An event's working languages: 1 to 6 distinct content languages, the main one first."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one working language."), code="no_languages")
    if any(not isinstance(code, str) or code not in CONTENT_LANGUAGES for code in value):
        raise ValidationError(
            _(
                "Working languages are chosen among English, French, Spanish, Arabic, "
                "Portuguese, Russian and Chinese."
            ),
            code="invalid_languages",
        )
    if len(set(value)) != len(value):
        raise ValidationError(
            _("Each working language may be chosen only once."), code="repeated_languages"
        )
    if len(value) > MAX_EVENT_LANGUAGES:
        raise ValidationError(
            _("Choose at most %(max)d working languages."),
            params={"max": MAX_EVENT_LANGUAGES},
            code="too_many_languages",
        )


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)
    directions = models.TextField(
        _("directions"), blank=True, help_text=_("How to get there and find the entrance.")
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(fields=["name", "city"], name="venue_unique_name_per_city")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class Event(models.Model):
    """One edition of a forum, e.g. the Mayoral Forum hosted in Quito.

    Dates are calendar dates in the event's own time zone; every time the site shows for
    the event is converted to that zone and names it.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_(
            "Used in addresses, e.g. mayoral-forum-2027. It must never change once public."
        ),
    )
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    host_city = models.CharField(_("host city"), max_length=120)
    host_country = CountryField(_("host country"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_timezone],
        help_text=_("The IANA time zone of the host city, e.g. America/Guayaquil."),
    )
    languages = models.JSONField(
        _("working languages"),
        default=list,
        validators=[validate_languages],
        help_text=_(
            "One to six codes among en, fr, es, ar, pt, ru and zh; the first is the main language."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("overall capacity"),
        null=True,
        blank=True,
        help_text=_("Seats for the whole event across categories; empty for no overall limit."),
    )
    max_delegation_size = models.PositiveIntegerField(
        _("largest delegation"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("Most active registrations one delegation may hold, its head included."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Counts changes to what the public sees of the event's documents: part of the validators
    # of every published output that lists them (the API, frab, the widget).
    documents_revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="event_end_not_before_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=EventStatus.values),
                name="event_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window_ordered",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"])]

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def is_public(self) -> bool:
        return self.status in (EventStatus.PUBLISHED, EventStatus.ARCHIVED)

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def local_today(self, now: datetime | None = None) -> date:
        return timezone.localtime(now or timezone.now(), self.tzinfo).date()

    def registration_window_status(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.registration_opens_at is None and self.registration_closes_at is None:
            return RegistrationWindowStatus.NOT_OFFERED
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationWindowStatus.NOT_YET_OPEN
        if self.registration_closes_at and now >= self.registration_closes_at:
            return RegistrationWindowStatus.CLOSED
        if self.local_today(now) > self.end_date:
            return RegistrationWindowStatus.CLOSED
        return RegistrationWindowStatus.OPEN

    @property
    def registration_status(self) -> str:
        return self.registration_window_status()
