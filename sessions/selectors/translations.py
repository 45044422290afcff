"""Which of an event's texts lack a language: the organiser's translation-completeness view.

A text *lacks* a language when it is filled in another of the event's working languages and
blank ("" or NULL) in this one; a text blank in every language is no translator's work. The
working counts read one row set per model (the event's sessions, speakers, tracks, rooms and
registration categories, plus its venue), with one boolean column per (field, language), so
the number of queries does not grow with the number of languages. The published counts read
the latest published snapshot (format 2: each text a ``{code: text}`` of its filled
languages), so an organiser sees what the public sees.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Model, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from events.models import Event, Venue
from forum.content import Language, pick
from registrations.models import RegistrationCategory
from sessions.enums import SessionState, SpeakerState
from sessions.models import Room, ScheduleVersion, Session, Speaker, Track

# Scope of the counts and of the export: what is still on the programme.
SPEAKER_STATES = (SpeakerState.CONFIRMED, SpeakerState.INVITED)


@dataclass(frozen=True)
class TranslationKind:
    """One kind of row whose texts are translated: how to find its rows and name them.

    ``key`` is the attribute that names a row in a unit id (``session:<code>:title``); the
    event and the venue are one row each and are named by the kind alone.
    """

    name: str
    label: Promise
    model: type[Model]
    key: str | None
    scope: Callable[[Event], QuerySet] | None = None
    edit_url: Callable[[Event, object], str] | None = None
    label_field: str | None = None  # a translated field naming the row; else ``label_attr``
    label_attr: str | None = None
    snapshot_key: str | None = None  # its list in the published snapshot, if it has one

    @property
    def fields(self) -> tuple[str, ...]:
        """The translated fields, in the model's field order."""
        translated = translator.get_options_for_model(self.model).fields
        return tuple(f.name for f in self.model._meta.concrete_fields if f.name in translated)

    def column(self, field_name: str, code: str) -> str:
        return f"{field_name}_{code}"

    def max_length(self, field_name: str, code: str) -> int | None:
        return self.model._meta.get_field(self.column(field_name, code)).max_length

    def single(self) -> bool:
        return self.key is None


def _programme_url(name: str, key: str) -> Callable[[Event, object], str]:
    def url(event: Event, value) -> str:
        return reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug, key: value})

    return url


def _settings_url(event: Event, _value=None) -> str:
    return reverse("manage:event_settings", kwargs={"slug": event.slug})


def _category_url(event: Event, pk) -> str:
    return reverse("manage:category_edit", kwargs={"slug": event.slug, "pk": pk})


KINDS: tuple[TranslationKind, ...] = (
    TranslationKind(
        name="event",
        label=_("Event"),
        model=Event,
        key=None,
        edit_url=_settings_url,
        label_field="name",
    ),
    TranslationKind(
        name="venue",
        label=_("Venue"),
        model=Venue,
        key=None,
        edit_url=_settings_url,
        label_field="name",
    ),
    TranslationKind(
        name="session",
        label=_("Sessions"),
        model=Session,
        key="code",
        scope=lambda event: (
            Session.objects.filter(event=event)
            .exclude(state=SessionState.CANCELLED)
            .order_by("code")
        ),
        edit_url=_programme_url("session_edit", "code"),
        label_field="title",
        snapshot_key="sessions",
    ),
    TranslationKind(
        name="speaker",
        label=_("Speakers"),
        model=Speaker,
        key="code",
        scope=lambda event: Speaker.objects.filter(event=event, state__in=SPEAKER_STATES).order_by(
            "code"
        ),
        edit_url=_programme_url("speaker_edit", "code"),
        label_attr="name",
        snapshot_key="speakers",
    ),
    TranslationKind(
        name="track",
        label=_("Tracks"),
        model=Track,
        key="pk",
        scope=lambda event: Track.objects.filter(event=event).order_by("order", "pk"),
        edit_url=_programme_url("track_edit", "pk"),
        label_field="name",
        snapshot_key="tracks",
    ),
    TranslationKind(
        name="room",
        label=_("Rooms"),
        model=Room,
        key="pk",
        scope=lambda event: Room.objects.filter(event=event).order_by("order", "pk"),
        edit_url=_programme_url("room_edit", "pk"),
        label_field="name",
        snapshot_key="rooms",
    ),
    TranslationKind(
        name="category",
        label=_("Registration categories"),
        model=RegistrationCategory,
        key="pk",
        scope=lambda event: RegistrationCategory.objects.filter(event=event).order_by(
            "order", "pk"
        ),
        edit_url=_category_url,
        label_field="name",
    ),
)
KINDS_BY_NAME: dict[str, TranslationKind] = {kind.name: kind for kind in KINDS}


