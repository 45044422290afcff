"""The team page and its services: create, set flags, invite, remove; the last manager stays."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from events.models import Affiliation, AuditAction, AuditEntry, Team
from events.services.teams import (
    TeamError,
    team_create,
    team_invite,
    team_remove_member,
    team_set_flags,
)
from tests.factories import OrganisationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
LAST = (
    "This would leave nobody who can manage the teams of this event. "
    "Give another organiser that permission first."
)


def test_team_create_records_the_new_team_with_its_flags(quito, secretariat):
    team = team_create(
        event=quito, user=secretariat, name="Programme", flags={"can_manage_programme": True}
    )

    assert (team.name, team.can_manage_programme, team.can_change_teams) == (
        "Programme",
        True,
        False,
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_repr) == (AuditAction.CREATED, str(team))
    assert entry.changes["name"] == [None, "Programme"]
    assert entry.changes["can_manage_programme"] == [None, True]


def test_team_create_refuses_a_duplicate_name(quito, secretariat):
    team_create(event=quito, user=secretariat, name="Programme", flags={})
    with pytest.raises(TeamError) as refused:
        team_create(event=quito, user=secretariat, name="programme", flags={})
    assert (refused.value.code, Team.objects.filter(event=quito).count()) == ("name", 2)


def test_team_set_flags_records_old_and_new(quito, secretariat):
    team = TeamFactory(event=quito, name="Desk")

    team_set_flags(
        event=quito,
        team=team,
        user=secretariat,
        flags={"can_manage_registrations": True, "can_view_personal_data": True},
    )

    team.refresh_from_db()
    assert (team.can_manage_registrations, team.can_view_personal_data) == (True, True)
    assert AuditEntry.objects.get().changes == {
        "can_manage_registrations": [False, True],
        "can_view_personal_data": [False, True],
    }


def test_stripping_can_change_teams_from_the_last_managing_team_is_refused(quito, secretariat):
    team = secretariat.teams.get()

    with pytest.raises(TeamError) as refused:
        team_set_flags(event=quito, team=team, user=secretariat, flags={"can_change_teams": False})

    assert (refused.value.code, str(refused.value.message)) == ("last_manager", LAST)
    assert Team.objects.get(pk=team.pk).can_change_teams is True
    assert AuditEntry.objects.count() == 0


def test_removing_the_last_manager_is_refused(quito, secretariat):
    team = secretariat.teams.get()

    with pytest.raises(TeamError) as refused:
        team_remove_member(event=quito, team=team, user=secretariat, member=secretariat)

    assert (refused.value.code, str(refused.value.message)) == ("last_manager", LAST)
    assert list(team.members.all()) == [secretariat]
    assert AuditEntry.objects.count() == 0


def test_removing_a_manager_while_another_remains_is_recorded(quito, secretariat, organiser_of):
    other = organiser_of(quito, "bruno", can_change_teams=True)
    team = secretariat.teams.get()

    team_remove_member(event=quito, team=team, user=other, member=secretariat)

    assert list(team.members.all()) == []
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.changes) == (
        AuditAction.REMOVED,
        other,
        {"members": ["amina@example.org", None]},
    )


def test_a_manager_of_another_event_does_not_count(quito, secretariat, organiser_of):
    from tests.factories import EventFactory

    organiser_of(EventFactory(), "carla", can_change_teams=True)
    with pytest.raises(TeamError):
        team_remove_member(
            event=quito, team=secretariat.teams.get(), user=secretariat, member=secretariat
        )


def test_invite_a_new_person_creates_an_account_and_mails_a_set_password_link(
    quito, secretariat, django_capture_on_commit_callbacks, caplog
):
    team = TeamFactory(event=quito, name="Programme", can_manage_programme=True)
    caplog.set_level(logging.DEBUG)

    with django_capture_on_commit_callbacks(execute=True):
        person, created = team_invite(
            event=quito, team=team, user=secretariat, email="Zoe@Example.org", language="en"
        )

    assert (created, person.username, person.email, person.has_usable_password()) == (
        True,
        "Zoe@example.org",
        "Zoe@example.org",
        False,
    )
    assert list(team.members.all()) == [person]
    [message] = mail.outbox
    assert message.to == ["Zoe@example.org"]
    assert message.subject == "You have been added to the organisers of Mayoral Forum Quito 2031"
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert default_token_generator.check_token(person, token)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.changes, entry.note) == (
        AuditAction.INVITED,
        {"members": [None, "Zoe@example.org"]},
        "new account",
    )
    stored = str(list(AuditEntry.objects.values_list("changes", "note", "object_repr")))
    assert token not in stored and link not in stored
    assert token not in caplog.text


def test_invite_link_lets_the_person_choose_a_password_and_log_in(
    quito, secretariat, client, django_capture_on_commit_callbacks
):
    team = TeamFactory(event=quito, name="Programme")
    with django_capture_on_commit_callbacks(execute=True):
        person, _ = team_invite(
            event=quito, team=team, user=secretariat, email="zoe@example.org", language="en"
        )
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[-1] if "testserver" in link else link[link.index("/en/") :]

    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a long enough passphrase 42",
            "new_password2": "a long enough passphrase 42",
        },
        follow=True,
    )

    assert "Your password is set. You can now sign in." in response.text
    assert User.objects.get(pk=person.pk).check_password("a long enough passphrase 42")
    assert client.get(path, follow=True).context["validlink"] is False  # used once only


def test_invite_an_existing_account_adds_them_without_a_password_link(
    quito, secretariat, django_capture_on_commit_callbacks
):
    team = TeamFactory(event=quito, name="Programme")
    known = UserFactory(username="bruno")

    with django_capture_on_commit_callbacks(execute=True):
        person, created = team_invite(
            event=quito, team=team, user=secretariat, email="BRUNO@example.org", language="en"
        )

    assert (person, created, User.objects.count()) == (known, False, 2)
    assert "/accounts/reset/" not in mail.outbox[0].body
    assert "Sign in with your usual account (bruno):" in mail.outbox[0].body


def test_invite_twice_into_one_team_is_refused(quito, secretariat):
    team = secretariat.teams.get()
    with pytest.raises(TeamError) as refused:
        team_invite(
            event=quito, team=team, user=secretariat, email=secretariat.email, language="en"
        )
    assert refused.value.code == "email"
    assert AuditEntry.objects.count() == 0


def test_services_refuse_a_team_of_another_event(quito, secretariat):
    foreign = TeamFactory(name="Elsewhere")
    with pytest.raises(TeamError):
        team_set_flags(
            event=quito, team=foreign, user=secretariat, flags={"can_change_event": True}
        )
    assert Team.objects.get(pk=foreign.pk).can_change_event is False


def test_team_page_lists_teams_members_and_flags(quito, secretariat, client_of):
    TeamFactory(event=quito, name="Programme", can_manage_programme=True)

    response = client_of(secretariat).get(reverse("manage:teams", kwargs={"slug": quito.slug}))

    assert response.status_code == 200
    text = response.text
    assert '<h2 id="team-' in text and ">Programme</h2>" in text and ">Team amina</h2>" in text
    assert "1 member of Team amina" in text and "0 members of Programme" in text
    assert "amina@example.org" in text


def test_team_page_invite_and_remove(
    quito, secretariat, client_of, django_capture_on_commit_callbacks
):
    team = TeamFactory(event=quito, name="Programme")
    client = client_of(secretariat)
    url = reverse("manage:teams", kwargs={"slug": quito.slug})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"action": "invite", "invite-email": "zoe@example.org", "invite-team": team.pk},
            follow=True,
        )
    assert "zoe@example.org was invited; they will receive a link to choose a password." in (
        response.text
    )
    zoe = User.objects.get(email="zoe@example.org")

    response = client.post(
        url, {"action": "remove", "team": team.pk, "member": zoe.pk}, follow=True
    )
    assert "zoe@example.org was removed from “Programme”." in response.text
    assert list(team.members.all()) == []

    response = client.post(
        url,
        {"action": "remove", "team": secretariat.teams.get().pk, "member": secretariat.pk},
        follow=True,
    )
    assert LAST in response.text.replace("&#x27;", "'")
    assert list(secretariat.teams.all()) != []


def test_team_page_set_flags_and_create(quito, secretariat, client_of):
    client = client_of(secretariat)
    url = reverse("manage:teams", kwargs={"slug": quito.slug})

    client.post(
        url,
        {"action": "create", "new-name": "Programme", "new-can_manage_programme": "on"},
    )
    team = Team.objects.get(event=quito, name="Programme")
    client.post(
        url,
        {"action": "flags", "team": team.pk, f"team-{team.pk}-can_manage_outcomes": "on"},
    )

    team.refresh_from_db()
    assert (team.can_manage_programme, team.can_manage_outcomes) == (False, True)
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "created",
        "changed",
    ]


@pytest.mark.parametrize("teams", [2, 20])
def test_team_page_query_count_does_not_grow_with_teams(
    quito, secretariat, client_of, django_assert_num_queries, teams
):
    for i in range(teams - 1):
        members = [UserFactory(), UserFactory()]
        TeamFactory(event=quito, name=f"Team {i}", members=members)
        Affiliation.objects.create(event=quito, user=members[0], organisation=OrganisationFactory())
    client = client_of(secretariat)
    url = reverse("manage:teams", kwargs={"slug": quito.slug})

    # session, user, event, permissions, teams, members, affiliations, the directory
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.text.count('class="team"') == teams
