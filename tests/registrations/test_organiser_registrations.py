import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.services.teams import team_add_member
from registrations.enums import RegistrationState as S
from registrations.models import Registration
from registrations.selectors.registrations import DayPoint, registration_dashboard
from registrations.services.registrations import (
    RegistrationError,
    delegation_add_member,
    registration_cancel,
    registration_create,
    registration_head_confirm,
    registration_reject,
)
from registrations.views.organisers import _cumulative_chart, _nice_ceiling
from tests.factories import (
    CategoryFactory,
    EventFactory,
    OrganisationFactory,
    UserFactory,
    person,
    register,
)

pytestmark = pytest.mark.django_db


# --- helpers and fixtures ----------------------------------------------------------------------


def url(name, event, **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": event.slug, **kwargs})


def detail_url(registration):
    return url("registration_detail", registration.event, reference=registration.reference)


def listed(response):
    return [r.reference for r in response.context["page"].object_list]


def refs(*registrations):
    return [r.reference for r in registrations]


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def state_of(registration):
    return Registration.objects.get(pk=registration.pk).state


def bulk_registrations(category, n, prefix="B", **fields):
    """``n`` confirmed registrations written in bulk (no service: only for volume tests)."""
    now = timezone.now()
    Registration.objects.bulk_create(
        [
            Registration(
                event=category.event,
                category=category,
                state=S.CONFIRMED,
                reference=f"{prefix}{i:07d}",
                given_name=f"Given{i}",
                family_name=f"Family{i}",
                email=f"bulk{i}@example.org",
                nationality="EC",
                manage_token_hash=f"{prefix}{i:063x}",
                consent_at=now,
                **fields,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def parse_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.fixture
def open_event(db):
    return EventFactory(name="Mayoral Forum Quito", slug="quito", registration_open=True)


@pytest.fixture
def delegates(open_event):
    return CategoryFactory(event=open_event, name="Delegate", order=1)


@pytest.fixture
def approval(open_event):
    return CategoryFactory(event=open_event, name="Observer", order=2, requires_approval=True)


@pytest.fixture
def manager(client, open_event, organiser_of):
    user = organiser_of(open_event, username="manager", can_manage_registrations=True)
    client.force_login(user)
    return user


@pytest.fixture
def people(delegates, approval):
    """Four registrations with distinct names, countries, organisations and states."""
    quito = OrganisationFactory(name="Municipio de Quito", short_name="MDMQ", country="EC")
    lyon = OrganisationFactory(name="Ville de Lyon", country="FR")
    ana, _ = register(
        delegates,
        given_name="Ana",
        family_name="Pérez",
        email="ana@quito.example",
        nationality="EC",
        organisation=quito,
    )
    luc, _ = register(
        approval,
        given_name="Luc",
        family_name="Martin",
        email="luc@lyon.example",
        nationality="FR",
        organisation=lyon,
    )
    amina, _ = register(
        approval,
        given_name="Amina",
        family_name="Diallo",
        email="amina@dakar.example",
        nationality="SN",
        organisation_name_new="Ville de Dakar",
    )
    bo, _ = register(
        delegates,
        given_name="Bo",
        family_name="Lindqvist",
        email="bo@malmo.example",
        nationality="SE",
    )
    return {"ana": ana, "luc": luc, "amina": amina, "bo": bo}


# --- access ------------------------------------------------------------------------------------


PAGES = ["registrations", "registrations_dashboard", "registrations_export", "detail"]


def page_url(page, event, registration):
    return detail_url(registration) if page == "detail" else url(page, event)


@pytest.mark.parametrize("page", PAGES)
def test_pages_anonymous_redirected_to_login(client, open_event, delegates, page):
    registration, _ = register(delegates)
    target = page_url(page, open_event, registration)

    response = client.get(target)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/en/accounts/login/?next={target}",
    )


@pytest.mark.parametrize(
    "who", ["other_event_manager", "same_event_without_flag", "plain_user", "programme_manager"]
)
def test_pages_and_actions_are_404_for_others(client, open_event, approval, organiser_of, who):
    registration, _ = register(approval, given_name="Secretive", passport_number="X1234567")
    if who == "other_event_manager":
        user = organiser_of(EventFactory(), can_manage_registrations=True)
    elif who == "same_event_without_flag":
        # Even the personal-data flag alone does not open the registration pages.
        user = organiser_of(open_event, can_view_personal_data=True)
    elif who == "programme_manager":
        user = organiser_of(open_event, can_manage_programme=True)
    else:
        user = UserFactory()
    client.force_login(user)

    responses = [client.get(page_url(page, open_event, registration)) for page in PAGES]
    responses.append(
        client.post(
            url("registrations", open_event),
            {"action": "approve", "registrations": [registration.pk]},
        )
    )
    responses.append(client.post(detail_url(registration), {"action": "cancel"}))

    assert [r.status_code for r in responses] == [404] * 6
    assert not any("Secretive" in r.content.decode() for r in responses)
    assert state_of(registration) == S.PENDING_APPROVAL


def test_superuser_may_manage_any_event(client, open_event, delegates):
    register(delegates, given_name="Ana")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(url("registrations", open_event))

    assert [r.given_name for r in response.context["page"].object_list] == ["Ana"]


def test_unknown_event_or_reference_is_404(client, open_event, manager):
    assert client.get("/en/manage/no-such-event/registrations/").status_code == 404
    assert client.get(url("registration_detail", open_event, reference="NOPE2345")).status_code == (
        404
    )


def test_reference_of_another_event_is_404(client, open_event, manager):
    elsewhere, _ = register(CategoryFactory())

    response = client.get(url("registration_detail", open_event, reference=elsewhere.reference))

    assert response.status_code == 404


def test_organiser_dashboard_links_to_registrations_only_with_the_flag(
    client, open_event, organiser_of
):
    other = EventFactory(name="Berlin forum", slug="berlin")
    user = organiser_of(open_event, can_manage_registrations=True)
    team_add_member(event=other, team_name="Programme", user=user, can_manage_programme=True)
    client.force_login(user)

    html = client.get("/en/manage/").content.decode()

    assert 'href="/en/manage/quito/registrations/"' in html
    assert 'href="/en/manage/quito/registrations/dashboard/"' in html
    assert "/en/manage/berlin/registrations/" not in html
    assert "Berlin forum" in html  # listed, but without registration links


# --- list, filters and search --------------------------------------------------------------------


def test_list_shows_the_columns_newest_first(client, open_event, manager, people):
    response = client.get(url("registrations", open_event))

    assert listed(response) == refs(people["bo"], people["amina"], people["luc"], people["ana"])
    html = response.content.decode()
    row = html.split(f'data-reference="{people["luc"].reference}"')[1].split("</tr>")[0]
    assert "Luc Martin" in row
    assert "Ville de Lyon" in row
    assert "Observer" in row
    assert "Pending approval" in row
    assert "France" in row
    assert response.context["page"].paginator.count == 4


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "pending_approval"}, ["amina", "luc"]),
        ({"state": "confirmed"}, ["bo", "ana"]),
        ({"nationality": "FR"}, ["luc"]),
        ({"q": "pérez"}, ["ana"]),
        ({"q": "ana"}, ["ana"]),  # "ana" is in no other name, email or organisation
        ({"q": "lyon.example"}, ["luc"]),
        ({"q": "Ville"}, ["amina", "luc"]),  # an existing organisation and a new one
        ({"q": "mdmq"}, ["ana"]),  # short name
        ({"q": "Luc Martin"}, ["luc"]),  # every word must match
        ({"q": "Luc Diallo"}, []),
        ({"q": "zzz"}, []),
        ({"state": "pending_approval", "q": "amina"}, ["amina"]),
    ],
)
def test_list_filters_and_search(client, open_event, manager, people, params, expected):
    response = client.get(url("registrations", open_event), params)

    assert listed(response) == refs(*(people[name] for name in expected))


