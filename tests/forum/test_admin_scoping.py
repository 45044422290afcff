"""Every registered ModelAdmin, walked as organisers who must not see an event's rows.

Two events each get one row of every per-event model. Organisers of the first event who hold
no flag there (alone, or holding every flag on the second event) must reach none of its rows
through any admin page: changelist, add, change, delete, history and autocomplete; a holder of
every flag there reaches them all (positive control). Personal fields stay out of reach of a
registration manager without the personal-data flag, including through filters.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from api.models import PartnerKey, WebhookDelivery, WebhookEndpoint
from api.services.keys import partner_key_create
from events.models import Event, Organisation, Venue
from events.rules import TEAM_PERMISSIONS
from events.services.teams import team_add_member
from outcomes.models import Comment, Endorsement, Statement, StatementTransition, StatementVersion
from registrations.models import (
    CheckIn,
    Delegation,
    Invitation,
    Payment,
    Refund,
    Registration,
    StripeEvent,
    TravelSupportDecision,
)
from sessions.models import ScheduleVersion
from tests.factories import (
    CategoryFactory,
    EventFactory,
    OrganisationFactory,
    register,
)
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db

ALL_FLAGS = dict.fromkeys(TEAM_PERMISSIONS, True)
PASSPORT = "P1234567"
# session, user, team flags, filters (events, categories), counts, rows and their relations
QUERIES_REGISTRATION_CHANGELIST = 10
DIET = "Halal without sesame"


def populate(event, tag: str) -> dict[type, object]:
    """One row of every per-event model the admin shows, for ``event``."""
    category = CategoryFactory(event=event, name=f"Delegates {tag}")
    city = OrganisationFactory(name=f"City of {tag}")
    registration, _token = register(
        category,
        organisation=city,
        given_name=f"Aminata{tag}",
        family_name=f"Diallo{tag}",
        passport_number=PASSPORT if tag == "Dakar" else f"X{tag}",
        date_of_birth=date(1980, 5, 17),
        dietary_needs=DIET if tag == "Dakar" else "",
    )
    payment = Payment.objects.create(
        registration=registration, provider="bank_transfer", amount=Decimal("100"), currency="EUR"
    )
    session = SessionFactory(
        event=event, track=TrackFactory(event=event), room=RoomFactory(event=event)
    )
    speaker = SpeakerFactory(event=event, email=f"speaker-{tag.lower()}@example.org")
    statement = Statement.objects.create(
        event=event, title=f"{tag} declaration", slug=f"{tag.lower()}-declaration"
    )
    version = StatementVersion.objects.create(statement=statement, number=1, text_en="1. Preamble")
    endpoint = WebhookEndpoint.objects.create(
        event=event, name=f"{tag} hook", url=f"https://{tag.lower()}.example.org/hook"
    )
    key, _raw = partner_key_create(name=f"{tag} website", events=[event])
    rows = {
        Event: event,
        category.__class__: category,
        Invitation: Invitation.objects.create(
            event=event, category=category, kind="code", code=f"CODE-{tag.upper()}"
        ),
        Delegation: Delegation.objects.create(event=event, organisation=city, head=registration),
        Registration: registration,
        Payment: payment,
        Refund: Refund.objects.create(payment=payment, amount=Decimal("10")),
        TravelSupportDecision: TravelSupportDecision.objects.create(
            registration=registration, outcome="denied"
        ),
        CheckIn: CheckIn.objects.create(registration=registration, event=event),
        session.room.__class__: session.room,
        session.track.__class__: session.track,
        session.__class__: session,
        speaker.__class__: speaker,
        ScheduleVersion: ScheduleVersion.objects.create(
            event=event, number=1, snapshot={}, changes={}
        ),
        Statement: statement,
        StatementVersion: version,
        StatementTransition: StatementTransition.objects.create(
            statement=statement, to_state="draft", actor_label="test"
        ),
        Comment: Comment.objects.create(
            statement=statement,
            version=version,
            registration=registration,
            language="en",
            section="1",
            section_title="Preamble",
            body="More on mobility",
        ),
        Endorsement: Endorsement.objects.create(
            statement=statement,
            organisation=city,
            state="unverified",
            method="email",
            signatory_name=f"Mayor of {tag}",
            signatory_title="Mayor",
            email=f"mayor@{tag.lower()}.example.org",
        ),
        PartnerKey: key,
        WebhookEndpoint: endpoint,
        WebhookDelivery: WebhookDelivery.objects.create(
            endpoint=endpoint, type="schedule.published", payload={}
        ),
    }
    role = SessionRoleFactory(session=session, speaker=speaker, role="speaker")
    rows[role.__class__] = role
    team = event.teams.create(name=f"{tag} board", **ALL_FLAGS)
    rows[team.__class__] = team
    return rows


@pytest.fixture
def world(organiser_of):
    dakar = EventFactory(name="Dakar forum", slug="dakar", registration_open=True)
    quezon = EventFactory(name="Quezon City forum", slug="quezon-city", registration_open=True)
    StripeEvent.objects.create(stripe_id="evt_1", type="payment_intent.succeeded")
    return {
        "dakar": dakar,
        "quezon": quezon,
        "dakar_rows": populate(dakar, "Dakar"),
        "quezon_rows": populate(quezon, "Quezon"),
        # A member of a Dakar team holding no flag.
        "no_flag": organiser_of(dakar, username="noflag"),
        # Every flag in Quezon City, a member without flags in Dakar.
        "elsewhere": organiser_of(quezon, username="elsewhere", **ALL_FLAGS),
        # Every flag in Dakar: the positive control.
        "dakar_board": organiser_of(dakar, username="board", **ALL_FLAGS),
        # Registrations in Dakar, but not the personal-data flag.
        "registrar": organiser_of(dakar, username="registrar", can_manage_registrations=True),
    }


@pytest.fixture
def elsewhere(world):
    """The Quezon City flag-holder, also in a Dakar team holding no flag."""
    team_add_member(event=world["dakar"], team_name="Dakar readers", user=world["elsewhere"])
    return world["elsewhere"]


def urls(model, pk=None):
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    if pk is None:
        return {"changelist": reverse(f"{prefix}_changelist"), "add": reverse(f"{prefix}_add")}
    return {
        name: reverse(f"{prefix}_{name}", args=[pk]) for name in ("change", "delete", "history")
    }


# The rows every organiser sees whatever their flags: the events they belong to (read-only
# without the event flag) and organisations and venues, shared by all editions.
SHARED = {Organisation, Venue}


def visible_rows(client, model) -> tuple[int, set]:
    response = client.get(urls(model)["changelist"])
    if response.status_code != 200:
        return response.status_code, set()
    return 200, {obj.pk for obj in response.context["cl"].queryset}


def autocomplete_sources():
    """(source model, field name, target model) for every autocomplete field in the admin."""
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            yield model, name, model._meta.get_field(name).related_model
        for inline in model_admin.inlines:
            for name in inline.autocomplete_fields:
                yield inline.model, name, inline.model._meta.get_field(name).related_model


def autocomplete_ids(client, source, field_name, term="") -> tuple[int, set]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": source._meta.app_label,
            "model_name": source._meta.model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    if response.status_code != 200:
        return response.status_code, set()
    return 200, {int(row["id"]) for row in response.json()["results"]}


def walk(client, world) -> dict:
    """What the logged-in user reaches of Dakar's rows, page by page, model by model."""
    dakar_rows = world["dakar_rows"]
    seen = {"pages showing personal data": []}
    for model in admin.site._registry:
        row = dakar_rows.get(model)
        status, pks = visible_rows(client, model)
        entry = {"changelist": (status, row is not None and row.pk in pks)}
        add = client.get(urls(model)["add"])
        entry["add"] = add.status_code
        if add.status_code == 200:
            # Offered choices: none may belong to Dakar's rows.
            offered = set()
            for field in add.context["adminform"].form.fields.values():
                queryset = getattr(field, "queryset", None)
                if (
                    queryset is not None
                    and queryset.model in dakar_rows
                    and dakar_rows[queryset.model].pk in {o.pk for o in queryset}
                ):
                    offered.add(queryset.model._meta.label)
            entry["offers_dakar"] = sorted(offered)
        if row is not None:
            for page, url in urls(model, row.pk).items():
                response = client.get(url)
                content = response.content.decode()
                entry[page] = response.status_code
                if PASSPORT in content or DIET in content:
                    seen["pages showing personal data"].append(f"{model._meta.label} {page}")
        seen[model._meta.label] = entry
    for source, field_name, target in autocomplete_sources():
        status, ids = autocomplete_ids(client, source, field_name)
        row = dakar_rows.get(target)
        seen[f"autocomplete {source._meta.label}.{field_name}"] = (
            status,
            row is not None and row.pk in ids,
        )
    return seen


