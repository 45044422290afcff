"""Session links never leak: no public output carries a stream, a recording for participants or
the speakers' meeting link; registrants holding a place, their private calendar and partner
keys granted the scope get exactly the streams and recordings."""

import json
import re
from datetime import timedelta

import icalendar
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from api.enums import PartnerScope
from api.middleware import _route
from api.models import PartnerKey
from api.services.keys import partner_key_create
from registrations.enums import Participation, RegistrationState
from registrations.services.registrations import registration_cancel
from sessions.enums import FLOOR, RecordingAudience, SessionKind
from sessions.feeds.ical import calendar_render
from sessions.feeds.views import _feed_data
from sessions.models import ScheduleVersion, SessionStream
from sessions.selectors.feeds import version_meta_latest
from sessions.selectors.links import participant_links
from sessions.services.agenda import agenda_feed_rotate, bookmark_add
from sessions.services.schedule import schedule_publish
from tests.factories import CategoryFactory, register
from tests.sessions.factories import SessionFactory
from tests.sessions.feeds.conftest import Tricky, make_tricky

pytestmark = pytest.mark.django_db

MEETING = "https://meet.example.org/j/SPEAKERS-ONLY?pwd=hush"
FLOOR_URL = "https://stream.example.org/open01/floor"
EN_URL = "https://stream.example.org/open01/en"
FR_URL = "https://stream.example.org/open01/fr?quality=hd&lang=fr"
CJK_FLOOR = "https://stream.example.org/cjk002/floor"
RECORDING = "https://video.example.org/rec/open01"
CJK_MEETING = "https://meet.example.org/j/CJK-SPEAKERS"
# The hosts: an escaped or re-encoded URL still names them.
PRIVATE_HOSTS = ("meet.example.org", "stream.example.org", "video.example.org")


@pytest.fixture
def linked() -> Tricky:
    """The Manila forum with links on two published sessions, set before a publish so the
    snapshot is built while they exist."""
    tricky = make_tricky()
    s = tricky.sessions
    s["OPEN01"].meeting_url = MEETING
    s["OPEN01"].recording_url = RECORDING
    s["OPEN01"].recording_audience = RecordingAudience.PARTICIPANTS
    s["OPEN01"].save()
    s["CJK002"].meeting_url = CJK_MEETING
    s["CJK002"].title = "城市与移民"
    s["CJK002"].save()
    for language, url in ((FR_URL and "fr", FR_URL), (FLOOR, FLOOR_URL), ("en", EN_URL)):
        SessionStream.objects.create(session=s["OPEN01"], language=language, url=url)
    SessionStream.objects.create(session=s["CJK002"], language=FLOOR, url=CJK_FLOOR)
    schedule_publish(event=tricky.event, comment="Links", user=None, notify=False)
    return tricky


def assert_no_private_link(body: str, where: str) -> None:
    found = [host for host in PRIVATE_HOSTS if host in body]
    assert found == [], where


def page_paths(event) -> list[str]:
    slug = event.slug
    with translation.override("en"):
        paths = [
            reverse("events:detail", kwargs={"slug": slug}),
            reverse("programme:agenda", kwargs={"event_slug": slug}),
            reverse("programme:changelog", kwargs={"event_slug": slug}),
            reverse("programme:speakers", kwargs={"event_slug": slug}),
        ]
        paths += [
            reverse("programme:session", kwargs={"event_slug": slug, "code": code})
            for code in ("OPEN01", "CJK002", "NIGHT3", "MOVE04", "GONE05", "KEEP06")
        ]
        paths += [
            reverse("programme:speaker", kwargs={"event_slug": slug, "code": code})
            for code in ("SPK001", "SPK002")
        ]
    return paths