def test_list_search_by_reference(client, open_event, manager, people):
    response = client.get(url("registrations", open_event), {"q": people["bo"].reference.lower()})

    assert listed(response) == refs(people["bo"])


def test_list_filters_by_category_organisation_and_delegation(
    client, open_event, manager, delegates, approval, people
):
    head, _ = registration_create(
        event=open_event,
        category_id=delegates.pk,
        person=person(given_name="Head", organisation=people["luc"].organisation),
        head_of_delegation=True,
    )
    head = registration_head_confirm(registration=head, user=manager)
    member, _ = delegation_add_member(
        head=head, category_id=delegates.pk, person=person(given_name="Member")
    )
    lyon = people["luc"].organisation

    by_category = client.get(url("registrations", open_event), {"category": approval.pk})
    by_organisation = client.get(url("registrations", open_event), {"organisation": lyon.pk})
    by_delegation = client.get(url("registrations", open_event), {"delegation": head.delegation_id})

    assert listed(by_category) == refs(people["amina"], people["luc"])
    assert listed(by_organisation) == refs(member, head, people["luc"])
    assert listed(by_delegation) == refs(member, head)


def test_list_filters_claims_to_lead_a_delegation_and_the_dashboard_counts_those_waiting(
    client, open_event, manager, delegates, people
):
    def claim(name, organisation):
        registration, _ = registration_create(
            event=open_event,
            category_id=delegates.pk,
            person=person(given_name=name, organisation=organisation),
            head_of_delegation=True,
        )
        return registration

    lyon, cuenca = people["luc"].organisation, OrganisationFactory(name="Municipio de Cuenca")
    waiting = claim("Waiting", lyon)
    confirmed = registration_head_confirm(registration=claim("Confirmed", cuenca), user=manager)
    withdrawn = claim("Withdrawn", OrganisationFactory(name="Ciudad de México"))
    registration_cancel(registration=withdrawn, actor_label="registrant")

    pending = client.get(url("registrations", open_event), {"head_of_delegation": "pending"})
    heads = client.get(url("registrations", open_event), {"head_of_delegation": "confirmed"})
    dashboard = client.get(url("registrations_dashboard", open_event))

    assert listed(pending) == refs(withdrawn, waiting)
    assert listed(heads) == refs(confirmed)
    assert 'class="badge badge-head-pending">Head of delegation, pending confirmation' in (
        pending.content.decode()
    )
    # The withdrawn registration's claim no longer waits for anyone.
    assert dashboard.context["dashboard"].head_claims_pending == 1
    assert (
        '?head_of_delegation=pending">1 claim to lead a delegation waits for your confirmation.'
        in dashboard.content.decode()
    )


