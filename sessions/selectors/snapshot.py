"""What a published version freezes: the public part of the working programme."""

from django.db.models import Prefetch

from events.models import Event
from forum.content import texts_of
from sessions.enums import SessionState, SpeakerState
from sessions.models import Room, Session, SessionRole, Track

# 2: each translated text is {code: text} of its filled languages, and "languages" freezes the
# event's fallback order with the version.
SNAPSHOT_FORMAT = 2


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def snapshot_build(*, event: Event, previous_codes: frozenset[str] = frozenset()) -> dict:
    """The public programme as plain JSON, in four queries whatever its size.

    Translated texts (room and track names, session titles and abstracts, speaker positions
    and biographies) carry every filled language, ``{code: text}``; readers pick one.

    Public sessions are the confirmed, scheduled ones, plus the cancelled ones that were
    public before (so visitors see "cancelled" rather than a vanished session). Only confirmed
    speakers appear. Private data (emails, tokens, states of invitations) is never copied.
    """
    rooms = list(Room.objects.filter(event=event).order_by("order", "pk"))
    tracks = list(Track.objects.filter(event=event).order_by("order", "pk"))
    roles = SessionRole.objects.filter(speaker__state=SpeakerState.CONFIRMED).select_related(
        "speaker__organisation"
    )
    sessions = (
        Session.objects.filter(event=event, start__isnull=False)
        .exclude(state=SessionState.DRAFT)
        .order_by("start", "code")
        .prefetch_related(Prefetch("roles", queryset=roles.order_by("order", "pk")))
    )
    out_sessions, speakers = [], {}
    for session in sessions:
        if session.state == SessionState.CANCELLED and session.code not in previous_codes:
            continue
        session_roles = []
        for role in session.roles.all():
            speaker = role.speaker
            session_roles.append({"speaker": speaker.code, "role": role.role})
            speakers[speaker.code] = {
                "code": speaker.code,
                "honorific": speaker.honorific,
                "name": speaker.name,
                "position": texts_of(speaker, "position"),
                "organisation": speaker.organisation_label,
                "biography": texts_of(speaker, "biography"),
                "photo": speaker.photo.url if speaker.photo else "",
            }
        out_sessions.append(
            {
                "code": session.code,
                "title": texts_of(session, "title"),
                "abstract": texts_of(session, "abstract"),
                "kind": session.kind,
                "state": session.state,
                "track": session.track_id,
                "room": session.room_id,
                "start": _iso(session.start),
                "end": _iso(session.end),
                "spoken_language": session.spoken_language,
                "interpretation_languages": list(session.interpretation_languages),
                "roles": session_roles,
            }
        )
    return {
        "format": SNAPSHOT_FORMAT,
        "timezone": event.timezone,
        "languages": list(event.languages),
        "rooms": [
            {
                "id": r.pk,
                "name": texts_of(r, "name"),
                "capacity": r.capacity,
                "has_booths": r.has_booths,
            }
            for r in rooms
        ],
        "tracks": [{"id": t.pk, "name": texts_of(t, "name"), "colour": t.colour} for t in tracks],
        "sessions": out_sessions,
        "speakers": sorted(speakers.values(), key=lambda s: (s["name"].lower(), s["code"])),
    }


# --- Partner API: when each public entry last changed ---------------------------
def snapshot_stamp(*, previous: dict, current: dict, number: int, at: str) -> dict:
    """When each session and speaker last changed, for the API's ``updated_since`` sync.

    Computed at publish by comparing the public entries with the previous snapshot (every
    public field counts, not only the changelog's headings). A session that vanished from
    the programme (deleted, or back to draft) is kept as a cancelled tombstone so partners
    see it cancelled rather than silently gone. Stored under ``snapshot["updated"]``.
    """
    before = previous.get("updated") or {}
    before_sessions = before.get("sessions", {})
    before_speakers = before.get("speakers", {})
    stamp = {"number": number, "at": at}
    prev_sessions = {s["code"]: s for s in previous["sessions"]}
    prev_speakers = {s["code"]: s for s in previous["speakers"]}
    cur_speakers = {s["code"]: s for s in current["speakers"]}

    sessions = {}
    for session in current["sessions"]:
        code = session["code"]
        old = prev_sessions.get(code)
        same = old == session and all(
            prev_speakers.get(r["speaker"]) == cur_speakers.get(r["speaker"])
            for r in session["roles"]
        )
        sessions[code] = before_sessions.get(code, stamp) if same and old else stamp

    def roles_by_speaker(snapshot: dict) -> dict[str, list]:
        index: dict[str, list] = {}
        for s in snapshot["sessions"]:
            for r in s["roles"]:
                index.setdefault(r["speaker"], []).append((s["code"], r["role"]))
        return index

    roles_now, roles_before = roles_by_speaker(current), roles_by_speaker(previous)
    speakers = {}
    for code, speaker in cur_speakers.items():
        same = prev_speakers.get(code) == speaker and roles_now.get(code) == roles_before.get(code)
        speakers[code] = before_speakers.get(code, stamp) if same else stamp
    tombstones = {}
    for code, tomb in (before.get("withdrawn") or {}).items():
        if code not in sessions:
            tombstones[code] = tomb
    for code, old in prev_sessions.items():
        if code not in sessions and code not in tombstones:
            tombstones[code] = {**old, "state": "cancelled", "roles": [], "updated": stamp}
    return {"at": at, "sessions": sessions, "speakers": speakers, "withdrawn": tombstones}
