import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import AuditAction, AuditEntry
from sessions.enums import SpeakerState
from sessions.models import SessionRole, Speaker
from sessions.services.speakers import speaker_moderate
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def url(name, event, **kwargs):
    return reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def organiser(event, organiser_of):
    return organiser_of(event, can_manage_programme=True)


@pytest.fixture
def manager(client, organiser):
    client.force_login(organiser)
    return client


def listed(response) -> list[str]:
    return re.findall(r'<tr data-speaker="([^"]*)"', response.content.decode())


def entries(speaker) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_id=str(speaker.pk), content_type__model="speaker"
        ).order_by("pk")
    )


@pytest.fixture
def directory(event):
    """Four speakers, one per invitation state, with roles in two sessions."""
    now = timezone.now()
    never = SpeakerFactory(
        event=event, code="NEVER1", name="Ana Never", state=SpeakerState.INVITED, invited_at=None
    )
    waiting = SpeakerFactory(
        event=event, code="WAIT01", name="Bo Waiting", state=SpeakerState.INVITED, invited_at=now
    )
    accepted = SpeakerFactory(
        event=event,
        code="YES001",
        name="Cy Accepted",
        state=SpeakerState.CONFIRMED,
        invited_at=now,
        organisation_name="Ciudad de Quito",
    )
    declined = SpeakerFactory(
        event=event, code="NO0001", name="Di Declined", state=SpeakerState.DECLINED, invited_at=now
    )
    opening = SessionFactory(event=event, code="OPEN", title="Opening")
    panel = SessionFactory(event=event, code="PANEL", title="Panel")
    SessionRoleFactory(session=opening, speaker=accepted, role="chair")
    SessionRoleFactory(session=panel, speaker=accepted, role="speaker")
    SessionRoleFactory(session=panel, speaker=waiting, role="moderator")
    return {"never": never, "waiting": waiting, "accepted": accepted, "declined": declined}


@pytest.mark.parametrize(
    ("invitation", "codes"),
    [
        ("", ["NEVER1", "WAIT01", "YES001", "NO0001"]),
        ("not_invited", ["NEVER1"]),
        ("invited", ["WAIT01"]),
        ("accepted", ["YES001"]),
        ("declined", ["NO0001"]),
    ],
)
def test_speakers_list_filters_by_invitation_state(event, manager, directory, invitation, codes):
    response = manager.get(url("speakers", event), {"invitation": invitation})

    assert listed(response) == codes


@pytest.mark.parametrize(
    ("q", "codes"), [("quito", ["YES001"]), ("bo", ["WAIT01"]), ("no0001", ["NO0001"])]
)
def test_speakers_list_searches_name_code_organisation(event, manager, directory, q, codes):
    response = manager.get(url("speakers", event), {"q": q})

    assert listed(response) == codes


def test_speakers_list_shows_session_count_roles_and_invitation(event, manager, directory):
    response = manager.get(url("speakers", event))

    rows = {
        speaker.code: (speaker.session_count, label) for speaker, label in response.context["rows"]
    }
    assert rows == {
        "NEVER1": (0, "not_invited"),
        "WAIT01": (1, "invited"),
        "YES001": (2, "accepted"),
        "NO0001": (0, "declined"),
    }
    html = response.content.decode()
    assert (
        'Chair <abbr title="Opening">OPEN</abbr>, Speaker <abbr title="Panel">PANEL</abbr>' in html
    )
    assert "Not invited" in html and "Invited, no answer" in html
    assert html.count(">Send invitation<") == 1
    assert html.count(">Resend invitation<") == 3


def test_speakers_list_paginates_by_fifty(event, manager):
    Speaker.objects.bulk_create(
        Speaker(event=event, code=f"C{i:05d}", name=f"Speaker {i:03d}") for i in range(51)
    )

    first = manager.get(url("speakers", event))
    second = manager.get(url("speakers", event), {"page": 2})

    assert len(listed(first)) == 50
    assert listed(second) == ["C00050"]
    assert "Page 2 of 2" in second.content.decode()


