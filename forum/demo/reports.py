"""The Quezon City edition's thematic sessions and their rapporteurs' reports.

The previous edition's programme held only its closing plenary (forum/demo/links.py); this
adds its eight thematic sessions in two function rooms, with speakers and rapporteurs, and
publishes them as the programme's next version so the session pages are public. The
rapporteurs write their reports through their speaker link's services; the organiser accepts
and publishes five, one still awaits review, one went back to its rapporteur with a note and
one session never sent a report. Everything goes through the sessions services.

Deterministic (no randomness) and idempotent: rows are found again by their names and titles,
and a session that already has a report is left as it is.
"""

from datetime import UTC, datetime, time, timedelta

from django.db import transaction

from events.models import Event
from sessions.enums import ReportState, RoleKind, SessionKind
from sessions.models import (
    ReportMessage,
    ReportSettings,
    Room,
    ScheduleVersion,
    Session,
    SessionReport,
    Speaker,
    Track,
)
from sessions.services.reports import (
    report_accept,
    report_publish,
    report_return,
    report_save,
    report_settings_save,
    report_submit,
)
from sessions.services.rooms import room_create, track_create
from sessions.services.schedule import schedule_publish
from sessions.services.sessions import RoleInput, SessionDetails, session_create
from sessions.services.speakers import speaker_create, speaker_respond

from .programme_texts import TRACK_NAMES
from .report_texts import (
    DEADLINE_DAYS_AFTER,
    REPORTS,
    RETURN_NOTE,
    ROOMS,
    SESSIONS,
    SPEAKERS,
    TRACKS,
)

PUBLISH_COMMENT = "Thematic sessions added."
SPEAKER_EMAIL = "{key}.qc@example.org"


def _tracks(event: Event, organiser) -> dict[str, Track]:
    tracks = {}
    for name, colour in TRACKS:
        track = Track.objects.filter(event=event, name_en=name).first()
        if track is None:
            fr, es = TRACK_NAMES[name]
            track = track_create(
                event=event, name={"en": name, "fr": fr, "es": es}, colour=colour, actor=organiser
            )
        tracks[name] = track
    return tracks


def _rooms(event: Event, organiser) -> list[Room]:
    rooms = []
    for names, capacity, booths in ROOMS:
        room = Room.objects.filter(event=event, name_en=names["en"]).first()
        if room is None:
            room = room_create(
                event=event, name=names, capacity=capacity, has_booths=booths, actor=organiser
            )
        rooms.append(room)
    return rooms


def _speakers(event: Event, organiser) -> dict[str, Speaker]:
    speakers = {}
    for key, (honorific, name, position, organisation, language) in SPEAKERS.items():
        speaker = Speaker.objects.filter(event=event, name=name).first()
        if speaker is None:
            speaker = speaker_create(
                event=event,
                name=name,
                honorific=honorific,
                position=position,
                organisation_name=organisation,
                email=SPEAKER_EMAIL.format(key=key),
                language=language,
                actor=organiser,
            )
            speaker = speaker_respond(speaker=speaker, accept=True)
        speakers[key] = speaker
    return speakers


def _at(event: Event, day: int, hhmm: str) -> datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime.combine(
        event.start_date + timedelta(days=day), time(hours, minutes), tzinfo=event.tzinfo
    )


def thematic_sessions(event: Event) -> list[Session]:
    """The demo's thematic sessions of ``event`` in SESSIONS' order (those that exist)."""
    by_title = {
        s.title_en: s
        for s in Session.objects.filter(
            event=event, title_en__in=[row["title"]["en"] for row in SESSIONS]
        )
    }
    return [by_title[row["title"]["en"]] for row in SESSIONS if row["title"]["en"] in by_title]


def _sessions(event: Event, organiser, tracks, rooms, speakers) -> list[Session]:
    existing = {s.title_en: s for s in thematic_sessions(event)}
    sessions = []
    for row in SESSIONS:
        session = existing.get(row["title"]["en"])
        if session is None:
            roles = [
                RoleInput(speaker=speakers[key], role=role, order=order)
                for order, (key, role) in enumerate(
                    [(row["speakers"][0], RoleKind.MODERATOR)]
                    + [(key, RoleKind.PANELLIST) for key in row["speakers"][1:]]
                    + [(key, RoleKind.RAPPORTEUR) for key in row["rapporteurs"]]
                )
            ]
            session = session_create(
                event=event,
                details=SessionDetails(
                    title=row["title"],
                    abstract=row["abstract"],
                    kind=SessionKind.PANEL,
                    track=tracks[row["track"]],
                    room=rooms[row["room"]],
                    start=_at(event, row["day"], row["start"]),
                    end=_at(event, row["day"], row["end"]),
                    spoken_language="en",
                    interpretation_languages=("es", "fr"),
                    expected_attendance=rooms[row["room"]].capacity - 30,
                    confirmed=True,
                ),
                roles=roles,
                user=organiser,
            )
        sessions.append(session)
    return sessions