def feed_paths(tricky: Tricky) -> list[str]:
    slug = tricky.event.slug
    event = {"event_slug": slug}
    return [
        reverse("feeds:event_ics", kwargs=event),
        reverse("feeds:session_ics", kwargs={**event, "code": "OPEN01"}),
        reverse("feeds:session_ics", kwargs={**event, "code": "CJK002"}),
        reverse("feeds:track_ics", kwargs={**event, "track_id": tricky.climate.pk}),
        reverse("feeds:room_ics", kwargs={**event, "room_id": tricky.hall.pk}),
        reverse("feeds:speaker_ics", kwargs={**event, "code": "SPK001"}),
        reverse("feeds:schedule_xml", kwargs=event),
        reverse("feeds:schedule_json", kwargs=event),
        reverse("feeds:widget_json", kwargs=event),
        reverse("feeds:widget_frame", kwargs=event),
        reverse("feeds:widget_script"),
    ]


def api_paths(event) -> list[str]:
    base = f"/api/v1/events/{event.slug}/"
    return [
        "/api/v1/events/",
        base,
        base + "sessions/",
        base + "sessions/OPEN01/",
        base + "sessions/CJK002/",
        base + "speakers/",
        base + "speakers/SPK001/",
        base + "rooms/",
        base + "tracks/",
        base + "schedule/",
        base + "schedule/versions/",
        base + "schedule/versions/1/changes/",
        base + "schedule/versions/2/changes/",
    ]


def test_public_pages_and_feeds_carry_no_link(client, linked):
    for path in page_paths(linked.event) + feed_paths(linked):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_private_link(response.content.decode(), path)


def test_public_calendars_carry_no_conference(client, linked):
    for path in feed_paths(linked)[:6]:
        calendar = icalendar.Calendar.from_ical(client.get(path).content)
        assert [e.get("CONFERENCE") for e in calendar.walk("VEVENT")] == [None] * len(
            calendar.walk("VEVENT")
        ), path


def test_published_api_carries_no_link_whatever_the_key(linked):
    """Anonymous, with a key, even with a key granted the scope: the published endpoints share
    their cached renders, so none of them may carry a link (only session-links/ does)."""
    _key, raw = partner_key_create(name="Unscoped", events=[linked.event])
    anonymous = Client(headers={"Accept": "application/json"})
    unscoped = Client(headers={"Accept": "application/json", "Authorization": f"Api-Key {raw}"})
    scoped = Client(
        headers={
            "Accept": "application/json",
            "Authorization": f"Api-Key {scoped_key(linked.event)}",
        }
    )
    for client in (anonymous, unscoped, scoped):
        for path in api_paths(linked.event):
            response = client.get(path)
            assert response.status_code == 200, path
            assert_no_private_link(response.content.decode(), path)


def test_snapshots_and_changelogs_carry_no_link(linked):
    for version in ScheduleVersion.objects.filter(event=linked.event):
        assert_no_private_link(json.dumps(version.snapshot, ensure_ascii=False), "snapshot")
        assert_no_private_link(json.dumps(version.changes, ensure_ascii=False), "changes")


def test_session_links_endpoint_refuses_anonymous_and_unscoped_keys(linked):
    _key, raw = partner_key_create(name="Unscoped", events=[linked.event])
    path = f"/api/v1/events/{linked.event.slug}/session-links/"

    anonymous = Client(headers={"Accept": "application/json"}).get(path)
    unscoped = Client(
        headers={"Accept": "application/json", "Authorization": f"Api-Key {raw}"}
    ).get(path)

    assert (anonymous.status_code, anonymous.json()) == (
        401,
        {
            "detail": "Session links need a partner key granted the session links scope.",
            "errors": {},
        },
    )
    assert anonymous["WWW-Authenticate"] == "Api-Key"
    assert anonymous["Cache-Control"] == "private, no-store"
    assert (unscoped.status_code, unscoped.json()["detail"]) == (
        403,
        "This partner key may not read session links: ask the organisers to grant it.",
    )


def scoped_key(*events) -> str:
    key, raw = partner_key_create(name="Streaming partner", events=events)
    key.scopes = [PartnerScope.SESSION_LINKS]
    key.save(update_fields=["scopes"])
    return raw


