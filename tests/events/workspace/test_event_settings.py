"""The event settings page and ``event_update``: rules, audit, capacity through its service."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from events.models import AuditAction, AuditEntry, Event, Venue
from events.services.events import EventError, event_update, venue_create
from registrations.enums import RegistrationState as S
from registrations.models import Registration
from tests.factories import CategoryFactory, EventFactory, VenueFactory, register

pytestmark = pytest.mark.django_db


def local(event: Event, moment: datetime | None) -> str:
    return moment.astimezone(event.tzinfo).strftime("%Y-%m-%dT%H:%M") if moment else ""


def settings_post(event: Event, **overrides) -> dict:
    """What the page posts unchanged: every text in each of the event's languages."""
    texts = {
        f"{field}_{code}": getattr(event, f"{field}_{code}") or ""
        for field in ("name", "tagline", "description")
        for code in event.languages
    }
    venue = event.venue
    texts.update(
        {
            f"venue_{field}_{code}": (getattr(venue, f"{field}_{code}") if venue else "") or ""
            for field in ("name", "directions")
            for code in event.languages
        }
    )
    data = {
        **texts,
        "main_language": event.languages[0],
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "timezone": event.timezone,
        "languages": event.languages,
        "registration_opens_at": local(event, event.registration_opens_at),
        "registration_closes_at": local(event, event.registration_closes_at),
        "venue": str(event.venue_id) if event.venue_id else "",
        "venue_city": "",
        "venue_country": "",
        "venue_address": "",
        "capacity": "" if event.capacity is None else str(event.capacity),
        "max_delegation_size": str(event.max_delegation_size),
    }
    data.update(overrides)
    return data


def test_event_update_changes_fields_and_records_old_and_new_once(quito, secretariat):
    event_update(
        event=quito,
        user=secretariat,
        name={"en": "Mayoral Forum Quito 2031: Cities of Refuge", "fr": "Forum de Quito"},
        start_date=date(2031, 5, 6),
        end_date=date(2031, 5, 8),
        languages=["en", "es"],
    )

    quito.refresh_from_db()
    assert (quito.name_en, quito.name_fr, quito.start_date, quito.end_date, quito.languages) == (
        "Mayoral Forum Quito 2031: Cities of Refuge",
        "Forum de Quito",
        date(2031, 5, 6),
        date(2031, 5, 8),
        ["en", "es"],
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == (
        AuditAction.CHANGED,
        secretariat,
        str(quito.pk),
    )
    assert entry.changes["name_en"] == [
        "Mayoral Forum Quito 2031",
        "Mayoral Forum Quito 2031: Cities of Refuge",
    ]
    assert entry.changes["name_fr"] == [None, "Forum de Quito"]
    assert entry.changes["languages"] == [["es", "en", "fr"], ["en", "es"]]
    assert sorted(entry.changes) == ["end_date", "languages", "name_en", "name_fr", "start_date"]


def test_event_update_of_nothing_records_nothing(quito, secretariat):
    event_update(event=quito, user=secretariat, name={"en": quito.name_en})
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        (
            {"start_date": date(2031, 5, 8), "end_date": date(2031, 5, 6)},
            "end_date",
            "The last day cannot be before the first day.",
        ),
        (
            {"timezone": "Mars/Olympus_Mons"},
            "timezone",
            "“Mars/Olympus_Mons” is not an IANA time zone such as Europe/Berlin.",
        ),
        (
            {"languages": ["en", "de"]},
            "languages",
            "Working languages are chosen among English, French, Spanish, Arabic, "
            "Portuguese, Russian and Chinese.",
        ),
        (
            {"languages": ["en", "fr", "es", "ar", "pt", "ru", "zh"]},
            "languages",
            "Choose at most 6 working languages.",
        ),
        (
            {"languages": ["en", "fr", "en"]},
            "languages",
            "Each working language may be chosen only once.",
        ),
        ({"languages": []}, "languages", "Choose at least one working language."),
        ({"name": {"en": "", "es": ""}}, "name_en", "Enter a name in at least one language."),
        ({"name": {"fr": "x" * 201}}, "name_fr", "French: at most 200 characters (it has 201)."),
        (
            {
                "registration_opens_at": datetime(2031, 3, 1, tzinfo=UTC),
                "registration_closes_at": datetime(2031, 2, 1, tzinfo=UTC),
            },
            "registration_closes_at",
            "Registration must close after it opens.",
        ),
        (
            {"max_delegation_size": 0},
            "max_delegation_size",
            "A delegation must be allowed at least one person.",
        ),
        ({"capacity": -1}, "capacity", "The capacity cannot be negative."),
    ],
)
def test_event_update_refuses_broken_rules_and_writes_nothing(
    quito, secretariat, changes, code, message
):
    before = Event.objects.values().get(pk=quito.pk)

    with pytest.raises(EventError) as refused:
        event_update(event=quito, user=secretariat, **{"name": {"en": "Renamed"}, **changes})

    assert (refused.value.code, str(refused.value.message)) == (code, message)
    assert Event.objects.values().get(pk=quito.pk) == before
    assert AuditEntry.objects.count() == 0


