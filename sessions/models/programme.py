"""The working programme: what organisers edit. The public never reads these rows; it reads
the latest :class:`~sessions.models.ScheduleVersion` snapshot."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.enums import WORKING_LANGUAGES, Language
from forum.links import LINK_MAX_LENGTH, validate_https_url
from sessions.enums import (
    FLOOR,
    RecordingAudience,
    RoleKind,
    SessionKind,
    SessionState,
    SpeakerState,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud
CODE_LENGTH = 6


def code_new() -> str:
    """A random public code; it is in partners' links and feeds, so it never changes."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def validate_languages(value) -> None:
    if (
        not isinstance(value, list)
        or any(code not in Language.values for code in value)
        or len(set(value)) != len(value)
    ):
        raise ValidationError(
            _("Choose interpretation languages from the list, each once."),
            code="invalid_languages",
        )


validate_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #0b5394."), code="invalid_colour"
)


class Room(models.Model):
    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Seats available."))
    has_booths = models.BooleanField(_("interpretation booths"), default=False)
    has_streaming = models.BooleanField(
        _("streaming equipment"),
        default=False,
        help_text=_("Cameras, screens and a link-up for speakers who join online."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["event", "order", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="room_unique_name_per_event")
        ]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="tracks"
    )
    name = models.CharField(_("theme"), max_length=160)
    colour = models.CharField(
        _("colour"), max_length=7, default="#0b5394", validators=[validate_colour]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Teams whose reviewers judge this track's proposals; a reviewing team named on no track
    # reviews every track.
    review_teams = models.ManyToManyField(
        "events.Team",
        blank=True,
        related_name="review_tracks",
        verbose_name=_("review teams"),
        help_text=_("Teams that review the proposals of this track."),
    )

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["event", "order", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="track_unique_name_per_event"),
            models.CheckConstraint(
                condition=models.Q(colour__startswith="#"),
                name="track_colour_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    code = models.CharField(
        _("code"),
        max_length=16,
        default=code_new,
        help_text=_("The public code in links and feeds; it never changes."),
    )
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        on_delete=models.SET_NULL,
        related_name="sessions",
        null=True,
        blank=True,
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.SET_NULL,
        related_name="sessions",
        null=True,
        blank=True,
    )
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    spoken_language = models.CharField(
        _("spoken language"), max_length=8, choices=Language.choices, default=Language.EN
    )
    interpretation_languages = models.JSONField(
        _("interpretation languages"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_('Language codes, e.g. ["fr", "es"]; empty for no interpretation.'),
    )
    expected_attendance = models.PositiveIntegerField(
        _("expected attendance"), null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=16, choices=SessionState.choices, default=SessionState.DRAFT
    )
    # Private links: never in a snapshot, a public page, a public feed or the anonymous API.
    meeting_url = models.CharField(
        _("meeting link for speakers"),
        max_length=LINK_MAX_LENGTH,
        blank=True,
        validators=[validate_https_url],
        help_text=_("Seen only by the session's speakers and the organisers."),
    )
    recording_url = models.CharField(
        _("recording"),
        max_length=LINK_MAX_LENGTH,
        blank=True,
        validators=[validate_https_url],
    )
    recording_audience = models.CharField(
        _("recording shown to"),
        max_length=16,
        choices=RecordingAudience.choices,
        default=RecordingAudience.PARTICIPANTS,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "start", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="session_unique_code_per_event"),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True, end__isnull=True)
                | models.Q(start__isnull=False, end__isnull=False, end__gt=models.F("start")),
                name="session_end_after_start",
                violation_error_message=_(
                    "A session needs both a start and an end, end after start."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SessionKind.values), name="session_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=SessionState.values), name="session_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(recording_audience__in=RecordingAudience.values),
                name="session_recording_audience_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(meeting_url="") | models.Q(meeting_url__startswith="https://"),
                name="session_meeting_url_https",
            ),
            models.CheckConstraint(
                condition=models.Q(recording_url="")
                | models.Q(recording_url__startswith="https://"),
                name="session_recording_url_https",
            ),
        ]
        indexes = [models.Index(fields=["event", "start"])]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def is_scheduled(self) -> bool:
        return self.start is not None and self.end is not None

    def clean(self) -> None:
        for field in ("room", "track"):
            related = getattr(self, field)
            if related is not None and related.event_id != self.event_id:
                raise ValidationError({field: _("Choose one of this event's entries.")})


class Speaker(models.Model):
    """A person speaking at one event. Their email and invitation link stay private."""

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="speakers"
    )
    code = models.CharField(_("code"), max_length=16, default=code_new)
    honorific = models.CharField(
        _("honorific"), max_length=40, blank=True, help_text=_("e.g. H.E., Mayor, Dr")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "events.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        related_name="speakers",
        null=True,
        blank=True,
    )
    organisation_name = models.CharField(
        _("organisation (free text)"),
        max_length=200,
        blank=True,
        help_text=_("Shown when no organisation is chosen."),
    )
    biography = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="speakers/", blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language for emails"),
        max_length=8,
        choices=[(code, Language(code).label) for code in WORKING_LANGUAGES],
        default="en",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=SpeakerState.choices, default=SpeakerState.INVITED
    )
    token_hash = models.CharField(_("invitation token hash"), max_length=64, blank=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="speaker_unique_code_per_event"),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="speaker_unique_token_hash",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=SpeakerState.values), name="speaker_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


def stream_language_choices() -> list[tuple[str, str]]:
    return [(FLOOR, _("Floor (original sound)")), *Language.choices]


class SessionStream(models.Model):
    """A session's webcast in one language: the floor, or one interpretation language. Seen
    by the event's registered participants only."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="streams"
    )
    language = models.CharField(_("language"), max_length=8, choices=stream_language_choices)
    url = models.CharField(
        _("stream link"), max_length=LINK_MAX_LENGTH, validators=[validate_https_url]
    )

    class Meta:
        verbose_name = _("stream")
        verbose_name_plural = _("streams")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "language"], name="sessionstream_unique_language"
            ),
            models.CheckConstraint(
                condition=models.Q(url__startswith="https://"), name="sessionstream_url_https"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.language}"


class SessionRole(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="roles"
    )
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=RoleKind.choices)
    remote = models.BooleanField(
        _("joins online"),
        default=False,
        help_text=_("The speaker takes part from elsewhere, through the meeting link."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("session role")
        verbose_name_plural = _("session roles")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker", "role"], name="sessionrole_unique_speaker_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=RoleKind.values), name="sessionrole_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.speaker_id} in {self.session_id}"

    @property
    def event_id(self) -> int:
        """The session's event, for the per-event permission rules (select the session)."""
        return self.session.event_id

    def clean(self) -> None:
        if self.session_id and self.speaker_id and self.session.event_id != self.speaker.event_id:
            raise ValidationError(_("The speaker and the session belong to different events."))