def test_scoped_key_reads_streams_and_recording_never_the_meeting_link(linked):
    raw = scoped_key(linked.event)
    client = Client(headers={"Accept": "application/json", "Authorization": f"Api-Key {raw}"})

    response = client.get(f"/api/v1/events/{linked.event.slug}/session-links/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response.json() == {
        "count": 2,
        "results": [
            {
                "code": "OPEN01",
                "streams": [
                    {"language": "floor", "url": FLOOR_URL},
                    {"language": "en", "url": EN_URL},
                    {"language": "fr", "url": FR_URL},
                ],
                "recording": {"url": RECORDING, "audience": "participants"},
            },
            {
                "code": "CJK002",
                "streams": [{"language": "floor", "url": CJK_FLOOR}],
                "recording": None,
            },
        ],
    }
    assert "meet.example.org" not in response.content.decode()


def test_scoped_key_of_another_event_is_refused(linked):
    from tests.factories import EventFactory

    raw = scoped_key(EventFactory(slug="elsewhere"))
    client = Client(headers={"Accept": "application/json", "Authorization": f"Api-Key {raw}"})

    response = client.get(f"/api/v1/events/{linked.event.slug}/session-links/")

    assert (response.status_code, response.json()["detail"]) == (
        403,
        "This partner key is not valid for this event.",
    )


def test_session_links_are_never_served_from_the_fast_path(linked):
    raw = scoped_key(linked.event)
    path = f"/api/v1/events/{linked.event.slug}/session-links/"
    scoped = Client(headers={"Accept": "application/json", "Authorization": f"Api-Key {raw}"})
    anonymous = Client(headers={"Accept": "application/json"})

    warm = scoped.get(path)
    again = anonymous.get(path)

    assert warm.status_code == 200
    assert again.status_code == 401
    assert_no_private_link(again.content.decode(), "anonymous after a scoped read")
    # The published-read fast path has no route for it: it always reaches the view.
    assert _route(settings.ROOT_URLCONF, path) is None
    assert _route(settings.ROOT_URLCONF, f"/api/v1/events/{linked.event.slug}/sessions/")


def test_a_public_calendar_refuses_links(linked):
    data = _feed_data(linked.event, version_meta_latest(event=linked.event), "en", "en")
    links = participant_links(event=linked.event)

    with pytest.raises(ValueError, match="a public calendar carries no session links"):
        calendar_render(
            data=data, sessions=data.programme.sessions, name="x", path="/x", links=links
        )


@pytest.mark.parametrize("count", [1, 3])
def test_session_links_endpoint_query_count(linked, django_assert_num_queries, count):
    for number in range(count - 1):
        session = SessionFactory(event=linked.event, code=f"EXTRA{number}")
        SessionStream.objects.create(
            session=session, language=FLOOR, url=f"https://stream.example.org/x{number}"
        )
    schedule_publish(event=linked.event, comment="More", user=None, notify=False)
    raw = scoped_key(linked.event)
    client = Client(headers={"Accept": "application/json", "Authorization": f"Api-Key {raw}"})
    client.get(f"/api/v1/events/{linked.event.slug}/session-links/")  # the key's last use

    # The key, its events, the event head, the published snapshot, the links (the throttle
    # counts in a block reserved by the first request).
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/events/{linked.event.slug}/session-links/")

    assert response.json()["count"] == 2 + count - 1


# --- Registrants ------------------------------------------------------------------------------


def agenda(client, token: str):
    return client.get(reverse("my_agenda", kwargs={"token": token}))


