"""The organisers' Links page of a session, the remote flag on the session page, and the
speaker's own page showing the meeting link."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from events.models import AuditEntry
from sessions.enums import SpeakerState
from sessions.models import Session, SessionRole, SessionStream
from sessions.services.links import session_links_set
from tests.factories import EventFactory, UserFactory
from tests.sessions.factories import SessionFactory, SessionRoleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

FLOOR_URL = "https://webcast.example.org/mf/plenary-1/floor"
FR_URL = "https://webcast.example.org/mf/plenary-1/fr"


def url(name, event, **kwargs):
    return reverse(f"programme_manage:{name}", kwargs={"event_slug": event.slug, **kwargs})


@pytest.fixture
def manager(client, event, organiser_of):
    user = organiser_of(event, can_manage_programme=True)
    client.force_login(user)
    return user


def values(html: str) -> dict[str, str]:
    """name -> value of the page's text and URL inputs, and the checked radio buttons."""
    found = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag).group(1)
        if not name or kind in {"hidden", "submit"}:
            continue
        if kind == "radio" and "checked" not in tag:
            continue
        found[name.group(1)] = value.group(1) if value else ""
    return found


def field_errors(html: str) -> dict[str, list[str]]:
    """field id -> its error messages."""
    errors = {}
    for field_id, block in re.findall(
        r'<ul class="errorlist" id="([^"]*)_error">(.*?)</ul>', html, re.S
    ):
        errors[field_id] = [
            re.sub(r"<[^>]+>", "", e).strip() for e in re.findall(r"<li>(.*?)</li>", block)
        ]
    return errors


def test_links_page_shows_a_field_per_stream_language_with_saved_values(
    client, event, manager, programme, django_assert_num_queries
):
    plenary, _panel = programme
    session_links_set(
        session=plenary,
        meeting_url="https://meet.example.org/j/1?pwd=a&b=c",
        streams={"floor": FLOOR_URL, "fr": FR_URL},
        recording_url="",
        recording_audience="participants",
        user=None,
    )

    # login session, user, event, team flags (the decorator); the session with its
    # documents count, its roles; its streams
    with django_assert_num_queries(7):
        response = client.get(url("session_links", event, code="PLEN"))

    html = response.content.decode()
    assert response.status_code == 200
    assert values(html) == {
        "meeting_url": "https://meet.example.org/j/1?pwd=a&amp;b=c",
        "stream_floor": FLOOR_URL,
        "stream_en": "",
        "stream_fr": FR_URL,
        "stream_es": "",
        "recording_url": "",
        "recording_audience": "participants",
    }
    assert re.findall(r'<label for="id_stream_(\w+)">([^<]*)</label>', html) == [
        ("floor", "Floor (original sound):"),
        ("en", "English:"),
        ("fr", "French:"),
        ("es", "Spanish:"),
    ]
    anchors = re.findall(r'<li>[^<]*<a href="([^"]*)" rel="noopener noreferrer"', html)
    assert anchors == ["https://meet.example.org/j/1?pwd=a&amp;b=c", FLOOR_URL, FR_URL]


def test_links_page_saves_and_tells_who_is_emailed(client, event, manager, programme):
    response = client.post(
        url("session_links", event, code="PLEN"),
        {
            "meeting_url": "https://meet.example.org/j/9",
            "stream_floor": FLOOR_URL,
            "stream_fr": FR_URL,
            "stream_en": "",
            "stream_es": "",
            "recording_url": "",
            "recording_audience": "public",
        },
        follow=True,
    )

    assert response.redirect_chain == [(url("session_links", event, code="PLEN"), 302)]
    plenary = Session.objects.get(event=event, code="PLEN")
    assert (plenary.meeting_url, plenary.recording_audience) == (
        "https://meet.example.org/j/9",
        "public",
    )
    assert dict(SessionStream.objects.filter(session=plenary).values_list("language", "url")) == {
        "floor": FLOOR_URL,
        "fr": FR_URL,
    }
    assert [str(m) for m in response.context["messages"]] == [
        "The links of “Opening plenary” have been saved.",
        "2 speakers are sent the new meeting link by email.",
    ]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"meeting_url": "javascript:alert(document.cookie)"},
            {"id_meeting_url": ["Enter a secure link starting with https://."]},
        ),
        (
            {"stream_fr": "http://webcast.example.org/fr"},
            {"id_stream_fr": ["Enter a secure link starting with https://."]},
        ),
        (
            {"recording_url": "https://me:secret@video.example.org/x"},
            {"id_recording_url": ["A link may not carry a user name or password before its host."]},
        ),
        (
            {"recording_audience": "friends"},
            {
                "id_recording_audience": [
                    "Select a valid choice. friends is not one of the available choices."
                ]
            },
        ),
    ],
)
def test_links_page_shows_refusals_on_their_fields_and_saves_nothing(
    client, event, manager, programme, data, errors
):
    post = {"recording_audience": "participants", **data}

    response = client.post(url("session_links", event, code="PLEN"), post)

    assert response.status_code == 200
    assert field_errors(response.content.decode()) == errors
    plenary = Session.objects.get(event=event, code="PLEN")
    assert (plenary.meeting_url, plenary.recording_url) == ("", "")
    assert not SessionStream.objects.exists()
    assert not AuditEntry.objects.exists()
    assert 'href="javascript:' not in response.content.decode()


