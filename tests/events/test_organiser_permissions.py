import pytest
from django.urls import reverse

from events.models import Event, Team
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_events():
    return EventFactory(name="Quito forum"), EventFactory(name="Berlin forum")


def test_admin_event_list_shows_only_the_organisers_events(client, organiser_of, two_events):
    quito, _berlin = two_events
    client.force_login(organiser_of(quito, can_change_event=True))

    response = client.get("/en/admin/events/event/")

    assert response.status_code == 200
    assert [e.name for e in response.context["cl"].result_list] == ["Quito forum"]


def test_admin_other_events_change_page_is_out_of_reach(client, organiser_of, two_events):
    quito, berlin = two_events
    client.force_login(organiser_of(quito, can_change_event=True))
    url = reverse("admin:events_event_change", args=[berlin.pk])

    get = client.get(url)
    post = client.post(url, {"name": "Hijacked"})

    # The admin treats an object outside the queryset as missing: back to the index.
    assert (get.status_code, get["Location"]) == (302, "/en/admin/")
    assert post.status_code == 302
    berlin.refresh_from_db()
    assert berlin.name == "Berlin forum"


def test_admin_organiser_without_change_flag_can_view_but_not_change(
    client, organiser_of, two_events
):
    quito, _ = two_events
    client.force_login(organiser_of(quito))
    url = reverse("admin:events_event_change", args=[quito.pk])

    view = client.get(url)
    post = client.post(url, {"name": "Renamed"})

    assert view.status_code == 200
    assert view.context["has_change_permission"] is False
    assert post.status_code == 403
    quito.refresh_from_db()
    assert quito.name == "Quito forum"


def test_admin_organiser_with_change_flag_edits_the_event(client, organiser_of, two_events):
    quito, _ = two_events
    client.force_login(organiser_of(quito, can_change_event=True))
    url = reverse("admin:events_event_change", args=[quito.pk])
    data = {
        "name": "Quito forum (renamed)",
        "slug": quito.slug,
        "tagline": "",
        "description": "",
        "status": "published",
        "host_city": "Quito",
        "host_country": "EC",
        "venue": quito.venue_id,
        "start_date": quito.start_date.isoformat(),
        "end_date": quito.end_date.isoformat(),
        "timezone": "America/Guayaquil",
        "languages": ["es", "en"],
        "max_delegation_size": 10,
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    quito.refresh_from_db()
    assert (quito.name, quito.languages) == ("Quito forum (renamed)", ["es", "en"])


def test_admin_only_superusers_create_events(client, organiser_of, two_events):
    quito, _ = two_events
    client.force_login(organiser_of(quito, can_change_event=True))

    response = client.get(reverse("admin:events_event_add"))

    assert response.status_code == 403


def test_admin_teams_of_other_events_are_invisible(client, organiser_of, two_events):
    quito, berlin = two_events
    user = organiser_of(quito, can_change_teams=True)
    organiser_of(berlin, can_change_teams=True)
    client.force_login(user)

    response = client.get("/en/admin/events/team/")

    assert [t.event for t in response.context["cl"].result_list] == [quito]


def test_admin_team_form_offers_only_events_where_teams_may_be_changed(
    client, organiser_of, two_events
):
    quito, berlin = two_events
    user = organiser_of(quito, can_change_teams=True)
    Team.objects.create(event=berlin, name="Readers").members.add(user)
    client.force_login(user)

    response = client.get(reverse("admin:events_team_add"))

    choices = list(response.context["adminform"].form.fields["event"].queryset)
    assert choices == [quito]


def test_user_without_team_cannot_use_the_admin_or_organiser_area(client):
    client.force_login(UserFactory(is_staff=True))

    admin = client.get("/en/admin/events/event/")
    manage = client.get("/en/manage/")

    assert admin.status_code == 403
    assert manage.status_code == 403


def test_manage_dashboard_lists_only_own_events(client, organiser_of, two_events):
    quito, _ = two_events
    client.force_login(organiser_of(quito))

    response = client.get("/en/manage/")

    assert [e.name for e in response.context["events"]] == ["Quito forum"]


def test_manage_dashboard_requires_login(client):
    response = client.get("/en/manage/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/en/accounts/login/?next=/en/manage/",
    )


def test_permission_checks_cost_one_query_per_request(
    organiser_of, two_events, django_assert_num_queries
):
    quito, berlin = two_events
    user = organiser_of(quito, can_change_event=True)

    with django_assert_num_queries(1):
        results = [
            user.has_perm("events.change_event", quito),
            user.has_perm("events.change_event", berlin),
            user.has_perm("events.view_event", quito),
            user.has_perm("events.change_team", quito),
        ]

    assert results == [True, False, True, False]


def test_superuser_sees_every_event(client, two_events):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/en/admin/events/event/")

    assert sorted(e.name for e in response.context["cl"].result_list) == [
        "Berlin forum",
        "Quito forum",
    ]
    assert Event.objects.count() == 2
