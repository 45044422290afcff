"""The audit log: what services record, what organisers see, who may see it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from events.models import AuditAction, AuditEntry
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.personal import PERSONAL_FIELDS
from tests.factories import EventFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_snapshot_and_diff_record_old_and_new_of_changed_fields_only(event):
    before = audit_snapshot(event)
    event.host_city = "Marrakech"
    event.max_delegation_size = 7
    changes = audit_diff(before, audit_snapshot(event))
    assert changes == {
        "host_city": ["Quito", "Marrakech"],
        "max_delegation_size": [before["max_delegation_size"], 7],
    }


def test_snapshot_names_related_rows_and_writes_dates_as_text(event):
    snapshot = audit_snapshot(event, ["venue", "start_date", "languages"])
    assert snapshot == {
        "venue": str(event.venue),
        "start_date": event.start_date.isoformat(),
        "languages": ["es", "en", "fr"],
    }


def test_record_stores_who_what_and_changes(event):
    user = UserFactory(username="amina")
    entry = audit_record(
        event=event,
        obj=event,
        action=AuditAction.CHANGED,
        actor=user,
        changes={"host_city": ["Quito", "Marrakech"]},
        note="Host city moved",
    )
    stored = AuditEntry.objects.get()
    assert stored == entry
    assert (stored.actor, stored.actor_label, stored.action, stored.object_id) == (
        user,
        "organiser",
        "changed",
        str(event.pk),
    )
    assert stored.content_type == ContentType.objects.get_for_model(event)
    assert (stored.object_repr, stored.changes, stored.note) == (
        str(event),
        {"host_city": ["Quito", "Marrakech"]},
        "Host city moved",
    )


def test_a_change_of_nothing_is_not_recorded(event):
    assert audit_record(event=event, obj=event, action=AuditAction.CHANGED, changes={}) is None
    assert AuditEntry.objects.count() == 0


def test_personal_fields_are_recorded_as_changed_without_their_values(event):
    assert "passport_number" in PERSONAL_FIELDS  # registered by the registrations app
    audit_record(
        event=event,
        obj=event,
        action=AuditAction.CHANGED,
        changes={"passport_number": ["P1234567", "P7654321"], "host_city": ["Quito", "Lima"]},
    )
    assert AuditEntry.objects.get().changes == {
        "passport_number": [None, None],
        "host_city": ["Quito", "Lima"],
    }


# --- the page ------------------------------------------------------------------------------


def _url(event):
    return reverse("manage:audit_log", kwargs={"slug": event.slug})


def _entries(event, count, actor=None):
    organisation = OrganisationFactory(name="Barcelona")
    for n in range(count):
        audit_record(
            event=event,
            obj=organisation if n % 2 else event,
            action=AuditAction.CHANGED,
            actor=actor,
            changes={"name": [f"Old {n}", f"New {n}"]},
        )


def test_the_log_shows_old_and_new_newest_first(client, event, organiser_of):
    user = organiser_of(event, username="secretariat", can_change_event=True)
    audit_record(
        event=event,
        obj=event,
        action=AuditAction.CHANGED,
        actor=user,
        changes={"host_city": ["Quito", "Marrakech"], "status": ["draft", "published"]},
    )
    audit_record(event=event, obj=event, action=AuditAction.PUBLISHED, actor_label="system")
    client.force_login(user)
    response = client.get(_url(event))
    lines = response.context["lines"]
    assert [(line.actor, line.action) for line in lines] == [
        ("the system", "published"),
        ("secretariat", "changed"),
    ]
    assert [(c.field, c.old, c.new) for c in lines[1].changes] == [
        ("host city", "Quito", "Marrakech"),
        ("status", "Draft", "Published"),
    ]
    body = response.content.decode()
    assert "Marrakech" in body and "Quito" in body


def test_filters_narrow_by_kind_action_and_search(client, event, organiser_of):
    user = organiser_of(event, can_change_event=True)
    _entries(event, 4)
    audit_record(event=event, obj=event, action=AuditAction.PUBLISHED)
    client.force_login(user)
    organisation_kind = ContentType.objects.get(app_label="events", model="organisation").pk
    response = client.get(_url(event), {"kind": organisation_kind})
    assert [line.object for line in response.context["lines"]] == ["Barcelona", "Barcelona"]
    response = client.get(_url(event), {"action": "published"})
    assert [line.action for line in response.context["lines"]] == ["published"]
    response = client.get(_url(event), {"q": "barcel"})
    assert response.context["page"].paginator.count == 2


def test_an_unknown_filter_value_shows_nothing_rather_than_failing(client, event, organiser_of):
    user = organiser_of(event, can_change_event=True)
    _entries(event, 2)
    client.force_login(user)
    response = client.get(_url(event), {"kind": "999999", "since": "not-a-date"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_entries_of_another_event_are_not_shown(client, event, organiser_of):
    user = organiser_of(event, can_change_event=True)
    other = EventFactory()
    audit_record(event=other, obj=other, action=AuditAction.PUBLISHED)
    client.force_login(user)
    assert client.get(_url(event)).context["page"].paginator.count == 0


@pytest.mark.parametrize(
    "flags, status",
    [
        ({"can_change_event": True}, 200),
        ({"can_change_teams": True}, 200),
        ({"can_manage_programme": True}, 404),
        ({"can_manage_registrations": True}, 404),
    ],
)
def test_who_may_read_the_log(client, event, organiser_of, flags, status):
    client.force_login(organiser_of(event, **flags))
    assert client.get(_url(event)).status_code == status


def test_an_organiser_of_another_event_gets_404(client, event, organiser_of):
    other = EventFactory()
    client.force_login(organiser_of(other, can_change_event=True, can_change_teams=True))
    assert client.get(_url(event)).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, event):
    response = client.get(_url(event))
    assert (response.status_code, response.url.split("?")[0]) == (302, "/en/accounts/login/")


@pytest.mark.parametrize("count", [10, 120])
def test_the_log_costs_the_same_queries_at_any_size(
    client, event, organiser_of, django_assert_num_queries, count
):
    user = organiser_of(event, can_change_event=True)
    _entries(event, count, actor=user)
    client.force_login(user)
    client.get(_url(event))  # content types cached, as in a running process
    # session, user, event, permissions, kinds, actors choice, count, page
    with django_assert_num_queries(8):
        response = client.get(_url(event))
    assert len(response.context["lines"]) == min(count, 50)


def test_times_are_stored_in_utc_and_shown_in_the_event_zone(client, event, organiser_of):
    from datetime import UTC, datetime, timedelta, timezone

    before = audit_snapshot(event, ["registration_opens_at"])
    quito = timezone(timedelta(hours=-5))
    event.registration_opens_at = datetime(2027, 1, 10, 9, 0, tzinfo=quito)
    audit_record(
        event=event,
        obj=event,
        action=AuditAction.CHANGED,
        changes=audit_diff(before, audit_snapshot(event, ["registration_opens_at"])),
    )
    assert AuditEntry.objects.get().changes == {
        "registration_opens_at": [None, datetime(2027, 1, 10, 14, 0, tzinfo=UTC).isoformat()]
    }
    user = organiser_of(event, can_change_event=True)
    client.force_login(user)
    (line,) = client.get(_url(event)).context["lines"]
    assert [(c.old, c.new) for c in line.changes] == [("—", "2027-01-10 09:00")]


def test_a_secret_recorded_without_values_shows_as_changed_not_its_value(
    client, event, organiser_of
):
    audit_record(
        event=event, obj=event, action=AuditAction.CHANGED, changes={"secret": [None, None]}
    )
    client.force_login(organiser_of(event, can_change_event=True))
    (line,) = client.get(_url(event)).context["lines"]
    assert [(c.field, c.old, c.new, c.personal) for c in line.changes] == [("secret", "", "", True)]