def test_list_filter_choices_are_limited_to_the_event(client, open_event, manager, people):
    foreign = CategoryFactory(name="Foreign category")
    register(foreign, organisation=OrganisationFactory(name="Foreign city"))

    response = client.get(url("registrations", open_event))
    form = response.context["filter"].form

    assert [c.name for c in form.fields["category"].queryset] == ["Delegate", "Observer"]
    assert [o.name for o in form.fields["organisation"].queryset] == [
        "Municipio de Quito",
        "Ville de Lyon",
    ]
    # A category of another event is not a valid choice: nothing is listed.
    refused = client.get(url("registrations", open_event), {"category": foreign.pk})
    assert listed(refused) == []
    assert "category" in refused.context["filter"].form.errors


def test_list_paginates_fifty_per_page_keeping_filters(client, open_event, manager, delegates):
    bulk_registrations(delegates, 51)

    first = client.get(url("registrations", open_event), {"state": "confirmed"})
    second = client.get(url("registrations", open_event), {"state": "confirmed", "page": 2})

    assert (len(listed(first)), len(listed(second))) == (50, 1)
    assert 'href="?state=confirmed&amp;page=2"' in first.content.decode()
    assert set(listed(first)).isdisjoint(listed(second))


# --- bulk and single actions -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_bulk_approve_reports_successes_and_refusals_and_emails(
    client, open_event, approval, manager
):
    pending = [
        register(approval, given_name=f"P{i}", email=f"p{i}@example.org")[0] for i in range(3)
    ]
    cancelled, _ = register(approval, given_name="Gone", family_name="Away")
    registration_cancel(registration=cancelled, actor_label="registrant")
    mail.outbox.clear()

    response = client.post(
        url("registrations", open_event) + "?state=pending_approval",
        {
            "action": "approve",
            "registrations": [r.pk for r in [*pending, cancelled]],
            "message": "See you in Quito.",
        },
    )

    assert response["Location"] == "/en/manage/quito/registrations/?state=pending_approval"
    assert [state_of(r) for r in [*pending, cancelled]] == [S.CONFIRMED] * 3 + [S.CANCELLED]
    assert flashed(response) == [
        "3 registrations approved.",
        f"{cancelled.reference} (Gone Away) was not changed: "
        "This registration is Cancelled and cannot be changed that way.",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]
    assert all("See you in Quito." in m.body for m in mail.outbox)
    assert all("is confirmed" in m.body for m in mail.outbox)
    last = Registration.objects.get(pk=pending[0].pk).transitions.last()
    assert (last.actor, last.actor_label, last.reason) == (
        manager,
        "organiser",
        "See you in Quito.",
    )


