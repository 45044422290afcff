"""Every workspace URL is a 404 for organisers of another event and for those without the flag."""

import pytest
from django.urls import reverse

from api.models import WebhookEndpoint
from events.models import AuditEntry, Event
from events.rules import TEAM_PERMISSIONS
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

# (url name, the flag it needs, whether it takes the endpoint's id)
PAGES = [
    ("manage:event_settings", "can_change_event", False),
    ("manage:teams", "can_change_teams", False),
    ("partners_manage:partners", "can_change_event", False),
    ("partners_manage:endpoint_edit", "can_change_event", True),
]


def url_of(name: str, event: Event, endpoint: WebhookEndpoint, with_pk: bool) -> str:
    kwarg = "event_slug" if name.startswith("partners_manage:") else "slug"
    kwargs = {kwarg: event.slug}
    if with_pk:
        kwargs["pk"] = endpoint.pk
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def endpoint(quito):
    return WebhookEndpoint.objects.create(
        event=quito, name="City site", url="https://93.184.215.14/hook"
    )


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "flag", "with_pk"), PAGES)
def test_organiser_of_another_event_gets_404(
    quito, endpoint, organiser_of, client_of, name, flag, with_pk, method
):
    berlin_organiser = organiser_of(
        EventFactory(slug="berlin"), **dict.fromkeys(TEAM_PERMISSIONS, True)
    )
    before = Event.objects.values().get(pk=quito.pk)

    response = getattr(client_of(berlin_organiser), method)(
        url_of(name, quito, endpoint, with_pk), {"action": "key_create", "key-name": "Intruder"}
    )

    assert response.status_code == 404
    assert Event.objects.values().get(pk=quito.pk) == before
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "flag", "with_pk"), PAGES)
def test_organiser_of_this_event_without_the_flag_gets_404(
    quito, endpoint, organiser_of, client_of, name, flag, with_pk, method
):
    others = dict.fromkeys(TEAM_PERMISSIONS, True)
    others[flag] = False
    organiser = organiser_of(quito, **others)

    response = getattr(client_of(organiser), method)(
        url_of(name, quito, endpoint, with_pk), {"action": "key_create", "key-name": "Intruder"}
    )

    assert response.status_code == 404
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(("name", "flag", "with_pk"), PAGES)
def test_anonymous_is_sent_to_log_in(quito, endpoint, client, name, flag, with_pk):
    url = url_of(name, quito, endpoint, with_pk)
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/en/accounts/login/?next={url}")


def test_endpoint_of_another_event_is_404_on_this_event_page(quito, secretariat, client_of):
    foreign = WebhookEndpoint.objects.create(
        event=EventFactory(slug="berlin"), name="Berlin site", url="https://93.184.215.14/b"
    )
    response = client_of(secretariat).get(
        reverse(
            "partners_manage:endpoint_edit", kwargs={"event_slug": quito.slug, "pk": foreign.pk}
        )
    )
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "flag", "with_pk"), PAGES)
def test_organiser_with_the_flag_gets_the_page(
    quito, endpoint, secretariat, client_of, name, flag, with_pk
):
    response = client_of(secretariat).get(url_of(name, quito, endpoint, with_pk))
    assert response.status_code == 200
    assert 'aria-label="Event workspace"' in response.text


def test_dashboard_links_to_the_workspace_pages(quito, secretariat, client_of):
    response = client_of(secretariat).get(reverse("manage:dashboard"))
    text = response.text
    assert f'href="/en/manage/{quito.slug}/settings/">Event settings</a>' in text
    assert f'href="/en/manage/{quito.slug}/team/">Teams</a>' in text
    assert f'href="/en/manage/{quito.slug}/partners/">Partner access</a>' in text
    assert "Edit in the administration" not in text