def test_settings_page_raising_capacity_promotes_the_waiting_list(quito, secretariat, client_of):
    category = CategoryFactory(event=quito)
    seated = [register(category)[0] for _ in range(2)]
    waiting = [register(category)[0] for _ in range(3)]
    assert {r.state for r in waiting} == {S.WAITLISTED}
    client = client_of(secretariat)

    response = client.post(
        reverse("manage:event_settings", kwargs={"slug": quito.slug}),
        settings_post(quito, capacity="4"),
        follow=True,
    )

    assert response.redirect_chain == [(f"/en/manage/{quito.slug}/settings/", 302)]
    assert "The event settings have been saved." in response.text
    assert Event.objects.get(pk=quito.pk).capacity == 4
    states = [Registration.objects.get(pk=r.pk).state for r in [*seated, *waiting]]
    assert states == [S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    entry = AuditEntry.objects.get(content_type__model="event")
    assert entry.changes == {"capacity": [2, 4]}  # the window kept its minutes


def test_settings_page_registration_window_is_read_in_the_event_time_zone(
    quito, secretariat, client_of
):
    client_of(secretariat).post(
        reverse("manage:event_settings", kwargs={"slug": quito.slug}),
        settings_post(
            quito,
            registration_opens_at="2031-01-10T09:00",
            registration_closes_at="2031-04-01T17:30",
        ),
    )

    quito.refresh_from_db()
    # America/Guayaquil is UTC-5.
    assert quito.registration_opens_at == datetime(2031, 1, 10, 14, 0, tzinfo=UTC)
    assert quito.registration_closes_at == datetime(2031, 4, 1, 22, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"start_date": "2031-05-08", "end_date": "2031-05-06"},
            "The last day cannot be before the first day.",
        ),
        (
            {"timezone": "Mars/Olympus_Mons"},
            "Select a valid choice. Mars/Olympus_Mons is not one of the available choices.",
        ),
        (
            {"languages": ["en", "de"]},
            "Select a valid choice. de is not one of the available choices.",
        ),
        (
            {
                "registration_opens_at": "2031-03-01T09:00",
                "registration_closes_at": "2031-02-01T09:00",
            },
            "Registration must close after it opens.",
        ),
    ],
)
def test_settings_page_bad_input_shows_the_error_and_writes_nothing(
    quito, secretariat, client_of, overrides, message
):
    before = Event.objects.values().get(pk=quito.pk)

    response = client_of(secretariat).post(
        reverse("manage:event_settings", kwargs={"slug": quito.slug}),
        settings_post(quito, name_en="Renamed", **overrides),
    )

    assert response.status_code == 200
    assert message in response.text
    assert "Please correct the fields marked below." in response.text
    assert Event.objects.values().get(pk=quito.pk) == before
    assert AuditEntry.objects.count() == 0


