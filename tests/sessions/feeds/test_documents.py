"""Public documents in the feeds: frab attachments (XML and JSON, valid against their
schemas), the widget's link, and validators that follow the documents."""

import json

import pytest
from django.utils.http import http_date

from documents.enums import DocumentAudience, DocumentKind
from documents.models import Document
from documents.services.documents import (
    document_create,
    document_file_add,
    document_publish,
    document_withdraw,
)
from forum.uploads import upload_check
from tests.documents.conftest import pdf_bytes, upload
from tests.sessions.feeds.conftest import assert_valid_json, assert_valid_xml, feed

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def checked(text: str):
    return upload_check(upload("paper.pdf", pdf_bytes(text), "application/pdf"))


def publish(event, *, title, session=None, kind, audience=DocumentAudience.PUBLIC, text="x"):
    document = document_create(
        event=event,
        kind=kind,
        title=title,
        language="en",
        upload=checked(text),
        session=session,
        audience=audience,
    )
    return document_publish(document=document)


@pytest.fixture
def documents(tricky):
    """OPEN01: slides in English and French (titled in both, with markup), a programme in
    English only, a participants-only paper; CJK002: a report later withdrawn; the edition: a
    concept note."""
    event, sessions = tricky.event, tricky.sessions
    slides = publish(
        event,
        title={"en": "Slides <v2> & notes", "fr": "Diapositives <v2> & notes"},
        session=sessions["OPEN01"],
        kind=DocumentKind.PRESENTATION,
        text="Slides",
    )
    document_file_add(document=slides, language="fr", upload=checked("Diapositives"))
    agenda = publish(
        event,
        title={"en": "Running order"},
        session=sessions["OPEN01"],
        kind=DocumentKind.PROGRAMME,
        text="Order",
    )
    private = publish(
        event,
        title={"en": "Delegates' briefing"},
        session=sessions["OPEN01"],
        kind=DocumentKind.BACKGROUND_PAPER,
        audience=DocumentAudience.PARTICIPANTS,
        text="Briefing",
    )
    report = publish(
        event,
        title={"en": "Withdrawn report"},
        session=sessions["CJK002"],
        kind=DocumentKind.REPORT,
        text="Report",
    )
    document_withdraw(document=report)
    concept = publish(event, title={"en": "Concept note"}, kind=DocumentKind.CONCEPT_NOTE)
    return {"slides": slides, "agenda": agenda, "private": private, "concept": concept}


def attachments_xml(document) -> dict[str, list[tuple]]:
    return {
        event.get("code"): [
            (a.get("href"), a.get("type"), a.text) for a in event.find("attachments")
        ]
        for event in document.iter("event")
    }


def attachments_json(document) -> dict[str, list[dict]]:
    return {
        event["code"]: event["attachments"]
        for day in document["schedule"]["conference"]["days"]
        for room in day["rooms"].values()
        for event in room
    }


def test_frab_xml_lists_public_documents_as_attachments(client, tricky, documents, xsd):
    slides, agenda = documents["slides"].code, documents["agenda"].code

    english = assert_valid_xml(xsd, client.get(feed("schedule_xml", tricky.event)).content)
    french = assert_valid_xml(
        xsd, client.get(feed("schedule_xml", tricky.event), {"lang": "fr"}).content
    )

    assert attachments_xml(english) == {
        "OPEN01": [
            (f"{SITE}/documents/{slides}/en/", "slides", "Slides <v2> & notes"),
            (f"{SITE}/documents/{agenda}/en/", None, "Running order"),
        ],
        "CJK002": [],
        "NIGHT3": [],
        "MOVE04": [],
        "GONE05": [],
        "KEEP06": [],
    }
    # In French: the French file and title where there are some, else the fallback's.
    assert attachments_xml(french)["OPEN01"] == [
        (f"{SITE}/documents/{slides}/fr/", "slides", "Diapositives <v2> & notes"),
        (f"{SITE}/documents/{agenda}/en/", None, "Running order"),
    ]