def _blank(value) -> bool:
    return value is None or value == ""


def lacking_fields(
    blanks: Mapping[str, Mapping[str, bool]], languages: Iterable[str]
) -> dict[str, list[str]]:
    """{language: [fields lacking it]} from ``blanks`` ({field: {language: is blank}})."""
    languages = list(languages)
    lacking: dict[str, list[str]] = {code: [] for code in languages}
    for field_name, by_code in blanks.items():
        if all(by_code[code] for code in languages):
            continue  # blank everywhere: nothing to translate from
        for code in languages:
            if by_code[code]:
                lacking[code].append(field_name)
    return lacking


@dataclass(frozen=True)
class GapRow:
    """One row lacking a language: how to name it, where to edit it, which texts lack it."""

    key: str
    label: str
    url: str
    fields: tuple[str, ...]
    field_labels: tuple[str, ...] = ()


@dataclass
class KindGaps:
    kind: TranslationKind
    total: int = 0
    rows: dict[str, list[GapRow]] = field(default_factory=dict)  # {language: rows lacking it}

    def count(self, code: str) -> int:
        return len(self.rows.get(code, ()))

    def cells(self, languages: Iterable[str]) -> list[tuple[str, int]]:
        return [(code, self.count(code)) for code in languages]


@dataclass
class TranslationGaps:
    languages: list[str]
    kinds: list[KindGaps]
    published_number: int | None = None
    # {kind name: {language: rows lacking it}} in the latest published version.
    published: dict[str, dict[str, int]] = field(default_factory=dict)

    def kind(self, name: str) -> KindGaps:
        return next(gaps for gaps in self.kinds if gaps.kind.name == name)

    def columns(self) -> list[tuple[str, str]]:
        """(code, name) of each working language, the table's columns."""
        return [(code, Language(code).label) for code in self.languages]

    def table(self) -> list[tuple[KindGaps, list[tuple[str, int]]]]:
        """One row per kind: its gaps and (language, rows lacking it) per column."""
        return [(gaps, gaps.cells(self.languages)) for gaps in self.kinds]

    def published_table(self) -> list[tuple[TranslationKind, list[tuple[str, int]]]]:
        return [
            (KINDS_BY_NAME[name], [(code, counts[code]) for code in self.languages])
            for name, counts in self.published.items()
        ]

    def sections(self) -> list[tuple[str, str, list[tuple[TranslationKind, list[GapRow]]]]]:
        """Per language (code, name), the kinds with rows lacking it and those rows."""
        return [
            (code, name, [(gaps.kind, gaps.rows[code]) for gaps in self.kinds if gaps.rows[code]])
            for code, name in self.columns()
        ]

    def counts(self) -> dict[str, dict[str, int]]:
        """{kind name: {language: rows lacking it}}: the table's numbers."""
        return {
            gaps.kind.name: {code: gaps.count(code) for code in self.languages}
            for gaps in self.kinds
        }


