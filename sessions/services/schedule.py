"""Publishing: freeze the working programme as the next numbered version."""

import logging
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events.models import AuditAction, Event
from events.services.audit import audit_record
from forum.content import pick, texts_of
from forum.locking import lock_one
from forum.mail import mail_send_later
from forum.signals import schedule_published
from sessions.enums import SessionState
from sessions.models import ScheduleVersion, Speaker
from sessions.selectors.public import retitle_picked
from sessions.selectors.snapshot import snapshot_build, snapshot_stamp

logger = logging.getLogger(__name__)

EMPTY_SNAPSHOT = {"rooms": [], "tracks": [], "sessions": [], "speakers": []}


def _speaker_name(speakers: dict, code: str) -> str:
    speaker = speakers.get(code)
    if speaker is None:
        return code
    return f"{speaker['honorific']} {speaker['name']}".strip()


def _changed_languages(before: dict, after: dict) -> list[str]:
    """The languages whose text existed in ``before`` and differs (or is gone) in ``after``.

    A language filled for the first time is not a change: a translation pass retitles nothing.
    """
    return [code for code, text in before.items() if after.get(code) != text]


def changelog_compute(*, previous: dict, current: dict) -> dict:
    """What changed for the public between two snapshots, as sorted, structured JSON.

    A session counts once per heading: added, cancelled (or withdrawn), moved (time or room),
    retitled, speakers changed. Entries are sorted by session code so diffs are stable.
    Titles and room names are ``{code: text}`` as in the snapshot, and ``languages`` is the
    current version's fallback order, so readers pick in their language. A retitle names the
    ``languages`` whose title changed or was removed.
    """
    prev_rooms = {r["id"]: r["name"] for r in previous["rooms"]}
    cur_rooms = {r["id"]: r["name"] for r in current["rooms"]}
    prev_speakers = {s["code"]: s for s in previous["speakers"]}
    cur_speakers = {s["code"]: s for s in current["speakers"]}

    def active(snapshot: dict) -> dict[str, dict]:
        return {s["code"]: s for s in snapshot["sessions"] if s["state"] != SessionState.CANCELLED}

    before, after = active(previous), active(current)
    changes: dict[str, list] = {
        "added": [],
        "cancelled": [],
        "moved": [],
        "retitled": [],
        "speakers_changed": [],
    }
    for code in sorted(after.keys() - before.keys()):
        changes["added"].append({"code": code, "title": after[code]["title"]})
    for code in sorted(before.keys() - after.keys()):
        changes["cancelled"].append({"code": code, "title": before[code]["title"]})
    for code in sorted(before.keys() & after.keys()):
        old, new = before[code], after[code]
        old_place = {
            "start": old["start"],
            "end": old["end"],
            "room": prev_rooms.get(old["room"], {}),
        }
        new_place = {
            "start": new["start"],
            "end": new["end"],
            "room": cur_rooms.get(new["room"], {}),
        }
        if (
            (old_place["start"], old_place["end"]) != (new_place["start"], new_place["end"])
            or _changed_languages(old_place["room"], new_place["room"])
            or (not old_place["room"]) != (not new_place["room"])
        ):
            changes["moved"].append(
                {"code": code, "title": new["title"], "before": old_place, "after": new_place}
            )
        retitled = _changed_languages(old["title"], new["title"])
        if retitled:
            changes["retitled"].append(
                {
                    "code": code,
                    "before": old["title"],
                    "after": new["title"],
                    "languages": retitled,
                }
            )
        old_roles = {(r["speaker"], r["role"]) for r in old["roles"]}
        new_roles = {(r["speaker"], r["role"]) for r in new["roles"]}
        if old_roles != new_roles:
            changes["speakers_changed"].append(
                {
                    "code": code,
                    "title": new["title"],
                    "added": [
                        {"speaker": s, "name": _speaker_name(cur_speakers, s), "role": r}
                        for s, r in sorted(new_roles - old_roles)
                    ],
                    "removed": [
                        {"speaker": s, "name": _speaker_name(prev_speakers, s), "role": r}
                        for s, r in sorted(old_roles - new_roles)
                    ],
                }
            )
    changes["languages"] = list(current.get("languages") or ())
    return changes


def _affected_speakers(*, changes: dict, previous: dict, current: dict) -> dict[str, list[dict]]:
    """speaker code -> the changes (dicts from the changelog, with a "kind") concerning them."""
    roles = {}
    for snapshot in (previous, current):
        for session in snapshot["sessions"]:
            roles.setdefault(session["code"], set()).update(r["speaker"] for r in session["roles"])
    affected: dict[str, list[dict]] = {}
    for kind in ("cancelled", "moved", "retitled"):
        for entry in changes[kind]:
            for speaker in sorted(roles.get(entry["code"], ())):
                affected.setdefault(speaker, []).append({"kind": kind, **entry})
    for entry in changes["speakers_changed"]:
        for side in ("added", "removed"):
            for person in entry[side]:
                affected.setdefault(person["speaker"], []).append(
                    {
                        "kind": f"speaker_{side}",
                        "code": entry["code"],
                        "title": entry["title"],
                        "role": person["role"],
                    }
                )
    return affected


