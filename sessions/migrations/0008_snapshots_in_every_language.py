"""Published versions carry every language of a text (snapshot format 2).

Each translated text of a stored snapshot (room and track names, session titles and
abstracts, speaker positions and biographies, withdrawn sessions' tombstones included) and of
its changelog becomes ``{code: text}``: the texts written before were English, so a string
becomes ``{"en": text}`` and an empty one ``{}``. The snapshot and the changelog record the
event's languages, the fallback order readers pick in. Backwards, each text goes back to its
English version (else the first language filled).
"""

from django.db import migrations

SESSION_TEXTS = ("title", "abstract")
SPEAKER_TEXTS = ("position", "biography")
TITLED_CHANGES = ("added", "cancelled", "moved", "speakers_changed")


def _to_texts(value) -> dict:
    if isinstance(value, dict):
        return value
    return {"en": value} if value else {}


def _to_string(value) -> str:
    if not isinstance(value, dict):
        return value or ""
    return value.get("en") or next((text for text in value.values() if text), "")


def _convert_snapshot(snapshot: dict, convert) -> None:
    for room in snapshot.get("rooms", []):
        room["name"] = convert(room.get("name"))
    for track in snapshot.get("tracks", []):
        track["name"] = convert(track.get("name"))
    withdrawn = ((snapshot.get("updated") or {}).get("withdrawn") or {}).values()
    for session in [*snapshot.get("sessions", []), *withdrawn]:
        for field in SESSION_TEXTS:
            session[field] = convert(session.get(field))
    for speaker in snapshot.get("speakers", []):
        for field in SPEAKER_TEXTS:
            speaker[field] = convert(speaker.get(field))


def _convert_changes(changes: dict, convert) -> None:
    for kind in TITLED_CHANGES:
        for entry in changes.get(kind, []):
            entry["title"] = convert(entry.get("title"))
    for entry in changes.get("moved", []):
        for side in ("before", "after"):
            entry[side]["room"] = convert(entry[side].get("room"))
    for entry in changes.get("retitled", []):
        entry["before"] = convert(entry.get("before"))
        entry["after"] = convert(entry.get("after"))


def to_format_2(apps, schema_editor):
    ScheduleVersion = apps.get_model("programme", "ScheduleVersion")
    versions = ScheduleVersion.objects.select_related("event").order_by("pk")
    for version in versions.iterator(chunk_size=100):
        snapshot, changes = version.snapshot, version.changes or {}
        if snapshot.get("format") == 2:
            continue
        languages = list(version.event.languages or ["en"])
        _convert_snapshot(snapshot, _to_texts)
        snapshot["format"] = 2
        snapshot["languages"] = languages
        _convert_changes(changes, _to_texts)
        for entry in changes.get("retitled", []):
            entry["languages"] = ["en"]
        changes["languages"] = languages
        version.snapshot, version.changes = snapshot, changes
        version.save(update_fields=["snapshot", "changes"])


def to_format_1(apps, schema_editor):
    ScheduleVersion = apps.get_model("programme", "ScheduleVersion")
    for version in ScheduleVersion.objects.order_by("pk").iterator(chunk_size=100):
        snapshot, changes = version.snapshot, version.changes or {}
        if snapshot.get("format") != 2:
            continue
        _convert_snapshot(snapshot, _to_string)
        snapshot["format"] = 1
        snapshot.pop("languages", None)
        _convert_changes(changes, _to_string)
        for entry in changes.get("retitled", []):
            entry.pop("languages", None)
        changes.pop("languages", None)
        version.snapshot, version.changes = snapshot, changes
        version.save(update_fields=["snapshot", "changes"])


class Migration(migrations.Migration):
    dependencies = [("programme", "0007_content_unique_names_per_language")]

    operations = [migrations.RunPython(to_format_2, to_format_1)]
