"""Documents in the partner API: the documents endpoint, documents on sessions and on the
event, their validators and cached renders, and the ``document.published`` webhook."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.http import http_date

from api.enums import WebhookEventType
from api.models import WebhookDelivery, WebhookEndpoint
from documents.enums import DocumentAudience, DocumentKind
from documents.models import Document
from documents.services.documents import (
    document_create,
    document_file_add,
    document_publish,
    document_update,
    document_withdraw,
)
from forum.uploads import upload_check
from tests.api.conftest import THROTTLE_QUERIES, url
from tests.documents.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def checked(text: str = "Background paper", pages: int = 1, name: str = "paper.pdf"):
    return upload_check(upload(name, pdf_bytes(text, pages), "application/pdf"))


def make_document(
    event,
    *,
    title,
    kind=DocumentKind.BACKGROUND_PAPER,
    session=None,
    audience=DocumentAudience.PUBLIC,
    language="en",
    text="Background paper",
    publish=True,
):
    document = document_create(
        event=event,
        kind=kind,
        title=title,
        language=language,
        upload=checked(text),
        session=session,
        audience=audience,
    )
    if publish:
        document = document_publish(document=document)
    document.refresh_from_db()
    return document


def local(event, value) -> str:
    """A time as the API writes it: in the event's time zone, with its offset."""
    return value.astimezone(event.tzinfo).isoformat()


def file_json(event, document, language: str) -> dict:
    file = document.files.filter(language=language).order_by("-version").first()
    return {
        "language": language,
        "version": file.version,
        "filename": file.filename,
        "content_type": "application/pdf",
        "size": file.size,
        "pages": file.pages,
        "sha256": file.sha256,
        "url": f"http://testserver/documents/{document.code}/{language}/",
        "updated_at": local(event, file.created_at),
    }


def public_json(event, document, *, title, title_lang, session, files) -> dict:
    return {
        "code": document.code,
        "state": "published",
        "kind": document.kind,
        "kind_label": str(DocumentKind(document.kind).label),
        "title": title,
        "text_languages": {"title": title_lang},
        "session": session,
        "files": [file_json(event, document, language) for language in files],
        "published_at": local(
            event, type(document).objects.values_list("public_at", flat=True).get(pk=document.pk)
        ),
        "updated_at": local(event, document.updated_at),
    }


def gone_json(event, document) -> dict:
    document.refresh_from_db()
    return {
        "code": document.code,
        "state": "withdrawn",
        "updated_at": local(event, document.updated_at),
    }


@pytest.fixture
def library(event, programme):
    """Documents in every state: public ones of the edition and of a session (two languages),
    a participants-only one, an organisers-only one, a draft, a withdrawn one, and one that
    was public and is now for participants."""
    concept = make_document(
        event,
        title={"en": "Concept note", "fr": "Note conceptuelle"},
        kind=DocumentKind.CONCEPT_NOTE,
    )
    slides = make_document(
        event,
        title={"en": "Opening slides"},
        kind=DocumentKind.PRESENTATION,
        session=programme["open"],
        text="Slides",
    )
    document_file_add(document=slides, language="fr", upload=checked("Diapositives", pages=2))
    slides.refresh_from_db()
    private = make_document(
        event,
        title={"en": "Delegates' secret briefing"},
        text="Briefing",
        session=programme["open"],
        audience=DocumentAudience.PARTICIPANTS,
    )
    organisers = make_document(
        event,
        title={"en": "Organisers' seating plan"},
        audience=DocumentAudience.ORGANISERS,
        text="Seating",
    )
    draft = make_document(event, title={"en": "Unfinished report"}, publish=False, text="Draft")
    withdrawn = make_document(
        event, title={"en": "Withdrawn paper"}, session=programme["house"], text="Withdrawn"
    )
    document_withdraw(document=withdrawn)
    narrowed = make_document(event, title={"en": "Narrowed paper"}, text="Narrowed")
    document_update(
        document=narrowed,
        kind=narrowed.kind,
        title={},
        audience=DocumentAudience.PARTICIPANTS,
        session=None,
    )
    return {
        "concept": concept,
        "slides": slides,
        "private": private,
        "organisers": organisers,
        "draft": draft,
        "withdrawn": withdrawn,
        "narrowed": narrowed,
    }