def test_frab_json_lists_public_documents_as_attachments(client, tricky, documents, json_validator):
    slides, agenda = documents["slides"].code, documents["agenda"].code

    french = assert_valid_json(
        json_validator, client.get(feed("schedule_json", tricky.event), {"lang": "fr"}).content
    )

    assert attachments_json(french) == {
        "OPEN01": [
            {
                "url": f"{SITE}/documents/{slides}/fr/",
                "title": "Diapositives <v2> & notes",
                "type": "slides",
            },
            {"url": f"{SITE}/documents/{agenda}/en/", "title": "Running order"},
        ],
        "CJK002": [],
        "NIGHT3": [],
        "MOVE04": [],
        "GONE05": [],
        "KEEP06": [],
    }


def test_widget_counts_public_documents(client, tricky, documents):
    data = json.loads(client.get(feed("widget_json", tricky.event), {"lang": "en"}).content)

    assert data["labels"]["documents"] == "Documents"
    assert {s["code"]: s["documents"] for s in data["sessions"]} == {
        "OPEN01": 2,
        "CJK002": 0,
        "NIGHT3": 0,
        "MOVE04": 0,
        "GONE05": 0,
        "KEEP06": 0,
    }


def test_widget_script_links_the_documents():
    from django.conf import settings

    script = (settings.BASE_DIR / "static" / "widget" / "widget.js").read_text()

    assert (
        's.documents ? el("div", {}, [link(s.url + "#documents", '
        'L.documents + " (" + s.documents + ")")]) : null'
    ) in script
    assert len(script.encode()) < 10_000


@pytest.mark.parametrize("name", ["schedule_xml", "schedule_json", "widget_json"])
def test_a_published_document_changes_the_feed_at_once(client, tricky, name):
    path = feed(name, tricky.event)
    first = client.get(path)
    warm = client.get(path)  # the fast path, from the cached render

    document = publish(
        tricky.event,
        title={"en": "Late slides"},
        session=tricky.sessions["KEEP06"],
        kind=DocumentKind.PRESENTATION,
    )
    after = client.get(path)
    revalidated = client.get(path, headers={"If-None-Match": first["ETag"]})
    again = client.get(path, headers={"If-None-Match": after["ETag"]})

    counted = json.loads(after.content) if name == "widget_json" else None
    assert warm.content == first.content
    assert after["ETag"] != first["ETag"]
    assert (revalidated.status_code, revalidated.content) == (200, after.content)
    assert again.status_code == 304
    if counted is not None:
        keep = next(s for s in counted["sessions"] if s["code"] == "KEEP06")
        assert keep["documents"] == 1
    else:
        assert f"/documents/{document.code}/en/" in after.content.decode()
        assert f"/documents/{document.code}/" not in first.content.decode()


def test_feed_last_modified_follows_the_documents(client, tricky):
    path = feed("schedule_xml", tricky.event)
    before = client.get(path)
    document = publish(
        tricky.event,
        title={"en": "Late slides"},
        session=tricky.sessions["KEEP06"],
        kind=DocumentKind.PRESENTATION,
    )
    later = document.updated_at.replace(microsecond=0) + __import__("datetime").timedelta(seconds=5)
    Document.objects.filter(pk=document.pk).update(updated_at=later)

    after = client.get(path, headers={"If-Modified-Since": before["Last-Modified"]})

    assert (after.status_code, after["Last-Modified"]) == (200, http_date(later.timestamp()))


@pytest.mark.parametrize("name", ["schedule_xml", "schedule_json", "widget_json"])
@pytest.mark.parametrize("count", [1, 30])
def test_feed_query_count_does_not_grow_with_documents(
    client, tricky, django_assert_num_queries, name, count
):
    sessions = list(tricky.sessions.values())
    for number in range(count):
        document = publish(
            tricky.event,
            title={"en": f"Paper {number}"},
            session=sessions[number % len(sessions)],
            kind=DocumentKind.BACKGROUND_PAPER,
            text=f"Paper {number}",
        )
        document_file_add(document=document, language="fr", upload=checked("Papier"))

    # The head, its publication time, the event, its snapshot, the changelogs, the public
    # documents and their files.
    with django_assert_num_queries(7):
        response = client.get(feed(name, tricky.event))
    with django_assert_num_queries(0):  # the fast path
        again = client.get(feed(name, tricky.event))

    assert (response.status_code, again.content) == (200, response.content)
    if name == "schedule_xml":
        shown = response.content.decode().count("<attachment ")
    elif name == "schedule_json":
        shown = sum(len(a) for a in attachments_json(json.loads(response.content)).values())
    else:
        shown = sum(s["documents"] for s in json.loads(response.content)["sessions"])
    assert shown == count
