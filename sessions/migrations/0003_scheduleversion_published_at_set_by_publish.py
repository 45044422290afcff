"""``published_at`` is set by schedule_publish, once, and is the time every output gives.

Versions published before stamped their entries' change times (``snapshot["updated"]``) a
few milliseconds before the row's ``published_at``: this rewrites those stamps to the
publication time of the version they name, so one version has one time everywhere, and
makes the times of an event's versions strictly increasing.
"""

from datetime import timedelta

import django.utils.timezone
from django.db import migrations, models


def _restamp(stamp, times):
    if isinstance(stamp, dict) and stamp.get("number") in times:
        return {**stamp, "at": times[stamp["number"]]}
    return stamp


def one_time_per_version(apps, schema_editor):
    ScheduleVersion = apps.get_model("programme", "ScheduleVersion")
    event_ids = ScheduleVersion.objects.values_list("event_id", flat=True).distinct()
    for event_id in list(event_ids):
        times, previous = {}, None
        rows = ScheduleVersion.objects.filter(event_id=event_id).order_by("number")
        for number, published_at in rows.values_list("number", "published_at"):
            if previous is not None and published_at <= previous:
                published_at = previous + timedelta(microseconds=1)
                rows.filter(number=number).update(published_at=published_at)
            times[number], previous = published_at.isoformat(), published_at
        for version in rows.only("pk", "number", "snapshot").iterator():
            updated = version.snapshot.get("updated")
            if not updated:
                continue
            updated["at"] = times[version.number]
            for kind in ("sessions", "speakers"):
                updated[kind] = {
                    code: _restamp(stamp, times) for code, stamp in updated.get(kind, {}).items()
                }
            for tomb in (updated.get("withdrawn") or {}).values():
                tomb["updated"] = _restamp(tomb.get("updated"), times)
            version.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0002_agendafeed_bookmark"),
    ]

    operations = [
        migrations.AlterField(
            model_name="scheduleversion",
            name="published_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="published"
            ),
        ),
        migrations.RunPython(one_time_per_version, migrations.RunPython.noop),
    ]
