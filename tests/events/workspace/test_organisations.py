"""The organisation directory under /manage/organisations/: list, search, create, edit.

Open to users who may change at least one event's settings; official email domains only to
superusers (the others see them read-only and cannot post them).
"""

import pytest
from django.urls import reverse

from events.models import Organisation
from events.services.organisations import (
    OrganisationError,
    organisation_create,
    organisation_update,
)
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("manage:organisations")
NEW = reverse("manage:organisation_new")


def edit_url(organisation) -> str:
    return reverse("manage:organisation_edit", kwargs={"pk": organisation.pk})


@pytest.fixture
def settings_keeper(quito, organiser_of):
    """May change Quito's settings: the directory is theirs to use."""
    return organiser_of(quito, "keeper", can_change_event=True)


@pytest.fixture
def directory():
    return [
        OrganisationFactory(
            name="City of Dakar",
            slug="dakar",
            kind="local_authority",
            country="SN",
            locality="Dakar",
            official_domains="villededakar.sn",
        ),
        OrganisationFactory(
            name="Quezon City Government",
            slug="quezon",
            kind="local_authority",
            country="PH",
            locality="Quezon City",
        ),
        OrganisationFactory(
            name="Migration Policy Institute",
            slug="mpi",
            kind="civil_society",
            country="US",
            locality="Washington",
        ),
        OrganisationFactory(
            name="Région Dakar",
            slug="region-dakar",
            kind="regional_authority",
            country="SN",
            locality="",
        ),
    ]


def names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def test_the_list_shows_every_organisation_by_name(client_of, settings_keeper, directory):
    response = client_of(settings_keeper).get(LIST)

    assert response.status_code == 200
    assert names(response) == [
        "City of Dakar",
        "Migration Policy Institute",
        "Quezon City Government",
        "Région Dakar",
    ]
    assert "<code>villededakar.sn</code>" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "dakar"}, ["City of Dakar", "Région Dakar"]),  # name
        ({"q": "washington"}, ["Migration Policy Institute"]),  # city or region
        ({"q": "philippines"}, ["Quezon City Government"]),  # country name
        ({"q": "Senegal", "kind": "regional_authority"}, ["Région Dakar"]),
        ({"kind": "civil_society"}, ["Migration Policy Institute"]),
        ({"q": "nowhere"}, []),
        # An invalid filter is ignored: the whole directory.
        (
            {"kind": "no-such-kind"},
            [
                "City of Dakar",
                "Migration Policy Institute",
                "Quezon City Government",
                "Région Dakar",
            ],
        ),
    ],
)
def test_search_and_kind_filter(client_of, settings_keeper, directory, query, expected):
    response = client_of(settings_keeper).get(LIST, query)

    assert names(response) == expected


@pytest.mark.parametrize("size", [30, 300])
def test_list_query_count_does_not_grow(
    client_of, settings_keeper, django_assert_num_queries, size
):
    Organisation.objects.bulk_create(
        Organisation(name=f"City {i:03}", slug=f"city-{i:03}", kind="local_authority", country="EC")
        for i in range(size)
    )
    client = client_of(settings_keeper)

    # session, user, team flags, count, page of rows
    with django_assert_num_queries(5):
        response = client.get(LIST, {"page": "2" if size > 50 else "1"})

    assert len(response.context["page"].object_list) == min(size, 50)
    assert response.context["page"].paginator.count == size


def test_create_generates_a_unique_slug(client_of, settings_keeper):
    OrganisationFactory(name="City of Quito", slug="city-of-quito", country="EC")
    client = client_of(settings_keeper)

    response = client.post(
        NEW,
        {
            "name": "  City of Quito ",
            "short_name": "Quito",
            "kind": "local_authority",
            "country": "PE",  # a namesake in another country
            "locality": "Quito",
            "website": "quito.example.org",
        },
    )

    created = Organisation.objects.get(country="PE")
    assert (response.status_code, response["Location"]) == (302, edit_url(created))
    assert (
        created.name,
        created.slug,
        created.short_name,
        created.kind,
        created.locality,
        created.website,
        created.official_domains,
    ) == (
        "City of Quito",
        "city-of-quito-2",
        "Quito",
        "local_authority",
        "Quito",
        "https://quito.example.org",
        "",
    )


def test_service_slugs_count_up_and_fall_back_for_names_without_letters(administrator):
    made = [
        organisation_create(user=administrator, name=name, kind="media", country=country)
        for name, country in [("Radio Sur", "EC"), ("Radio Sur", "PE"), ("Radio Sur", "CL")]
    ]
    nameless = organisation_create(user=administrator, name="東京", kind="media", country="JP")

    assert [o.slug for o in made] == ["radio-sur", "radio-sur-2", "radio-sur-3"]
    assert nameless.slug == "organisation"