def test_every_model_admin_is_guarded():
    from forum.admin import QuerystringGuardMixin, ScopedModelAdmin

    unguarded = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, QuerystringGuardMixin)
    ]
    per_event = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"events", "programme", "outcomes", "api"}
        and not isinstance(model_admin, ScopedModelAdmin)
        and model is not StripeEvent
    ]

    assert (unguarded, per_event) == ([], [])


def _strip(seen: dict) -> dict:
    """Per-object pages answer "not found" (302 to the index) or "forbidden" (403): both are
    out of reach; keep the status to compare, mapped to one value."""
    out = {}
    for label, entry in seen.items():
        if isinstance(entry, dict):
            entry = dict(entry)
            for page in ("change", "delete", "history"):
                if page in entry and entry[page] in (302, 403):
                    entry[page] = "out of reach"
            out[label] = entry
        else:
            out[label] = entry
    return out


def test_no_flag_organiser_reaches_no_row_of_the_event(client, world):
    client.force_login(world["no_flag"])

    seen = _strip(walk(client, world))

    assert seen.pop("pages showing personal data") == []
    for label, entry in seen.items():
        if label.startswith("autocomplete "):
            # Organisations are shared (any organiser); speakers and sessions are not.
            if label.endswith((".organisation", ".venue")):
                assert entry == (200, False), label
            else:
                assert entry == (403, False), label
            continue
        model = next(m for m in admin.site._registry if m._meta.label == label)
        if model in SHARED:
            assert entry == {"changelist": (200, False), "add": 200, "offers_dakar": []}, label
        elif model is Event:
            assert entry == {
                "changelist": (200, True),
                "add": 403,
                "change": 200,
                "delete": "out of reach",
                "history": 200,
            }, label
        else:
            expected = {"changelist": (403, False), "add": 403}
            if model in world["dakar_rows"]:
                expected.update(
                    change="out of reach", delete="out of reach", history="out of reach"
                )
            assert entry == expected, label