def _many(event, n):
    sessions = [SessionFactory(event=event, code=f"S{i}") for i in range(3)]
    speakers = Speaker.objects.bulk_create(
        Speaker(event=event, code=f"C{i:05d}", name=f"Speaker {i:04d}", email=f"s{i}@example.org")
        for i in range(n)
    )
    SessionRole.objects.bulk_create(
        SessionRole(session=sessions[i % 3], speaker=speaker, role="speaker")
        for i, speaker in enumerate(speakers)
    )


@pytest.mark.parametrize("n", [100, 1000])
def test_speakers_list_query_count_is_fixed(event, manager, django_assert_num_queries, n):
    _many(event, n)

    # session, user, team flags, event, count, page of speakers with session counts, roles
    with django_assert_num_queries(7):
        response = manager.get(url("speakers", event))

    assert len(listed(response)) == 50
    assert response.context["page"].paginator.count == n


@pytest.mark.parametrize("n", [100, 1000])
def test_speakers_list_filtered_query_count_is_fixed(event, manager, django_assert_num_queries, n):
    _many(event, n)

    with django_assert_num_queries(7):
        response = manager.get(
            url("speakers", event), {"q": "speaker 00", "invitation": "not_invited"}
        )

    assert len(listed(response)) == 50


def test_speaker_resend_invitation_emails_and_records_invited(
    event, manager, organiser, directory, django_capture_on_commit_callbacks
):
    speaker = directory["declined"]
    back = url("speakers", event) + "?invitation=declined"

    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(url("speaker_invite", event, code=speaker.code), {"next": back})

    assert response["Location"] == back
    speaker.refresh_from_db()
    assert speaker.state == SpeakerState.INVITED
    assert [m.to for m in mail.outbox] == [[speaker.email]]
    [entry] = entries(speaker)
    assert (entry.action, entry.actor) == (AuditAction.INVITED, organiser)
    assert set(entry.changes) == {"state", "invited_at"}
    assert entry.changes["state"] == ["declined", "invited"]
    assert "token_hash" not in entry.changes


def test_speaker_invite_without_email_refused_nothing_written(event, manager):
    speaker = SpeakerFactory(event=event, email="", invited_at=None, state=SpeakerState.INVITED)

    response = manager.post(url("speaker_invite", event, code=speaker.code), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "This speaker has no email address to send the invitation to."
    ]
    speaker.refresh_from_db()
    assert (speaker.invited_at, speaker.token_hash) == (None, "")
    assert entries(speaker) == []


def test_speaker_invite_refuses_an_open_redirect(event, manager, directory):
    speaker = directory["waiting"]

    response = manager.post(
        url("speaker_invite", event, code=speaker.code), {"next": "//evil.example/"}
    )

    assert response["Location"] == url("speaker_edit", event, code=speaker.code)


def test_speaker_create_page_creates_not_invited_speaker(event, manager, organiser):
    response = manager.post(
        url("speaker_create", event),
        {
            "honorific": "Mayor",
            "name": "  Amina   Diallo ",
            "position_fr": " Maire de Dakar ",
            "position_en": "Mayor of Dakar",
            "organisation_name": "City of Dakar",
            "email": "amina@example.org",
            "language": "fr",
        },
    )

    speaker = Speaker.objects.get(event=event)
    assert response["Location"] == url("speaker_edit", event, code=speaker.code)
    assert (speaker.name, speaker.language, speaker.state, speaker.invited_at) == (
        "Amina Diallo",
        "fr",
        SpeakerState.INVITED,
        None,
    )
    assert Speaker.objects.rewrite(False).filter(pk=speaker.pk).values(
        "position", "position_en", "position_fr", "position_es", "biography_fr"
    ).get() == {
        "position": "Mayor of Dakar",
        "position_en": "Mayor of Dakar",
        "position_fr": "Maire de Dakar",
        "position_es": "",
        "biography_fr": "",
    }
    [entry] = entries(speaker)
    assert (entry.action, entry.actor) == (AuditAction.CREATED, organiser)
    assert entry.changes["name"] == [None, "Amina Diallo"]
    assert (entry.changes["position_en"], entry.changes["position_fr"]) == (
        [None, "Mayor of Dakar"],
        [None, "Maire de Dakar"],
    )
    assert mail.outbox == []