def _publish(event: Event, sessions: list[Session]) -> None:
    """Publish the programme once it holds sessions the public version does not."""
    latest = ScheduleVersion.objects.filter(event=event).order_by("-number").first()
    published = {s["code"] for s in latest.snapshot["sessions"]} if latest else set()
    if any(session.code not in published for session in sessions):
        schedule_publish(event=event, comment=PUBLISH_COMMENT, user=None, notify=False)


def _texts(event: Event, values: dict[str, str]) -> dict[str, str]:
    """``values`` in each of the event's languages (blank where none was written)."""
    return {code: values.get(code, "") for code in event.languages}


def _report(event: Event, session: Session, row: dict, speakers, organiser) -> None:
    texts = REPORTS[SESSIONS.index(row)]
    rapporteurs = [speakers[key] for key in row["rapporteurs"]]
    messages = [_texts(event, message) for message in texts["messages"]]
    sections = {name: _texts(event, texts[name]) for name in ("actions", "commitments", "needs")}
    if len(rapporteurs) > 1:
        # The first rapporteur notes the key messages during the session; the second adds the
        # sections afterwards and sends the report.
        report_save(
            session=session,
            messages=messages,
            actions=_texts(event, {}),
            commitments=_texts(event, {}),
            needs=_texts(event, {}),
            speaker=rapporteurs[0],
        )
    report = report_save(session=session, messages=messages, **sections, speaker=rapporteurs[-1])
    report = report_submit(report=report, speaker=rapporteurs[-1])
    if row["report"] == "returned":
        report_return(report=report, user=organiser, note=RETURN_NOTE)
    elif row["report"] == "published":
        report = report_accept(report=report, user=organiser)
        report_publish(report=report, user=organiser)


def _backdate(event: Event, sessions: list[Session]) -> None:
    """The reports were written in the days after the forum, not on the day the demo is
    loaded: the services stamp the current time, so the stamps are moved back here (the
    demo's only direct write on reports)."""
    for offset, session in enumerate(sessions):
        submitted = session.end + timedelta(days=2 + offset % 3, hours=offset)
        SessionReport.objects.filter(session=session, submitted_at__isnull=False).update(
            submitted_at=submitted
        )
        SessionReport.objects.filter(session=session, state=ReportState.ACCEPTED).update(
            accepted_at=submitted + timedelta(days=1),
            published_at=submitted + timedelta(days=1, hours=1),
        )


@transaction.atomic
def seed_reports(*, event: Event, organiser) -> dict:
    """Add ``event``'s thematic sessions and their reports; run after the edition's closing
    plenary is published (seed_links) and before the declaration is compiled (seed_outcomes).
    Returns what it holds, for the tests."""
    tracks = _tracks(event, organiser)
    rooms = _rooms(event, organiser)
    speakers = _speakers(event, organiser)
    sessions = _sessions(event, organiser, tracks, rooms, speakers)
    _publish(event, sessions)
    deadline = datetime.combine(
        event.end_date + timedelta(days=DEADLINE_DAYS_AFTER), time(18), tzinfo=event.tzinfo
    ).astimezone(UTC)
    current = ReportSettings.objects.filter(event=event).values_list("deadline", flat=True)
    if list(current) != [deadline]:
        report_settings_save(event=event, deadline=deadline, user=organiser)
    written = set(
        SessionReport.objects.filter(session__in=sessions).values_list("session_id", flat=True)
    )
    fresh = []
    for row, session in zip(SESSIONS, sessions, strict=True):
        if row["report"] is not None and session.pk not in written:
            _report(event, session, row, speakers, organiser)
            fresh.append(session)
    _backdate(event, fresh)
    return {
        "sessions": len(sessions),
        "tracks": len(tracks),
        "reports": SessionReport.objects.filter(session__in=sessions).count(),
    }


def compile_picks(event: Event) -> list[tuple[ReportMessage, str]]:
    """The key messages the organisers compiled into ``event``'s declaration, each with the
    anchor of the section it went into (report_texts.REPORTS' "compile")."""
    sessions = thematic_sessions(event)
    picks = []
    for index, session in enumerate(sessions):
        wanted = REPORTS.get(index, {}).get("compile", {})
        if not wanted:
            continue
        messages = {
            m.position: m
            for m in ReportMessage.objects.filter(
                report__session=session, report__state=ReportState.ACCEPTED
            )
        }
        picks += [(messages[position], anchor) for position, anchor in wanted.items()]
    return picks