@pytest.mark.django_db(transaction=True)
def test_bulk_reject_frees_seats_for_the_waiting_list(client, open_event, manager):
    small = CategoryFactory(event=open_event, name="Small", capacity=2, requires_approval=True)
    a, _ = register(small, email="a@example.org")
    b, _ = register(small, email="b@example.org")
    waiting, _ = register(small, email="w@example.org")
    mail.outbox.clear()

    response = client.post(
        url("registrations", open_event),
        {"action": "reject", "registrations": [a.pk], "message": "No seats for observers."},
    )

    assert [state_of(r) for r in (a, b, waiting)] == [
        S.REJECTED,
        S.PENDING_APPROVAL,
        S.PENDING_APPROVAL,
    ]
    assert flashed(response) == ["1 registration rejected."]
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["w@example.org"]]
    assert "No seats for observers." in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_organiser_cancels_from_the_detail_page(client, open_event, delegates, manager):
    registration, _ = register(delegates, email="ana@example.org")
    mail.outbox.clear()

    response = client.post(
        detail_url(registration), {"action": "cancel", "message": "Duplicate registration."}
    )

    assert response["Location"] == detail_url(registration)
    assert state_of(registration) == S.CANCELLED
    assert flashed(response) == ["1 registration cancelled."]
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "Duplicate registration." in mail.outbox[0].body
    last = registration.transitions.last()
    assert (last.from_state, last.to_state, last.actor, last.actor_label, last.reason) == (
        "confirmed",
        "cancelled",
        manager,
        "organiser",
        "Duplicate registration.",
    )


def test_detail_refused_action_says_why(client, open_event, delegates, manager):
    registration, _ = register(delegates)

    response = client.post(detail_url(registration), {"action": "approve"})

    assert state_of(registration) == S.CONFIRMED
    assert flashed(response) == [
        f"{registration.reference} ({registration.full_name}) was not changed: "
        "This registration is Confirmed and cannot be changed that way."
    ]


def test_bulk_action_refuses_registrations_of_another_event(client, open_event, manager, people):
    foreign, _ = register(CategoryFactory(requires_approval=True))

    response = client.post(
        url("registrations", open_event),
        {"action": "approve", "registrations": [people["luc"].pk, foreign.pk]},
    )

    assert (state_of(people["luc"]), state_of(foreign)) == (S.PENDING_APPROVAL, S.PENDING_APPROVAL)
    assert flashed(response) == [
        f"Select a valid choice. {foreign.pk} is not one of the available choices."
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "approve"}, "Select at least one registration."),
        (
            {"action": "delete", "registrations": ["LUC"]},
            "Select a valid choice. delete is not one of the available choices.",
        ),
    ],
)
def test_bulk_action_needs_a_selection_and_a_known_action(
    client, open_event, manager, people, data, error
):
    data = {k: [people["luc"].pk] if v == ["LUC"] else v for k, v in data.items()}

    response = client.post(url("registrations", open_event), data)

    assert flashed(response) == [error]
    assert [state_of(r) for r in people.values()] == [
        S.CONFIRMED,
        S.PENDING_APPROVAL,
        S.PENDING_APPROVAL,
        S.CONFIRMED,
    ]


def test_detail_offers_only_the_actions_the_state_allows(client, manager, people):
    pending = client.get(detail_url(people["luc"])).context["actions"]
    confirmed = client.get(detail_url(people["ana"])).context["actions"]

    assert [name for name, _label in pending] == ["approve", "reject", "cancel"]
    assert [name for name, _label in confirmed] == ["cancel"]