def test_speaker_create_bad_input_refused(event, manager):
    response = manager.post(
        url("speaker_create", event), {"name": "", "email": "not-an-email", "language": "xx"}
    )

    assert set(response.context["form"].errors) == {"name", "email", "language"}
    assert not Speaker.objects.exists()
    assert not AuditEntry.objects.exists()


def test_speaker_edit_saves_and_shows_history(event, manager, organiser, directory):
    speaker = directory["accepted"]

    manager.post(
        url("speaker_edit", event, code=speaker.code),
        {
            "honorific": "H.E.",
            "name": "Cy Accepted",
            "position_en": "Mayor",
            "organisation_name": "Ciudad de Quito",
            "email": speaker.email,
            "language": "es",
        },
    )
    response = manager.get(url("speaker_edit", event, code=speaker.code))

    speaker.refresh_from_db()
    assert (speaker.honorific, speaker.language) == ("H.E.", "es")
    [line] = response.context["history"]
    assert line.action == "changed"
    assert sorted((c.field, c.old, c.new) for c in line.changes) == [
        ("honorific", "Mayor", "H.E."),
        ("language for emails", "English", "Spanish"),
    ]
    html = response.content.decode()
    assert "Chair: Opening <code>OPEN</code>" in html
    assert ">Resend the invitation<" in html


def test_speaker_moderation_clears_photo_and_edits_biography_with_note(
    event, manager, organiser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    speaker = SpeakerFactory(
        event=event,
        biography="Visit my shop at spam.example!",
        photo=SimpleUploadedFile("me.png", b"not checked here", content_type="image/png"),
    )
    stored = tmp_path / speaker.photo.name
    assert stored.exists()

    response = manager.post(
        url("speaker_moderate", event, code=speaker.code),
        {"biography_en": "Mayor since 2020.", "clear_photo": "on", "note": "Advertising removed"},
    )

    assert response["Location"] == url("speaker_edit", event, code=speaker.code)
    speaker.refresh_from_db()
    assert (speaker.biography, speaker.photo.name) == ("Mayor since 2020.", "")
    assert not stored.exists()
    [entry] = entries(speaker)
    assert (entry.action, entry.actor, entry.note) == (
        AuditAction.CHANGED,
        organiser,
        "Advertising removed",
    )
    assert entry.changes["biography_en"] == ["Visit my shop at spam.example!", "Mayor since 2020."]
    assert entry.changes["photo"][1] == ""


def test_speaker_moderation_without_note_refused(event, manager):
    speaker = SpeakerFactory(event=event, biography="Original")

    response = manager.post(
        url("speaker_moderate", event, code=speaker.code), {"biography_en": "", "note": " "}
    )

    assert response.status_code == 200
    assert response.context["moderation"].errors == {"note": ["This field is required."]}
    speaker.refresh_from_db()
    assert speaker.biography == "Original"
    assert entries(speaker) == []


def test_speaker_moderate_service_requires_a_note(event):
    from forum.errors import ServiceError

    speaker = SpeakerFactory(event=event, biography="Original")

    with pytest.raises(ServiceError) as exc:
        speaker_moderate(
            speaker=speaker, biographies={"en": ""}, clear_photo=False, note="  ", actor=None
        )

    assert exc.value.code == "note"
    speaker.refresh_from_db()
    assert speaker.biography == "Original"


def test_speaker_email_stays_out_of_public_pages(event, published, client):
    published(1)
    speaker = Speaker.objects.get(event=event)

    pages = [
        reverse("programme:speakers", kwargs={"event_slug": event.slug}),
        reverse("programme:speaker", kwargs={"event_slug": event.slug, "code": speaker.code}),
    ]

    for page in pages:
        assert speaker.email not in client.get(page).content.decode()


def test_speaker_edit_unknown_code_is_404(event, manager):
    assert manager.get(url("speaker_edit", event, code="NOPE")).status_code == 404


def test_admin_send_invitation_records_the_administrator(
    event, client, administrator, django_capture_on_commit_callbacks
):
    speaker = SpeakerFactory(event=event, invited_at=None, state=SpeakerState.INVITED)
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:programme_speaker_changelist"),
            {"action": "send_invitation", "_selected_action": [speaker.pk]},
        )

    [entry] = entries(speaker)
    assert (entry.action, entry.actor) == (AuditAction.INVITED, administrator)
    assert [m.to for m in mail.outbox] == [[speaker.email]]


