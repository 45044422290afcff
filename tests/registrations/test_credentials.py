"""Nomination letters: uploads (organiser, registrant), the organisers' queue and decisions,
the letter's file, the registrant's own view, the export's columns and erasure."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from forum.tokens import token_hash, token_new
from registrations.enums import LetterState, RegistrationState
from registrations.models import FocalPoint, NominationLetter
from registrations.services.credentials import letter_reject, letter_upload, letter_verify
from registrations.services.personal_data import (
    event_erase_personal_data,
    registration_erase_personal_data,
)
from registrations.services.registrations import registration_create
from tests.documents.conftest import pdf_bytes
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, person, register

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf(name="letter.pdf", text="Nomination"):
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def manage(name, event, **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": event.slug, **kwargs})


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def quito(db):
    return EventFactory(name="Mayoral Forum Quito", slug="quito", registration_open=True)


@pytest.fixture
def mayors(quito):
    """A free category that needs a verified letter, and no approval."""
    return CategoryFactory(event=quito, name="Mayor", requires_nomination_letter=True)


@pytest.fixture
def checker(quito, organiser_of):
    return organiser_of(
        quito, username="checker", can_manage_registrations=True, can_view_personal_data=True
    )


@pytest.fixture
def manager(quito, organiser_of):
    """A registration manager without the personal-data flag."""
    return organiser_of(quito, username="manager", can_manage_registrations=True)


@pytest.fixture
def city():
    return OrganisationFactory(name="City of Quito")


@pytest.fixture
def focal_point(quito, city):
    return FocalPoint.objects.create(
        event=quito,
        organisation=city,
        name="Fatima Diallo",
        email="fatima@quito.example",
        language="fr",
        token_hash=token_hash(token_new()),
    )


def upload(registrations, *, name="letter.pdf", actor_label="organiser", **kwargs):
    return letter_upload(
        event=registrations[0].event,
        registrations=registrations,
        uploaded=pdf(name),
        actor_label=actor_label,
        **kwargs,
    )


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# --- registration and uploads ------------------------------------------------------------------


def test_a_category_needing_a_letter_registers_into_credentials_pending(mayors):
    registration, _token = register(mayors)

    assert registration.state == RegistrationState.CREDENTIALS_PENDING


def test_registrant_uploads_through_their_link(client, mayors, _documents_storage):
    registration, token = register(mayors, given_name="Ana", family_name="Quispe")

    response = client.post(
        reverse("registration_credentials", kwargs={"token": token}),
        {"file": pdf("nomination.pdf")},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/en/r/{token}/#credentials"
    assert texts(response) == [
        "Your letter has been received: the organisers will check it and email you."
    ]
    letter = NominationLetter.objects.get()
    assert (letter.filename, letter.uploaded_by_label, letter.state, letter.uploaded_by) == (
        "nomination.pdf",
        "registrant",
        LetterState.PENDING,
        None,
    )
    assert list(letter.registrations.all()) == [registration]
    assert len(stored_files(_documents_storage)) == 1


def test_registrant_upload_of_an_exe_named_pdf_is_refused_in_their_language(
    client, mayors, _documents_storage
):
    _registration, token = register(mayors)

    response = client.post(
        reverse("registration_credentials", kwargs={"token": token}).replace("/en/", "/fr/"),
        {"file": SimpleUploadedFile("letter.pdf", EXE, content_type="application/pdf")},
    )

    assert response["Location"] == f"/fr/r/{token}/#credentials"
    assert texts(response) == [
        "Ce type de fichier n'est pas accepté. Acceptés : PDF, Word, PowerPoint, Excel, "
        "OpenDocument, PNG, JPEG."
    ]
    assert NominationLetter.objects.count() == 0
    assert stored_files(_documents_storage) == []


def test_registrant_upload_too_big_is_refused_and_nothing_stored(
    client, mayors, settings, _documents_storage
):
    settings.FORUM_DOCUMENT_MAX_BYTES = 500
    _registration, token = register(mayors)
    big = pdf()

    response = client.post(
        reverse("registration_credentials", kwargs={"token": token}), {"file": big}
    )

    assert texts(response) == [
        f"The file is {filesizeformat(big.size)}; files of up to 500\xa0bytes are accepted."
    ]
    assert NominationLetter.objects.count() == 0
    assert stored_files(_documents_storage) == []


def test_registrant_of_a_category_without_letters_cannot_upload(client, quito):
    _registration, token = register(CategoryFactory(event=quito, name="Observer"))

    response = client.post(
        reverse("registration_credentials", kwargs={"token": token}), {"file": pdf()}
    )

    assert texts(response) == ["Your registration does not take a nomination letter now."]
    assert NominationLetter.objects.count() == 0


def test_registrant_upload_with_a_wrong_link_is_404(client, mayors):
    response = client.post(
        reverse("registration_credentials", kwargs={"token": "nope"}), {"file": pdf()}
    )

    assert response.status_code == 404
    assert NominationLetter.objects.count() == 0


def test_registrant_upload_is_post_only(client, mayors):
    _registration, token = register(mayors)

    response = client.get(reverse("registration_credentials", kwargs={"token": token}))

    assert response.status_code == 405


def test_organiser_uploads_on_the_registration_page(client, checker, mayors):
    registration, _token = register(mayors)
    client.force_login(checker)

    response = client.post(
        manage("registration_letter_upload", mayors.event, reference=registration.reference),
        {"file": pdf("note-verbale.pdf")},
    )

    assert response["Location"] == (
        manage("registration_detail", mayors.event, reference=registration.reference)
        + "#credentials"
    )
    assert texts(response) == ["The letter “note-verbale.pdf” is filed: verify it below."]
    letter = NominationLetter.objects.get()
    assert (letter.uploaded_by_label, letter.uploaded_by) == ("organiser", checker)


def test_organiser_upload_refusal_is_shown(client, checker, mayors, _documents_storage):
    registration, _token = register(mayors)
    client.force_login(checker)

    response = client.post(
        manage("registration_letter_upload", mayors.event, reference=registration.reference),
        {"file": SimpleUploadedFile("letter.pdf", EXE)},
    )

    assert texts(response) == [
        "This kind of file is not accepted. Accepted: PDF, Word, PowerPoint, Excel, "
        "OpenDocument, PNG, JPEG."
    ]
    assert stored_files(_documents_storage) == []


def test_organiser_without_the_personal_data_flag_cannot_upload(client, manager, mayors):
    registration, _token = register(mayors)
    client.force_login(manager)

    response = client.post(
        manage("registration_letter_upload", mayors.event, reference=registration.reference),
        {"file": pdf()},
    )

    assert response.status_code == 404
    assert NominationLetter.objects.count() == 0


# --- decisions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "state", "subject"),
    [
        ({}, RegistrationState.CONFIRMED, "Registration approved: Mayoral Forum Quito"),
        (
            {"requires_approval": True},
            RegistrationState.PENDING_APPROVAL,
            "Nomination letter verified: Mayoral Forum Quito",
        ),
        (
            {"fee": 50, "currency": "EUR"},
            RegistrationState.AWAITING_PAYMENT,
            "Registration approved, payment due: 50.00 EUR for Mayoral Forum Quito",
        ),
    ],
)
def test_verify_moves_the_registration_on_with_its_email(
    client, checker, quito, category, state, subject, django_capture_on_commit_callbacks
):
    mayors = CategoryFactory(event=quito, name="Mayor", requires_nomination_letter=True, **category)
    registration, _token = register(mayors, email="ana@quito.example")
    letter = upload([registration])
    client.force_login(checker)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            manage("credentials", quito), {"action": "verify", "letter": letter.pk}
        )

    assert texts(response) == ["The letter “letter.pdf” is verified."]
    registration.refresh_from_db()
    letter.refresh_from_db()
    assert (registration.state, letter.state, letter.decided_by) == (
        state,
        LetterState.VERIFIED,
        checker,
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [(["ana@quito.example"], subject)]
    assert "credentials_verified" not in mail.outbox[0].body


def test_verify_email_is_in_the_registrants_language(
    mayors, checker, django_capture_on_commit_callbacks
):
    registration, _token = register(mayors, language="fr", email="ana@quito.example")
    letter = upload([registration])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        letter_verify(letter=letter, event=mayors.event, user=checker)

    assert [m.subject for m in mail.outbox] == ["Inscription approuvée : Mayoral Forum Quito"]


def test_reject_needs_a_reason(client, checker, mayors):
    registration, _token = register(mayors)
    letter = upload([registration])
    client.force_login(checker)

    response = client.post(
        manage("credentials", mayors.event),
        {"action": "reject", "letter": letter.pk, "reason": "  "},
    )

    assert texts(response) == ["Say why the letter is rejected: the people it names are told."]
    letter.refresh_from_db()
    assert letter.state == LetterState.PENDING


def test_reject_emails_the_registrants_and_the_focal_point(
    client, checker, mayors, city, focal_point, django_capture_on_commit_callbacks
):
    ana, _ = register(mayors, given_name="Ana", family_name="Quispe", organisation=city)
    luc, _ = register(mayors, given_name="Luc", family_name="Martin", organisation=city)
    letter = upload([ana, luc], actor_label="focal point", focal_point=focal_point)
    client.force_login(checker)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            manage("credentials", mayors.event),
            {"action": "reject", "letter": letter.pk, "reason": "Unsigned letter."},
        )

    assert texts(response) == [
        "The letter “letter.pdf” is rejected: the people it names and its sender are told why."
    ]
    letter.refresh_from_db()
    assert (letter.state, letter.reason) == (LetterState.REJECTED, "Unsigned letter.")
    ana.refresh_from_db()
    luc.refresh_from_db()
    assert (ana.state, luc.state) == (RegistrationState.CREDENTIALS_PENDING,) * 2
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        # The focal point reads French; the registrants, English.
        ("fatima@quito.example", "Lettre de nomination non acceptée : Mayoral Forum Quito"),
        (ana.email, "Nomination letter not accepted: Mayoral Forum Quito"),
        (luc.email, "Nomination letter not accepted: Mayoral Forum Quito"),
    ]
    to_focal_point = next(m for m in mail.outbox if m.to == ["fatima@quito.example"])
    assert "- Ana Quispe\n- Luc Martin\n" in to_focal_point.body
    assert "Unsigned letter." in to_focal_point.body


def test_reject_tells_no_one_whose_registration_no_longer_waits(
    checker, mayors, django_capture_on_commit_callbacks
):
    ana, _ = register(mayors)
    luc, _ = register(mayors)
    upload([ana]).refresh_from_db()
    letter_verify(letter=NominationLetter.objects.get(), event=mayors.event, user=checker)
    both = upload([ana, luc], name="both.pdf")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        letter_reject(letter=both, event=mayors.event, user=checker, reason="Copy.")

    assert [m.to for m in mail.outbox] == [[luc.email]]


def test_bulk_verify_reports_letters_decided_meanwhile(client, checker, mayors):
    first = upload([register(mayors)[0]], name="first.pdf")
    second = upload([register(mayors)[0]], name="second.pdf")
    letter_reject(letter=second, event=mayors.event, user=checker, reason="Unsigned.")
    client.force_login(checker)

    response = client.post(
        manage("credentials", mayors.event) + "?state=all",
        {"action": "verify_selected", "letters": [first.pk, second.pk]},
    )

    assert response["Location"] == manage("credentials", mayors.event) + "?state=all"
    assert texts(response) == [
        "1 letter verified.",
        "“second.pdf” was not verified: This letter has already been rejected.",
    ]
    first.refresh_from_db()
    assert first.state == LetterState.VERIFIED


def test_bulk_verify_without_a_selection_is_refused(client, checker, mayors):
    client.force_login(checker)

    response = client.post(manage("credentials", mayors.event), {"action": "verify_selected"})

    assert texts(response) == ["Select at least one letter."]


def test_deciding_from_the_registration_page_goes_back_to_it(client, checker, mayors):
    registration, _token = register(mayors)
    letter = upload([registration])
    client.force_login(checker)

    response = client.post(
        manage("credentials", mayors.event),
        {"action": "verify", "letter": letter.pk, "back": registration.reference},
    )

    assert response["Location"] == (
        manage("registration_detail", mayors.event, reference=registration.reference)
        + "#credentials"
    )


# --- access --------------------------------------------------------------------------------------


@pytest.fixture
def berlin_letter(organiser_of):
    berlin = EventFactory(name="Mayoral Forum Berlin", slug="berlin", registration_open=True)
    category = CategoryFactory(event=berlin, requires_nomination_letter=True)
    return upload([register(category)[0]], name="berlin.pdf")


def test_another_events_letter_is_404(client, checker, mayors, berlin_letter):
    client.force_login(checker)

    download = client.get(manage("credentials_file", mayors.event, pk=berlin_letter.pk))
    decide = client.post(
        manage("credentials", mayors.event), {"action": "verify", "letter": berlin_letter.pk}
    )

    assert (download.status_code, decide.status_code) == (404, 404)
    berlin_letter.refresh_from_db()
    assert berlin_letter.state == LetterState.PENDING


def test_organiser_without_the_personal_data_flag_is_told_they_need_it(client, manager, mayors):
    letter = upload([register(mayors)[0]])
    client.force_login(manager)

    page = client.get(manage("credentials", mayors.event))
    decide = client.post(
        manage("credentials", mayors.event), {"action": "verify", "letter": letter.pk}
    )
    download = client.get(manage("credentials_file", mayors.event, pk=letter.pk))
    registrations = client.get(manage("registrations", mayors.event)).content.decode()

    assert page.status_code == 403
    assert "checking them needs the personal-data permission" in page.content.decode()
    assert "letter.pdf" not in page.content.decode()
    assert (decide.status_code, download.status_code) == (403, 404)
    assert 'id="credentials-tab"' not in registrations
    letter.refresh_from_db()
    assert letter.state == LetterState.PENDING


def test_organiser_of_another_event_gets_404(client, mayors, organiser_of, berlin_letter):
    berliner = organiser_of(
        berlin_letter.event, can_manage_registrations=True, can_view_personal_data=True
    )
    client.force_login(berliner)

    assert client.get(manage("credentials", mayors.event)).status_code == 404


def test_letter_file_is_a_private_sandboxed_attachment(client, checker, mayors):
    letter = upload([register(mayors)[0]], name="Nomination Quito.pdf")
    client.force_login(checker)

    response = client.get(manage("credentials_file", mayors.event, pk=letter.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes("Nomination")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Nomination_Quito.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}
    assert client.post(manage("credentials_file", mayors.event, pk=letter.pk)).status_code == 405


def test_erased_letter_file_is_404(client, checker, mayors):
    registration, _token = register(mayors)
    letter = upload([registration])
    registration_erase_personal_data(registration=registration, user=checker)
    client.force_login(checker)

    response = client.get(manage("credentials_file", mayors.event, pk=letter.pk))

    assert response.status_code == 404


def test_registrant_page_shows_only_their_own_letters(client, mayors):
    ana, ana_token = register(mayors, given_name="Ana", family_name="Quispe")
    luc, _ = register(mayors, given_name="Luc", family_name="Martin")
    upload([ana, luc], name="Quito-delegation.pdf")
    upload([luc], name="luc-only.pdf")
    rejected = upload([ana], name="ana.pdf")
    letter_reject(letter=rejected, event=mayors.event, user=None, reason="Not signed.")

    html = client.get(reverse("registration_manage", kwargs={"token": ana_token})).content.decode()

    assert "Luc" not in html
    assert "Martin" not in html
    assert "luc-only.pdf" not in html
    assert "Quito-delegation.pdf" not in html
    assert "A letter naming you and 1 other person" in html
    assert "ana.pdf" in html
    assert "The organisers’ reason: Not signed." in html
    assert 'id="letter-upload-form"' in html


def test_registrant_page_of_a_cancelled_registration_offers_no_upload(client, mayors):
    from registrations.services.registrations import registration_cancel

    registration, token = register(mayors)
    registration_cancel(registration=registration, actor_label="registrant")

    html = client.get(reverse("registration_manage", kwargs={"token": token})).content.decode()

    assert 'id="credentials"' in html
    assert 'id="letter-upload-form"' not in html


# --- pages: content and query counts -------------------------------------------------------------


def test_queue_lists_pending_first_with_what_each_letter_names(
    client, checker, mayors, city, focal_point
):
    ana, _ = register(mayors, given_name="Ana", family_name="Quispe", organisation=city)
    decided = upload([ana], name="old.pdf")
    letter_reject(letter=decided, event=mayors.event, user=checker, reason="Blurred.")
    pending = upload([ana], name="new.pdf", actor_label="focal point", focal_point=focal_point)
    client.force_login(checker)

    response = client.get(manage("credentials", mayors.event), {"state": "all"})

    assert [letter.pk for letter in response.context["page"].object_list] == [
        pending.pk,
        decided.pk,
    ]
    html = response.content.decode()
    assert "focal point Fatima Diallo" in html
    assert "City of Quito" in html
    assert "Ana Quispe" in html
    assert "Blurred." in html
    assert 'id="credentials-tab"' in html


def test_queue_filter_defaults_to_pending(client, checker, mayors):
    registration, _ = register(mayors)
    upload([registration], name="a.pdf")
    letter_verify(letter=upload([registration], name="b.pdf"), event=mayors.event, user=checker)
    client.force_login(checker)

    pending = client.get(manage("credentials", mayors.event))
    verified = client.get(manage("credentials", mayors.event), {"state": "verified"})

    assert [letter.filename for letter in pending.context["page"].object_list] == ["a.pdf"]
    assert [letter.filename for letter in verified.context["page"].object_list] == ["b.pdf"]
    assert pending.context["letters_pending"] == 1


def letters(category, n):
    for i in range(n):
        people = [register(category)[0] for _ in range(2)]
        upload(people, name=f"letter-{i}.pdf")


@pytest.mark.parametrize("n", [2, 10])
def test_queue_query_count_is_fixed(client, checker, mayors, django_assert_num_queries, n):
    letters(mayors, n)
    client.force_login(checker)
    url = manage("credentials", mayors.event)

    # session, user, team flags, event, paginator count, letters, the people they name,
    # the pending count
    with django_assert_num_queries(8):
        response = client.get(url, {"state": "all"})

    assert len(response.context["page"].object_list) == n


@pytest.mark.parametrize("n", [2, 10])
def test_detail_page_with_letters_query_count_is_fixed(
    client, checker, mayors, django_assert_num_queries, n
):
    registration, _ = register(mayors)
    for i in range(n):
        upload([registration, register(mayors)[0]], name=f"letter-{i}.pdf")
    client.force_login(checker)
    url = manage("registration_detail", mayors.event, reference=registration.reference)

    # session, user, team flags, event, registration, history, the event's questions, letters,
    # the people they name, the tab's pending count
    with django_assert_num_queries(10):
        response = client.get(url)

    assert len(response.context["letters"]) == n


@pytest.mark.parametrize("n", [2, 10])
def test_registrant_letters_cost_one_query(mayors, django_assert_num_queries, n):
    from registrations.selectors.credentials import letters_for_registrant

    registration, _ = register(mayors)
    for i in range(n):
        upload([registration, register(mayors)[0]], name=f"letter-{i}.pdf")

    with django_assert_num_queries(1):
        seen = letters_for_registrant(registration=registration)

    assert [(letter.filename, letter.others) for letter in seen] == [("", 1)] * n


def test_detail_page_shows_who_registered(client, manager, mayors, city, focal_point):
    nominated, _ = registration_create(
        event=mayors.event,
        category_id=mayors.pk,
        person=person(organisation=city),
        actor_label="focal point",
        nominated_by=focal_point,
    )
    own, _ = register(mayors)
    client.force_login(manager)

    nominated_html = client.get(
        manage("registration_detail", mayors.event, reference=nominated.reference)
    ).content.decode()
    own_html = client.get(
        manage("registration_detail", mayors.event, reference=own.reference)
    ).content.decode()

    assert (
        '<div id="registered-by"><dt>Registered by</dt><dd>focal point Fatima Diallo '
        "&lt;fatima@quito.example&gt; for City of Quito</dd></div>" in nominated_html
    )
    assert '<div id="registered-by"><dt>Registered by</dt><dd>The registrant</dd></div>' in own_html
    assert 'id="credentials"' not in own_html  # letters are for the personal-data flag


# --- export ----------------------------------------------------------------------------------


def test_export_names_who_registered_the_focal_point_and_the_latest_letter(
    client, checker, mayors, city, focal_point
):
    nominated, _ = registration_create(
        event=mayors.event,
        category_id=mayors.pk,
        person=person(organisation=city),
        actor_label="focal point",
        nominated_by=focal_point,
    )
    upload([nominated], actor_label="focal point", focal_point=focal_point)
    verified, _ = register(mayors)
    letter_reject(letter=upload([verified]), event=mayors.event, user=checker, reason="No.")
    letter_verify(letter=upload([verified]), event=mayors.event, user=checker)
    rejected, _ = register(mayors)
    letter_reject(letter=upload([rejected]), event=mayors.event, user=checker, reason="No.")
    none, _ = register(mayors)
    client.force_login(checker)

    response = client.get(manage("registrations_export", mayors.event))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header = rows[0]
    columns = [header.index(name) for name in ("Registered by", "Nominated by", "Credentials")]
    cells = {row[0]: [row[i] for i in columns] for row in rows[1:]}
    assert cells == {
        nominated.reference: [
            "A focal point of their organisation",
            "Fatima Diallo <fatima@quito.example>",
            "pending",
        ],
        verified.reference: ["The registrant", "", "verified"],
        rejected.reference: ["The registrant", "", "rejected"],
        none.reference: ["The registrant", "", "none"],
    }


# --- erasure ---------------------------------------------------------------------------------


def test_erasing_a_registration_deletes_its_letter_files_after_commit(
    checker, mayors, _documents_storage, django_capture_on_commit_callbacks
):
    registration, _ = register(mayors)
    other, _ = register(mayors)
    letter = upload([registration])
    letter_verify(letter=letter, event=mayors.event, user=checker)
    kept = upload([other], name="other.pdf")
    name = letter.file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert registration_erase_personal_data(registration=registration, user=checker) is True
    assert (_documents_storage / name).exists()  # not before the commit
    for callback in callbacks:
        callback()

    assert not (_documents_storage / name).exists()
    assert stored_files(_documents_storage) == [kept.file.name]
    letter.refresh_from_db()
    assert (letter.state, letter.file.name, letter.erased_at is not None) == (
        LetterState.VERIFIED,
        "",
        True,
    )
    registration.refresh_from_db()
    assert registration.state == RegistrationState.CONFIRMED


def test_erasing_an_erased_registration_erases_a_later_letter(
    checker, mayors, _documents_storage, django_capture_on_commit_callbacks
):
    registration, _ = register(mayors)
    registration_erase_personal_data(registration=registration, user=checker)
    upload([registration])

    with django_capture_on_commit_callbacks(execute=True):
        assert registration_erase_personal_data(registration=registration, user=checker) is True

    assert stored_files(_documents_storage) == []


def test_erasing_the_event_deletes_every_letter_file(
    checker, mayors, _documents_storage, django_capture_on_commit_callbacks
):
    ana, _ = register(mayors)
    luc, _ = register(mayors)
    shared = upload([ana, luc])
    letter_reject(
        letter=upload([luc], name="luc.pdf"), event=mayors.event, user=checker, reason="x"
    )
    assert len(stored_files(_documents_storage)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert event_erase_personal_data(event=mayors.event, user=checker, force=True) == 2

    assert stored_files(_documents_storage) == []
    assert sorted(NominationLetter.objects.values_list("state", "file", flat=False)) == [
        (LetterState.PENDING, ""),
        (LetterState.REJECTED, ""),
    ]
    shared.refresh_from_db()
    assert shared.erased_at is not None