def test_flag_holder_of_another_event_reaches_no_row_of_this_one(client, world, elsewhere):
    client.force_login(elsewhere)

    seen = _strip(walk(client, world))

    assert seen.pop("pages showing personal data") == []
    for label, entry in seen.items():
        if label.startswith("autocomplete "):
            assert entry == (200, False), label
            continue
        model = next(m for m in admin.site._registry if m._meta.label == label)
        if model._meta.app_label in {"auth", "axes"} or model is StripeEvent:
            assert entry == {"changelist": (403, False), "add": 403}, label
            continue
        if model is Event:
            # A member of the Dakar team without flags: sees the event, cannot change it.
            assert entry["changelist"] == (200, True), label
            assert (entry["change"], entry["delete"]) == (200, "out of reach"), label
            continue
        # Every page is open to them (for Quezon City), none shows or offers Dakar's rows.
        assert entry["changelist"] == (200, False), label
        assert entry.get("offers_dakar", []) == [], label
        for page in ("change", "delete", "history"):
            if page in entry:
                assert entry[page] == "out of reach", (label, page)


def test_flag_holder_of_the_event_reaches_every_row(client, world):
    """The positive control: the same walk as a holder of every flag in Dakar."""
    client.force_login(world["dakar_board"])

    seen = walk(client, world)

    assert seen.pop("pages showing personal data") == ["registrations.Registration change"]
    for label, entry in seen.items():
        if label.startswith("autocomplete "):
            target = next(
                t for s, f, t in autocomplete_sources() if label.endswith(f"{s._meta.label}.{f}")
            )
            assert entry == (200, target in world["dakar_rows"]), label
            continue
        model = next(m for m in admin.site._registry if m._meta.label == label)
        if model._meta.app_label in {"auth", "axes"} or model is StripeEvent:
            assert entry == {"changelist": (403, False), "add": 403}, label
            continue
        assert entry["changelist"] == (200, model in world["dakar_rows"] or False), label
        if model in world["dakar_rows"]:
            assert (entry["change"], entry["history"]) == (200, 200), label


def test_changelists_do_not_mix_events(client, world):
    """A Dakar board member's changelists show Dakar's rows and none of Quezon City's."""
    client.force_login(world["dakar_board"])
    mixed = []
    for model, row in world["quezon_rows"].items():
        status, pks = visible_rows(client, model)
        if status != 200 or row.pk in pks or world["dakar_rows"][model].pk not in pks:
            mixed.append(model._meta.label)

    assert mixed == []