@pytest.mark.parametrize("n", [1, 6])
def test_speaker_edit_page_query_count_is_fixed(
    event, manager, organiser, django_assert_num_queries, n
):
    from sessions.services.speakers import speaker_update

    speaker = SpeakerFactory(event=event)
    for i in range(n):
        SessionRoleFactory(session=SessionFactory(event=event), speaker=speaker)
        speaker_update(speaker=speaker, name=f"Name {i}", actor=organiser)

    # session, user, team flags, event, speaker, roles with sessions, history
    with django_assert_num_queries(7):
        response = manager.get(url("speaker_edit", event, code=speaker.code))

    assert len(response.context["history"]) == n
    assert len(response.context["roles"]) == n


def stored(speaker, *columns) -> dict:
    """The stored columns (the plain name is the unsuffixed column, not a picked language)."""
    return dict(Speaker.objects.rewrite(False).filter(pk=speaker.pk).values(*columns).get())


@pytest.fixture
def bilingual(event):
    """The event works in French then English; a speaker with a position in both."""
    event.languages = ["fr", "en"]
    event.save(update_fields=["languages"])
    return SpeakerFactory(
        event=event,
        code="BILING",
        honorific="",
        name="Amina Diallo",
        position="Deputy mayor",
        position_fr="Adjointe au maire",
        position_es="Teniente de alcalde",
        biography="Mayor since 2022.",
        biography_fr="Maire depuis 2022.",
        organisation_name="",
        email="",
    )


def details(**changes) -> dict:
    return {
        "honorific": "",
        "name": "Amina Diallo",
        "organisation_name": "",
        "email": "",
        "language": "en",
        **changes,
    }


def test_speaker_edit_page_shows_position_per_language(event, manager, bilingual):
    response = manager.get(url("speaker_edit", event, code=bilingual.code))

    html = response.content.decode()
    # French and English (the event's order), then Spanish, which already has a text.
    assert re.findall(r'<input type="text" name="position_(\w+)" value="([^"]*)"', html) == [
        ("fr", "Adjointe au maire"),
        ("en", "Deputy mayor"),
        ("es", "Teniente de alcalde"),
    ]
    assert re.findall(r'<textarea name="biography_(\w+)"[^>]* lang="(\w+)"', html) == [
        ("fr", "fr"),
        ("en", "en"),
    ]


def test_speaker_edit_position_in_french_and_english_history_per_language(
    event, manager, organiser, bilingual
):
    manager.post(
        url("speaker_edit", event, code=bilingual.code),
        details(
            position_fr=" Maire de Dakar ",
            position_en="Mayor of Dakar",
            position_es="Teniente de alcalde",
        ),
    )

    assert stored(bilingual, "position", "position_en", "position_fr", "position_es") == {
        "position": "Mayor of Dakar",
        "position_en": "Mayor of Dakar",
        "position_fr": "Maire de Dakar",
        "position_es": "Teniente de alcalde",
    }
    [entry] = entries(bilingual)
    assert (entry.action, entry.actor, entry.changes) == (
        AuditAction.CHANGED,
        organiser,
        {
            "position_en": ["Deputy mayor", "Mayor of Dakar"],
            "position_fr": ["Adjointe au maire", "Maire de Dakar"],
        },
    )
    [line] = manager.get(url("speaker_edit", event, code=bilingual.code)).context["history"]
    assert [(c.field, c.old, c.new) for c in line.changes] == [
        ("position (English)", "Deputy mayor", "Mayor of Dakar"),
        ("position (French)", "Adjointe au maire", "Maire de Dakar"),
    ]


