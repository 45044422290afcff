"""Every registered ModelAdmin, walked as organisers and as a superuser.

The admin is for superusers only (``forum.adminsite``): organisers are staff users, but work
in the organiser area under /manage/. Two events each get one row of every per-event model.
Organisers, whatever their flags, reach no admin page at all: changelist, add, change, delete,
history and autocomplete send them to the admin's login page, and a forged POST changes
nothing. A superuser reaches every row of both events (positive control). Querystrings that
would filter on personal fields are refused for everyone, superusers included.
"""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.urls import reverse

from api.models import PartnerKey, WebhookDelivery, WebhookEndpoint
from api.services.keys import partner_key_create
from documents.models import Document, DocumentFile
from events.models import Event, Organisation
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
# the session and the user, then the changelist's own: filter choices, counts, rows
QUERIES_REGISTRATION_CHANGELIST = 7
# Changelists without an add page for a superuser either: rows their services write.
NO_ADD_PAGE = [
    "api.WebhookDelivery",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "documents.Document",
    "documents.DocumentFile",
    "outcomes.Comment",
    "outcomes.Endorsement",
    "outcomes.Statement",
    "outcomes.StatementTransition",
    "outcomes.StatementVersion",
    "registrations.CheckIn",
    "registrations.FocalPoint",
    "registrations.Invitation",
    "registrations.NominationLetter",
    "registrations.OrganisationQuota",
    "registrations.Payment",
    "registrations.Refund",
    "registrations.Registration",
    "registrations.StripeEvent",
    "registrations.TravelSupportDecision",
]
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
    document = Document.objects.create(
        event=event, session=session, kind="background_paper", title_en=f"{tag} paper"
    )
    rows[Document] = document
    rows[DocumentFile] = DocumentFile.objects.create(
        document=document,
        language="en",
        version=1,
        file=f"{event.pk}/{document.code}/x/paper.pdf",
        filename="paper.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
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


ORGANISERS = ["no_flag", "elsewhere", "dakar_board", "registrar"]


def admin_urls(world) -> list[str]:
    """Every page of the admin: index, each model's changelist and add page, each Dakar row's
    change, delete and history pages, and each autocomplete field's search."""
    found = [reverse("admin:index")]
    for model in admin.site._registry:
        found.extend(urls(model).values())
        row = world["dakar_rows"].get(model)
        if row is not None:
            found.extend(urls(model, row.pk).values())
    for source, field_name, _target in autocomplete_sources():
        query = f"app_label={source._meta.app_label}&model_name={source._meta.model_name}"
        found.append(f"{reverse('admin:autocomplete')}?{query}&field_name={field_name}&term=")
    return found


def login_redirect(url: str) -> tuple[int, str]:
    return 302, "/en/admin/login/?" + urlencode({"next": url}, safe="/")


@pytest.mark.parametrize("who", ORGANISERS)
def test_organisers_reach_no_admin_page(client, world, elsewhere, who):
    user = world[who]
    client.force_login(user)
    pages = admin_urls(world)

    answers = {}
    for url in pages:
        response = client.get(url)
        answers[url] = (response.status_code, response.get("Location"))

    assert user.is_staff is True
    assert answers == {url: login_redirect(url) for url in pages}
    assert len(pages) > 3 * len(admin.site._registry)


def test_superuser_reaches_every_row_of_every_event(client, world, administrator):
    """The positive control: the same walk as a superuser."""
    client.force_login(administrator)

    seen = walk(client, world)

    assert seen.pop("pages showing personal data") == ["registrations.Registration change"]
    assert {label: entry for label, entry in seen.items() if label.startswith("autocomplete ")} == {
        f"autocomplete {s._meta.label}.{f}": (200, t in world["dakar_rows"])
        for s, f, t in autocomplete_sources()
    }
    pages = {label: entry for label, entry in seen.items() if not label.startswith("autocomplete ")}
    for label, entry in pages.items():
        model = next(m for m in admin.site._registry if m._meta.label == label)
        assert entry["changelist"] == (200, model in world["dakar_rows"]), label
        if model in world["dakar_rows"]:
            assert (entry["change"], entry["history"]) == (200, 200), label
    # Rows that only their services write (or that are history) have no add page, even here.
    assert sorted(label for label, entry in pages.items() if entry["add"] != 200) == NO_ADD_PAGE
    assert {entry["add"] for entry in pages.values() if entry["add"] != 200} == {403}
    assert [label for label, entry in pages.items() if entry.get("offers_dakar") is None] == [
        label for label, entry in pages.items() if entry["add"] != 200
    ]
    both = {
        model._meta.label
        for model, row in world["quezon_rows"].items()
        if {row.pk, world["dakar_rows"][model].pk} <= visible_rows(client, model)[1]
    }
    assert both == {model._meta.label for model in world["quezon_rows"]}


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
def test_personal_fields_cannot_be_queried_through_changelist_filters(
    client, world, administrator, lookup
):
    """A prefix oracle answered "14 results" to ``passport_number__startswith=P1``; unlisted
    lookups are refused, for every user (superusers included), before any query runs."""
    url = urls(Registration)["changelist"] + "?" + lookup
    client.force_login(administrator)

    response = client.get(url)

    assert response.status_code == 400
    assert "result" not in response.content.decode()


def test_displayed_filters_still_work(client, world, administrator):
    client.force_login(administrator)
    registration = world["dakar_rows"][Registration]
    url = urls(Registration)["changelist"]

    by_state = client.get(url, {"state__exact": registration.state})
    by_category = client.get(url, {"category__id__exact": registration.category_id})
    other_state = client.get(url, {"state__exact": "cancelled"})

    assert sorted(r.pk for r in by_state.context["cl"].result_list) == sorted(
        [registration.pk, world["quezon_rows"][Registration].pk]
    )
    assert [r.pk for r in by_category.context["cl"].result_list] == [registration.pk]
    assert list(other_state.context["cl"].result_list) == []


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


def test_forged_posts_of_an_organiser_change_nothing(client, world):
    """Even a holder of every flag of the event: the admin answers with its login page."""
    client.force_login(world["dakar_board"])
    invitation = world["dakar_rows"][Invitation]
    key = world["dakar_rows"][PartnerKey]
    event = world["dakar"]
    posts = {
        urls(Invitation, invitation.pk)["change"]: {"code": "MINE", "max_uses": "99"},
        reverse("admin:api_partnerkey_change", args=[key.pk]): {"name": "Hijacked"},
        urls(Event, event.pk)["change"]: {"name": "Hijacked"},
        urls(Event, event.pk)["delete"]: {"post": "yes"},
        urls(Organisation)["add"]: {"name": "Fake city", "official_domains": "fake.example"},
    }

    answers = {url: client.post(url, data) for url, data in posts.items()}

    assert {url: (r.status_code, r["Location"]) for url, r in answers.items()} == {
        url: login_redirect(url) for url in posts
    }
    invitation.refresh_from_db()
    key.refresh_from_db()
    event.refresh_from_db()
    assert (invitation.code, invitation.max_uses, key.name, event.name) == (
        "CODE-DAKAR",
        world["dakar_rows"][Invitation].max_uses,
        "Dakar website",
        "Dakar forum",
    )
    assert Organisation.objects.filter(name="Fake city").exists() is False


def test_registration_changelist_query_count(
    client, world, administrator, django_assert_num_queries
):
    client.force_login(administrator)
    url = urls(Registration)["changelist"]

    with django_assert_num_queries(QUERIES_REGISTRATION_CHANGELIST):
        response = client.get(
            url, {"category__id__exact": world["dakar_rows"][Registration].category_id}
        )

    assert [r.pk for r in response.context["cl"].result_list] == [
        world["dakar_rows"][Registration].pk
    ]
