import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from events.models import AuditAction, AuditEntry
from registrations.enums import RegistrationState
from sessions.enums import RecordingAudience
from sessions.models import Session, SessionRole, SessionStream
from sessions.services.links import LinksChange, SessionLinksError, session_links_set
from sessions.services.schedule import schedule_publish
from sessions.services.sessions import session_duplicate
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

FLOOR_URL = "https://webcast.example.org/mf/plenary-1/floor"
FR_URL = "https://webcast.example.org/mf/plenary-1/fr"
ES_URL = "https://webcast.example.org/mf/plenary-1/es"


def save(session, *, meeting="", streams=None, recording="", audience="participants", user=None):
    return session_links_set(
        session=session,
        meeting_url=meeting,
        streams=streams or {},
        recording_url=recording,
        recording_audience=audience,
        user=user,
    )


def streams_of(session) -> dict[str, str]:
    return dict(SessionStream.objects.filter(session=session).values_list("language", "url"))


def publish(event):
    schedule_publish(event=event, comment="Programme", user=None, notify=False)


def sent() -> list[tuple[list[str], str]]:
    return sorted((message.to, message.subject) for message in mail.outbox)


# --- Validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code", "message"),
    [
        ("meeting", "javascript:alert(1)", "meeting_url", "Enter a secure link starting with https://."),
        ("meeting", "data:text/html,<b>x</b>", "meeting_url", "Enter a secure link starting with https://."),
        ("meeting", "http://meet.example.org/a", "meeting_url", "Enter a secure link starting with https://."),
        ("meeting", "https://user:pw@meet.example.org/a", "meeting_url", "A link may not carry a user name or password before its host."),
        ("recording", "ftp://video.example.org/a", "recording_url", "Enter a secure link starting with https://."),
        ("recording", "https://" + "a" * 500 + ".org/", "recording_url", "Enter a link of at most 500 characters."),
        ("floor", "JAVASCRIPT:alert(1)", "stream_floor", "Enter a secure link starting with https://."),
        ("floor", "https://", "stream_floor", "Enter a secure link starting with https://."),
    ],
)  # fmt: skip
def test_session_links_set_refuses_unsafe_links(programme, field, value, code, message):
    plenary, _panel = programme
    arguments = {
        "meeting": {"meeting": value},
        "recording": {"recording": value},
        "floor": {"streams": {"floor": value}, "meeting": "https://meet.example.org/ok"},
    }[field]

    with pytest.raises(SessionLinksError) as refused:
        save(plenary, **arguments)

    assert (refused.value.code, str(refused.value.message)) == (code, message)
    plenary.refresh_from_db()
    assert (plenary.meeting_url, plenary.recording_url, streams_of(plenary)) == ("", "", {})
    assert not AuditEntry.objects.exists()


def test_session_links_set_refuses_a_language_the_session_does_not_have(programme):
    plenary, _panel = programme

    with pytest.raises(SessionLinksError) as refused:
        save(plenary, streams={"floor": FLOOR_URL, "ru": "https://webcast.example.org/ru"})

    assert refused.value.code == "stream_ru"
    assert str(refused.value.message) == (
        "Russian is not one of this session's languages: clear its link, or add the language "
        "to the session first."
    )
    assert streams_of(plenary) == {}


def test_session_links_set_refuses_an_unknown_audience(programme):
    plenary, _panel = programme

    with pytest.raises(SessionLinksError) as refused:
        save(plenary, recording="https://video.example.org/p", audience="friends")

    assert refused.value.code == "recording_audience"


def test_session_links_set_writes_streams_per_language_and_audits(event, programme):
    plenary, _panel = programme
    organiser = UserFactory(username="webcaster")

    save(
        plenary,
        meeting="  https://meet.example.org/j/123?pwd=a&b=c ",
        streams={"floor": FLOOR_URL, "fr": FR_URL, "es": "", "en": " "},
        recording="https://video.example.org/plen",
        audience=RecordingAudience.PUBLIC,
        user=organiser,
    )
    first = set(SessionStream.objects.filter(session=plenary).values_list("pk", flat=True))
    save(
        plenary,
        meeting="https://meet.example.org/j/123?pwd=a&b=c",
        streams={"floor": FLOOR_URL, "fr": FR_URL + "-2", "es": ES_URL},
        recording="https://video.example.org/plen",
        audience=RecordingAudience.PUBLIC,
        user=organiser,
    )

    plenary.refresh_from_db()
    assert (plenary.meeting_url, plenary.recording_url, plenary.recording_audience) == (
        "https://meet.example.org/j/123?pwd=a&b=c",
        "https://video.example.org/plen",
        "public",
    )
    assert streams_of(plenary) == {"floor": FLOOR_URL, "fr": FR_URL + "-2", "es": ES_URL}
    # The floor and French rows were kept (updated in place), Spanish added.
    assert first <= set(SessionStream.objects.filter(session=plenary).values_list("pk", flat=True))
    entries = list(
        AuditEntry.objects.filter(content_type__model="session", object_id=str(plenary.pk))
        .order_by("pk")
        .values_list("action", "actor__username", "changes")
    )
    assert entries == [
        (
            AuditAction.CHANGED,
            "webcaster",
            {
                "meeting_url": ["", "https://meet.example.org/j/123?pwd=a&b=c"],
                "recording_url": ["", "https://video.example.org/plen"],
                "recording_audience": ["participants", "public"],
                "webcast": [None, f"floor: {FLOOR_URL}; fr: {FR_URL}"],
            },
        ),
        (
            AuditAction.CHANGED,
            "webcaster",
            {
                "webcast": [
                    f"floor: {FLOOR_URL}; fr: {FR_URL}",
                    f"floor: {FLOOR_URL}; fr: {FR_URL}-2; es: {ES_URL}",
                ]
            },
        ),
    ]


