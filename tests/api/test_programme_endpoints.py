from datetime import timedelta

import pytest

from sessions.enums import SessionState
from sessions.services.schedule import schedule_publish
from tests.api.conftest import url
from tests.sessions.factories import SessionFactory, at

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["results"]]


def test_session_detail_exact_document(api, event, programme):
    response = api.get(url(event, "sessions/OPEN/"))

    assert response.status_code == 200
    body = response.json()
    assert {k: v for k, v in body.items() if k != "updated_at"} == {
        "code": "OPEN",
        "title": "Opening plenary",
        "abstract": "Cities compare notes.",
        "text_languages": {"title": "en", "abstract": "en"},
        "kind": "plenary",
        "kind_label": "Plenary",
        "state": "confirmed",
        "state_label": "Confirmed",
        "track": {
            "id": programme["climate"].pk,
            "name": "Climate mobility",
            "text_languages": {"name": "en"},
            "colour": "#0b5394",
        },
        "room": {
            "id": programme["hall"].pk,
            "name": "Main hall",
            "text_languages": {"name": "en"},
            "capacity": 500,
            "has_booths": True,
        },
        "start": at(event, 0, 9).isoformat(),
        "end": at(event, 0, 10).isoformat(),
        "day": event.start_date.isoformat(),
        "spoken_language": "en",
        "spoken_language_label": "English",
        "interpretation_languages": ["fr", "es"],
        "roles": [
            {
                "speaker": "MAYOR",
                "name": "Mayor Amina Diallo",
                "role": "chair",
                "role_label": "Chair",
            }
        ],
        "updated_in_version": 1,
        "documents": [],
    }


@pytest.mark.parametrize(
    ("lang", "header", "kind_label", "content_language"),
    [
        ("fr", "", "Plénière", "fr"),
        ("es", "fr", "Plenaria", "es"),
        ("", "fr-CH, en;q=0.5", "Plénière", "fr"),
        ("", "de", "Plenary", "en"),
        # Content languages the interface does not speak: labels in the event's first one
        # it speaks (the event works in es, en, fr).
        ("pt", "fr", "Plenaria", "pt"),
        ("", "ar, fr;q=0.5", "Plenaria", "ar"),
        ("", "zh-Hans-CN", "Plenaria", "zh"),
    ],
)
def test_session_labels_follow_lang_then_accept_language(
    api, event, programme, lang, header, kind_label, content_language
):
    query = f"?lang={lang}" if lang else ""
    response = api.get(url(event, f"sessions/OPEN/{query}"), headers={"Accept-Language": header})

    assert (response.json()["kind_label"], response["Content-Language"]) == (
        kind_label,
        content_language,
    )