def test_links_page_in_french_translates_labels_and_refusals(client, event, manager, programme):
    response = client.post(
        url("session_links", event, code="PLEN").replace("/en/", "/fr/", 1),
        {"recording_audience": "participants", "meeting_url": "http://meet.example.org/"},
    )

    html = response.content.decode()
    with translation.override("fr"):
        expected = gettext("Enter a secure link starting with https://.")
    assert field_errors(html) == {"id_meeting_url": [expected]}
    assert '<label for="id_stream_es">Espagnol\u00a0:</label>' in html


def test_links_page_escapes_a_stored_link(client, event, manager, programme):
    plenary, _panel = programme
    # Stored by hand (a legacy row): quotes and angle brackets after the https:// prefix.
    Session.objects.filter(pk=plenary.pk).update(
        meeting_url='https://meet.example.org/"><script>alert(1)</script>'
    )

    html = client.get(url("session_links", event, code="PLEN")).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "https://meet.example.org/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("who", ["other_event_manager", "registrations_only", "plain_user"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_links_page_is_a_404_for_everyone_else(client, event, organiser_of, programme, who, method):
    if who == "other_event_manager":
        user = organiser_of(EventFactory(), can_manage_programme=True)
    elif who == "registrations_only":
        user = organiser_of(event, can_manage_registrations=True)
    else:
        user = UserFactory()
    client.force_login(user)

    response = getattr(client, method)(
        url("session_links", event, code="PLEN"),
        {"meeting_url": "https://evil.example.org/", "recording_audience": "participants"},
    )

    assert response.status_code == 404
    assert "Opening plenary" not in response.content.decode()
    assert Session.objects.get(event=event, code="PLEN").meeting_url == ""
    assert not AuditEntry.objects.exists()


def test_links_page_of_another_events_session_is_a_404(client, event, manager):
    stranger = SessionFactory(event=EventFactory(), code="OTHER")

    response = client.post(
        url("session_links", event, code="OTHER"),
        {"meeting_url": "https://evil.example.org/", "recording_audience": "participants"},
    )

    assert response.status_code == 404
    assert Session.objects.get(pk=stranger.pk).meeting_url == ""


def test_session_page_links_to_the_links_page(client, event, manager, programme):
    html = client.get(url("session_edit", event, code="PLEN")).content.decode()

    assert (
        f'<a href="{url("session_links", event, code="PLEN")}" id="session-links-link">'
        "Meeting, webcast and recording links</a>"
    ) in html


# --- Remote speakers on the session page ----------------------------------------------------


def test_session_page_saves_a_remote_role_and_shows_it_checked(client, event, manager):
    session = SessionFactory(event=event, code="PAN", title="Water")
    speaker = SpeakerFactory(event=event, name="Ana Ruiz")
    SessionRoleFactory(session=session, speaker=speaker, role="chair")
    edit = url("session_edit", event, code="PAN")
    data = {
        "title_en": "Water",
        "kind": "panel",
        "day": event.start_date.isoformat(),
        "start": "10:00",
        "end": "11:00",
        "room": str(session.room_id),
        "spoken_language": "en",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "1",
        "roles-0-speaker": str(speaker.pk),
        "roles-0-role": "chair",
        "roles-0-order": "0",
        "roles-0-remote": "on",
        "new-TOTAL_FORMS": "0",
        "new-INITIAL_FORMS": "0",
        "action": "confirm",
    }
    # The room has no streaming equipment: the preview warns first; "Save anyway" saves.
    checked = client.post(edit, {**data, "action": "check"})
    data["checked"] = checked.context["checked"]

    response = client.post(edit, data)

    assert [c.kind for c in checked.context["conflicts"]] == ["no_streaming"]
    assert response.status_code == 302
    assert list(SessionRole.objects.filter(session=session).values_list("role", "remote")) == [
        ("chair", True)
    ]
    html = client.get(edit).content.decode()
    assert re.search(r'<input type="checkbox" name="roles-0-remote"[^>]*checked', html)
    entry = AuditEntry.objects.filter(content_type__model="session").latest("pk")
    assert entry.changes["speakers"] == [
        "Chair: Mayor Ana Ruiz",
        "Chair: Mayor Ana Ruiz (joins online)",
    ]