def test_speaker_edit_position_too_long_in_one_language_refused_nothing_written(
    event, manager, bilingual
):
    response = manager.post(
        url("speaker_edit", event, code=bilingual.code),
        details(position_fr="x" * 201, position_en="Mayor of Dakar"),
    )

    assert response.context["form"].errors == {
        "position_fr": ["Ensure this value has at most 200 characters (it has 201)."]
    }
    assert stored(bilingual, "position", "position_en", "position_fr") == {
        "position": "Deputy mayor",
        "position_en": "Deputy mayor",
        "position_fr": "Adjointe au maire",
    }
    assert entries(bilingual) == []


def test_speaker_moderation_clears_the_french_biography_only(event, manager, bilingual):
    response = manager.post(
        url("speaker_moderate", event, code=bilingual.code),
        {"biography_fr": "", "biography_en": "Mayor since 2022.", "note": "Unverified claims"},
    )

    assert response["Location"] == url("speaker_edit", event, code=bilingual.code)
    assert stored(bilingual, "biography", "biography_en", "biography_fr") == {
        "biography": "Mayor since 2022.",
        "biography_en": "Mayor since 2022.",
        "biography_fr": "",
    }
    [entry] = entries(bilingual)
    assert (entry.changes, entry.note) == (
        {"biography_fr": ["Maire depuis 2022.", None]},
        "Unverified claims",
    )


def test_speaker_moderation_too_long_in_one_language_refused_nothing_written(
    event, manager, bilingual
):
    response = manager.post(
        url("speaker_moderate", event, code=bilingual.code),
        {"biography_fr": "Maire.", "biography_en": "x" * 3001, "note": "Shortened"},
    )

    assert response.context["moderation"].errors == {
        "biography_en": ["Ensure this value has at most 3000 characters (it has 3001)."]
    }
    assert stored(bilingual, "biography_en", "biography_fr") == {
        "biography_en": "Mayor since 2022.",
        "biography_fr": "Maire depuis 2022.",
    }
    assert entries(bilingual) == []


def test_speaker_update_clearing_english_position_the_mirror_takes_french(
    event, organiser, bilingual
):
    from sessions.services.speakers import speaker_update

    speaker_update(
        speaker=bilingual, name="Amina Diallo", position={"en": " ", "fr": "Maire"}, actor=organiser
    )

    assert stored(bilingual, "position", "position_en", "position_fr", "position_es") == {
        "position": "Maire",
        "position_en": "",
        "position_fr": "Maire",
        "position_es": "Teniente de alcalde",
    }
    [entry] = entries(bilingual)
    assert entry.changes == {
        "position_en": ["Deputy mayor", None],
        "position_fr": ["Adjointe au maire", "Maire"],
    }


def test_speaker_update_refuses_a_position_too_long_on_its_language(event, bilingual):
    from forum.errors import ServiceError
    from sessions.services.speakers import speaker_update

    with pytest.raises(ServiceError) as exc:
        speaker_update(speaker=bilingual, name="Amina Diallo", position={"fr": "x" * 201})

    assert (exc.value.code, exc.value.message) == (
        "position_fr",
        "French: at most 200 characters (it has 201).",
    )
    assert stored(bilingual, "position_fr") == {"position_fr": "Adjointe au maire"}


def test_speaker_update_refuses_an_unknown_language(event, bilingual):
    from forum.errors import ServiceError
    from sessions.services.speakers import speaker_update

    with pytest.raises(ServiceError) as exc:
        speaker_update(speaker=bilingual, name="Amina Diallo", position={"de": "Bürgermeisterin"})

    assert (exc.value.code, exc.value.message) == (
        "position",
        "“de” is not a language texts may be written in.",
    )
    assert stored(bilingual, "position_fr") == {"position_fr": "Adjointe au maire"}


@pytest.mark.parametrize("languages", [["en"], ["fr", "en", "es"]])
def test_speaker_edit_page_query_count_does_not_grow_with_languages(
    event, manager, django_assert_num_queries, languages
):
    event.languages = languages
    event.save(update_fields=["languages"])
    speaker = SpeakerFactory(event=event)

    # session, user, team flags, event, speaker, roles with sessions, history
    with django_assert_num_queries(7):
        response = manager.get(url("speaker_edit", event, code=speaker.code))

    assert response.context["form"].translated["position"].codes == languages
