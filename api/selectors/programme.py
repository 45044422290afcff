"""The published programme as the API serves it: typed rows from one frozen snapshot.

Builds on ``sessions.selectors.public.programme_from_version`` and adds what partners need
for incremental sync: when each entry last changed (``snapshot["updated"]``, written at
publish) and the tombstones of sessions that were public once (served as cancelled).
"""

from dataclasses import dataclass
from datetime import datetime

from events.models import Event
from forum.site import site_url
from sessions.models import ScheduleVersion
from sessions.selectors.public import PublicSession, PublicSpeaker, programme_from_version


@dataclass
class ApiProgramme:
    number: int
    published_at: datetime
    rooms: list
    tracks: list
    sessions: list[PublicSession]
    speakers: list[PublicSpeaker]


def _stamp(entry: dict | None, fallback: tuple[int, datetime]) -> tuple[int, datetime]:
    if not entry:
        return fallback
    return entry["number"], datetime.fromisoformat(entry["at"])


def api_programme(
    *, event: Event, number: int, published_at: datetime, snapshot: dict, lang: str
) -> ApiProgramme:
    updated = snapshot.get("updated") or {}
    # One time per version: its row's publication time (the stamps in the snapshot carry the
    # same value). Entries of versions published before stamps existed count as changed then.
    at = published_at
    fallback = (number, at)
    programme = programme_from_version(
        version=ScheduleVersion(event=event, number=number, snapshot=snapshot),
        event=event,
        lang=lang,
    )
    sessions = list(programme.sessions)
    withdrawn = list((updated.get("withdrawn") or {}).values())
    if withdrawn:
        tombs = programme_from_version(
            version=ScheduleVersion(
                event=event,
                number=number,
                snapshot={**snapshot, "sessions": withdrawn, "speakers": []},
            ),
            event=event,
            lang=lang,
        ).sessions
        by_code = {t["code"]: t for t in withdrawn}
        for tomb in tombs:
            tomb.updated_in_version, tomb.updated_at = _stamp(
                by_code[tomb.code]["updated"], fallback
            )
        sessions.extend(tombs)
    stamps = updated.get("sessions") or {}
    for session in programme.sessions:
        session.updated_in_version, session.updated_at = _stamp(stamps.get(session.code), fallback)
    sessions.sort(key=lambda s: (s.start, s.room.name if s.room else "", s.code))
    speaker_stamps = updated.get("speakers") or {}
    speakers = sorted(programme.speakers.values(), key=lambda s: (s.name.lower(), s.code))
    for speaker in speakers:
        speaker.updated_in_version, speaker.updated_at = _stamp(
            speaker_stamps.get(speaker.code), fallback
        )
        if speaker.photo and speaker.photo.startswith("/"):
            speaker.photo = site_url() + speaker.photo
    return ApiProgramme(
        number=number,
        published_at=at,
        rooms=programme.rooms,
        tracks=programme.tracks,
        sessions=sessions,
        speakers=speakers,
    )