def test_confirmed_registrant_sees_streams_on_the_agenda_never_the_meeting_link(client, linked):
    registration, token = register(CategoryFactory(event=linked.event), language="fr")
    # Registrants in the room may follow the streams too (e.g. an overflow room, a replay).
    assert (registration.state, registration.participation) == (
        RegistrationState.CONFIRMED,
        Participation.IN_PERSON,
    )
    bookmark_add(registration=registration, code="CJK002")

    page = agenda(client, token).content.decode()

    # Bookmarked first, then the plenaries (KEEP06 has no link: not listed).
    assert re.findall(r'data-join-code="([^"]+)"', page) == ["CJK002", "OPEN01"]
    assert 'data-join-opens="2031-03-10T00:45:00+00:00"' in page  # 09:00 Manila, 15 min before
    assert "Join from 08:45 (Asia/Manila time)" in page
    # The registrant's language has a stream: offered first.
    assert (
        f'<a class="button" data-join-link href="{FR_URL.replace("&", "&amp;")}" '
        'target="_blank" rel="noopener noreferrer">'
    ) in page
    assert (
        '<option value="fr" data-url="https://stream.example.org/open01/fr?quality=hd&amp;lang=fr" selected>'
        in page
    )
    assert '<label for="join-language-OPEN01">Language of the stream</label>' in page
    # Without JavaScript, each language is a link of its own.
    assert (
        f'<a href="{EN_URL}" target="_blank" rel="noopener noreferrer">Join in English'
        '<span class="visually-hidden"> (opens in a new tab)</span></a>'
    ) in page
    assert RECORDING in page
    assert "meet.example.org" not in page
    assert "programme/join.js" in page


def test_waitlisted_and_cancelled_registrants_see_no_link(client, linked):
    full = CategoryFactory(event=linked.event, capacity=0)
    waitlisted, waiting_token = register(full)
    cancelled, cancelled_token = register(CategoryFactory(event=linked.event))
    registration_cancel(registration=cancelled, actor_label="registrant")
    assert waitlisted.state == RegistrationState.WAITLISTED

    for token in (waiting_token, cancelled_token):
        page = agenda(client, token).content.decode()
        assert_no_private_link(page, token)
        assert "follow-online" not in page
    manage = client.get(reverse("registration_manage", kwargs={"token": waiting_token}))
    assert 'id="follow-online-link"' not in manage.content.decode()


def test_manage_page_links_to_follow_online(client, linked):
    _registration, token = register(CategoryFactory(event=linked.event))

    manage = client.get(reverse("registration_manage", kwargs={"token": token}))

    assert (
        f'<a href="/en/r/{token}/agenda/#follow-online" id="follow-online-link">'
        "Follow online: your sessions and streams</a>"
    ) in manage.content.decode()


def test_agenda_shows_join_then_recording_by_server_time(client, linked):
    now = timezone.now()
    live = SessionFactory(
        event=linked.event,
        code="LIVE01",
        kind=SessionKind.PLENARY,
        start=now - timedelta(minutes=5),
        end=now + timedelta(minutes=55),
    )
    past = SessionFactory(
        event=linked.event,
        code="PAST01",
        kind=SessionKind.PLENARY,
        start=now - timedelta(hours=3),
        end=now - timedelta(hours=2),
        recording_url="https://video.example.org/rec/past01",
        recording_audience=RecordingAudience.PUBLIC,
    )
    SessionStream.objects.create(session=live, language=FLOOR, url="https://stream.example.org/l")
    schedule_publish(event=linked.event, comment="Now", user=None, notify=False)
    _registration, token = register(CategoryFactory(event=linked.event))

    page = agenda(client, token).content.decode()

    item = page[page.index('id="join-LIVE01"') : page.index('id="join-OPEN01"')]
    assert 'data-join-state="open"' in item
    assert '<div class="join-open" data-join-part="open">' in item
    assert 'data-join-part="upcoming" hidden' in item
    assert 'href="https://stream.example.org/l"' in item
    ended = page[page.index('id="join-PAST01"') :]
    assert 'data-join-state="ended"' in ended
    assert '<div class="join-ended" data-join-part="ended">' in ended
    assert 'href="https://video.example.org/rec/past01"' in ended
    assert "Watch the recording" in ended
    del past


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_page_query_count(client, linked, django_assert_num_queries, count):
    registration, token = register(CategoryFactory(event=linked.event))
    for code in ("OPEN01", "CJK002", "MOVE04")[:count]:
        bookmark_add(registration=registration, code=code)

    # registration, latest version, bookmarks, documents (none: their files are not read),
    # the sessions' streams and recordings, the calendar feed
    with django_assert_num_queries(6):
        response = agenda(client, token)

    assert re.findall(r'data-join-code="([^"]+)"', response.content.decode()) == (
        ["OPEN01"] if count == 1 else ["OPEN01", "CJK002"]
    )