def _blank_flags(kind: TranslationKind, languages: list[str]) -> dict[str, Case]:
    flags = {}
    for field_name in kind.fields:
        for code in languages:
            column = kind.column(field_name, code)
            flags[f"blank__{field_name}__{code}"] = Case(
                When(Q(**{column: ""}) | Q(**{f"{column}__isnull": True}), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
    return flags


def _row_label(kind: TranslationKind, values: Mapping, languages: list[str]) -> str:
    if kind.label_field:
        texts = {code: values.get(kind.column(kind.label_field, code)) for code in languages}
        return pick(texts, requested=get_language(), languages=languages)
    return str(values.get(kind.label_attr) or "")


def _gaps_of_rows(
    kind: TranslationKind, event: Event, rows: Iterable[Mapping], languages: list[str]
) -> KindGaps:
    gaps = KindGaps(kind=kind, rows={code: [] for code in languages})
    for values in rows:
        gaps.total += 1
        blanks = {
            field_name: {code: values[f"blank__{field_name}__{code}"] for code in languages}
            for field_name in kind.fields
        }
        key = values[kind.key] if kind.key else None
        row_label = _row_label(kind, values, languages)
        for code, fields in lacking_fields(blanks, languages).items():
            if fields:
                gaps.rows[code].append(
                    GapRow(
                        key=str(key) if key is not None else kind.name,
                        label=row_label,
                        url=kind.edit_url(event, key),
                        fields=tuple(fields),
                        field_labels=tuple(
                            str(kind.model._meta.get_field(name).verbose_name) for name in fields
                        ),
                    )
                )
    return gaps


def _single_row(kind: TranslationKind, obj, languages: list[str]) -> dict:
    """The values ``_gaps_of_rows`` reads, from an already loaded event or venue."""
    values = {}
    for field_name in kind.fields:
        for code in languages:
            values[f"blank__{field_name}__{code}"] = _blank(
                getattr(obj, kind.column(field_name, code))
            )
    if kind.label_field:
        for code in languages:
            column = kind.column(kind.label_field, code)
            values[column] = getattr(obj, column)
    return values


def translation_gaps(*, event: Event) -> TranslationGaps:
    """Per working language, the rows of ``event`` lacking a text in it (with their edit
    links), and the same counts for the latest published version.

    Seven queries whatever the number of languages: the venue, one per model, the snapshot.
    """
    languages = list(event.languages)
    kinds = []
    for kind in KINDS:
        if kind.model is Event:
            rows = [_single_row(kind, event, languages)]
        elif kind.model is Venue:
            venue = Venue.objects.filter(pk=event.venue_id).first() if event.venue_id else None
            rows = [_single_row(kind, venue, languages)] if venue else []
        else:
            columns = [kind.key]
            if kind.label_field:
                columns += [kind.column(kind.label_field, code) for code in languages]
            else:
                columns.append(kind.label_attr)
            rows = kind.scope(event).values(*columns, **_blank_flags(kind, languages))
        kinds.append(_gaps_of_rows(kind, event, rows, languages))
    gaps = TranslationGaps(languages=languages, kinds=kinds)
    latest = (
        ScheduleVersion.objects.filter(event=event)
        .order_by("-number")
        .values_list("number", "snapshot")
        .first()
    )
    if latest is not None:
        gaps.published_number = latest[0]
        gaps.published = published_gaps(latest[1], languages=languages)
    return gaps


# Texts a published snapshot carries, per list.
SNAPSHOT_FIELDS = {
    "sessions": ("title", "abstract"),
    "speakers": ("position", "biography"),
    "tracks": ("name",),
    "rooms": ("name",),
}


def _snapshot_texts(value) -> dict[str, str]:
    """A snapshot's text as {code: text}: format 2 stores that; format 1 stored the English."""
    if isinstance(value, dict):
        return {code: text for code, text in value.items() if not _blank(text)}
    return {} if _blank(value) else {"en": value}


def published_gaps(snapshot: Mapping, *, languages: Iterable[str]) -> dict[str, dict[str, int]]:
    """{kind name: {language: entries lacking it}} in a published ``snapshot``.

    Only what the public sees: the snapshot's sessions (cancelled ones left out), speakers,
    tracks and rooms, each text read as ``{code: text}`` (format 2).
    """
    languages = list(languages)
    counts = {}
    for kind in KINDS:
        if kind.snapshot_key is None:
            continue
        per_language = dict.fromkeys(languages, 0)
        for entry in snapshot.get(kind.snapshot_key, ()):
            if kind.name == "session" and entry.get("state") == SessionState.CANCELLED:
                continue
            blanks = {}
            for field_name in SNAPSHOT_FIELDS[kind.snapshot_key]:
                texts = _snapshot_texts(entry.get(field_name))
                blanks[field_name] = {code: code not in texts for code in languages}
            for code, fields in lacking_fields(blanks, languages).items():
                if fields:
                    per_language[code] += 1
        counts[kind.name] = per_language
    return counts