# --- The speaker's own page -----------------------------------------------------------------


def speaker_page(event, token):
    return reverse(
        "programme:speaker_invitation", kwargs={"event_slug": event.slug, "token": token}
    )


@pytest.fixture
def speaker_link(event, programme, django_capture_on_commit_callbacks):
    """The CHAIR of the plenary (remote), also in the panel in the room; their link."""
    from sessions.services.speakers import speaker_invite

    plenary, panel = programme
    chair = plenary.roles.get(speaker__code="CHAIR").speaker
    SessionRole.objects.filter(session=plenary, speaker=chair).update(remote=True)
    SessionRoleFactory(session=panel, speaker=chair, role="moderator")
    Session.objects.filter(pk=plenary.pk).update(meeting_url="https://meet.example.org/j/plen")
    with django_capture_on_commit_callbacks(execute=True):
        token = speaker_invite(speaker=chair)
    mail.outbox.clear()
    return chair, token


def test_confirmed_speaker_sees_the_meeting_link_of_each_session(client, event, speaker_link):
    _chair, token = speaker_link

    html = client.get(speaker_page(event, token)).content.decode()

    section = html[html.index('id="meeting-links"') :]
    items = re.findall(
        r'<li data-session-code="(\w+)" data-remote="(\w+)">(.*?)</li>', section, re.S
    )
    # Both at 10:00: in code order.
    assert [(code, remote) for code, remote, _body in items] == [
        ("PANEL", "false"),
        ("PLEN", "true"),
    ]
    assert "The organisers have not added a meeting link yet." in items[0][2]
    assert "you are in the room" in items[0][2]
    assert (
        '<a href="https://meet.example.org/j/plen" rel="noopener noreferrer" class="meeting-link">'
        in items[1][2]
    )
    assert "you join online" in items[1][2]


def test_speaker_who_has_not_confirmed_sees_no_meeting_link(client, event, speaker_link):
    chair, token = speaker_link
    chair.state = SpeakerState.INVITED
    chair.save(update_fields=["state"])

    html = client.get(speaker_page(event, token)).content.decode()

    assert "https://meet.example.org/j/plen" not in html
    assert 'id="meeting-links-hint"' in html


def test_public_pages_never_show_the_meeting_link(client, event, speaker_link):
    from sessions.services.schedule import schedule_publish

    chair, _token = speaker_link
    schedule_publish(event=event, comment="v1", user=None, notify=False)

    pages = [
        reverse("programme:speaker", kwargs={"event_slug": event.slug, "code": chair.code}),
        reverse("programme:session", kwargs={"event_slug": event.slug, "code": "PLEN"}),
        reverse("programme:agenda", kwargs={"event_slug": event.slug}),
    ]
    responses = [client.get(page) for page in pages]

    assert [r.status_code for r in responses] == [200, 200, 200]
    for response in responses:
        assert "meet.example.org" not in response.content.decode()


def test_session_history_shows_the_link_changes(client, event, manager, programme):
    plenary, _panel = programme
    session_links_set(
        session=plenary,
        meeting_url="https://meet.example.org/j/1",
        streams={"floor": FLOOR_URL},
        recording_url="",
        recording_audience="participants",
        user=manager,
    )

    response = client.get(url("session_edit", event, code="PLEN"))

    history = response.context["history"]
    assert [(c.field, c.old, c.new) for c in history[0].changes] == [
        ("meeting link for speakers", "—", "https://meet.example.org/j/1"),
        ("webcast links", "—", f"floor: {FLOOR_URL}"),
    ]