# --- detail page ----------------------------------------------------------------------------------


def test_detail_shows_fields_history_and_delegation(
    client, open_event, delegates, approval, manager
):
    city = OrganisationFactory(name="Ciudad de Cuenca")
    head, _ = registration_create(
        event=open_event,
        category_id=approval.pk,
        person=person(honorific="Mayor", given_name="Rosa", family_name="Vega", organisation=city),
        head_of_delegation=True,
    )
    head = registration_head_confirm(registration=head, user=manager)
    delegation_add_member(
        head=head, category_id=delegates.pk, person=person(given_name="Tito", family_name="Ruiz")
    )
    registration_reject(registration=head, user=manager, message="Too late")

    response = client.get(detail_url(head))
    html = response.content.decode()

    assert response.context["registration"] == head
    assert response.context["is_head"] is True
    assert [m.full_name for m in response.context["members"]] == ["Tito Ruiz", "Mayor Rosa Vega"]
    assert [
        (line.changes[0].old, line.changes[0].new, line.actor, line.note)
        for line in response.context["history"]
    ] == [
        ("—", "Pending approval", "registrant", ""),
        ("Pending approval", "Pending approval", "registrant", "Asked to lead the delegation"),
        (
            "Pending approval",
            "Pending approval",
            "organiser (manager)",
            "Confirmed as head of delegation",
        ),
        ("Pending approval", "Rejected", "organiser (manager)", "Too late"),
    ]
    assert "organiser (manager)" in html  # who rejected it
    assert "Too late" in html and "Asked to lead the delegation" in html
    assert "Delegation of Ciudad de Cuenca" in html
    assert "Ciudad de Cuenca" in html
    assert "Mayor Rosa Vega" in html
    assert response.context["actions"] == []


# --- dashboard -----------------------------------------------------------------------------------


def set_created(registration, when):
    Registration.objects.filter(pk=registration.pk).update(created_at=when)


def test_dashboard_numbers(client, open_event, manager):
    small = CategoryFactory(event=open_event, name="Head", order=1, capacity=2)
    paying = CategoryFactory(event=open_event, name="Press", order=2, fee=Decimal("50"))
    CategoryFactory(event=open_event, name="Empty", order=3, capacity=10)
    a, _ = register(small, nationality="EC")
    b, _ = register(small, nationality="EC")
    w1, _ = register(small, nationality="FR")  # waitlisted
    w2, _ = register(small, nationality="")  # waitlisted, no nationality
    p, _ = register(paying, nationality="FR")  # awaiting payment
    c, _ = register(paying, nationality="EC")
    registration_cancel(registration=c, actor_label="registrant")
    # Guayaquil is UTC-5: 03:00 UTC on the 10th is still the 9th there.
    set_created(a, datetime(2030, 1, 10, 3, 0, tzinfo=UTC))
    set_created(b, datetime(2030, 1, 10, 15, 0, tzinfo=UTC))
    set_created(w1, datetime(2030, 1, 10, 16, 0, tzinfo=UTC))
    for r in (w2, p, c):
        set_created(r, datetime(2030, 1, 12, 12, 0, tzinfo=UTC))

    response = client.get(url("registrations_dashboard", open_event))
    dashboard = response.context["dashboard"]

    assert [label for _value, label in dashboard.states] == [
        "Credentials pending",
        "Pending approval",
        "On the waiting list",
        "Awaiting payment",
        "Confirmed",
        "Rejected",
        "Cancelled",
    ]
    assert [
        (row.category.name, row.counts, row.total, row.seats_taken, row.seats_free, row.waitlist)
        for row in dashboard.categories
    ] == [
        ("Head", [0, 0, 2, 0, 2, 0, 0], 4, 2, 0, 2),
        ("Press", [0, 0, 0, 1, 0, 0, 1], 2, 1, None, 0),
        ("Empty", [0, 0, 0, 0, 0, 0, 0], 0, 0, 10, 0),
    ]
    assert dashboard.state_totals == [0, 0, 2, 1, 2, 0, 1]
    assert (dashboard.total, dashboard.seats_taken, dashboard.waitlist) == (6, 3, 2)
    assert [(c.code, c.name, c.count) for c in dashboard.countries] == [
        ("EC", "Ecuador", 3),
        ("FR", "France", 2),
        ("", "", 1),
    ]
    assert [(d.day.isoformat(), d.count, d.cumulative) for d in dashboard.days] == [
        ("2030-01-09", 1, 1),
        ("2030-01-10", 2, 3),
        ("2030-01-12", 3, 6),
    ]
    chart = response.context["chart"]
    assert chart.polyline == "56.0,181.6 245.3,144.8 624.0,89.6"
    assert [t.label for t in chart.y_ticks] == ["0", "5", "10"]
    html = response.content.decode()
    svg = html.split("<svg")[1].split("</svg>")[0]
    assert 'points="56.0,181.6 245.3,144.8 624.0,89.6"' in svg
    assert "style=" not in svg
    assert "<script" not in html.split("</head>")[1]


