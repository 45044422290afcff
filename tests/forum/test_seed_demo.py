import re
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from documents.models import Document, DocumentFile
from events.enums import EventStatus, RegistrationWindowStatus
from events.models import Event, Organisation, Team
from outcomes.models import Endorsement
from registrations.models import (
    Answer,
    Delegation,
    FocalPoint,
    NominationLetter,
    OrganisationQuota,
    Question,
    Registration,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_realistic_forum_and_is_idempotent():
    def counts():
        return (
            Organisation.objects.count(),
            Event.objects.count(),
            Team.objects.count(),
            Registration.objects.count(),
            Delegation.objects.count(),
            Document.objects.count(),
            DocumentFile.objects.count(),
        )

    call_command("seed_demo", "--allow-production", stdout=None)
    first = counts()
    call_command("seed_demo", "--allow-production", stdout=None)

    assert counts() == first
    # 42 forum organisations + 32 cities that signed later; the organisers of the current and the
    # previous edition, and two review teams
    assert first[:3] == (74, 3, 4)
    assert 290 <= first[3] <= 335  # with the 13 people following online
    assert first[4] >= 20
    assert Organisation.objects.values("country").distinct().count() >= 25
    current = Event.objects.get(slug="mayoral-forum-dakar")
    assert current.start_date.weekday() == 1  # a Tuesday about three months ahead
    assert 90 <= (current.start_date - timezone.now().date()).days < 97
    assert current.end_date - current.start_date == timedelta(days=2)
    states = dict(
        Registration.objects.values_list("state").annotate(n=Count("id")).order_by("state")
    )
    assert set(states) == {
        "awaiting_payment",
        "cancelled",
        "credentials_pending",
        "confirmed",
        "pending_approval",
        "rejected",
        "waitlisted",
    }
    assert current.status == EventStatus.PUBLISHED
    assert current.timezone == "Africa/Dakar"
    assert current.languages == ["fr", "en", "es"]
    assert current.registration_window_status() == RegistrationWindowStatus.OPEN
    assert sorted(
        Event.objects.filter(status=EventStatus.ARCHIVED).values_list("host_city", flat=True)
    ) == [
        "Quezon City",
        "Quito",
    ]
    # Official domains, and signatures that say how they were proven.
    assert Organisation.objects.get(name="Quezon City Government").domains == ["quezoncity.gov.ph"]
    methods = Counter(Endorsement.objects.values_list("state", "method"))
    assert methods == {
        ("published", "domain"): 33,
        ("published", "organisers"): 6,
        ("withdrawn", "domain"): 1,  # a city that pledged, then withdrew its signature
        ("pending_approval", "organisers"): 2,
        ("unverified", "domain"): 3,
    }
    for endorsement in Endorsement.objects.select_related("organisation"):
        matching = endorsement.email.rpartition("@")[2] in endorsement.organisation.domains
        assert matching == (endorsement.method == "domain")
    claims = Counter(Registration.objects.values_list("head_of_delegation", flat=True))
    assert claims["confirmed"] >= 20 and claims["pending"] >= 1
    assert (
        Delegation.objects.filter(head__head_of_delegation="confirmed").count()
        == claims["confirmed"]
    )
    # Documents: a concept note in three languages (English revised once), background papers
    # on a third of the confirmed sessions, two presentations, one paper for participants.
    documents = Counter(Document.objects.values_list("kind", "audience", "state"))
    assert documents == {
        ("concept_note", "public", "published"): 1,
        ("background_paper", "public", "published"): 16,
        ("presentation", "public", "published"): 1,
        ("presentation", "public", "draft"): 1,
        ("other", "participants", "published"): 1,
        ("programme", "organisers", "draft"): 1,
    }
    concept = Document.objects.get(kind="concept_note")
    assert sorted(concept.files.values_list("language", "version")) == [
        ("en", 1),
        ("en", 2),
        ("es", 1),
        ("fr", 1),
    ]
    assert set(concept.files.values_list("pages", "content_type")) == {(3, "application/pdf")}
    assert Document.objects.filter(kind="presentation").exclude(speaker=None).count() == 2
    assert current.documents_revision > 0
    # Nominations: focal points, quotas and their letters in each state.
    assert FocalPoint.objects.filter(event=current).count() == 5
    assert sorted(OrganisationQuota.objects.values_list("organisation__short_name", "limit")) == [
        ("", 6),
        ("GAMM", 5),
    ]
    assert Counter(NominationLetter.objects.values_list("state", flat=True)) == {
        "verified": 1,
        "rejected": 1,
        "pending": 2,
    }
    nominated = Counter(
        Registration.objects.filter(nominated_by__isnull=False).values_list("state", flat=True)
    )
    assert nominated == {
        "confirmed": 4,
        "credentials_pending": 7,
        "cancelled": 1,
        "pending_approval": 1,
    }
    # Online places for delegates (40) and the press (no limit); a dozen people following
    # online, and a journalist waiting for one of the press area's seats.
    assert sorted(
        current.categories.filter(online_offered=True).values_list("name_en", "online_capacity")
    ) == [("Delegate", 40), ("Press", None)]
    online = Counter(
        (category, state, requested is not None)
        for category, state, requested in Registration.objects.filter(
            event=current, participation="online"
        ).values_list("category__name_en", "state", "in_person_requested_at")
    )
    assert online == {
        ("Delegate", "confirmed", False): 10,
        ("Press", "pending_approval", False): 2,
        ("Press", "pending_approval", True): 1,
    }
    # Three questions of the registration form, answered by about two thirds.
    assert sorted(Question.objects.values_list("kind", flat=True)) == [
        "choice",
        "date",
        "multiple_choice",
    ]
    assert 350 <= Answer.objects.count() <= 550
    organiser = get_user_model().objects.get(username="organiser")
    assert organiser.check_password("demo-organiser")
    assert organiser.has_perm("events.change_event", current)


def test_seed_demo_refuses_to_run_in_production_by_default():
    with pytest.raises(CommandError, match="runs only with DJANGO_DEBUG on"):
        call_command("seed_demo")

    assert Event.objects.count() == 0


def test_the_demo_organiser_works_in_the_organiser_area_and_not_the_admin(client):
    """Every page the demo organiser's start page links to opens, the organisation directory
    among them; none links to the admin, which sends them to its login page."""
    call_command("seed_demo", "--allow-production", stdout=None)
    client.force_login(get_user_model().objects.get(username="organiser"))

    start = client.get("/en/manage/").content.decode()
    links = sorted(set(re.findall(r'href="(/en/manage/[^"]*)"', start)))
    answers = {url: client.get(url) for url in links}
    admin = client.get("/en/admin/")

    assert "/en/manage/organisations/" in links
    # The start page, the directory, 17 pages of the Dakar forum and 7 of the previous edition's
    # (its programme and outcomes: the organiser is on its secretariat too).
    assert len(links) == 26
    assert len([url for url in links if "/mayoral-forum-quezon-city/" in url]) == 7
    assert {url: r.status_code for url, r in answers.items()} == dict.fromkeys(links, 200)
    assert [url for url, r in answers.items() if "/admin/" in r.content.decode()] == []
    assert "/admin/" not in start
    assert (admin.status_code, admin["Location"]) == (302, "/en/admin/login/?next=/en/admin/")
