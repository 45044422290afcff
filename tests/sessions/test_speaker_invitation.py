import hashlib
import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sessions.enums import SpeakerState
from sessions.models import Speaker
from sessions.services.speakers import speaker_invite
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

# event, speaker by token, roles with their sessions and rooms, the documents the speaker
# uploaded (none here: their files are not read; tests/documents pins the page with some)
QUERIES_LINK_PAGE = 4


def link(event, token):
    return reverse(
        "programme:speaker_invitation", kwargs={"event_slug": event.slug, "token": token}
    )


@pytest.fixture
def invited(event, django_capture_on_commit_callbacks):
    speaker = SpeakerFactory(
        event=event,
        state=SpeakerState.INVITED,
        name="Amina Diallo",
        honorific="Mayor",
        email="amina@example.org",
        language="en",
    )
    SessionRoleFactory(
        session=SessionFactory(event=event, title="Opening"), speaker=speaker, role="chair"
    )
    with django_capture_on_commit_callbacks(execute=True):
        token = speaker_invite(speaker=speaker)
    return speaker, token


def png(size=(4, 4)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def test_speaker_invite_emails_link_and_stores_only_hash(event, invited):
    speaker, token = invited

    speaker.refresh_from_db()
    assert speaker.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Speaker.objects.filter(pk=speaker.pk).values().get())
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    message = mail.outbox[0]
    assert message.subject == f"Invitation to speak at {event.name}"
    assert f"http://127.0.0.1:8000{link(event, token)}" in message.body
    assert message.body.startswith("Dear Mayor Amina Diallo,")


def test_speaker_invite_without_email_refused(event):
    speaker = SpeakerFactory(event=event, email="")

    with pytest.raises(ValidationError) as exc:
        speaker_invite(speaker=speaker)

    assert exc.value.messages == ["This speaker has no email address to send the invitation to."]


def test_speaker_invitation_page_shows_sessions(client, event, invited):
    _, token = invited

    response = client.get(link(event, token))

    assert response.status_code == 200
    assert "Welcome, Mayor Amina Diallo" in response.text
    assert 'data-state="invited"' in response.text
    assert "Chair: Opening" in response.text
    assert "amina@example.org" not in response.text


def test_speaker_confirms(client, event, invited):
    speaker, token = invited

    response = client.post(link(event, token), {"action": "confirm"}, follow=True)

    speaker.refresh_from_db()
    assert speaker.state == SpeakerState.CONFIRMED
    assert speaker.responded_at is not None
    assert "Thank you: you have confirmed your participation." in response.text
    assert 'data-state="confirmed"' in response.text


def test_speaker_declines(client, event, invited):
    speaker, token = invited

    response = client.post(link(event, token), {"action": "decline"}, follow=True)

    speaker.refresh_from_db()
    assert speaker.state == SpeakerState.DECLINED
    assert "Thank you: we have recorded that you cannot take part." in response.text


@pytest.mark.parametrize("token", ["wrong", "x" * 500, "%00"])
def test_speaker_invitation_bad_token_is_clear_404(client, event, invited, token):
    speaker, _ = invited

    get = client.get(link(event, token))
    post = client.post(link(event, token), {"action": "confirm"})

    assert (get.status_code, post.status_code) == (404, 404)
    assert "This link is not valid" in get.text
    speaker.refresh_from_db()
    assert speaker.state == SpeakerState.INVITED


def test_speaker_invitation_bad_token_of_draft_event_hides_its_name(client, event, invited):
    event.status = "draft"
    event.name = "Secret Summit of Mayors"
    event.save(update_fields=["status", "name"])

    response = client.get(link(event, "wrong"))

    assert response.status_code == 404
    assert "Secret Summit" not in response.text
    assert "This speaker link is not valid, or a newer invitation replaced it." in response.text


def test_speaker_invitation_bad_token_of_public_event_names_it(client, event, invited):
    response = client.get(link(event, "wrong"))

    assert response.status_code == 404
    assert f"This speaker link for {event.name} is not valid" in response.text


def test_speaker_invitation_token_of_other_event_rejected(client, event, invited):
    _, token = invited
    other = SessionFactory().event

    response = client.get(link(other, token))

    assert response.status_code == 404
    assert "This link is not valid" in response.text


def test_speaker_reinvite_replaces_old_link(client, event, invited):
    speaker, old = invited

    new = speaker_invite(speaker=speaker)

    assert client.get(link(event, old)).status_code == 404
    assert client.get(link(event, new)).status_code == 200


