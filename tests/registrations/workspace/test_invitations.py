"""The invitations page and its service: codes, personal invitations from a CSV, emails,
revocation, use tracking; every write audited once."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import AuditAction, AuditEntry
from registrations.enums import InvitationKind
from registrations.forms.setup import InvitationForm
from registrations.models import Invitation
from registrations.services.invitations import (
    InvitationError,
    invitation_create,
    invitation_revoke,
    invitation_send,
)
from registrations.services.registrations import (
    RegistrationError,
    invitation_check,
    registration_create,
)
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, person, register
from tests.registrations.workspace.conftest import url

pytestmark = pytest.mark.django_db


def csv_file(text: str, name: str = "invitees.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def entries(obj=None, *, model=Invitation):
    queryset = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if obj is not None:
        queryset = queryset.filter(object_id=str(obj.pk))
    return list(queryset.order_by("pk").values_list("action", "actor__username"))


def test_create_a_code_to_share_draws_a_code_and_audits_it(client, manager, delegates):
    response = client.post(
        url("invitations", delegates.event),
        {"action": "create", "kind": "code", "category": delegates.pk, "max_uses": "25"},
    )

    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{10}", invitation.code)
    assert (invitation.kind, invitation.max_uses, invitation.uses, invitation.created_by) == (
        "code",
        25,
        0,
        manager,
    )
    assert entries(invitation) == [(AuditAction.CREATED, "manager")]
    [changes] = AuditEntry.objects.values_list("changes", flat=True)
    assert changes["max_uses"] == [None, 25] and changes["code"] == [None, invitation.code]


INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."


def test_category_of_another_event_is_refused_and_nothing_created(client, manager, delegates):
    elsewhere = CategoryFactory(event=EventFactory(), name="Elsewhere")
    missing = max(elsewhere.pk, delegates.pk) + 1000

    def category_errors(category_id):
        response = client.post(
            url("invitations", delegates.event),
            {"action": "create", "kind": "code", "category": category_id, "max_uses": "1"},
        )
        return response.status_code, response.context["form"].errors["category"]

    # Another event's category and an id that exists nowhere read exactly alike.
    assert category_errors(elsewhere.pk) == (200, [INVALID_CHOICE])
    assert category_errors(missing) == (200, [INVALID_CHOICE])
    assert (Invitation.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_csv_upload_refuses_another_events_category_as_a_missing_one(client, manager, delegates):
    elsewhere = CategoryFactory(event=EventFactory(), name="Elsewhere")
    missing = max(elsewhere.pk, delegates.pk) + 1000

    def category_errors(category_id):
        response = client.post(
            url("invitations", delegates.event),
            {
                "action": "upload",
                "category": category_id,
                "file": csv_file("email,name,organisation\nana@quito.example,Ana,\n"),
            },
        )
        return response.status_code, response.context["upload"].errors["category"]

    assert category_errors(elsewhere.pk) == (200, [INVALID_CHOICE])
    assert category_errors(missing) == (200, [INVALID_CHOICE])
    assert Invitation.objects.count() == 0


def test_invitation_form_offers_only_the_events_categories(delegates):
    CategoryFactory(event=EventFactory(), name="Elsewhere")

    form = InvitationForm(event=delegates.event)

    assert [label for _, label in form.fields["category"].choices] == [
        "---------",
        delegates.display_name,
    ]


def test_head_grant_needs_a_personal_invitation_naming_an_organisation(delegates, manager):
    with pytest.raises(InvitationError) as excinfo:
        invitation_create(
            event=delegates.event,
            category=delegates,
            kind=InvitationKind.PERSONAL,
            email="mayor@example.org",
            grants_head_of_delegation=True,
            user=manager,
        )
    assert excinfo.value.code == "grants_head_of_delegation"
    assert Invitation.objects.count() == 0

    city = OrganisationFactory(name="Ciudad de Cuenca")
    granted = invitation_create(
        event=delegates.event,
        category=delegates,
        kind=InvitationKind.PERSONAL,
        email="mayor@example.org",
        organisation=city,
        grants_head_of_delegation=True,
        user=manager,
    )
    assert (granted.grants_head_of_delegation, granted.organisation) == (True, city)


@pytest.mark.django_db(transaction=True)  # emails go out after commit
def test_csv_upload_creates_and_emails_personal_invitations(client, manager, delegates):
    OrganisationFactory(name="Ville de Lyon")
    upload = csv_file(
        "email,name,organisation\n"
        "ana@quito.example,Ana Pérez,\n"
        "luc@lyon.example,Luc Martin,ville de lyon\n"
        "\n"
        "amina@dakar.example,,\n"
    )

    response = client.post(
        url("invitations", delegates.event),
        {"action": "upload", "category": delegates.pk, "file": upload, "send": "on"},
        follow=True,
    )

    invitations = list(Invitation.objects.order_by("pk"))
    assert [(i.kind, i.email, i.name, str(i.organisation or "")) for i in invitations] == [
        ("personal", "ana@quito.example", "Ana Pérez", ""),
        ("personal", "luc@lyon.example", "Luc Martin", "Ville de Lyon"),
        ("personal", "amina@dakar.example", "", ""),
    ]
    assert [str(m) for m in response.context["messages"]] == ["3 invitations created."]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "amina@dakar.example",
        "ana@quito.example",
        "luc@lyon.example",
    ]
    ana_mail = next(m for m in mail.outbox if m.to == ["ana@quito.example"])
    assert ana_mail.subject == "You are invited to register for Mayoral Forum Quito"
    assert f"/en/events/quito/register/?code={invitations[0].code}" in ana_mail.body
    assert "Dear Ana Pérez," in ana_mail.body
    assert (
        entries()
        == [
            (AuditAction.CREATED, "manager"),
            (AuditAction.INVITED, "manager"),
        ]
        * 3
    )
    assert [row.code for row in response.context["invitations"]] == [
        i.code for i in reversed(invitations)
    ]


def test_csv_with_one_bad_row_creates_nothing_and_names_the_row(client, manager, delegates):
    upload = csv_file(
        "email,name\nana@quito.example,Ana\nnot-an-email,Luc\nana@quito.example,Ana again\n"
    )

    response = client.post(
        url("invitations", delegates.event),
        {"action": "upload", "category": delegates.pk, "file": upload, "send": "on"},
    )

    assert response.status_code == 200
    assert response.context["row_errors"] == [
        (3, "Enter a valid email address."),
        (4, "This email is already on row 2."),
    ]
    assert response.context["upload"].errors["file"] == [
        "Some rows are not valid; no invitation was created."
    ]
    html = response.content.decode()
    assert "Row 3: Enter a valid email address." in html
    assert (Invitation.objects.count(), AuditEntry.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_csv_unknown_organisation_is_a_row_error(client, manager, delegates):
    upload = csv_file("email,organisation\nana@quito.example,Nowhere City\n")

    response = client.post(
        url("invitations", delegates.event),
        {"action": "upload", "category": delegates.pk, "file": upload},
    )

    assert response.context["row_errors"] == [
        (2, "“Nowhere City” is not an organisation on our list.")
    ]
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("email\n" + "a" * (5 * 1024 * 1024), "The file is too large: at most 512 KB."),
        (
            "mail,name\nana@quito.example,Ana\n",
            "The first row must name the columns email, name and organisation.",
        ),
        ("email\n", "The file lists nobody."),
        (
            "email\n" + "".join(f"p{i}@example.org\n" for i in range(1001)),
            "Upload at most 1000 people at a time.",
        ),
    ],
    ids=["5mb", "columns", "empty", "rows"],
)
def test_bad_files_are_refused_and_nothing_created(client, manager, delegates, content, message):
    response = client.post(
        url("invitations", delegates.event),
        {"action": "upload", "category": delegates.pk, "file": csv_file(content)},
    )

    assert response.context["upload"].errors["file"] == [message]
    assert (Invitation.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_not_utf8_is_refused(client, manager, delegates):
    upload = SimpleUploadedFile("x.csv", "email\nzoé@example.org\n".encode("latin-1"))
    response = client.post(
        url("invitations", delegates.event),
        {"action": "upload", "category": delegates.pk, "file": upload},
    )
    assert response.context["upload"].errors["file"] == ["Save the file as CSV in UTF-8."]


def test_revoke_expires_the_invitation_and_audits_old_to_new(client, manager, delegates):
    invitation = invitation_create(
        event=delegates.event, category=delegates, kind="code", max_uses=5, user=manager
    )

    response = client.post(
        url("invitations", delegates.event),
        {"action": "revoke", "invitation": invitation.pk},
        follow=True,
    )

    invitation.refresh_from_db()
    assert invitation.expires_at is not None and invitation.expires_at <= timezone.now()
    assert [str(m) for m in response.context["messages"]] == [
        f"Invitation {invitation.code} revoked."
    ]
    assert entries(invitation) == [
        (AuditAction.CREATED, "manager"),
        (AuditAction.REVOKED, "manager"),
    ]
    revoked = AuditEntry.objects.get(action=AuditAction.REVOKED)
    assert revoked.changes == {"expires_at": [None, invitation.expires_at.isoformat()]}
    with pytest.raises(RegistrationError) as excinfo:
        invitation_check(event=delegates.event, code=invitation.code)
    assert excinfo.value.code == "invitation_expired"
    with pytest.raises(InvitationError):
        invitation_revoke(invitation=invitation, user=manager)
    assert AuditEntry.objects.filter(action=AuditAction.REVOKED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_send_emails_a_personal_invitation_and_audits_it(client, manager, delegates):
    invitation = invitation_create(
        event=delegates.event,
        category=delegates,
        kind="personal",
        email="ana@quito.example",
        user=manager,
    )
    code = invitation_create(event=delegates.event, category=delegates, kind="code", user=manager)

    client.post(
        url("invitations", delegates.event), {"action": "send", "invitation": invitation.pk}
    )

    assert [m.to for m in mail.outbox] == [["ana@quito.example"]]
    assert "Dear colleague," in mail.outbox[0].body
    assert entries(invitation) == [
        (AuditAction.CREATED, "manager"),
        (AuditAction.INVITED, "manager"),
    ]
    with pytest.raises(InvitationError) as excinfo:
        invitation_send(invitation=code, user=manager)
    assert excinfo.value.code == "not_personal"


def test_list_tracks_uses_and_the_last_registration(client, manager, delegates):
    delegates.capacity = None
    delegates.save()
    invitation = invitation_create(
        event=delegates.event, category=delegates, kind="code", max_uses=3, user=manager
    )
    register(delegates, given_name="Ana", family_name="Pérez")
    registration_create(
        event=delegates.event,
        category_id=delegates.pk,
        person=person(given_name="Luc", family_name="Martin"),
        invitation_code=invitation.code,
    )
    second, _ = registration_create(
        event=delegates.event,
        category_id=delegates.pk,
        person=person(given_name="Rosa", family_name="Vega"),
        invitation_code=invitation.code,
    )

    response = client.get(url("invitations", delegates.event))

    [row] = response.context["invitations"]
    assert (row.uses, row.max_uses, row.last_reference, row.last_given_name) == (
        2,
        3,
        second.reference,
        "Rosa",
    )
    html = response.content.decode()
    assert "2 / 3" in html and "Rosa Vega" in html
    assert (
        reverse(
            "manage:registration_detail", kwargs={"slug": "quito", "reference": second.reference}
        )
        in html
    )


@pytest.mark.parametrize("size", [10, 200])
def test_list_costs_the_same_queries_at_any_size(
    client, manager, delegates, size, django_assert_num_queries
):
    city = OrganisationFactory(name="Ville de Lyon")
    Invitation.objects.bulk_create(
        [
            Invitation(
                event=delegates.event,
                category=delegates,
                kind="personal",
                code=f"CODE{i:06d}",
                email=f"p{i}@example.org",
                organisation=city,
            )
            for i in range(size)
        ]
    )

    with django_assert_num_queries(8):
        response = client.get(url("invitations", delegates.event))

    assert len(response.context["invitations"]) == size