def test_the_same_name_in_the_same_country_is_refused(client_of, settings_keeper):
    OrganisationFactory(name="City of Quito", slug="quito", country="EC")

    response = client_of(settings_keeper).post(
        NEW, {"name": "city of quito", "kind": "local_authority", "country": "EC"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["An organisation of that name already exists in that country."]
    }
    assert Organisation.objects.count() == 1


def test_edit_changes_the_fields_and_keeps_the_slug(client_of, settings_keeper, directory):
    dakar = directory[0]
    client = client_of(settings_keeper)
    page = client.get(edit_url(dakar))

    response = client.post(
        edit_url(dakar),
        {
            "name": "Ville de Dakar",
            "short_name": "Dakar",
            "kind": "local_authority",
            "country": "SN",
            "locality": "Dakar",
            "website": "https://villededakar.sn",
        },
    )

    dakar.refresh_from_db()
    assert page.context["form"].initial["country"] == "SN"
    assert (response.status_code, response["Location"]) == (302, edit_url(dakar))
    assert (dakar.name, dakar.slug, dakar.short_name, dakar.website, dakar.official_domains) == (
        "Ville de Dakar",
        "dakar",
        "Dakar",
        "https://villededakar.sn",
        "villededakar.sn",
    )


def test_organisers_see_domains_read_only_and_cannot_post_them(
    client_of, settings_keeper, directory
):
    dakar = directory[0]
    client = client_of(settings_keeper)

    page = client.get(edit_url(dakar))
    edited = client.post(
        edit_url(dakar),
        {
            "name": "City of Dakar",
            "kind": "local_authority",
            "country": "SN",
            "official_domains": "attacker.example",
        },
    )
    created = client.post(
        NEW,
        {
            "name": "City of Thiès",
            "kind": "local_authority",
            "country": "SN",
            "official_domains": "attacker.example",
        },
    )

    dakar.refresh_from_db()
    content = page.content.decode()
    assert "official_domains" not in page.context["form"].fields
    assert page.context["may_certify_domains"] is False
    assert '<ul id="official-domains"><li><code>villededakar.sn</code></li></ul>' in content
    assert "Only administrators may set or change them" in content
    assert (edited.status_code, created.status_code) == (302, 302)
    assert dakar.official_domains == "villededakar.sn"
    assert Organisation.objects.get(name="City of Thiès").official_domains == ""


def test_the_service_refuses_domains_from_a_non_superuser(settings_keeper, directory):
    dakar = directory[0]

    with pytest.raises(OrganisationError) as refused:
        organisation_update(
            organisation=dakar, user=settings_keeper, official_domains="attacker.example"
        )
    with pytest.raises(OrganisationError) as refused_new:
        organisation_create(
            user=settings_keeper,
            name="Fake",
            kind="media",
            country="SN",
            official_domains="attacker.example",
        )
    # Posting the same domains back is no change, so no refusal.
    same = organisation_update(
        organisation=dakar, user=settings_keeper, official_domains="VilleDeDakar.sn"
    )

    dakar.refresh_from_db()
    assert (refused.value.code, refused_new.value.code) == ("official_domains",) * 2
    assert (dakar.official_domains, same.official_domains) == ("villededakar.sn",) * 2
    assert Organisation.objects.filter(name="Fake").exists() is False


def test_a_superuser_sets_domains_normalised_and_validated(client_of, administrator, directory):
    quezon = directory[1]
    client = client_of(administrator)
    data = {"name": quezon.name, "kind": "local_authority", "country": "PH"}

    refused = client.post(edit_url(quezon), {**data, "official_domains": "gmail.com"})
    saved = client.post(
        edit_url(quezon), {**data, "official_domains": "@QuezonCity.gov.ph\nqc.gov.ph."}
    )

    quezon.refresh_from_db()
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["official_domains"]
    assert saved.status_code == 302
    assert quezon.official_domains == "quezoncity.gov.ph\nqc.gov.ph"


def test_anonymous_users_go_to_the_login_page(client, directory):
    answers = [client.get(url) for url in (LIST, NEW, edit_url(directory[0]))]

    assert [(r.status_code, r["Location"]) for r in answers] == [
        (302, f"/en/accounts/login/?next={url}") for url in (LIST, NEW, edit_url(directory[0]))
    ]


def test_staff_without_a_team_and_organisers_without_the_event_flag_get_403(
    client_of, quito, organiser_of, directory
):
    dakar = directory[0]
    outsiders = [
        UserFactory(is_staff=True),
        organiser_of(quito, "registrar", can_manage_registrations=True, can_change_teams=True),
    ]

    answers = []
    for user in outsiders:
        client = client_of(user)
        answers += [client.get(url).status_code for url in (LIST, NEW, edit_url(dakar))]
        answers.append(client.post(edit_url(dakar), {"name": "Hijacked"}).status_code)

    dakar.refresh_from_db()
    assert answers == [403] * 8
    assert dakar.name == "City of Dakar"


def test_the_dashboard_links_the_directory_for_those_who_may_use_it(
    client_of, quito, settings_keeper, organiser_of
):
    reader = organiser_of(quito, "reader", can_manage_programme=True)
    link = f'<a href="{LIST}">'

    assert link in client_of(settings_keeper).get(reverse("manage:dashboard")).content.decode()
    assert link not in client_of(reader).get(reverse("manage:dashboard")).content.decode()


def test_an_unknown_organisation_is_a_404(client_of, settings_keeper):
    response = client_of(settings_keeper).get(
        reverse("manage:organisation_edit", kwargs={"pk": 999999})
    )

    assert response.status_code == 404


def test_a_slug_taken_since_it_was_chosen_gives_way_to_the_next(administrator, monkeypatch):
    """Two people adding namesakes at once: the second takes the next free slug."""
    from events.services import organisations

    OrganisationFactory(name="Radio Sur", slug="radio-sur", country="EC")
    chosen = iter(["radio-sur"])  # as if chosen before the Ecuadorian one was saved
    real = organisations.organisation_slug
    monkeypatch.setattr(
        organisations, "organisation_slug", lambda name: next(chosen, None) or real(name)
    )

    made = organisation_create(user=administrator, name="Radio Sur", kind="media", country="PE")

    assert (made.slug, Organisation.objects.count()) == ("radio-sur-2", 2)