def test_session_list_default_order_and_envelope(api, event, programme):
    response = api.get(url(event, "sessions/"))

    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (3, None, None)
    assert codes(response) == ["OPEN", "HOUSE", "WORK"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("day={day1}", ["WORK"]),
        ("track={labour}", ["HOUSE", "WORK"]),
        ("room={side}", ["HOUSE"]),
        ("kind=workshop", ["WORK"]),
        ("language=fr", ["OPEN", "HOUSE"]),
        ("language=es", ["OPEN", "WORK"]),
        ("speaker=MAYOR", ["OPEN", "WORK"]),
        ("starts_after={day0}T12:00:00", ["HOUSE", "WORK"]),
        ("ends_before={day0}T15:30:00", ["OPEN", "HOUSE"]),
        ("q=housing", ["HOUSE"]),
        ("q=amina", ["OPEN", "WORK"]),
        ("q=decent+work", ["WORK"]),
        ("ordering=title", ["WORK", "HOUSE", "OPEN"]),
        ("ordering=-start", ["WORK", "HOUSE", "OPEN"]),
        ("ordering=code", ["HOUSE", "OPEN", "WORK"]),
        ("ordering=-end", ["WORK", "HOUSE", "OPEN"]),
        ("track={labour}&ordering=-code", ["WORK", "HOUSE"]),
        ("track=99999", []),
    ],
)
def test_session_filters_exact_codes(api, event, programme, query, expected):
    day0, day1 = event.start_date, event.start_date + timedelta(days=1)
    query = query.format(
        day0=day0, day1=day1, labour=programme["labour"].pk, side=programme["side"].pk
    )

    response = api.get(url(event, f"sessions/?{query}"))

    assert (response.status_code, codes(response)) == (200, expected)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("day=tomorrow", "day"),
        ("kind=banquet", "kind"),
        ("language=xx", "language"),
        ("ordering=colour", "ordering"),
        ("page_size=501", "page_size"),
        ("page=0", "page"),
        ("starts_after=soon", "starts_after"),
        ("lang=de", "lang"),
    ],
)
def test_session_filters_invalid_values_answer_400(api, event, programme, query, field):
    response = api.get(url(event, f"sessions/?{query}"))

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_session_list_pagination_links_and_stable_order(api, event, programme):
    first = api.get(url(event, "sessions/?page_size=2&unknown=1"))
    second = api.get(url(event, "sessions/?page_size=2&page=2"))

    assert (first.json()["count"], codes(first), codes(second)) == (3, ["OPEN", "HOUSE"], ["WORK"])
    assert first.json()["next"] == f"http://testserver{url(event, 'sessions/')}?page=2&page_size=2"
    assert second.json()["previous"] == (
        f"http://testserver{url(event, 'sessions/')}?page=1&page_size=2"
    )
    assert api.get(url(event, "sessions/?page_size=2&page=3")).json() == {
        "detail": "There is no page 3.",
        "errors": {},
    }


def test_speaker_list_filters(api, event, programme):
    def speaker_codes(query):
        return [s["code"] for s in api.get(url(event, f"speakers/?{query}")).json()["results"]]

    assert speaker_codes("") == ["MAYOR", "EXPERT", "CHAIR"]
    assert speaker_codes("session=WORK") == ["MAYOR", "CHAIR"]
    assert speaker_codes("q=dakar") == ["MAYOR"]
    assert speaker_codes("ordering=-name") == ["CHAIR", "EXPERT", "MAYOR"]


def test_speaker_detail_public_fields_only(api, event, programme):
    body = api.get(url(event, "speakers/MAYOR/")).json()

    assert sorted(body) == [
        "biography",
        "code",
        "display_name",
        "honorific",
        "name",
        "organisation",
        "photo",
        "position",
        "sessions",
        "text_languages",
        "updated_at",
        "updated_in_version",
    ]
    english = {"title": "en"}
    assert body["sessions"] == [
        {
            "code": "OPEN",
            "title": "Opening plenary",
            "text_languages": english,
            "role": "chair",
            "role_label": "Chair",
        },
        {
            "code": "WORK",
            "title": "Decent work",
            "text_languages": english,
            "role": "speaker",
            "role_label": "Speaker",
        },
    ]


def test_rooms_and_tracks(api, event, programme):
    rooms = api.get(url(event, "rooms/")).json()
    tracks = api.get(url(event, "tracks/")).json()

    assert [r["name"] for r in rooms["results"]] == ["Main hall", "Side room"]
    assert [(t["name"], t["colour"]) for t in tracks["results"]] == [
        ("Climate mobility", "#0b5394"),
        ("Labour migration", "#1d6b32"),
    ]


def test_schedule_document_is_the_whole_version(api, event, programme):
    body = api.get(url(event, "schedule/")).json()

    assert body["version"] == 1
    assert body["event"]["slug"] == event.slug
    assert [s["code"] for s in body["sessions"]] == ["OPEN", "HOUSE", "WORK"]
    assert [s["code"] for s in body["speakers"]] == ["MAYOR", "EXPERT", "CHAIR"]
    assert [r["role"] for r in body["sessions"][2]["roles"]] == ["moderator", "speaker"]
    assert (len(body["rooms"]), len(body["tracks"])) == (2, 2)