def by_code(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: item["code"])


# --- the documents endpoint ----------------------------------------------------------------------


def test_documents_list_public_ones_and_tombstones_of_those_public_no_longer(api, event, library):
    response = api.get(url(event, "documents/"))

    body = response.json()
    concept, slides = library["concept"], library["slides"]
    expected = [
        public_json(
            event,
            concept,
            title="Concept note",
            title_lang="en",
            session=None,
            files=["en"],
        ),
        public_json(
            event,
            slides,
            title="Opening slides",
            title_lang="en",
            session="OPEN",
            files=["en", "fr"],
        ),
        gone_json(event, library["withdrawn"]),
        gone_json(event, library["narrowed"]),
    ]
    assert (response.status_code, response["Content-Language"]) == (200, "en")
    # Documents published for participants or organisers only were never public: never named.
    assert body == {"count": 4, "next": None, "previous": None, "results": by_code(expected)}


def test_documents_never_leak_what_is_not_public(api, event, library):
    content = api.get(url(event, "documents/")).content.decode()

    for leaked in (
        "Delegates' secret briefing",
        "Organisers' seating plan",
        "Unfinished report",
        "Withdrawn paper",
        "Narrowed paper",
        library["draft"].code,
    ):
        assert leaked not in content
    for code in ("private", "organisers", "draft", "withdrawn", "narrowed"):
        for file in library[code].files.all():
            assert file.sha256 not in content


def test_documents_in_french_pick_the_title_and_order_files_by_the_fallback(api, event, library):
    response = api.get(url(event, "documents/"), {"lang": "fr"})

    results = {d["code"]: d for d in response.json()["results"]}
    concept, slides = results[library["concept"].code], results[library["slides"].code]
    assert response["Content-Language"] == "fr"
    with translation.override("fr"):
        label = str(DocumentKind.CONCEPT_NOTE.label)
    assert (concept["title"], concept["text_languages"], concept["kind_label"]) == (
        "Note conceptuelle",
        {"title": "fr"},
        label,
    )
    # No French title: the event's fallback order is es, en, fr.
    assert (slides["title"], slides["text_languages"]) == ("Opening slides", {"title": "en"})
    assert [f["language"] for f in slides["files"]] == ["fr", "en"]
    assert slides["files"][0]["pages"] == 2


def test_documents_filters(api, event, library):
    gone = {library[k].code for k in ("withdrawn", "narrowed")}

    def codes(**params) -> set[str]:
        return {d["code"] for d in api.get(url(event, "documents/"), params).json()["results"]}

    assert codes(session="OPEN") == {library["slides"].code, *gone}
    assert codes(kind="concept_note") == {library["concept"].code, *gone}
    assert codes(session="NOPE") == gone


def test_documents_updated_since(api, event, library):
    since = timezone.now()
    document_file_add(document=library["concept"], language="es", upload=checked("Nota"))
    document_withdraw(document=library["slides"])

    response = api.get(url(event, "documents/"), {"updated_since": since.isoformat()})

    concept = library["concept"]
    concept.refresh_from_db()
    assert response.json()["results"] == by_code(
        [
            public_json(
                event,
                concept,
                title="Concept note",
                title_lang="en",
                session=None,
                files=["en", "es"],
            ),
            gone_json(event, library["slides"]),
        ]
    )


def test_documents_invalid_query_is_refused(api, event, library):
    response = api.get(url(event, "documents/"), {"kind": "novel", "updated_since": "soon"})

    assert (response.status_code, sorted(response.json()["errors"])) == (
        400,
        ["kind", "updated_since"],
    )