def _local(value: str | None, event: Event) -> str:
    if not value:
        return ""
    return timezone.localtime(datetime.fromisoformat(value), event.tzinfo).strftime(
        "%Y-%m-%d %H:%M"
    )


def _notify_speakers(*, event: Event, version: ScheduleVersion, previous: dict) -> None:
    """Email each speaker touched by a change, its titles and rooms in the speaker's language."""
    affected = _affected_speakers(
        changes=version.changes, previous=previous, current=version.snapshot
    )
    if not affected:
        return
    languages = version.changes.get("languages") or ()
    url = reverse("programme:agenda", kwargs={"event_slug": event.slug})
    for speaker in Speaker.objects.filter(event=event, code__in=affected).exclude(email=""):

        def text(values: dict | None, lang: str = speaker.language) -> str:
            return str(pick(values or {}, requested=lang, languages=languages))

        items = []
        for entry in affected[speaker.code]:
            item = {"kind": entry["kind"], "code": entry["code"], "title": text(entry.get("title"))}
            if entry["kind"] == "moved":
                before, after = entry["before"], entry["after"]
                item["before"] = f"{_local(before['start'], event)} {text(before['room'])}"
                item["after"] = f"{_local(after['start'], event)} {text(after['room'])}"
            elif entry["kind"] == "retitled":
                retitle = retitle_picked(entry, lang=speaker.language, languages=languages)
                item["title"] = str(retitle["after"])
                item["before"] = str(retitle["before"])
            elif "role" in entry:
                item["role"] = entry["role"]
            items.append(item)
        mail_send_later(
            to=[speaker.email],
            template="programme_changed",
            language=speaker.language,
            context={
                "speaker_name": speaker.display_name,
                "event_name": str(
                    pick(
                        texts_of(event, "name"),
                        requested=speaker.language,
                        languages=event.languages,
                    )
                ),
                "timezone": event.timezone,
                "version": version.number,
                "changes": items,
                "programme_path": url,
            },
        )


def publication_time(*, previous: datetime | None) -> datetime:
    """The publication time of the next version: now, and strictly after the previous one.

    Taken once, under the event lock, inside the publishing transaction. Versions of an
    event are published one at a time (the lock), so these times increase with the version
    number even if the clocks of two application servers disagree: a partner holding the
    publication time of the version it last read (its sync token) never skips a later one.
    """
    now = timezone.now()
    if previous is not None and now <= previous:
        return previous + timedelta(microseconds=1)
    return now


@transaction.atomic
def schedule_publish(
    *,
    event: Event,
    comment: str,
    user: AbstractBaseUser | None,
    notify: bool = True,
) -> ScheduleVersion:
    """Freeze the working programme as the next public version, with its changelog.

    The event row is locked so two concurrent publishes queue instead of both taking
    number N (the unique (event, number) constraint backs this up). Speakers touched by a
    change are emailed after commit; ``schedule_published`` tells the subscribers.
    """
    lock_one(type(event).objects.only("pk"), event.pk)
    latest = (
        ScheduleVersion.objects.filter(event=event)
        .only("number", "snapshot", "published_at")
        .order_by("-number")
        .first()
    )
    published_at = publication_time(previous=latest.published_at if latest else None)
    previous = latest.snapshot if latest else EMPTY_SNAPSHOT
    previous_codes = frozenset(s["code"] for s in previous["sessions"])
    snapshot = snapshot_build(event=event, previous_codes=previous_codes)
    number = (latest.number if latest else 0) + 1
    changes = changelog_compute(previous=previous, current=snapshot)
    # When each entry last changed, for the API's incremental sync: the version's one
    # publication time, the same value the row, the API's bodies and headers carry.
    snapshot["updated"] = snapshot_stamp(
        previous=previous, current=snapshot, number=number, at=published_at.isoformat()
    )
    version = ScheduleVersion.objects.create(
        event=event,
        number=number,
        comment=comment.strip(),
        snapshot=snapshot,
        changes=changes,
        published_at=published_at,
        published_by=user if user is not None and user.is_authenticated else None,
    )
    audit_record(
        event=event,
        obj=version,
        action=AuditAction.PUBLISHED,
        actor=user,
        note=version.comment,
    )
    logger.info("programme of event %s published as version %s", event.pk, version.number)
    # Inside the transaction: subscribers (the partner API's webhook outbox and cached event
    # heads) write and forget in step with this publish (forum.signals).
    schedule_published.send(sender=ScheduleVersion, event=event, version=version)
    if notify and latest is not None:
        _notify_speakers(event=event, version=version, previous=previous)
    return version
