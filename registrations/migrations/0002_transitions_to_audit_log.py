"""Copy each registration's history (RegistrationTransition rows) into the audit log, which the
registration page reads from now on.

A copied entry carries its transition's exact time; that is how a second run recognises it
(and skips it), and how the reverse finds and deletes only the copies. An entry the services
recorded themselves (a moment after their transition) also counts as already there.
"""

from datetime import timedelta

from django.db import migrations

BATCH = 2000
# The services record the audit entry right after the transition, in the same call.
LIVE_WINDOW = timedelta(seconds=2)


def _content_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="registrations", model="registration"
    )
    return content_type


def _recorded(AuditEntry, content_type, ids):
    """{registration id (text): [(at, [from, to]), …]} of the state entries already logged."""
    recorded = {}
    for object_id, at, changes in AuditEntry.objects.filter(
        content_type=content_type, object_id__in=ids, action="state_changed"
    ).values_list("object_id", "at", "changes"):
        recorded.setdefault(object_id, []).append((at, (changes or {}).get("state")))
    return recorded


def copy_transitions(apps, schema_editor):
    Transition = apps.get_model("registrations", "RegistrationTransition")
    AuditEntry = apps.get_model("events", "AuditEntry")
    content_type = _content_type(apps)
    transitions = Transition.objects.select_related("registration").order_by("pk")
    last_pk = 0
    while True:
        batch = list(transitions.filter(pk__gt=last_pk)[:BATCH])
        if not batch:
            return
        last_pk = batch[-1].pk
        recorded = _recorded(
            AuditEntry, content_type, {str(t.registration_id) for t in batch}
        )
        new = []
        for t in batch:
            state = [t.from_state, t.to_state]
            if any(
                t.at <= at <= t.at + LIVE_WINDOW and changed == state
                for at, changed in recorded.get(str(t.registration_id), [])
            ):
                continue
            registration = t.registration
            name = " ".join(
                p for p in (registration.honorific, registration.given_name, registration.family_name) if p
            )
            new.append(
                AuditEntry(
                    event_id=registration.event_id,
                    at=t.at,
                    actor_id=t.actor_id,
                    actor_label=t.actor_label,
                    action="state_changed",
                    content_type=content_type,
                    object_id=str(t.registration_id),
                    object_repr=f"{name} ({registration.reference})"[:200],
                    changes={"state": state},
                    note=t.reason[:500],
                )
            )
        AuditEntry.objects.bulk_create(new)


def delete_copies(apps, schema_editor):
    Transition = apps.get_model("registrations", "RegistrationTransition")
    AuditEntry = apps.get_model("events", "AuditEntry")
    content_type = _content_type(apps)
    for registration_id, at in Transition.objects.values_list("registration_id", "at").iterator():
        AuditEntry.objects.filter(
            content_type=content_type,
            object_id=str(registration_id),
            action="state_changed",
            at=at,
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0007_audit_log"),
        ("registrations", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_transitions, delete_copies)]