def test_settings_page_errors_are_translated(quito, secretariat, client_of):
    response = client_of(secretariat).post(
        f"/fr/manage/{quito.slug}/settings/",
        settings_post(quito, start_date="2031-05-08", end_date="2031-05-06"),
    )
    assert "Le dernier jour ne peut pas précéder le premier." in response.text
    assert Event.objects.get(pk=quito.pk).start_date != date(2031, 5, 8)


def test_settings_page_creates_a_new_venue_and_chooses_it(quito, secretariat, client_of):
    client_of(secretariat).post(
        reverse("manage:event_settings", kwargs={"slug": quito.slug}),
        settings_post(
            quito,
            venue="new",
            venue_name_es="Centro de Convenciones Metropolitano",
            venue_name_en="Metropolitan Convention Centre",
            venue_directions_es="Entrada por la Av. Amazonas.",
            venue_city="Quito",
            venue_country="EC",
            venue_address="Av. Amazonas",
        ),
    )

    venue = Venue.objects.get(name_es="Centro de Convenciones Metropolitano")
    assert (venue.name_en, venue.directions_es, venue.directions_en, venue.directions_fr) == (
        "Metropolitan Convention Centre",
        "Entrada por la Av. Amazonas.",
        "",
        "",
    )
    assert Event.objects.get(pk=quito.pk).venue == venue
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "content_type__model"))
    assert actions == [("created", "venue"), ("changed", "event")]


def test_a_refused_update_leaves_no_new_venue(quito, secretariat, client_of):
    client_of(secretariat).post(
        reverse("manage:event_settings", kwargs={"slug": quito.slug}),
        settings_post(
            quito,
            venue="new",
            venue_name_es="Casa de la Cultura",
            venue_city="Quito",
            venue_country="EC",
            max_delegation_size="1",
            registration_opens_at="2031-03-01T09:00",
            registration_closes_at="2031-02-01T09:00",
        ),
    )
    assert not Venue.objects.filter(name_es="Casa de la Cultura").exists()
    assert AuditEntry.objects.count() == 0


def test_venue_create_refuses_a_duplicate(quito, secretariat):
    with pytest.raises(EventError) as refused:
        venue_create(
            event=quito,
            user=secretariat,
            name={"fr": "Autre", "en": quito.venue.name_en.upper()},
            city="quito",
            country="EC",
        )
    assert refused.value.code == "name_en"
    assert Venue.objects.count() == 1


def test_event_update_accepts_six_content_languages(quito, secretariat):
    event_update(event=quito, user=secretariat, languages=["ar", "zh", "ru", "pt", "fr", "en"])

    assert Event.objects.get(pk=quito.pk).languages == ["ar", "zh", "ru", "pt", "fr", "en"]


def test_settings_page_orders_languages_with_the_main_one_first(quito, secretariat, client_of):
    client_of(secretariat).post(
        reverse("manage:event_settings", kwargs={"slug": quito.slug}),
        settings_post(quito, main_language="ar", languages=["en", "es", "zh", "fr"]),
    )

    assert Event.objects.get(pk=quito.pk).languages == ["ar", "es", "en", "fr", "zh"]


@pytest.mark.parametrize(
    ("main", "languages", "message"),
    [
        ("en", ["en", "fr", "es", "ar", "pt", "ru", "zh"], "Choose at most 6 working languages."),
        ("en", ["en", "de"], "Select a valid choice. de is not one of the available choices."),
        ("de", ["en"], "Select a valid choice. de is not one of the available choices."),
    ],
)
def test_settings_page_refuses_languages_beyond_the_rule(
    quito, secretariat, client_of, main, languages, message
):
    response = client_of(secretariat).post(
        reverse("manage:event_settings", kwargs={"slug": quito.slug}),
        settings_post(quito, main_language=main, languages=languages),
    )

    assert message in response.text
    assert Event.objects.get(pk=quito.pk).languages == ["es", "en", "fr"]