def test_dashboard_top_countries_groups_the_rest(client, open_event, delegates, manager):
    for code, n in [("EC", 3), ("FR", 2), ("SN", 1), ("SE", 1)]:
        for _ in range(n):
            register(delegates, nationality=code)

    response = client.get(url("registrations_dashboard", open_event))

    dashboard = response.context["dashboard"]
    assert [(c.code, c.count) for c in dashboard.countries][:2] == [("EC", 3), ("FR", 2)]
    top2 = registration_dashboard(event=open_event, top_countries=2)
    assert ([(c.code, c.count) for c in top2.countries], top2.countries_other) == (
        [("EC", 3), ("FR", 2)],
        2,
    )


def test_dashboard_without_registrations_has_no_chart(client, open_event, delegates, manager):
    response = client.get(url("registrations_dashboard", open_event))

    assert response.context["chart"] is None
    assert response.context["dashboard"].total == 0
    assert "No registrations yet." in response.content.decode()


# --- CSV export ----------------------------------------------------------------------------------

HEADER = [
    "Reference",
    "State",
    "Category",
    "Participation",
    "In-person seat requested (UTC)",
    "Honorific",
    "Given name",
    "Family name",
    "Position",
    "Organisation",
    "Email",
    "Language",
    "Nationality",
    "Languages spoken",
    "Interpretation",
    "Delegation",
    "Visa letter requested",
    "Travel support requested",
    "Created (UTC)",
    "Registered by",
    "Nominated by",
    "Credentials",
]
PERSONAL_HEADER = [
    "Dietary needs",
    "Accessibility needs",
    "Passport number",
    "Passport expiry",
    "Date of birth",
    "Travel support request",
]


def test_export_header_and_row_without_personal_data(client, open_event, delegates, manager):
    delegates.visa_letter_offered = True
    delegates.save(update_fields=["visa_letter_offered"])
    registration, _ = register(
        delegates,
        honorific="Dr",
        given_name="Ana",
        family_name="Pérez",
        email="ana@example.org",
        spoken_languages=["es", "en"],
        passport_number="X1234567",
        dietary_needs="Vegetarian",
        visa_letter_requested=True,
    )
    set_created(registration, datetime(2030, 1, 10, 3, 0, tzinfo=UTC))

    response = client.get(url("registrations_export", open_event))

    assert response.streaming is True
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="quito-registrations-')
    rows = parse_csv(response)
    assert rows == [
        HEADER,
        [
            registration.reference,
            "Confirmed",
            "Delegate",
            "In person",
            "",
            "Dr",
            "Ana",
            "Pérez",
            "Deputy Mayor",
            "",
            "ana@example.org",
            "en",
            "EC",
            "es en",
            "",
            "",
            "yes",
            "no",
            "2030-01-10T03:00:00+00:00",
            "The registrant",
            "",
            "none",
        ],
    ]


def test_export_respects_filters(client, open_event, manager, people):
    response = client.get(
        url("registrations_export", open_event), {"state": "pending_approval", "page": "2"}
    )

    assert [row[0] for row in parse_csv(response)[1:]] == refs(people["amina"], people["luc"])


def test_export_with_invalid_filter_exports_nothing(client, open_event, manager, people):
    response = client.get(url("registrations_export", open_event), {"state": "bogus"})

    assert parse_csv(response) == [HEADER]