def test_session_links_set_removes_streams_left_out_and_unchanged_records_nothing(programme):
    plenary, _panel = programme
    save(plenary, streams={"floor": FLOOR_URL, "fr": FR_URL})

    save(plenary, streams={"floor": FLOOR_URL})
    save(plenary, streams={"floor": FLOOR_URL, "fr": ""})

    assert streams_of(plenary) == {"floor": FLOOR_URL}
    changes = list(
        AuditEntry.objects.filter(content_type__model="session")
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert changes == [
        {"webcast": [None, f"floor: {FLOOR_URL}; fr: {FR_URL}"]},
        {"webcast": [f"floor: {FLOOR_URL}; fr: {FR_URL}", f"floor: {FLOOR_URL}"]},
    ]


def test_session_links_set_clears_a_stream_left_in_a_dropped_language(programme):
    plenary, _panel = programme
    save(plenary, streams={"floor": FLOOR_URL, "es": ES_URL})
    Session.objects.filter(pk=plenary.pk).update(interpretation_languages=["fr"])
    plenary.refresh_from_db()

    with pytest.raises(SessionLinksError) as refused:
        save(plenary, streams={"floor": FLOOR_URL, "es": ES_URL})
    save(plenary, streams={"floor": FLOOR_URL, "es": ""})

    assert refused.value.code == "stream_es"
    assert streams_of(plenary) == {"floor": FLOOR_URL}


def test_session_links_set_never_logs_the_links(programme, caplog):
    plenary, _panel = programme

    with caplog.at_level("DEBUG"):
        save(plenary, meeting="https://meet.example.org/secret-room", streams={"floor": FLOOR_URL})

    assert "secret-room" not in caplog.text
    assert FLOOR_URL not in caplog.text
    assert f"session {plenary.pk} links saved (meeting_url, webcast)" in caplog.text


# --- Who is told, once per change ---------------------------------------------------------


@pytest.fixture
def audience(event, registrant):
    """The event's registrants: who follows what, in which mode and state."""
    other_event = EventFactory(registration_open=True)
    return {
        "fr_online_bookmarked": registrant(
            "claire@example.org", language="fr", bookmarks=("PANEL", "PLEN")
        ),
        "online_not_bookmarked": registrant("bob@example.org", language="es"),
        "in_person_bookmarked": registrant("ines@example.org", online=False, bookmarks=("PANEL",)),
        "online_waitlisted": registrant(
            "wait@example.org", state=RegistrationState.WAITLISTED, bookmarks=("PANEL",)
        ),
        "online_cancelled": registrant(
            "gone@example.org", state=RegistrationState.CANCELLED, bookmarks=("PANEL",)
        ),
        "online_pending": registrant(
            "pending@example.org",
            state=RegistrationState.PENDING_APPROVAL,
            bookmarks=("PANEL",),
        ),
        "same_person_twice": registrant("CLAIRE@example.org", bookmarks=("PANEL",)),
        "other_event": registrant(
            "elsewhere@example.org", bookmarks=("PANEL",), on_event=other_event
        ),
    }


def test_stream_change_after_publish_emails_the_sessions_online_participants_once(
    event, programme, audience, django_capture_on_commit_callbacks
):
    _plenary, panel = programme
    publish(event)

    with django_capture_on_commit_callbacks(execute=True):
        change = save(panel, streams={"floor": "https://webcast.example.org/mf/panel/floor"})
    first_round = sent()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = save(panel, streams={"floor": "https://webcast.example.org/mf/panel/floor"})

    # Approved online participants only: not those pending approval, waitlisted or gone.
    assert change == LinksChange(streams=("floor",), participants=1)
    assert first_round == [
        (["claire@example.org"], "Nouveau lien pour suivre « Housing & land » en ligne"),
    ]
    assert again == LinksChange()
    assert mail.outbox == []


def test_stream_change_email_in_the_registrants_language_with_the_new_links(
    event, programme, audience, django_capture_on_commit_callbacks
):
    plenary, _panel = programme
    save(plenary, streams={"floor": FLOOR_URL, "fr": FR_URL})
    publish(event)

    with django_capture_on_commit_callbacks(execute=True):
        change = save(
            plenary,
            streams={"floor": FLOOR_URL, "fr": FR_URL + "?v=2&x=1", "es": ES_URL},
            recording="https://video.example.org/plen",
        )

    assert change == LinksChange(streams=("fr", "es"), recording=True, participants=2)
    by_address = {message.to[0]: message for message in mail.outbox}
    # A plenary: every approved online participant, once per address.
    assert sorted(by_address) == ["bob@example.org", "claire@example.org"]
    french = by_address["claire@example.org"].body
    assert "Plénière d'ouverture" in french
    assert f"- Retransmission, Français : {FR_URL}?v=2&x=1" in french
    assert f"- Retransmission, Espagnol : {ES_URL}" in french
    assert FLOOR_URL not in french  # unchanged: not announced again
    assert "https://video.example.org/plen" in french
    assert "Le secrétariat du forum" in french
    with translation.override("fr"):
        assert f"{reverse('events:detail', kwargs={'slug': event.slug})}\n" in french
    spanish = by_address["bob@example.org"].body
    assert f"- Transmisión, Español: {ES_URL}" in spanish


def test_link_change_before_any_publish_emails_nobody(
    programme, audience, django_capture_on_commit_callbacks
):
    plenary, _panel = programme

    with django_capture_on_commit_callbacks(execute=True):
        change = save(plenary, streams={"floor": FLOOR_URL}, recording="https://v.example.org/p")

    assert change == LinksChange()
    assert mail.outbox == []


def test_link_change_of_a_session_not_in_the_published_programme_emails_nobody(
    event, programme, audience, django_capture_on_commit_callbacks
):
    plenary, _panel = programme
    Session.objects.filter(pk=plenary.pk).update(state="draft")  # drafts are not published
    publish(event)

    with django_capture_on_commit_callbacks(execute=True):
        change = save(plenary, streams={"floor": FLOOR_URL})

    assert change == LinksChange()
    assert mail.outbox == []


def test_removing_a_link_or_changing_the_audience_emails_nobody(
    event, programme, audience, django_capture_on_commit_callbacks
):
    plenary, _panel = programme
    save(plenary, streams={"floor": FLOOR_URL, "fr": FR_URL}, recording="https://v.example.org/p")
    publish(event)

    with django_capture_on_commit_callbacks(execute=True):
        change = save(
            plenary,
            streams={"floor": FLOOR_URL},
            recording="https://v.example.org/p",
            audience=RecordingAudience.PUBLIC,
        )

    assert change == LinksChange()
    assert mail.outbox == []


def test_meeting_link_change_emails_the_invited_speakers_once(
    programme, audience, django_capture_on_commit_callbacks
):
    plenary, _panel = programme

    with django_capture_on_commit_callbacks(execute=True):
        change = save(plenary, meeting="https://meet.example.org/j/1?pwd=a&b=c")
    first_round = [(message.to, message.subject) for message in mail.outbox]
    bodies = {message.to[0]: message.body for message in mail.outbox}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = save(plenary, meeting="https://meet.example.org/j/1?pwd=a&b=c")

    assert change == LinksChange(meeting=True, speakers=2)
    # Invited, with an address, not declined; the participants are not told.
    assert sorted(first_round) == [
        (["amina@example.org"], "Lien de réunion pour votre session « Plénière d'ouverture »"),
        (["asked@example.org"], "Enlace de reunión para su sesión «Opening plenary»"),
    ]
    assert "https://meet.example.org/j/1?pwd=a&b=c\n" in bodies["amina@example.org"]
    assert again == LinksChange()
    assert mail.outbox == []


def test_session_duplicate_copies_remote_roles_but_no_links(programme):
    plenary, _panel = programme
    SessionRole.objects.filter(session=plenary, speaker__code="CHAIR").update(remote=True)
    save(
        plenary,
        meeting="https://meet.example.org/j/1",
        streams={"floor": FLOOR_URL},
        recording="https://video.example.org/p",
        audience=RecordingAudience.PUBLIC,
    )

    copy = session_duplicate(session=plenary, user=None)

    assert (copy.meeting_url, copy.recording_url, copy.recording_audience) == (
        "",
        "",
        "participants",
    )
    assert streams_of(copy) == {}
    assert sorted(copy.roles.values_list("speaker__code", "remote")) == [
        ("ASKED", False),
        ("CHAIR", True),
        ("DECL", False),
        ("NOINV", False),
        ("NOMAIL", False),
    ]
