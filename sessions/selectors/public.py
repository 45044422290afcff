"""The public programme, read from the latest published snapshot only (one row).

Working rows (Session, Speaker…) are never read here: unpublished edits stay invisible and a
page costs the same few queries whatever the programme's size. The snapshot holds every
language of each text; a reader gets each one picked in its language (``forum.content.pick``,
in the fallback order frozen with the version), as a ``Text`` that knows its language.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from events.enums import Language
from events.models import Event
from forum.content import Text, content_code, fallback_order, pick
from sessions.enums import RoleKind, SessionKind, SessionState
from sessions.models import ScheduleVersion
from sessions.selectors.snapshot import SNAPSHOT_FORMAT


@dataclass(frozen=True)
class PublicRoom:
    id: int
    name: Text
    capacity: int
    has_booths: bool


@dataclass(frozen=True)
class PublicTrack:
    id: int
    name: Text
    colour: str


@dataclass
class PublicSpeaker:
    code: str
    honorific: str
    name: str
    position: Text
    organisation: str
    biography: Text
    photo: str
    sessions: list["PublicRole"] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()


@dataclass(frozen=True)
class PublicRole:
    speaker: PublicSpeaker
    role: str
    session: "PublicSession"

    @property
    def role_label(self) -> str:
        return RoleKind(self.role).label


@dataclass
class PublicSession:
    code: str
    title: Text
    abstract: Text
    kind: str
    state: str
    track: PublicTrack | None
    room: PublicRoom | None
    start: datetime
    end: datetime
    spoken_language: str
    interpretation_languages: list[str]
    roles: list[PublicRole] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return SessionKind(self.kind).label

    @property
    def is_cancelled(self) -> bool:
        return self.state == SessionState.CANCELLED

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def spoken_language_label(self) -> str:
        return Language(self.spoken_language).label

    @property
    def interpretation_labels(self) -> list[str]:
        return [Language(code).label for code in self.interpretation_languages]

    @property
    def languages(self) -> set[str]:
        return {self.spoken_language, *self.interpretation_languages}


@dataclass
class PublicProgramme:
    version: ScheduleVersion
    timezone: str
    rooms: list[PublicRoom]
    tracks: list[PublicTrack]
    sessions: list[PublicSession]
    speakers: dict[str, PublicSpeaker]

    @property
    def days(self) -> list[date]:
        return sorted({s.day for s in self.sessions})

    @property
    def languages(self) -> list[tuple[str, str]]:
        used = set().union(*(s.languages for s in self.sessions)) if self.sessions else set()
        return [(code, label) for code, label in Language.choices if code in used]

    @property
    def kinds(self) -> list[tuple[str, str]]:
        used = {s.kind for s in self.sessions}
        return [(code, label) for code, label in SessionKind.choices if code in used]

    def session(self, code: str) -> PublicSession | None:
        return next((s for s in self.sessions if s.code == code), None)


def schedule_version_latest(*, event: Event) -> ScheduleVersion | None:
    """The latest published version (one query), snapshot included."""
    return ScheduleVersion.objects.filter(event=event).defer("changes").order_by("-number").first()


def programme_from_version(
    *, version: ScheduleVersion, event: Event, lang: str | None
) -> PublicProgramme:
    """Typed view of a snapshot for a reader of ``lang``: each text picked in that language,
    else in the version's languages in order; times converted to the event's time zone."""
    data = version.snapshot
    if data.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"snapshot format {data.get('format')!r}, not {SNAPSHOT_FORMAT}")
    languages = data.get("languages") or ()
    lang = content_code(lang)

    def text(values: dict) -> Text:
        return pick(values, requested=lang, languages=languages)

    tz = event.tzinfo
    rooms = {
        r["id"]: PublicRoom(r["id"], text(r["name"]), r["capacity"], r["has_booths"])
        for r in data["rooms"]
    }
    tracks = {t["id"]: PublicTrack(t["id"], text(t["name"]), t["colour"]) for t in data["tracks"]}
    speakers = {
        s["code"]: PublicSpeaker(
            code=s["code"],
            honorific=s["honorific"],
            name=s["name"],
            position=text(s["position"]),
            organisation=s["organisation"],
            biography=text(s["biography"]),
            photo=s["photo"],
        )
        for s in data["speakers"]
    }
    sessions = []
    for raw in data["sessions"]:
        session = PublicSession(
            code=raw["code"],
            title=text(raw["title"]),
            abstract=text(raw["abstract"]),
            kind=raw["kind"],
            state=raw["state"],
            track=tracks.get(raw["track"]),
            room=rooms.get(raw["room"]),
            start=timezone.localtime(datetime.fromisoformat(raw["start"]), tz),
            end=timezone.localtime(datetime.fromisoformat(raw["end"]), tz),
            spoken_language=raw["spoken_language"],
            interpretation_languages=raw["interpretation_languages"],
        )
        for role in raw["roles"]:
            speaker = speakers.get(role["speaker"])
            if speaker is None:
                continue
            public_role = PublicRole(speaker=speaker, role=role["role"], session=session)
            session.roles.append(public_role)
            speaker.sessions.append(public_role)
        sessions.append(session)
    sessions.sort(key=lambda s: (s.start, s.room.name if s.room else "", s.code))
    return PublicProgramme(
        version=version,
        timezone=event.timezone,
        rooms=list(rooms.values()),
        tracks=list(tracks.values()),
        sessions=sessions,
        speakers=speakers,
    )


def programme_latest(*, event: Event, lang: str | None) -> PublicProgramme | None:
    """The latest published programme, its texts picked for a reader of ``lang``."""
    version = schedule_version_latest(event=event)
    return programme_from_version(version=version, event=event, lang=lang) if version else None


def retitle_picked(entry: dict, *, lang: str | None, languages) -> dict:
    """A changelog's retitle for a reader of ``lang``: the titles before and after in the
    changed language nearest the reader's (``fallback_order``), as ``Text``s."""
    changed = entry.get("languages") or ()
    lang = content_code(lang)
    code = next((c for c in fallback_order(lang, languages) if c in changed), None)
    if code is None or code not in entry["before"]:
        before = pick(entry["before"], requested=lang, languages=languages)
    else:
        before = Text(entry["before"][code], lang=code, is_fallback=code != lang)
    if code is not None and entry["after"].get(code):
        after = Text(entry["after"][code], lang=code, is_fallback=code != lang)
    else:
        after = pick(entry["after"], requested=lang, languages=languages)
    return {
        "code": entry["code"],
        "before": before,
        "after": after,
        "languages": list(changed),
        "language_labels": ", ".join(str(Language(c).label) for c in changed),
    }