def test_export_neutralises_spreadsheet_formulas(client, open_event, delegates, manager):
    register(
        delegates,
        given_name='=HYPERLINK("http://evil.example","x")',
        family_name="+SUM(A1)",
        position="-2+3",
        organisation_name_new="@cmd",
    )

    row = parse_csv(client.get(url("registrations_export", open_event)))[1]

    assert row[6:10] == [
        '\'=HYPERLINK("http://evil.example","x")',
        "'+SUM(A1)",
        "'-2+3",
        "'@cmd",
    ]


def test_export_link_on_the_list_keeps_filters(client, open_event, manager, people):
    html = client.get(url("registrations", open_event), {"state": "confirmed", "page": 1}).content

    assert b'href="/en/manage/quito/registrations/export.csv?state=confirmed"' in html


def test_export_streams_twenty_thousand_rows_in_constant_queries(
    client, open_event, delegates, approval, manager
):
    bulk_registrations(approval, 1, prefix="S")
    bulk_registrations(delegates, 20_000)
    export = url("registrations_export", open_event)

    with CaptureQueriesContext(connection) as one:
        assert len(parse_csv(client.get(export, {"category": approval.pk}))) == 2
    with CaptureQueriesContext(connection) as many:
        rows = parse_csv(client.get(export, {"category": delegates.pk}))

    assert len(rows) == 20_001
    assert rows[0] == HEADER
    assert len({row[0] for row in rows[1:]}) == 20_000
    # session, user, team flags, event, the chosen category, the export itself
    assert len(many.captured_queries) == len(one.captured_queries) == 7  # + the questions


# --- query counts (pinned) -----------------------------------------------------------------------


def make(n, category, approval_category):
    for i in range(n):
        org = OrganisationFactory()
        register(category if i % 2 else approval_category, organisation=org, nationality="FR")


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_is_fixed(
    client, open_event, delegates, approval, manager, django_assert_num_queries, n
):
    make(n, delegates, approval)

    # session, user, team flags, event, questions, count, page, category/organisation/delegation
    # choices
    with django_assert_num_queries(10):
        response = client.get(url("registrations", open_event))

    assert len(listed(response)) == n


@pytest.mark.parametrize("n", [1, 3])
def test_list_with_filters_query_count_is_fixed(
    client, open_event, delegates, approval, manager, django_assert_num_queries, n
):
    make(n, delegates, approval)

    # + validating the chosen category
    with django_assert_num_queries(11):
        response = client.get(
            url("registrations", open_event), {"category": approval.pk, "q": "Given"}
        )

    assert len(listed(response)) == (n + 1) // 2


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_query_count_is_fixed(
    client, open_event, delegates, approval, manager, django_assert_num_queries, n
):
    make(n, delegates, approval)

    # session, user, team flags, event, categories, category × state, countries, days
    with django_assert_num_queries(8):
        response = client.get(url("registrations_dashboard", open_event))

    assert response.context["dashboard"].total == n


@pytest.mark.parametrize("n", [1, 3])
def test_detail_query_count_is_fixed(
    client, open_event, delegates, approval, manager, django_assert_num_queries, n
):
    head, _ = registration_create(
        event=open_event,
        category_id=approval.pk,
        person=person(organisation=OrganisationFactory()),
        head_of_delegation=True,
    )
    head = registration_head_confirm(registration=head, user=manager)
    for _ in range(n - 1):
        delegation_add_member(head=head, category_id=delegates.pk, person=person())
    registration_reject(registration=head, user=manager, message="x")

    # session, user, team flags, event, registration, transitions, members, questions
    with django_assert_num_queries(8):
        response = client.get(detail_url(head))

    assert len(response.context["members"]) == n


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (101, 200)]
)
def test_chart_axis_ends_on_a_round_number(value, ceiling):
    assert _nice_ceiling(value) == ceiling


def test_chart_of_a_single_day_is_centred_with_whole_ticks():
    chart = _cumulative_chart([DayPoint(day=date(2030, 1, 1), count=3, cumulative=3)])

    assert chart.polyline == "340.0,89.6"
    assert [(t.position, t.label) for t in chart.y_ticks] == [("200.0", "0"), ("16.0", "5")]
    assert [t.label for t in chart.x_ticks] == ["2030-01-01"]


