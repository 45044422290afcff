import pytest
from django.urls import reverse

from events.models import Affiliation, AuditAction, AuditEntry, Team
from events.services.affiliations import AffiliationError, affiliation_add
from sessions.models import Track
from tests.factories import EventFactory, OrganisationFactory, UserFactory
from tests.sessions.factories import TrackFactory

pytestmark = pytest.mark.django_db


def audit(model):
    return [
        (entry.action, entry.changes)
        for entry in AuditEntry.objects.filter(content_type__model=model).order_by("pk")
    ]


def test_affiliation_added_and_removed_on_the_teams_page_is_audited(
    quito, secretariat, organiser_of, client_of
):
    rita = organiser_of(quito, "rita", can_review_proposals=True)
    cuenca = OrganisationFactory(name="City of Cuenca")
    client = client_of(secretariat)
    teams_url = reverse("manage:teams", kwargs={"slug": quito.slug})

    added = client.post(
        teams_url,
        {
            "action": "affiliate",
            "affiliation-member": rita.pk,
            "affiliation-organisation": cuenca.pk,
        },
    )
    affiliation = Affiliation.objects.get()
    page = client.get(teams_url).content.decode()
    removed = client.post(teams_url, {"action": "unaffiliate", "affiliation": affiliation.pk})

    assert (added.status_code, removed.status_code) == (302, 302)
    assert (affiliation.event, affiliation.user, affiliation.organisation) == (quito, rita, cuenca)
    assert f'data-affiliation="{affiliation.pk}">City of Cuenca</span>' in page
    assert Affiliation.objects.count() == 0
    assert audit("affiliation") == [
        (
            AuditAction.CREATED,
            {"user": [None, "rita@example.org"], "organisation": [None, "City of Cuenca"]},
        ),
        (AuditAction.DELETED, {"organisation": ["City of Cuenca", None]}),
    ]
    assert (
        AuditEntry.objects.filter(content_type__model="affiliation", actor=secretariat).count() == 2
    )


def test_affiliation_needs_the_teams_flag(quito, organiser_of, client_of):
    programmer = organiser_of(quito, can_manage_programme=True, can_review_proposals=True)

    response = client_of(programmer).post(
        reverse("manage:teams", kwargs={"slug": quito.slug}),
        {
            "action": "affiliate",
            "affiliation-member": programmer.pk,
            "affiliation-organisation": OrganisationFactory().pk,
        },
    )

    assert (response.status_code, Affiliation.objects.count()) == (404, 0)


def test_affiliation_of_someone_outside_the_teams_refused(quito, secretariat):
    with pytest.raises(AffiliationError) as refused:
        affiliation_add(
            event=quito, member=UserFactory(), organisation=OrganisationFactory(), user=secretariat
        )

    assert refused.value.code == "member"
    assert Affiliation.objects.count() == 0


def test_affiliation_twice_refused(quito, secretariat):
    cuenca = OrganisationFactory()
    affiliation_add(event=quito, member=secretariat, organisation=cuenca, user=secretariat)

    with pytest.raises(AffiliationError) as refused:
        affiliation_add(event=quito, member=secretariat, organisation=cuenca, user=secretariat)

    assert refused.value.code == "organisation"


def test_team_form_shows_the_review_flag_with_its_label(quito, secretariat, client_of):
    page = client_of(secretariat).get(reverse("manage:teams", kwargs={"slug": quito.slug}))

    assert "Can review side-event proposals" in page.content.decode()


def test_track_editor_names_review_teams_of_this_event_only(quito, secretariat, client_of):
    track = TrackFactory(event=quito, name="Water", colour="#000000")
    reviewers = Team.objects.create(event=quito, name="Water reviewers", can_review_proposals=True)
    Team.objects.create(event=quito, name="Registrars", can_manage_registrations=True)
    Team.objects.create(event=EventFactory(), name="Berlin reviewers", can_review_proposals=True)
    client = client_of(secretariat)
    edit_url = reverse(
        "programme_manage:track_edit", kwargs={"event_slug": quito.slug, "pk": track.pk}
    )

    form = client.get(edit_url).context["form"]
    response = client.post(
        edit_url, {"name_en": "Water", "colour": "#000000", "review_teams": [reviewers.pk]}
    )

    # The secretariat's own team holds every flag, so it reviews too.
    assert [name for _pk, name in form.fields["review_teams"].choices] == [
        "Team amina",
        "Water reviewers",
    ]
    assert response.status_code == 302
    assert list(Track.objects.get(pk=track.pk).review_teams.all()) == [reviewers]
    assert audit("track")[-1] == (
        AuditAction.CHANGED,
        {"review_teams": [[], ["Water reviewers"]]},
    )