def test_settings_page_shows_texts_side_by_side_in_the_event_languages(
    quito, secretariat, client_of
):
    Event.objects.filter(pk=quito.pk).update(name_fr="Forum de Quito", tagline_pt="Cidades")

    response = client_of(secretariat).get(
        reverse("manage:event_settings", kwargs={"slug": quito.slug})
    )

    form = response.context["form"]
    assert form.translated["name"].codes == ["es", "en", "fr", "pt"]  # pt has a tagline
    assert form.translated["venue_name"].codes == ["es", "en", "fr"]
    assert 'name="name_fr" value="Forum de Quito"' in response.text
    assert 'name="tagline_pt" value="Cidades"' in response.text


def test_settings_page_saves_the_venue_directions_per_language(quito, secretariat, client_of):
    client_of(secretariat).post(
        reverse("manage:event_settings", kwargs={"slug": quito.slug}),
        settings_post(
            quito,
            venue_directions_es="Entrada por la calle Amazonas.",
            venue_directions_fr="Entrée rue Amazonas.",
            venue_name_fr="Centre des congrès",
        ),
    )

    venue = Venue.objects.get(pk=quito.venue_id)
    assert (venue.directions_es, venue.directions_fr, venue.directions_en, venue.name_fr) == (
        "Entrada por la calle Amazonas.",
        "Entrée rue Amazonas.",
        "",
        "Centre des congrès",
    )
    entry = AuditEntry.objects.get(content_type__model="venue")
    assert entry.changes == {
        "directions_es": [None, "Entrada por la calle Amazonas."],
        "directions_fr": [None, "Entrée rue Amazonas."],
        "name_fr": [None, "Centre des congrès"],
    }


def test_settings_page_shows_a_venue_name_clash_on_its_language(quito, secretariat, client_of):
    VenueFactory(name_fr="Centre des congrès", city="Quito")
    before = Event.objects.values().get(pk=quito.pk)

    response = client_of(secretariat).post(
        reverse("manage:event_settings", kwargs={"slug": quito.slug}),
        settings_post(quito, venue_name_fr="Centre des congrès", tagline_en="Renamed"),
    )

    errors = response.context["form"].errors
    assert errors == {
        "venue_name_fr": [
            "A venue of that name already exists in that city: choose it from the list."
        ]
    }
    assert Event.objects.values().get(pk=quito.pk) == before
    assert AuditEntry.objects.count() == 0


def test_venue_mirror_is_the_first_filled_language(quito, secretariat):
    venue = venue_create(
        event=quito, user=secretariat, name={"en": "", "es": "Casa"}, city="Loja", country="EC"
    )

    assert (Venue.objects.values_list("name", flat=True).get(pk=venue.pk), str(venue)) == (
        "Casa",
        "Casa, Loja",
    )


def test_event_page_names_every_working_language(client, secretariat):
    EventFactory(slug="geneva-2031", languages=["zh", "ar", "ru", "pt", "en", "fr"])

    response = client.get("/fr/events/geneva-2031/")

    assert "<dd>Chinois, Arabe, Russe, Portugais, Anglais, Français</dd>" in response.text


@pytest.mark.parametrize("languages", [["en"], ["fr", "en", "es", "ar", "pt", "zh"]])
def test_settings_page_query_count_is_the_same_in_any_number_of_languages(
    quito, secretariat, client_of, django_assert_num_queries, languages
):
    Event.objects.filter(pk=quito.pk).update(languages=languages, name_fr="Forum de Quito")
    client = client_of(secretariat)

    # session, user, event, team flags, the event's venue, venues for the list
    with django_assert_num_queries(6):
        response = client.get(reverse("manage:event_settings", kwargs={"slug": quito.slug}))

    assert response.context["form"].translated["name"].codes == list(
        dict.fromkeys([*languages, "fr"])
    )