def test_unpublished_edits_are_invisible(api, event, programme):
    programme["open"].title = "Renamed but not published"
    programme["open"].save()
    SessionFactory(event=event, code="NEW", title="Not yet public")

    body = api.get(url(event, "schedule/")).json()

    assert body["sessions"][0]["title"] == "Opening plenary"
    assert "NEW" not in [s["code"] for s in body["sessions"]]
    assert api.get(url(event, "sessions/NEW/")).status_code == 404


def test_new_publish_is_served_at_once(api, event, programme):
    assert api.get(url(event, "schedule/")).json()["version"] == 1
    programme["open"].title = "Opening ceremony"
    programme["open"].save()

    schedule_publish(event=event, comment="Renamed", user=None)

    body = api.get(url(event, "schedule/")).json()
    assert (body["version"], body["sessions"][0]["title"]) == (2, "Opening ceremony")


def test_updated_since_returns_changed_and_cancelled_sessions(api, event, programme):
    programme["house"].state = SessionState.CANCELLED
    programme["house"].save()
    programme["work"].delete()  # vanished: served as a cancelled tombstone
    schedule_publish(event=event, comment="Changes", user=None)
    v1_at = api.get(url(event, "sessions/OPEN/")).json()["updated_at"]
    v2_at = api.get(url(event, "sessions/HOUSE/")).json()["updated_at"]

    since_v2 = api.get(url(event, "sessions/"), {"updated_since": v2_at})
    since_v1 = api.get(url(event, "sessions/"), {"updated_since": v1_at})

    assert [
        (s["code"], s["state"], s["updated_in_version"]) for s in since_v2.json()["results"]
    ] == [
        ("HOUSE", "cancelled", 2),
        ("WORK", "cancelled", 2),
    ]
    assert [(s["code"], s["updated_in_version"]) for s in since_v1.json()["results"]] == [
        ("OPEN", 1),
        ("HOUSE", 2),
        ("WORK", 2),
    ]
    assert api.get(url(event, "sessions/WORK/")).json()["roles"] == []


def test_versions_and_changes(api, event, programme):
    programme["open"].title = "Opening ceremony"
    programme["open"].save()
    schedule_publish(event=event, comment="Renamed", user=None)

    versions = api.get(url(event, "schedule/versions/")).json()
    changes = api.get(url(event, "schedule/versions/2/changes/")).json()

    assert [(v["number"], v["comment"], v["counts"]["retitled"]) for v in versions["results"]] == [
        (2, "Renamed", 1),
        (1, "First programme", 0),
    ]
    assert changes["changes"]["retitled"] == [
        {
            "code": "OPEN",
            "before": "Opening plenary",
            "after": "Opening ceremony",
            "languages": ["en"],
        }
    ]
    assert api.get(url(event, "schedule/versions/3/changes/")).status_code == 404


def test_event_without_published_programme(api, event):
    assert api.get(url(event)).json()["schedule_version"] is None
    response = api.get(url(event, "sessions/"))
    assert (response.status_code, response.json()["detail"]) == (
        404,
        "Not found in the published programme.",
    )


def test_draft_event_is_not_found(api, event, programme):
    event.status = "draft"
    event.save()

    response = api.get(url(event, "schedule/"))

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "No public event with this address.", "errors": {}},
    )
    assert api.get("/api/v1/events/").json()["count"] == 0


def test_html_accept_gets_json_not_an_error(api, event, programme):
    response = api.get(url(event, "sessions/"), headers={"Accept": "text/html"})

    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    assert response.json()["count"] == 3


def test_events_and_organisations_lists(api, event, programme):
    events = api.get("/api/v1/events/").json()
    organisations = api.get("/api/v1/organisations/").json()

    assert [(e["slug"], e["schedule_version"]) for e in events["results"]] == [(event.slug, 1)]
    assert organisations["results"] == [
        {
            "slug": "dakar",
            "name": "City of Dakar",
            "short_name": "",
            "kind": "local_authority",
            "kind_label": "Local authority",
            "country": "SN",
            "locality": programme["org"].locality,
            "website": "",
        }
    ]