def changes_picked(changes: dict, *, lang: str | None) -> dict:
    """A version's changelog for a reader of ``lang``: titles and room names picked as
    ``Text``s, in the fallback order the version recorded; retitles as ``retitle_picked``."""
    languages = changes.get("languages") or ()
    lang = content_code(lang)

    def text(values: dict | None) -> Text:
        return pick(values or {}, requested=lang, languages=languages)

    def place(values: dict) -> dict:
        return {**values, "room": text(values.get("room"))}

    return {
        "added": [{**e, "title": text(e["title"])} for e in changes.get("added", [])],
        "cancelled": [{**e, "title": text(e["title"])} for e in changes.get("cancelled", [])],
        "moved": [
            {
                **e,
                "title": text(e["title"]),
                "before": place(e["before"]),
                "after": place(e["after"]),
            }
            for e in changes.get("moved", [])
        ],
        "retitled": [
            retitle_picked(e, lang=lang, languages=languages) for e in changes.get("retitled", [])
        ],
        "speakers_changed": [
            {**e, "title": text(e["title"])} for e in changes.get("speakers_changed", [])
        ],
    }


@dataclass(frozen=True)
class AgendaFilters:
    day: date | None = None
    track: int | None = None
    kind: str = ""
    language: str = ""
    room: int | None = None

    @property
    def active(self) -> bool:
        return any((self.day, self.track, self.kind, self.language, self.room))


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def agenda_filters_parse(params) -> AgendaFilters:
    """Read filters from GET parameters; malformed values are ignored, never an error."""
    try:
        day = date.fromisoformat(params.get("day", "")) if params.get("day") else None
    except ValueError:
        day = None
    kind = params.get("kind", "")
    language = params.get("language", "")
    return AgendaFilters(
        day=day,
        track=_int_or_none(params.get("track")),
        kind=kind if kind in SessionKind.values else "",
        language=language if language in Language.values else "",
        room=_int_or_none(params.get("room")),
    )


def agenda_sessions(
    *, programme: PublicProgramme, filters: AgendaFilters
) -> dict[date, list[PublicSession]]:
    """Sessions matching ``filters``, grouped by local day (in time order)."""
    by_day: dict[date, list[PublicSession]] = defaultdict(list)
    for session in programme.sessions:
        if filters.day and session.day != filters.day:
            continue
        if filters.track and (session.track is None or session.track.id != filters.track):
            continue
        if filters.kind and session.kind != filters.kind:
            continue
        if filters.language and filters.language not in session.languages:
            continue
        if filters.room and (session.room is None or session.room.id != filters.room):
            continue
        by_day[session.day].append(session)
    return dict(by_day)


@dataclass(frozen=True)
class GridRow:
    start: datetime
    cells: list[list[PublicSession]]


def agenda_grid(
    *, sessions: list[PublicSession], rooms: list[PublicRoom]
) -> tuple[list[PublicRoom | None], list[GridRow]]:
    """One day as rows of start times × room columns (plus "elsewhere" if any lack a room)."""
    columns: list[PublicRoom | None] = [
        r for r in rooms if any(s.room and s.room.id == r.id for s in sessions)
    ]
    if any(s.room is None for s in sessions):
        columns.append(None)
    index = {(c.id if c else None): i for i, c in enumerate(columns)}
    rows: dict[datetime, list[list[PublicSession]]] = {}
    for session in sessions:
        cells = rows.setdefault(session.start, [[] for _ in columns])
        cells[index[session.room.id if session.room else None]].append(session)
    return columns, [GridRow(start, cells) for start, cells in sorted(rows.items())]


def schedule_version_list(*, event: Event) -> QuerySet[ScheduleVersion]:
    """Published versions, newest first, without their (large) snapshots."""
    return ScheduleVersion.objects.filter(event=event).defer("snapshot").order_by("-number")
