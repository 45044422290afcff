"""Personal agenda: bookmarks through the manage link, and a separate, revocable feed secret."""

import re

import icalendar
import pytest
from django.urls import reverse

from forum.tokens import token_hash
from registrations.services.registrations import registration_cancel
from sessions.models import AgendaFeed, Bookmark
from tests.factories import CategoryFactory, register
from tests.sessions.feeds.conftest import republish_with_changes

pytestmark = pytest.mark.django_db


def agenda_url(token: str) -> str:
    return reverse("my_agenda", kwargs={"token": token})


def feed_url(feed_token: str) -> str:
    return reverse("feeds:agenda_ics", kwargs={"token": feed_token})


@pytest.fixture
def registrant(tricky):
    """(registration, manage token) for the tricky forum."""
    return register(CategoryFactory(event=tricky.event))


def create_feed(client, token: str) -> str:
    response = client.post(agenda_url(token), {"action": "feed"})
    assert response.status_code == 200
    url = re.search(r'id="agenda-feed-url" type="text" readonly value="([^"]+)"', response.text)[1]
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def feed_uids(client, feed_token: str) -> list[str]:
    response = client.get(feed_url(feed_token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [str(e["UID"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]


def test_manage_page_links_to_the_agenda(client, registrant):
    _registration, token = registrant

    response = client.get(reverse("registration_manage", kwargs={"token": token}))

    assert f'<a href="/en/r/{token}/agenda/" id="my-agenda-link">' in response.text


def test_bookmark_and_unbookmark(client, registrant):
    registration, token = registrant

    added = client.post(agenda_url(token), {"action": "add", "code": "CJK002"})
    client.post(agenda_url(token), {"action": "add", "code": "OPEN01"})
    client.post(agenda_url(token), {"action": "add", "code": "OPEN01"})  # twice: still once
    client.post(agenda_url(token), {"action": "remove", "code": "CJK002"})

    assert added.status_code == 302
    assert added["Location"] == agenda_url(token) + "#session-CJK002"
    assert list(Bookmark.objects.values_list("registration_id", "session_code")) == [
        (registration.pk, "OPEN01")
    ]
    page = client.get(agenda_url(token))
    assert re.findall(r'<li data-session-code="([^"]+)"', page.text) == ["OPEN01"]


def test_unknown_or_cancelled_sessions_cannot_be_bookmarked(client, tricky, registrant):
    _registration, token = registrant
    republish_with_changes(tricky)

    client.post(agenda_url(token), {"action": "add", "code": "GONE05"})
    response = client.post(agenda_url(token), {"action": "add", "code": "NOPE99"}, follow=True)

    assert Bookmark.objects.count() == 0
    assert "This session is not in the published programme." in response.text


def test_private_feed_holds_only_bookmarked_sessions(client, tricky, registrant):
    _registration, token = registrant
    for code in ("NIGHT3", "GONE05"):
        client.post(agenda_url(token), {"action": "add", "code": code})
    feed_token = create_feed(client, token)
    republish_with_changes(tricky)  # GONE05 is cancelled after it was bookmarked

    response = client.get(feed_url(feed_token))
    calendar = icalendar.Calendar.from_ical(response.content)

    assert [(str(e["UID"]), str(e["STATUS"])) for e in calendar.walk("VEVENT")] == [
        ("NIGHT3.forum-manila@127.0.0.1", "CONFIRMED"),
        ("GONE05.forum-manila@127.0.0.1", "CANCELLED"),
    ]
    assert str(calendar["X-WR-CALNAME"]) == "My agenda — Forum <Manila> & “Friends”"
    assert "UID" not in calendar
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Robots-Tag"] == "noindex"


def test_private_feed_follows_bookmark_changes(client, registrant):
    _registration, token = registrant
    feed_token = create_feed(client, token)
    assert feed_uids(client, feed_token) == []

    client.post(agenda_url(token), {"action": "add", "code": "KEEP06"})

    assert feed_uids(client, feed_token) == ["KEEP06.forum-manila@127.0.0.1"]


def test_replacing_the_feed_secret_revokes_the_old_url(client, registrant):
    _registration, token = registrant
    old = create_feed(client, token)

    new = create_feed(client, token)

    assert old != new
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert AgendaFeed.objects.get().token_hash == token_hash(new)


def test_manage_secret_and_feed_secret_are_different_and_not_interchangeable(client, registrant):
    _registration, token = registrant
    feed_token = create_feed(client, token)

    assert feed_token != token
    assert client.get(feed_url(token)).status_code == 404
    assert client.get(agenda_url(feed_token)).status_code == 404
    assert (
        client.get(reverse("registration_manage", kwargs={"token": feed_token})).status_code == 404
    )


def test_another_registration_cannot_touch_this_agenda(client, tricky, registrant):
    registration, token = registrant
    other, other_token = register(CategoryFactory(event=tricky.event))
    client.post(agenda_url(token), {"action": "add", "code": "OPEN01"})
    mine = create_feed(client, token)

    client.post(agenda_url(other_token), {"action": "remove", "code": "OPEN01"})
    client.post(agenda_url(other_token), {"action": "add", "code": "KEEP06"})
    theirs = create_feed(client, other_token)

    assert sorted(Bookmark.objects.values_list("registration_id", "session_code")) == sorted(
        [(registration.pk, "OPEN01"), (other.pk, "KEEP06")]
    )
    assert feed_uids(client, mine) == ["OPEN01.forum-manila@127.0.0.1"]
    assert feed_uids(client, theirs) == ["KEEP06.forum-manila@127.0.0.1"]


def test_cancelled_registration_loses_its_agenda(client, registrant):
    registration, token = registrant
    client.post(agenda_url(token), {"action": "add", "code": "OPEN01"})
    feed_token = create_feed(client, token)

    registration_cancel(registration=registration, actor_label="registrant", reason="")
    response = client.post(agenda_url(token), {"action": "add", "code": "KEEP06"}, follow=True)

    assert client.get(feed_url(feed_token)).status_code == 404
    assert "A cancelled or rejected registration has no personal agenda." in response.text
    assert list(Bookmark.objects.values_list("session_code", flat=True)) == ["OPEN01"]


def test_invalid_manage_link_is_404(client, tricky):
    assert client.get(agenda_url("not-a-token")).status_code == 404


def test_private_feed_query_count(client, registrant, django_assert_num_queries):
    _registration, token = registrant
    for code in ("OPEN01", "KEEP06"):
        client.post(agenda_url(token), {"action": "add", "code": code})
    feed_token = create_feed(client, token)

    # Feed secret (with registration and event), version number, bookmarks, the sessions'
    # streams and recordings (they name the variant), snapshot, changelogs.
    with django_assert_num_queries(6):
        response = client.get(feed_url(feed_token))
    with django_assert_num_queries(4):
        assert (
            client.get(
                feed_url(feed_token), headers={"If-None-Match": response["ETag"]}
            ).status_code
            == 304
        )
