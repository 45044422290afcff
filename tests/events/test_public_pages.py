from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from events.enums import EventStatus
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


# An event working in English only, and one in three languages with every text filled.
LANGUAGES = {
    "one": {"languages": ["en"]},
    "three": {
        "languages": ["fr", "en", "es"],
        "name_fr": "Forum des maires",
        "name_es": "Foro de alcaldes",
        "tagline_en": "Cities meet",
        "tagline_fr": "Les villes se rencontrent",
        "tagline_es": "Las ciudades se reúnen",
        "description_en": "Three days.",
        "description_fr": "Trois jours.",
        "description_es": "Tres días.",
    },
}


def names(events):
    return [e.name for e in events]


def test_home_lists_upcoming_soonest_first_and_past_latest_first(client):
    today = timezone.now().date()
    EventFactory(
        name="Next", start_date=date(today.year + 1, 3, 1), end_date=date(today.year + 1, 3, 3)
    )
    EventFactory(
        name="Later", start_date=date(today.year + 2, 3, 1), end_date=date(today.year + 2, 3, 3)
    )
    EventFactory(
        name="Last year", start_date=date(today.year - 1, 3, 1), end_date=date(today.year - 1, 3, 3)
    )
    EventFactory(
        name="Archived old",
        start_date=date(today.year - 3, 3, 1),
        end_date=date(today.year - 3, 3, 3),
        status=EventStatus.ARCHIVED,
    )
    EventFactory(name="Secret draft", status=EventStatus.DRAFT)

    response = client.get("/en/")

    assert response.status_code == 200
    assert names(response.context["upcoming"]) == ["Next", "Later"]
    assert names(response.context["past"]) == ["Last year", "Archived old"]
    assert "Secret draft" not in response.content.decode()


def test_home_without_events_says_so(client):
    response = client.get("/en/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "No upcoming forum has been announced yet." in body
    assert "No past forums yet." in body


@pytest.mark.parametrize("languages", list(LANGUAGES))
@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_is_independent_of_the_number_of_events(
    client, count, languages, django_assert_num_queries
):
    EventFactory.create_batch(count, **LANGUAGES[languages])

    with django_assert_num_queries(1):
        response = client.get("/en/")

    assert len(response.context["upcoming"]) == count


def test_event_page_shows_dates_place_languages_and_window_in_the_event_zone(client):
    event = EventFactory(
        name="Mayoral Forum Quito 2031",
        slug="quito-2031",
        start_date=date(2031, 3, 10),
        end_date=date(2031, 3, 12),
        timezone="America/Guayaquil",
        languages=["es", "en"],
        registration_opens_at=datetime(2020, 1, 1, tzinfo=UTC),
        registration_closes_at=datetime(2031, 2, 20, 4, 59, tzinfo=UTC),
    )

    response = client.get("/en/events/quito-2031/")

    body = response.content.decode()
    assert response.context["event"] == event
    assert "<h1>Mayoral Forum Quito 2031</h1>" in body
    assert (
        '<time datetime="2031-03-10">March 10, 2031</time> to '
        '<time datetime="2031-03-12">March 12, 2031</time>'
    ) in body
    assert "Quito, Ecuador" in body
    assert "<dd>Spanish, English</dd>" in body
    assert "Registration open" in body
    # 04:59 UTC is 23:59 the evening before in Quito (UTC-5); the zone is named.
    assert "Closes on Feb. 19, 2031, 11:59 p.m. (America/Guayaquil time)." in body


@pytest.mark.parametrize("languages", list(LANGUAGES))
@pytest.mark.parametrize("count", [1, 3])
def test_event_page_query_count(client, count, languages, django_assert_num_queries):
    events = EventFactory.create_batch(count, **LANGUAGES[languages])

    # the event, its documents (none: their files are not read), whether its call is published
    with django_assert_num_queries(3):
        response = client.get(f"/en/events/{events[-1].slug}/")

    assert response.context["event"] == events[-1]


def test_event_page_of_a_draft_is_404_for_the_public(client):
    EventFactory(slug="draft-forum", status=EventStatus.DRAFT)

    response = client.get("/en/events/draft-forum/")

    assert response.status_code == 404
    assert "This page does not exist or is not public." in response.content.decode()


def test_event_page_of_a_draft_is_a_preview_for_its_organisers(client, organiser_of):
    event = EventFactory(slug="draft-forum", status=EventStatus.DRAFT)
    client.force_login(organiser_of(event))

    response = client.get("/en/events/draft-forum/")

    assert response.status_code == 200
    assert "Preview: this event is a draft" in response.content.decode()


def test_event_page_of_a_draft_is_404_for_another_events_organiser(client, organiser_of):
    EventFactory(slug="draft-forum", status=EventStatus.DRAFT)
    client.force_login(organiser_of(EventFactory()))

    response = client.get("/en/events/draft-forum/")

    assert response.status_code == 404


def test_unknown_event_is_404(client):
    assert client.get("/en/events/nowhere/").status_code == 404


def test_pages_carry_a_content_security_policy(client):
    response = client.get("/en/")

    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert response["X-Frame-Options"] == "DENY"


def test_root_redirects_to_a_language_prefix(client):
    response = client.get("/", headers={"accept-language": "es"})

    assert (response.status_code, response["Location"]) == (302, "/es/")


def test_language_switcher_keeps_the_page(client):
    EventFactory(slug="quito-2031")

    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/en/events/quito-2031/"})

    assert (response.status_code, response["Location"]) == (302, "/fr/events/quito-2031/")


def test_event_page_shows_the_venue_name_and_directions_in_the_page_language_or_marked(client):
    from tests.factories import VenueFactory

    venue = VenueFactory(
        name="City hall",
        name_fr="Hôtel de ville",
        directions="Tram 1 to Mairie.",
        directions_fr="",
        city="Lyon",
        country="FR",
    )
    event = EventFactory(
        slug="lyon", status=EventStatus.PUBLISHED, venue=venue, languages=["fr", "en", "es"]
    )

    french = client.get(f"/fr/events/{event.slug}/").content.decode()
    spanish = client.get(f"/es/events/{event.slug}/").content.decode()

    assert "<dd><span>Hôtel de ville</span><br>" in french
    assert (
        '<p class="directions" lang="en" dir="ltr">Tram 1 to Mairie.</p>'
        ' <span class="lang-note">(en anglais)</span></dd>'
    ) in french
    assert (
        '<dd><span lang="fr" dir="ltr">Hôtel de ville</span> '
        '<span class="lang-note">(en francés)</span><br>'
    ) in spanish