def test_document_detail(api, event, library):
    slides = api.get(url(event, f"documents/{library['slides'].code}/"))
    withdrawn = api.get(url(event, f"documents/{library['withdrawn'].code}/"))
    draft = api.get(url(event, f"documents/{library['draft'].code}/"))

    assert (slides.status_code, slides.json()) == (
        200,
        public_json(
            event,
            library["slides"],
            title="Opening slides",
            title_lang="en",
            session="OPEN",
            files=["en", "fr"],
        ),
    )
    assert (withdrawn.status_code, withdrawn.json()) == (
        200,
        gone_json(event, library["withdrawn"]),
    )
    assert (draft.status_code, draft.json()["detail"]) == (
        404,
        "Not found in the published programme.",
    )


def test_documents_of_an_event_without_any(api, event):
    response = api.get(url(event, "documents/"))

    assert (response.status_code, response.json(), response.has_header("Last-Modified")) == (
        200,
        {"count": 0, "next": None, "previous": None, "results": []},
        False,
    )


# --- documents on sessions and on the event -------------------------------------------------------


def test_sessions_carry_their_public_documents(api, event, library):
    sessions = api.get(url(event, "sessions/")).json()["results"]
    detail = api.get(url(event, "sessions/OPEN/")).json()
    schedule = api.get(url(event, "schedule/")).json()["sessions"]

    slides = public_json(
        event,
        library["slides"],
        title="Opening slides",
        title_lang="en",
        session="OPEN",
        files=["en", "fr"],
    )
    assert {s["code"]: s["documents"] for s in sessions} == {
        "OPEN": [slides],
        "HOUSE": [],
        "WORK": [],
    }
    assert detail["documents"] == [slides]
    assert {s["code"]: s["documents"] for s in schedule} == {
        "OPEN": [slides],
        "HOUSE": [],
        "WORK": [],
    }


def test_event_carries_the_edition_documents(api, event, library):
    body = api.get(url(event), {"lang": "fr"}).json()

    with translation.override("fr"):
        label = str(DocumentKind.CONCEPT_NOTE.label)
    assert body["documents"] == [
        {
            **public_json(
                event,
                library["concept"],
                title="Note conceptuelle",
                title_lang="fr",
                session=None,
                files=["en"],
            ),
            "kind_label": label,
        }
    ]


# --- query counts ----------------------------------------------------------------------------------


PLACES = (None, "open", "work")  # document n goes to the edition, OPEN or WORK, in turn


@pytest.fixture
def many_documents(event, programme):
    def make(count: int):
        for number in range(count):
            place = PLACES[number % 3]
            document = make_document(
                event,
                title={"en": f"Paper {number}", "fr": f"Document {number}"},
                session=programme[place] if place else None,
                text=f"Paper {number}",
            )
            document_file_add(document=document, language="fr", upload=checked("Papier"))
        make_document(event, title={"en": "Briefing"}, audience=DocumentAudience.PARTICIPANTS)

    return make