# --- The private calendar ---------------------------------------------------------------------


def conferences(body: bytes) -> dict[str, list[tuple[str, dict]]]:
    calendar = icalendar.Calendar.from_ical(body)
    found = {}
    for vevent in calendar.walk("VEVENT"):
        values = vevent.get("CONFERENCE") or []
        values = values if isinstance(values, list) else [values]
        code = str(vevent["UID"]).split(".")[0]
        found[code] = [(str(v), dict(v.params)) for v in values]
    return found


def test_private_calendar_carries_conference_links(client, linked):
    registration, _token = register(CategoryFactory(event=linked.event))
    for code in ("OPEN01", "CJK002", "MOVE04"):
        bookmark_add(registration=registration, code=code)
    feed_token = agenda_feed_rotate(registration=registration)

    response = client.get(reverse("feeds:agenda_ics", kwargs={"token": feed_token}))

    assert conferences(response.content) == {
        "OPEN01": [
            (
                FLOOR_URL,
                {
                    "VALUE": "URI",
                    "FEATURE": ["AUDIO", "VIDEO"],
                    "LABEL": "Webcast — Floor (original sound)",
                },
            ),
            (EN_URL, {"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": "Webcast — English"}),
            (FR_URL, {"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": "Webcast — French"}),
            (RECORDING, {"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Recording"}),
        ],
        "CJK002": [
            (
                CJK_FLOOR,
                {
                    "VALUE": "URI",
                    "FEATURE": ["AUDIO", "VIDEO"],
                    "LABEL": "Webcast — Floor (original sound)",
                },
            )
        ],
        "MOVE04": [],
    }
    assert "meet.example.org" not in response.content.decode()


def test_private_calendar_changes_when_a_link_changes(client, linked):
    registration, _token = register(CategoryFactory(event=linked.event))
    bookmark_add(registration=registration, code="CJK002")
    feed_token = agenda_feed_rotate(registration=registration)
    url = reverse("feeds:agenda_ics", kwargs={"token": feed_token})
    before = client.get(url)

    SessionStream.objects.filter(url=CJK_FLOOR).update(url="https://stream.example.org/new")
    after = client.get(url, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert conferences(after.content)["CJK002"][0][0] == "https://stream.example.org/new"


def test_private_calendar_of_a_waitlisted_registrant_has_no_link(client, linked):
    registration, _token = register(CategoryFactory(event=linked.event, capacity=0))
    assert registration.state == RegistrationState.WAITLISTED
    bookmark_add(registration=registration, code="OPEN01")
    feed_token = agenda_feed_rotate(registration=registration)

    response = client.get(reverse("feeds:agenda_ics", kwargs={"token": feed_token}))

    assert conferences(response.content) == {"OPEN01": []}
    assert_no_private_link(response.content.decode(), "waitlisted calendar")


# --- Public recordings ------------------------------------------------------------------------


def test_public_recording_shows_on_the_session_page_participants_one_does_not(client, linked):
    linked.sessions["KEEP06"].recording_url = "https://video.example.org/rec/closing"
    linked.sessions["KEEP06"].recording_audience = RecordingAudience.PUBLIC
    linked.sessions["KEEP06"].save()

    def page(code):
        with translation.override("en"):
            path = reverse(
                "programme:session", kwargs={"event_slug": linked.event.slug, "code": code}
            )
        return client.get(path).content.decode()

    assert (
        '<p id="session-recording"><a href="https://video.example.org/rec/closing" '
        'target="_blank" rel="noopener noreferrer">Watch the recording'
    ) in page("KEEP06")
    assert "session-recording" not in page("OPEN01")  # for participants only
    assert PartnerKey.objects.count() == 0