@pytest.mark.parametrize(
    "lookup",
    [
        "passport_number__startswith=P1",
        "passport_number__startswith=Z",
        "date_of_birth__year=1980",
        "date_of_birth__gte=1980-01-01",
        "dietary_needs__icontains=halal",
        "passport_number__regex=^P1",
        "reference__startswith=R",
        "email__endswith=.org",
    ],
)
def test_personal_fields_cannot_be_queried_through_changelist_filters(client, world, lookup):
    """A prefix oracle answered "14 results" to ``passport_number__startswith=P1``; unlisted
    lookups are now refused, for every user, before any query runs."""
    url = urls(Registration)["changelist"] + "?" + lookup
    client.force_login(world["registrar"])

    response = client.get(url)

    assert response.status_code == 400
    assert "result" not in response.content.decode()


def test_displayed_filters_still_work(client, world):
    client.force_login(world["registrar"])
    registration = world["dakar_rows"][Registration]
    url = urls(Registration)["changelist"]

    by_state = client.get(url, {"state__exact": registration.state})
    by_category = client.get(url, {"category__id__exact": registration.category_id})
    other_state = client.get(url, {"state__exact": "cancelled"})

    assert [r.pk for r in by_state.context["cl"].result_list] == [registration.pk]
    assert [r.pk for r in by_category.context["cl"].result_list] == [registration.pk]
    assert list(other_state.context["cl"].result_list) == []


def test_registration_manager_without_personal_flag_sees_no_personal_field(client, world):
    client.force_login(world["registrar"])
    registration = world["dakar_rows"][Registration]

    change = client.get(urls(Registration, registration.pk)["change"])
    request = RequestFactory().get("/")
    request.user = world["registrar"]
    search_fields = {
        model._meta.label: [
            f
            for f in model_admin.get_search_fields(request)
            if any(
                p in f for p in ("passport", "birth", "dietary", "accessibility", "travel_support")
            )
        ]
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "get_search_fields")
    }

    assert change.status_code == 200
    fields = set(change.context["adminform"].form.fields)
    assert fields & {"passport_number", "date_of_birth", "dietary_needs"} == set()
    assert PASSPORT not in change.content.decode()
    assert {label: fields for label, fields in search_fields.items() if fields} == {}


def _post_data(response) -> dict:
    """The change form's current values as the browser would post them, inlines included."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = (
                field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
            )
            if data[name] is None:
                data[name] = ""
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


@pytest.mark.parametrize("flags_in_quezon", [False, True])
def test_forged_post_cannot_move_an_invitation_into_another_events_category(
    client, world, organiser_of, flags_in_quezon
):
    """Invitations are read-only in the admin (the organisers' invitations page writes them
    through their service): a forged change is refused whatever the user's other events."""
    manager = organiser_of(world["dakar"], can_manage_registrations=True)
    if flags_in_quezon:
        organiser_of(world["quezon"], username="manager_qc", can_manage_registrations=True)
        manager.teams.add(world["quezon"].teams.get(name="Team manager_qc"))
    client.force_login(manager)
    invitation = world["dakar_rows"][Invitation]
    foreign = world["quezon_rows"][Invitation].category
    url = urls(Invitation, invitation.pk)["change"]

    shown = client.get(url)
    response = client.post(url, {"category": str(foreign.pk), "code": invitation.code})

    invitation.refresh_from_db()
    assert shown.status_code == 200 and shown.context["has_change_permission"] is False
    assert response.status_code == 403
    assert invitation.category == world["dakar_rows"][Invitation].category


def test_editing_a_shared_partner_key_keeps_the_events_one_cannot_see(client, world, organiser_of):
    """The key form offers only the user's own events; saving must not drop the others."""
    key = world["dakar_rows"][PartnerKey]
    key.events.add(world["quezon"])
    client.force_login(organiser_of(world["dakar"], can_change_event=True))
    url = reverse("admin:api_partnerkey_change", args=[key.pk])

    offered = client.get(url).context["adminform"].form.fields["events"].queryset
    response = client.post(url, {"name": "Dakar and Quezon City", "events": [world["dakar"].pk]})

    assert [e.slug for e in offered] == ["dakar"]
    assert response.status_code == 302
    key.refresh_from_db()
    assert (key.name, sorted(e.slug for e in key.events.all())) == (
        "Dakar and Quezon City",
        ["dakar", "quezon-city"],
    )


def test_registration_changelist_query_count(client, world, django_assert_num_queries):
    client.force_login(world["registrar"])
    url = urls(Registration)["changelist"]

    with django_assert_num_queries(QUERIES_REGISTRATION_CHANGELIST):
        response = client.get(url, {"state__exact": world["dakar_rows"][Registration].state})

    assert [r.pk for r in response.context["cl"].result_list] == [
        world["dakar_rows"][Registration].pk
    ]