# (path, cold, warm, documents shown of n): cold, the event head (and the version's
# publication time, then cached for good), what the endpoint read before (the snapshot, the
# code index, the event row), then the documents and their files; warm, nothing where the fast
# path answers from its cached head, else the head.
DOCUMENT_READS = [
    ("documents/", 4, 0, lambda n: n),  # the participants-only one was never public: not named
    ("sessions/", 5, 0, lambda n: n - n // 3 - (n % 3 > 0)),
    ("schedule/", 6, 0, lambda n: n - n // 3 - (n % 3 > 0)),
    ("sessions/OPEN/", 6, 1, lambda n: len(range(1, n, 3))),
    ("", 5, 1, lambda n: len(range(0, n, 3))),
]


def shown(tail: str, body: dict) -> int:
    if tail == "documents/":
        return body["count"]
    if tail == "":
        return len(body["documents"])
    sessions = body.get("results") or body.get("sessions") or [body]
    return sum(len(s["documents"]) for s in sessions)


@pytest.mark.parametrize(("tail", "cold", "warm", "expected"), DOCUMENT_READS)
@pytest.mark.parametrize("count", [1, 30])
def test_query_counts_do_not_grow_with_documents(
    api, event, many_documents, django_assert_num_queries, count, tail, cold, warm, expected
):
    many_documents(count)
    path = url(event, tail)

    with django_assert_num_queries(cold + THROTTLE_QUERIES):
        first = api.get(path)
    with django_assert_num_queries(warm + THROTTLE_QUERIES):
        again = api.get(path)

    assert (first.status_code, again.content) == (200, first.content)
    assert shown(tail, first.json()) == expected(count)


# --- validators and cached renders -----------------------------------------------------------------


@pytest.mark.parametrize("tail", ["documents/", "sessions/", "schedule/", "sessions/OPEN/", ""])
def test_a_publish_changes_the_etag_and_the_cached_render(api, event, programme, tail):
    path = url(event, tail)
    first = api.get(path)
    warm = api.get(path)

    session = None if tail == "" else programme["open"]  # the event lists the edition's
    document = make_document(event, title={"en": "Late paper"}, session=session, publish=False)
    document_publish(document=document)
    after = api.get(path)
    revalidated = api.get(path, headers={"If-None-Match": first["ETag"]})

    assert warm.content == first.content
    assert "Late paper" not in first.content.decode()
    assert "Late paper" in after.content.decode()
    assert after["ETag"] != first["ETag"]
    assert (revalidated.status_code, revalidated.content) == (200, after.content)


def test_fast_path_never_serves_a_stale_documents_list(api, event, programme, monkeypatch):
    from api.views.base import PublishedAPIView

    path = url(event, "documents/")
    api.get(path)
    calls = []
    dispatch = PublishedAPIView.dispatch

    def counting(self, request, *args, **kwargs):
        calls.append(request.path)
        return dispatch(self, request, *args, **kwargs)

    monkeypatch.setattr(PublishedAPIView, "dispatch", counting)
    warm = api.get(path)
    assert (warm.json()["count"], calls) == (0, [])  # answered by the fast path

    document = make_document(event, title={"en": "Late paper"})
    fresh = api.get(path)
    rewarm = api.get(path)

    assert [d["code"] for d in fresh.json()["results"]] == [document.code]
    assert (fresh["ETag"] != warm["ETag"], calls) == (True, [path])
    assert (rewarm.content, rewarm["ETag"]) == (fresh.content, fresh["ETag"])


def test_last_modified_follows_the_documents(api, event, programme):
    before = api.get(url(event, "sessions/"))
    document = make_document(event, title={"en": "Late paper"}, session=programme["open"])
    # A second later than the programme at least, as a later upload would be.
    document.updated_at = document.updated_at.replace(microsecond=0) + timedelta(seconds=5)
    Document.objects.filter(pk=document.pk).update(updated_at=document.updated_at)

    after = api.get(url(event, "sessions/"), headers={"If-Modified-Since": before["Last-Modified"]})

    assert (after.status_code, after["Last-Modified"]) == (
        200,
        http_date(document.updated_at.timestamp()),
    )


# --- the document.published webhook -----------------------------------------------------------------


@pytest.fixture
def endpoint(event):
    return WebhookEndpoint.objects.create(event=event, name="City", url="https://city.example/hook")


def test_document_published_webhook(event, programme, endpoint, settings):
    document = make_document(
        event, title={"en": "Opening slides"}, session=programme["open"], publish=False
    )
    document_file_add(document=document, language="fr", upload=checked("Diapositives"))
    document_publish(document=document)

    deliveries = list(WebhookDelivery.objects.values_list("type", "payload"))
    base = settings.SITE_URL
    assert deliveries == [
        (
            WebhookEventType.DOCUMENT_PUBLISHED,
            {
                "type": "document.published",
                "event": event.slug,
                "document": document.code,
                "kind": "background_paper",
                "session": "OPEN",
                "files": [
                    {
                        "language": "en",
                        "version": 1,
                        "url": f"{base}/documents/{document.code}/en/",
                    },
                    {
                        "language": "fr",
                        "version": 1,
                        "url": f"{base}/documents/{document.code}/fr/",
                    },
                ],
                "url": f"{base}/api/v1/events/{event.slug}/documents/{document.code}/",
            },
        )
    ]


def test_a_new_version_of_a_public_document_is_announced_again(event, endpoint, settings):
    document = make_document(event, title={"en": "Concept note"})
    document_file_add(document=document, language="en", upload=checked("Second draft"))

    payloads = WebhookDelivery.objects.order_by("pk").values_list("payload", flat=True)
    file_url = f"{settings.SITE_URL}/documents/{document.code}/en/"
    assert [p["files"] for p in payloads] == [
        [{"language": "en", "version": 1, "url": file_url}],
        [{"language": "en", "version": 2, "url": file_url}],
    ]


def test_a_retitled_public_document_is_announced_and_served_at_once(api, event, endpoint):
    document = make_document(event, title={"en": "Concept note"})
    api.get(url(event, "documents/"))
    document_update(
        document=document,
        kind=DocumentKind.CONCEPT_NOTE,
        title={"en": "Concept note, revised"},
        audience=DocumentAudience.PUBLIC,
        session=None,
    )

    payloads = WebhookDelivery.objects.order_by("pk").values_list("payload", flat=True)
    results = api.get(url(event, "documents/")).json()["results"]
    assert [(p["document"], p["kind"]) for p in payloads] == [
        (document.code, "background_paper"),
        (document.code, "concept_note"),
    ]
    assert [(d["title"], d["kind"]) for d in results] == [("Concept note, revised", "concept_note")]


def test_participants_only_publish_sends_no_webhook(event, programme, endpoint):
    make_document(
        event,
        title={"en": "Delegates' briefing"},
        session=programme["open"],
        audience=DocumentAudience.PARTICIPANTS,
    )
    make_document(event, title={"en": "Seating"}, audience=DocumentAudience.ORGANISERS)

    assert WebhookDelivery.objects.count() == 0


def test_withdrawal_sends_no_webhook_but_is_served_at_once(api, event, endpoint):
    document = make_document(event, title={"en": "Concept note"})
    api.get(url(event, "documents/"))
    document_withdraw(document=document)

    assert WebhookDelivery.objects.count() == 1  # the publish's
    assert api.get(url(event, "documents/")).json()["results"] == [gone_json(event, document)]


# --- the schema ------------------------------------------------------------------------------------


def test_schema_documents_the_documents_endpoints(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()

    listing = schema["paths"]["/api/v1/events/{event_slug}/documents/"]["get"]
    detail = schema["paths"]["/api/v1/events/{event_slug}/documents/{code}/"]["get"]
    document = schema["components"]["schemas"]["Document"]
    assert (listing["operationId"], listing["tags"], detail["tags"]) == (
        "documents_list",
        ["documents"],
        ["documents"],
    )
    assert sorted(p["name"] for p in listing["parameters"] if p["in"] == "query") == [
        "kind",
        "lang",
        "page",
        "page_size",
        "session",
        "updated_since",
    ]
    assert sorted(document["required"]) == ["code", "state", "text_languages", "updated_at"]
    session = schema["components"]["schemas"]["Session"]["properties"]["documents"]
    assert session["items"] == {"$ref": "#/components/schemas/Document"}


@pytest.mark.parametrize("tail", ["documents/", "sessions/OPEN/"])
def test_a_document_deleted_without_a_service_is_dropped_at_once(api, event, programme, tail):
    document = make_document(event, title={"en": "Doomed paper"}, session=programme["open"])
    path = url(event, tail)
    first = api.get(path)
    assert document.code in first.content.decode()

    type(document).objects.filter(pk=document.pk).delete()  # the shell, or a cascade
    after = api.get(path)

    assert (document.code in after.content.decode(), after["ETag"] != first["ETag"]) == (
        False,
        True,
    )
    event.refresh_from_db()
    assert event.documents_revision == 2  # published, then deleted