# --- head of delegation: a claim that organisers confirm or refuse ------------------------------


def test_detail_confirms_a_head_of_delegation_with_the_evidence_and_logs_it(
    client, open_event, delegates, manager
):
    city = OrganisationFactory(name="Ciudad de Cuenca", official_domains="cuenca.gob.ec")
    claimant, _ = registration_create(
        event=open_event,
        category_id=delegates.pk,
        person=person(
            given_name="Rosa", family_name="Vega", organisation=city, email="rosa@cuenca.gob.ec"
        ),
        head_of_delegation=True,
    )

    pending = client.get(detail_url(claimant))
    confirmed = client.post(detail_url(claimant), {"action": "head_confirm"}, follow=True)

    assert pending.context["head_claim"] == "pending" and pending.context["is_head"] is False
    assert pending.context["head_evidence"] == {
        "email_domain": "cuenca.gob.ec",
        "official_domains": ["cuenca.gob.ec"],
        "matching_domain": "cuenca.gob.ec",
    }
    html = pending.content.decode()
    assert "Head of delegation, pending confirmation" in html
    assert "Organisation’s domains: cuenca.gob.ec" in html and "Matches" in html
    assert 'value="head_confirm"' in html
    assert flashed(confirmed) == ["Rosa Vega now leads the delegation of Ciudad de Cuenca."]
    assert confirmed.context["is_head"] is True
    claimant.refresh_from_db()
    assert claimant.head_of_delegation == "confirmed"
    assert claimant.headed_delegation.organisation == city
    assert [(e.actor, e.note) for e in confirmed.context["history"]][-1] == (
        f"organiser ({manager.username})",
        "Confirmed as head of delegation",
    )


def test_detail_refuses_a_claim_and_the_registrant_cannot_add_members(
    client, open_event, delegates, manager
):
    city = OrganisationFactory(name="Ciudad de Cuenca", official_domains="cuenca.gob.ec")
    claimant, _ = registration_create(
        event=open_event,
        category_id=delegates.pk,
        person=person(organisation=city, email="someone@gmail.com"),
        head_of_delegation=True,
    )

    pending = client.get(detail_url(claimant))
    refused = client.post(detail_url(claimant), {"action": "head_refuse"}, follow=True)

    assert pending.context["head_evidence"]["matching_domain"] == ""
    assert "Does not match" in pending.content.decode()
    assert flashed(refused) == [
        f"{claimant.full_name} does not lead the delegation of Ciudad de Cuenca."
    ]
    claimant.refresh_from_db()
    assert claimant.head_of_delegation == "refused"
    assert [(e.actor, e.note) for e in refused.context["history"]][-1] == (
        f"organiser ({manager.username})",
        "Refused as head of delegation",
    )
    with pytest.raises(RegistrationError) as excinfo:
        delegation_add_member(head=claimant, category_id=delegates.pk, person=person())
    assert excinfo.value.code == "not_head"


def test_detail_head_decisions_need_the_registration_permission(
    client, open_event, delegates, organiser_of
):
    claimant, _ = registration_create(
        event=open_event,
        category_id=delegates.pk,
        person=person(organisation=OrganisationFactory()),
        head_of_delegation=True,
    )
    client.force_login(organiser_of(open_event, can_manage_programme=True))

    response = client.post(detail_url(claimant), {"action": "head_confirm"})

    assert response.status_code == 404
    claimant.refresh_from_db()
    assert claimant.head_of_delegation == "pending"


def test_bulk_action_with_an_id_beyond_the_database_integers_is_refused_with_a_message(client):
    category = CategoryFactory()
    registration, _token = register(category)
    state = registration.state
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.raise_request_exception = False
    path = f"/en/manage/{category.event.slug}/registrations/"

    response = client.post(
        path, {"action": "approve", "message": "", "registrations": ["9223372036879999999"]}
    )

    assert (response.status_code, response["Location"]) == (302, path)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Select a valid choice. 9223372036879999999 is not one of the available choices."
    ]
    registration.refresh_from_db()
    assert registration.state == state