def test_speaker_edits_biography_and_photo(client, event, invited, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    speaker, token = invited

    response = client.post(
        link(event, token),
        {"action": "profile", "biography_en": "  Mayor since 2022.  ", "photo": png()},
        follow=True,
    )

    speaker.refresh_from_db()
    assert speaker.biography == "Mayor since 2022."
    assert re.fullmatch(r"speakers/me(_\w+)?\.png", speaker.photo.name)
    assert (tmp_path / speaker.photo.name).exists()
    assert "Your profile has been saved." in response.text


def test_speaker_profile_rejects_non_image_with_message(client, event, invited, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    speaker, token = invited
    fake = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")

    response = client.post(
        link(event, token), {"action": "profile", "biography_en": "New", "photo": fake}
    )

    assert response.status_code == 400
    assert "Upload a valid image." in response.text
    speaker.refresh_from_db()
    assert (speaker.biography, speaker.photo.name) == ("", "")


def test_speaker_invitation_unknown_action_is_a_message(client, event, invited):
    speaker, token = invited

    response = client.post(link(event, token), {"action": "hack"}, follow=True)

    assert "Please choose one of the buttons on this page." in response.text
    speaker.refresh_from_db()
    assert speaker.state == SpeakerState.INVITED


def biographies(speaker) -> dict[str, str]:
    """The stored columns (``rewrite(False)``: the plain name is the unsuffixed column, not
    modeltranslation's pick of a language)."""
    return dict(
        Speaker.objects.rewrite(False)
        .filter(pk=speaker.pk)
        .values("biography", "biography_en", "biography_fr")
        .get()
    )


@pytest.fixture
def trilingual(event, invited):
    """The event works in French, English and Spanish; the speaker wrote an English biography."""
    event.languages = ["fr", "en", "es"]
    event.save(update_fields=["languages"])
    speaker, token = invited
    Speaker.objects.rewrite(False).filter(pk=speaker.pk).update(
        biography="Mayor since 2022.", biography_en="Mayor since 2022.", biography_fr=""
    )
    speaker.refresh_from_db()
    return speaker, token


def test_speaker_link_shows_a_biography_per_working_language(client, event, trilingual):
    speaker, token = trilingual
    Speaker.objects.filter(pk=speaker.pk).update(biography_ar="رئيسة البلدية")

    response = client.get(link(event, token))

    html = response.text
    assert response.context["form"].translated["biography"].codes == ["fr", "en", "es", "ar"]
    assert (
        "Write your biography in the languages you choose; the forum works in French, English "
        "and Spanish." in html
    )
    assert re.findall(r'<textarea name="biography_(\w+)"[^>]* lang="(\w+)" dir="(\w+)"', html) == [
        ("fr", "fr", "ltr"),
        ("en", "en", "ltr"),
        ("es", "es", "ltr"),
        ("ar", "ar", "rtl"),
    ]
    assert ">\nMayor since 2022.</textarea>" in html


def test_speaker_link_saves_a_french_biography_english_untouched(client, event, trilingual):
    speaker, token = trilingual

    response = client.post(
        link(event, token),
        {
            "action": "profile",
            "biography_fr": " Maire depuis 2022. ",
            "biography_en": "Mayor since 2022.",
            "biography_es": "",
        },
        follow=True,
    )

    assert "Your profile has been saved." in response.text
    assert biographies(speaker) == {
        "biography": "Mayor since 2022.",
        "biography_en": "Mayor since 2022.",
        "biography_fr": "Maire depuis 2022.",
    }


def test_speaker_profile_update_leaves_languages_not_given(event, trilingual):
    from sessions.services.speakers import speaker_profile_update

    speaker, _ = trilingual

    speaker_profile_update(speaker=speaker, biographies={"fr": "Maire depuis 2022."})

    assert biographies(speaker) == {
        "biography": "Mayor since 2022.",
        "biography_en": "Mayor since 2022.",
        "biography_fr": "Maire depuis 2022.",
    }


def test_speaker_link_clearing_english_stores_blank_and_the_mirror_takes_french(
    client, event, trilingual
):
    speaker, token = trilingual

    client.post(
        link(event, token),
        {"action": "profile", "biography_fr": "Maire depuis 2022.", "biography_en": "  "},
    )

    # English blank: the unsuffixed column holds the first filled language (mirror_text).
    assert biographies(speaker) == {
        "biography": "Maire depuis 2022.",
        "biography_en": "",
        "biography_fr": "Maire depuis 2022.",
    }


def test_speaker_link_too_long_in_one_language_refused_nothing_written(client, event, trilingual):
    speaker, token = trilingual

    response = client.post(
        link(event, token),
        {"action": "profile", "biography_fr": "x" * 3001, "biography_en": "Changed."},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "biography_fr": ["Ensure this value has at most 3000 characters (it has 3001)."]
    }
    assert biographies(speaker) == {
        "biography": "Mayor since 2022.",
        "biography_en": "Mayor since 2022.",
        "biography_fr": "",
    }


def test_speaker_profile_update_too_long_refused_nothing_written(event, trilingual):
    from forum.errors import ServiceError
    from sessions.services.speakers import speaker_profile_update

    speaker, _ = trilingual

    with pytest.raises(ServiceError) as exc:
        speaker_profile_update(speaker=speaker, biographies={"en": "New.", "fr": "x" * 3001})

    assert (exc.value.code, exc.value.message) == (
        "biography_fr",
        "French: at most 3000 characters (it has 3001).",
    )
    assert biographies(speaker) == {
        "biography": "Mayor since 2022.",
        "biography_en": "Mayor since 2022.",
        "biography_fr": "",
    }


def test_speaker_link_edits_only_its_own_speaker(client, event, trilingual):
    speaker, _ = trilingual
    colleague = SpeakerFactory(event=event, state=SpeakerState.INVITED, biography="")
    colleague_token = speaker_invite(speaker=colleague)

    client.post(
        link(event, colleague_token),
        {"action": "profile", "biography_fr": "Adjointe.", "biography_en": "Deputy."},
    )

    assert biographies(speaker) == {
        "biography": "Mayor since 2022.",
        "biography_en": "Mayor since 2022.",
        "biography_fr": "",
    }
    assert biographies(colleague) == {
        "biography": "Deputy.",
        "biography_en": "Deputy.",
        "biography_fr": "Adjointe.",
    }


@pytest.mark.parametrize("languages", [["en"], ["fr", "en", "es"]])
def test_speaker_link_page_query_count_is_fixed(
    client, event, invited, django_assert_num_queries, languages
):
    event.languages = languages
    event.save(update_fields=["languages"])
    _, token = invited

    with django_assert_num_queries(QUERIES_LINK_PAGE):
        response = client.get(link(event, token))

    assert response.context["form"].translated["biography"].codes == languages
