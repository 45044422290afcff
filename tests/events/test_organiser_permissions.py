from urllib.parse import quote

import pytest
from django.urls import reverse

from events.models import Event
from events.rules import TEAM_PERMISSIONS
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_events():
    return EventFactory(name="Quito forum"), EventFactory(name="Berlin forum")


ALL_FLAGS = dict.fromkeys(TEAM_PERMISSIONS, True)


def _login_redirect(url: str) -> tuple[int, str]:
    return 302, f"/en/admin/login/?next={quote(url)}"


@pytest.mark.parametrize(
    "flags",
    [{}, {"can_change_event": True}, {"can_change_teams": True}, ALL_FLAGS],
    ids=["no flag", "event settings", "teams", "every flag"],
)
def test_admin_refuses_organisers_whatever_their_flags(client, organiser_of, two_events, flags):
    """Organisers are staff users, but the admin is for superusers: every page, the index and
    the autocomplete included, sends them to the admin's login page; a POST changes nothing."""
    quito, _berlin = two_events
    user = organiser_of(quito, **flags)
    client.force_login(user)
    urls = [
        "/en/admin/",
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_add"),
        reverse("admin:events_event_change", args=[quito.pk]),
        reverse("admin:events_event_history", args=[quito.pk]),
        reverse("admin:events_team_changelist"),
        reverse("admin:events_team_add"),
        reverse("admin:events_organisation_changelist"),
        reverse("admin:autocomplete"),
    ]

    answers = {url: client.get(url) for url in urls}
    post = client.post(reverse("admin:events_event_change", args=[quito.pk]), {"name": "Hijack"})

    assert user.is_staff is True
    assert {url: (r.status_code, r["Location"]) for url, r in answers.items()} == {
        url: _login_redirect(url) for url in urls
    }
    assert (post.status_code, post["Location"]) == _login_redirect(
        reverse("admin:events_event_change", args=[quito.pk])
    )
    quito.refresh_from_db()
    assert quito.name == "Quito forum"


def test_admin_login_page_tells_a_logged_in_organiser_they_are_not_authorised(
    client, organiser_of, two_events
):
    quito, _ = two_events
    client.force_login(organiser_of(quito, **ALL_FLAGS))

    response = client.get("/en/admin/login/?next=/en/admin/")

    assert response.status_code == 200
    assert response.context["form"].is_bound is False
    assert "not authorized to access this page" in response.content.decode()


def test_admin_login_form_accepts_superusers_only(client, organiser_of, two_events):
    quito, _ = two_events
    organiser = organiser_of(quito, username="amina", **ALL_FLAGS)
    organiser.set_password("a-long-passphrase")
    organiser.save()
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    boss.set_password("another-long-passphrase")
    boss.save()

    refused = client.post(
        "/en/admin/login/?next=/en/admin/",
        {"username": "amina", "password": "a-long-passphrase", "next": "/en/admin/"},
    )
    refused_session = client.session.get("_auth_user_id")
    accepted = client.post(
        "/en/admin/login/?next=/en/admin/",
        {"username": "boss", "password": "another-long-passphrase", "next": "/en/admin/"},
    )

    assert refused.status_code == 200
    assert [e.code for e in refused.context["form"].errors.as_data()["__all__"]] == [
        "invalid_login"
    ]
    assert refused_session is None
    assert (accepted.status_code, accepted["Location"]) == (302, "/en/admin/")
    assert client.session["_auth_user_id"] == str(boss.pk)


def test_admin_superuser_edits_the_event(client, administrator, two_events):
    quito, _ = two_events
    client.force_login(administrator)
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


def test_user_without_team_cannot_use_the_admin_or_organiser_area(client):
    client.force_login(UserFactory(is_staff=True))

    admin = client.get("/en/admin/events/event/")
    manage = client.get("/en/manage/")

    assert (admin.status_code, admin["Location"]) == _login_redirect("/en/admin/events/event/")
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
