"""Every organiser workspace URL (``/manage/<event>/...``) is scoped to its event.

The table below lists every such URL the resolver knows, with how to fill its arguments from a
fully populated event. For each one: an organiser of another event, holding every team flag,
gets a 404 on GET and POST and nothing is written; an organiser of this event gets the page
(so the arguments point at real objects and the 404 is the scoping, not a missing row), and the
same POST from them changes the tables the table names (so the intruder's body would have
written); an anonymous visitor is sent to log in. Pages naming a row (a session, a room, a
registration...) are also a 404 for this event's organiser when the row is another event's.
A new workspace URL fails the table test until it is listed here.
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse

from api.models import WebhookEndpoint
from documents.services.documents import document_create
from events.rules import TEAM_PERMISSIONS
from forum.storage import file_store
from forum.uploads import upload_check
from outcomes.models import Endorsement, Pledge, PledgeRevision
from outcomes.services.statements import statement_create
from registrations.models import Answer
from registrations.services.checkin import ticket_secret
from registrations.services.credentials import letter_upload
from registrations.services.questions import question_create
from sessions.enums import SessionState
from sessions.models import CallForProposals, Proposal, ReviewCriterion
from tests.documents.conftest import pdf_bytes
from tests.factories import CategoryFactory, EventFactory, OrganisationFactory, register
from tests.sessions.factories import (
    RoomFactory,
    SessionFactory,
    SessionRoleFactory,
    SpeakerFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db

ALL_FLAGS = dict.fromkeys(TEAM_PERMISSIONS, True)
WORKSPACE_PREFIXES = ("manage/<slug:slug>/", "manage/<slug:event_slug>/")
HTML = "text/html; charset=utf-8"
PDF = "application/pdf"


@dataclass(frozen=True)
class Page:
    """How to reach one workspace URL on the populated event, and what its organiser gets.

    ``kwargs`` maps each URL argument to an attribute path on the :class:`Workspace`;
    ``query`` is the page's query string; ``status`` and ``content_type`` are what an
    organiser of the event gets on GET (405 for pages that only take POST); ``post`` is what an
    intruder posts (with a name added); ``writes`` are the tables the same POST changes when an
    organiser of the event sends it (answered with ``post_status``), so the intruder's 404 is
    all that stops it.
    """

    kwargs: dict[str, str]
    query: dict[str, list[str]] = field(default_factory=dict)
    status: int = 200
    content_type: str | None = HTML
    post: dict[str, object] = field(default_factory=dict)
    writes: tuple[str, ...] = ()
    post_status: int = 302


@dataclass(frozen=True)
class Ref:
    """A posted value taken from the populated event (an attribute path on the Workspace)."""

    path: str


@dataclass(frozen=True)
class Upload:
    """A posted file (a fresh one for each request)."""

    name: str
    content: bytes


def ev(**extra: str) -> dict[str, str]:
    return {"slug": "event.slug", **extra}


def pr(**extra: str) -> dict[str, str]:
    return {"event_slug": "event.slug", **extra}


POST_ONLY = {"status": 405, "content_type": None}
AUDIT = "events.AuditEntry"
SPEAKER = {
    "honorific": "Mayor",
    "position_en": "Mayor",
    "organisation_name": "Quito",
    "language": "en",
}
SESSION = {
    "kind": "panel",
    "spoken_language": "en",
    "day": Ref("second_day"),
    "start": "15:00",
    "end": "16:00",
    "room": Ref("room.pk"),
    "roles-TOTAL_FORMS": "0",
    "roles-INITIAL_FORMS": "0",
    "new-TOTAL_FORMS": "0",
    "new-INITIAL_FORMS": "0",
}
CATEGORY = {"fee": "0", "currency": "EUR", "is_public": "on"}
MOVED = (AUDIT, "programme.Session")
# A translator's file retitling the session S1 in English (the language ``everything()`` reads).
TRANSLATED = b"id,source_lang,source,target_lang,target\r\nsession:S1:title,es,,en,Intruder\r\n"

PAGES: dict[str, Page] = {
    # events
    "manage:audit_log": Page(ev()),
    "manage:event_settings": Page(
        ev(),
        post={
            "start_date": Ref("event.start_date"),
            "end_date": Ref("event.end_date"),
            "timezone": "America/Guayaquil",
            "main_language": "es",
            "languages": ["es", "en"],
            "venue": Ref("event.venue_id"),
            "venue_name_en": Ref("event.venue.name_en"),
            "max_delegation_size": "3",
        },
        writes=(AUDIT, "events.Event"),
    ),
    "manage:teams": Page(
        ev(), post={"action": "create", "new-name": "Intruders"}, writes=(AUDIT, "events.Team")
    ),
    # registrations
    "manage:registrations": Page(
        ev(),
        post={"action": "cancel", "registrations": Ref("registration.pk")},
        writes=(
            AUDIT,
            "registrations.Registration",
            "registrations.RegistrationTransition",
            "forum.Job",
        ),
    ),
    "manage:registrations_dashboard": Page(ev()),
    "manage:registrations_export": Page(ev(), content_type="text/csv; charset=utf-8"),
    "manage:categories": Page(
        ev(),
        post={**CATEGORY, "capacity": "1"},
        writes=(AUDIT, "registrations.RegistrationCategory"),
    ),
    "manage:category_edit": Page(
        ev(pk="category.pk"),
        post={**CATEGORY, "capacity": "1"},
        writes=(AUDIT, "registrations.RegistrationCategory"),
    ),
    "manage:invitations": Page(
        ev(),
        post={"kind": "code", "category": Ref("category.pk"), "max_uses": "5"},
        writes=(AUDIT, "registrations.Invitation"),
    ),
    "manage:delegations": Page(ev()),
    "manage:organisations": Page(ev()),
    "manage:organisation": Page(
        ev(pk="organisation.pk"),
        post={"action": "designate", "email": "intruder@example.org", "language": "en"},
        writes=(AUDIT, "registrations.FocalPoint", "forum.Job"),
    ),
    "manage:registration_detail": Page(
        ev(reference="registration.reference"),
        post={"action": "cancel"},
        writes=(
            AUDIT,
            "registrations.Registration",
            "registrations.RegistrationTransition",
            "forum.Job",
        ),
    ),
    "manage:payments": Page(
        ev(),
        post={"action": "bank_transfer", "registration": Ref("unpaid.pk"), "amount": "50"},
        writes=(
            AUDIT,
            "registrations.Payment",
            "registrations.Registration",
            "registrations.RegistrationTransition",
            "forum.Job",
        ),
    ),
    "manage:travel_support": Page(
        ev(),
        post={"registration": Ref("registration.pk"), "outcome": "granted", "covers_flight": "on"},
        writes=(AUDIT, "registrations.TravelSupportDecision"),
    ),
    "manage:check_in": Page(
        ev(),
        post={"secret": Ref("ticket_secret")},
        writes=(AUDIT, "registrations.CheckIn"),
        post_status=200,
    ),
    "manage:badge_sheet": Page(ev(), content_type=PDF),
    "manage:badge": Page(ev(reference="registration.reference"), content_type=PDF),
    "manage:letter": Page(ev(reference="registration.reference"), content_type=PDF),
    # nomination letters (the letter names the confirmed registration: verifying it records
    # the decision in its history, without moving it)
    "manage:credentials": Page(
        ev(),
        post={"action": "verify", "letter": Ref("letter.pk")},
        writes=(AUDIT, "registrations.NominationLetter", "registrations.RegistrationTransition"),
    ),
    "manage:credentials_file": Page(ev(pk="letter.pk"), content_type=PDF),
    "manage:registration_letter_upload": Page(
        ev(reference="registration.reference"),
        **POST_ONLY,
        post={"file": Upload("letter.pdf", pdf_bytes("Nomination"))},
        writes=(AUDIT, "registrations.NominationLetter"),
    ),
    # registration questions (the populated question has an answer: deleting retires it)
    "manage:questions": Page(
        ev(),
        post={"action": "delete", "question": Ref("answer.question_id")},
        writes=(AUDIT, "registrations.Question"),
    ),
    "manage:question_new": Page(
        ev(),
        post={"kind": "text", "label_en": "Arrival date"},
        writes=(AUDIT, "registrations.Question"),
    ),
    "manage:question_edit": Page(
        ev(pk="answer.question_id"),
        post={"kind": "file", "label_en": "Intruder's question"},
        writes=(AUDIT, "registrations.Question"),
    ),
    "manage:answer_file": Page(
        ev(reference="registration.reference", question="answer.question_id"),
        content_type=PDF,
    ),
    # programme
    "programme_manage:timetable": Page(pr()),
    "programme_manage:session_move": Page(
        pr(),
        **POST_ONLY,
        post={"code": "S1", "day": Ref("second_day"), "start": "15:00", "room": Ref("room.pk")},
        writes=MOVED,
        post_status=200,
    ),
    "programme_manage:session_schedule": Page(
        pr(code="session.code"),
        **POST_ONLY,
        post={"S1-day": Ref("second_day"), "S1-start": "15:00", "S1-end": "16:00"},
        writes=MOVED,
    ),
    "programme_manage:publish": Page(
        pr(),
        **POST_ONLY,
        post={"comment": "Intruder"},
        writes=(AUDIT, "programme.ScheduleVersion", "api.WebhookDelivery", "forum.Job"),
    ),
    "programme_manage:widget_builder": Page(pr()),
    "programme_manage:sessions": Page(
        pr(), post={"action": "cancel", "sessions": Ref("session.pk")}, writes=MOVED
    ),
    "programme_manage:session_create": Page(
        pr(), post={**SESSION, "title_en": "Intruder"}, writes=MOVED
    ),
    "programme_manage:session_edit": Page(
        pr(code="session.code"),
        post={**SESSION, "title_en": "Intruder"},
        writes=(*MOVED, "programme.SessionRole"),  # the posted roles (none) replace its one
    ),
    "programme_manage:session_links": Page(
        pr(code="session.code"),
        post={
            "meeting_url": "https://meet.example.org/intruder",
            "stream_floor": "https://webcast.example.org/intruder",
            "recording_audience": "participants",
        },
        writes=(*MOVED, "programme.SessionStream"),
    ),
    "programme_manage:session_duplicate": Page(
        pr(code="session.code"), **POST_ONLY, writes=(*MOVED, "programme.SessionRole")
    ),
    "programme_manage:session_cancel": Page(pr(code="session.code"), **POST_ONLY, writes=MOVED),
    "programme_manage:session_restore": Page(pr(code="cancelled.code"), **POST_ONLY, writes=MOVED),
    "programme_manage:rooms": Page(pr()),
    "programme_manage:room_create": Page(
        pr(), post={"capacity": "1"}, writes=(AUDIT, "programme.Room")
    ),
    "programme_manage:room_edit": Page(
        pr(pk="room.pk"), post={"capacity": "1"}, writes=(AUDIT, "programme.Room")
    ),
    "programme_manage:room_delete": Page(
        pr(pk="spare_room.pk"), **POST_ONLY, writes=(AUDIT, "programme.Room")
    ),
    "programme_manage:room_move": Page(
        pr(pk="room.pk"), **POST_ONLY, post={"direction": "down"}, writes=(AUDIT, "programme.Room")
    ),
    "programme_manage:tracks": Page(pr()),
    "programme_manage:track_create": Page(
        pr(), post={"colour": "#000000"}, writes=(AUDIT, "programme.Track")
    ),
    "programme_manage:track_edit": Page(
        pr(pk="track.pk"), post={"colour": "#000000"}, writes=(AUDIT, "programme.Track")
    ),
    "programme_manage:track_delete": Page(
        pr(pk="spare_track.pk"), **POST_ONLY, writes=(AUDIT, "programme.Track")
    ),
    "programme_manage:track_move": Page(
        pr(pk="track.pk"),
        **POST_ONLY,
        post={"direction": "down"},
        writes=(AUDIT, "programme.Track"),
    ),
    "programme_manage:speakers": Page(pr()),
    "programme_manage:speaker_create": Page(
        pr(), post={**SPEAKER, "email": "x@example.org"}, writes=(AUDIT, "programme.Speaker")
    ),
    "programme_manage:speaker_merge": Page(
        pr(),
        query={"speaker": ["P1", "P2"]},
        post={"speaker": ["P1", "P2"], "keep": "P1"},
        writes=(AUDIT, "programme.Speaker"),
    ),
    "programme_manage:speaker_edit": Page(
        pr(code="speaker.code"),
        post={**SPEAKER, "email": "x@example.org"},
        writes=(AUDIT, "programme.Speaker"),
    ),
    "programme_manage:speaker_moderate": Page(
        pr(code="speaker.code"),
        **POST_ONLY,
        post={"biography_en": "", "note": "Intruder"},
        writes=("programme.Speaker",),
    ),
    "programme_manage:speaker_invite": Page(
        pr(code="speaker.code"), **POST_ONLY, writes=(AUDIT, "programme.Speaker", "forum.Job")
    ),
    # the call for side events (the populated call has a criterion and a proposal question)
    "programme_manage:call": Page(
        pr(),
        post={
            "form": "call",
            "opens_at": "2031-01-05T09:00",
            "closes_at": "2031-02-01T18:00",
            "formats": "workshop",
        },
        writes=(AUDIT, "programme.CallForProposals"),
    ),
    "programme_manage:call_criterion": Page(
        pr(),
        **POST_ONLY,
        post={"criterion": "new", "criterion-new-name_en": "Reach", "criterion-new-weight": "2"},
        writes=(AUDIT, "programme.ReviewCriterion"),
    ),
    "programme_manage:call_questions": Page(
        pr(),
        post={"action": "delete", "question": Ref("proposal_question.pk")},
        writes=(AUDIT, "registrations.Question"),
    ),
    "programme_manage:call_question_new": Page(
        pr(),
        post={"kind": "text", "label_en": "Budget"},
        writes=(AUDIT, "registrations.Question"),
    ),
    "programme_manage:call_question_edit": Page(
        pr(pk="proposal_question.pk"),
        post={"kind": "text", "label_en": "Intruder's question"},
        writes=(AUDIT, "registrations.Question"),
    ),
    "programme_manage:proposals": Page(
        pr(),
        post={"decision": "waitlisted", "proposals": Ref("proposal.pk")},
        writes=(AUDIT, "programme.Proposal", "forum.Job"),
    ),
    "programme_manage:proposals_export": Page(pr(), content_type="text/csv; charset=utf-8"),
    "programme_manage:proposal_detail": Page(
        pr(code="proposal.code"),
        post={"action": "decide", "decision": "rejected", "note": "Out of scope"},
        writes=(AUDIT, "programme.Proposal", "forum.Job"),
    ),
    "programme_manage:reviews": Page(pr()),
    "programme_manage:review_proposal": Page(pr(code="proposal.code")),
    "programme_manage:review_ranking": Page(pr()),
    "programme_manage:review_ranking_csv": Page(pr(), content_type="text/csv; charset=utf-8"),
    "programme_manage:translations": Page(pr()),
    "programme_manage:reports": Page(
        pr(),
        post={"deadline": "2026-05-20T18:30"},
        writes=(AUDIT, "programme.ReportSettings"),
    ),
    "programme_manage:report": Page(
        pr(code="session.code"),
        post={
            "action": "save",
            "messages-TOTAL_FORMS": "1",
            "messages-INITIAL_FORMS": "0",
            "messages-0-text_en": "Intruder's key message",
        },
        writes=(AUDIT, "programme.SessionReport", "programme.ReportMessage"),
    ),
    "programme_manage:translations_export": Page(
        pr(), query={"lang": ["fr"], "format": ["csv"]}, content_type="text/csv; charset=utf-8"
    ),
    "programme_manage:translations_import": Page(
        pr(),
        **POST_ONLY,
        post={"file": Upload("fr.csv", TRANSLATED)},
        writes=(AUDIT, "programme.Session"),
    ),
    # documents
    "documents_manage:documents": Page(pr()),
    "documents_manage:document_new": Page(
        pr(),
        post={
            "kind": "report",
            "audience": "public",
            "title_en": "Intruder",
            "language": "en",
            "file": Upload("intruder.pdf", pdf_bytes("Intruder")),
        },
        writes=(AUDIT, "documents.Document", "documents.DocumentFile"),
    ),
    "documents_manage:document": Page(
        pr(code="document.code"),
        post={"kind": "report", "audience": "public", "title_en": "Intruder"},
        writes=(AUDIT, "documents.Document"),
    ),
    "documents_manage:document_upload": Page(
        pr(code="document.code"),
        **POST_ONLY,
        post={"language": "en", "file": Upload("intruder.pdf", pdf_bytes("Intruder"))},
        writes=(AUDIT, "documents.Document", "documents.DocumentFile"),
    ),
    # A public document: publishing it counts up the event's documents revision and queues
    # the document.published webhook.
    "documents_manage:document_publish": Page(
        pr(code="document.code"),
        **POST_ONLY,
        writes=(AUDIT, "documents.Document", "events.Event", "api.WebhookDelivery", "forum.Job"),
    ),
    # The document is a draft: only a published one can be withdrawn (tests/documents do).
    "documents_manage:document_withdraw": Page(pr(code="document.code"), **POST_ONLY),
    # partners
    "partners_manage:partners": Page(
        pr(),
        post={"action": "key_create", "key-name": "Intruder"},
        writes=(AUDIT, "api.PartnerKey"),
        post_status=200,  # the page shows the new key once
    ),
    "partners_manage:endpoint_edit": Page(
        pr(pk="endpoint.pk"),
        post={"endpoint-name": "Intruder", "endpoint-url": "https://93.184.215.14/x"},
        writes=(AUDIT, "api.WebhookEndpoint"),
    ),
    # outcomes
    "outcomes_manage:statements": Page(pr()),
    "outcomes_manage:new": Page(
        pr(),
        post={
            "title": "Intruder",
            "slug": "intruder",
            "endorsing_kinds": "local_authority",
            "text_en": "## One\n\nText.",
        },
        writes=(
            AUDIT,
            "outcomes.Statement",
            "outcomes.StatementVersion",
            "outcomes.StatementTransition",
        ),
    ),
    "outcomes_manage:statement": Page(
        pr(slug="statement.slug"),
        post={"action": "consultation", "note": ""},
        writes=(AUDIT, "outcomes.Statement", "outcomes.StatementTransition"),
    ),
    "outcomes_manage:version_new": Page(
        pr(slug="statement.slug"),
        post={"text_en": "## One\n\nOther text.", "note": "v2"},
        writes=(AUDIT, "outcomes.StatementVersion"),
    ),
    # Compiling needs an accepted report (tests/outcomes/compilation post one).
    "outcomes_manage:compile": Page(pr(slug="statement.slug"), post={"note": "Intruder"}),
    # Answering a comment and approving an endorsement need one (tests/outcomes post them).
    "outcomes_manage:comments": Page(
        pr(slug="statement.slug"), post={"action": "resolve", "comment": "1"}
    ),
    "outcomes_manage:endorsements": Page(
        pr(slug="statement.slug"), post={"action": "approve", "endorsement": "1"}
    ),
    "outcomes_manage:pledges": Page(pr(slug="statement.slug")),
    "outcomes_manage:pledges_csv": Page(
        pr(slug="statement.slug"), content_type="text/csv; charset=utf-8"
    ),
    "outcomes_manage:pledge": Page(
        pr(slug="statement.slug", code="pledge.code"),
        post={"action": "approve", "revision": Ref("pledge_revision.pk")},
        # The approval emails the signatory and records the pledge.published webhook for the
        # workspace's endpoint.
        writes=(
            AUDIT,
            "outcomes.Pledge",
            "outcomes.PledgeRevision",
            "forum.Job",
            "api.WebhookDelivery",
        ),
    ),
}


def workspace_url_names() -> list[str]:
    """The name (with namespaces) of every URL pattern under /manage/<event>/."""

    def walk(resolver, route: str, namespace: str | None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, route + str(pattern.pattern), inner)
            elif any(p in route + str(pattern.pattern) for p in WORKSPACE_PREFIXES):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return list(walk(get_resolver(), "", None))


def test_the_table_lists_every_workspace_url_and_no_other():
    names = workspace_url_names()
    assert len(names) == len(set(names))  # every pattern is named, once
    assert sorted(set(names) - set(PAGES)) == []  # a new page: add it to PAGES
    assert sorted(set(PAGES) - set(names)) == []  # a page that is gone


@dataclass
class Workspace:
    event: object
    category: object
    registration: object
    room: object
    track: object
    session: object
    speaker: object
    endpoint: object
    statement: object
    cancelled: object
    unpaid: object
    spare_room: object
    spare_track: object
    ticket_secret: str
    document: object
    letter: object
    organisation: object
    answer: object
    proposal: object
    proposal_question: object = None
    pledge: object = None
    pledge_revision: object = None

    @property
    def second_day(self) -> str:
        return (self.event.start_date + timedelta(days=1)).isoformat()

    def url(self, name: str) -> str:
        page = PAGES[name]
        kwargs = {arg: attrgetter(path)(self) for arg, path in page.kwargs.items()}
        query = f"?{urlencode(page.query, doseq=True)}" if page.query else ""
        return reverse(name, kwargs=kwargs) + query

    def body(self, name: str) -> dict[str, object]:
        """What an intruder posts: the table's fields (references filled in) and a name."""
        body = {"name": "Intruder", "name_en": "Intruder"}
        for key, value in PAGES[name].post.items():
            if isinstance(value, Ref):
                value = str(attrgetter(value.path)(self))
            elif isinstance(value, Upload):
                value = SimpleUploadedFile(value.name, value.content)
            body[key] = value
        return body


def populate(event, author, code: str = "") -> Workspace:
    """One real row of each kind a workspace URL names, in ``event`` (codes start with ``code``)."""
    category = CategoryFactory(event=event, name="Delegate", visa_letter_offered=True)
    registration, _token = register(
        category,
        given_name="Thi Minh",
        family_name="Nguyen",
        visa_letter_requested=True,
        passport_expiry=date(2040, 5, 1),
        travel_support_requested=True,
    )
    unpaid, _token = register(
        CategoryFactory(event=event, name="Observer", fee=50, currency="EUR"),
        given_name="Luc",
    )
    room = RoomFactory(event=event, name="Main hall", order=0)
    spare_room = RoomFactory(event=event, name="Annex", order=1)
    track = TrackFactory(event=event, name="Climate mobility")
    spare_track = TrackFactory(event=event, name="Housing")
    session = SessionFactory(event=event, code=f"{code}S1", room=room, track=track)
    speaker = SpeakerFactory(event=event, code=f"{code}P1", name="Ana Quispe")
    SessionRoleFactory(session=session, speaker=speaker)
    SpeakerFactory(event=event, code=f"{code}P2", name="Ana Quispe Q.")  # a duplicate, to merge
    cancelled = SessionFactory(
        event=event,
        code=f"{code}S2",
        room=None,
        start=None,
        end=None,
        state=SessionState.CANCELLED,
    )
    endpoint = WebhookEndpoint.objects.create(
        event=event, name="City site", url="https://93.184.215.14/hook"
    )
    statement = statement_create(
        event=event,
        title="Mayors Declaration",
        slug=f"{event.slug}-declaration",
        texts={"en": "## One\n\nCities declare.", "fr": "", "es": ""},
        user=author,
    )
    workspace = Workspace(
        event,
        category,
        registration,
        room,
        track,
        session,
        speaker,
        endpoint,
        statement,
        cancelled,
        unpaid,
        spare_room,
        spare_track,
        ticket_secret(registration=registration),
        document_create(
            event=event,
            kind="background_paper",
            title={"en": "Water paper"},
            language="en",
            upload=upload_check(SimpleUploadedFile("paper.pdf", pdf_bytes("Water paper"))),
            session=session,
        ),
        letter_upload(
            event=event,
            registrations=[registration],
            uploaded=SimpleUploadedFile("letter.pdf", pdf_bytes("Nomination")),
            actor_label="organiser",
            user=author,
        ),
        OrganisationFactory(name=f"City of Cuenca {code}"),
        _file_answer(event, registration, author),
        _proposal(event, code),
    )
    workspace.proposal_question = question_create(
        event=event, kind="text", label={"en": "Budget"}, target="proposal", user=author
    )
    workspace.pledge, workspace.pledge_revision = _pledge(statement, workspace.organisation, code)
    return workspace


def _pledge(statement, organisation, code: str):
    """A published endorsement's pledge with a text awaiting review."""
    now = datetime(2031, 3, 1, tzinfo=UTC)
    endorsement = Endorsement.objects.create(
        statement=statement,
        organisation=organisation,
        state="published",
        method="domain",
        signatory_name="Pedro",
        email="pedro@cuenca.example",
        verified_at=now,
        published_at=now,
    )
    pledge = Pledge.objects.create(
        statement=statement,
        endorsement=endorsement,
        organisation=organisation,
        code=f"{code}PLEDGE",
    )
    revision = PledgeRevision.objects.create(
        pledge=pledge, number=1, title="Bus lanes", title_en="Bus lanes", status="planned"
    )
    return pledge, revision


def _proposal(event, code: str):
    """A submitted side-event proposal of the event's call (which has a criterion)."""
    call = CallForProposals.objects.create(
        event=event,
        opens_at=datetime(2031, 1, 1, tzinfo=UTC),
        closes_at=datetime(2031, 2, 1, tzinfo=UTC),
        formats=["side_event"],
    )
    ReviewCriterion.objects.create(call=call, name="Relevance", name_en="Relevance")
    return Proposal.objects.create(
        event=event,
        call=call,
        code=f"{code}X1",
        state="submitted",
        token_hash=f"{code}token",
        new_organisation_name="Town of Loja",
        contact_name="Rosa",
        contact_email="rosa@example.org",
        title="Water",
    )


def _file_answer(event, registration, author):
    """A registrant's file answer to the event's question (stored as an upload would be)."""
    question = question_create(
        event=event, kind="file", label={"en": "Proof of mandate"}, user=author
    )
    checked = upload_check(SimpleUploadedFile("mandate.pdf", pdf_bytes("Mandate")))
    return Answer.objects.create(
        registration=registration,
        question=question,
        file=file_store(f"personal/answers/{event.pk}/{question.pk}/mandate.pdf", checked.content),
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )


@pytest.fixture
def quito(organiser_of):
    event = EventFactory(name="Mayoral Forum Quito 2031", slug="quito-2031", registration_open=True)
    return populate(event, organiser_of(event, "amina", **ALL_FLAGS))


@pytest.fixture
def secretariat(quito):
    return quito.event.teams.get().members.get()


@pytest.fixture
def berlin_organiser(organiser_of):
    """An organiser of another event holding every team flag there."""
    return organiser_of(EventFactory(name="Mayoral Forum Berlin", slug="berlin"), **ALL_FLAGS)


def everything() -> dict[str, list[dict]]:
    """Every row of the forum's own tables (the rate-limit counters aside)."""
    labels = ("events", "registrations", "programme", "outcomes", "documents", "api", "forum")
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in labels
        for model in apps.get_app_config(label).get_models()
        if model._meta.label != "forum.RateCounter"
    }


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_organiser_of_another_event_gets_404_and_writes_nothing(
    quito, berlin_organiser, client_of, name, method
):
    client = client_of(berlin_organiser)
    url = quito.url(name)
    before = everything()

    response = getattr(client, method)(url, quito.body(name) if method == "post" else {})

    assert response.status_code == 404
    assert everything() == before


@pytest.mark.parametrize("name", sorted(n for n, page in PAGES.items() if page.writes))
def test_the_same_post_by_an_organiser_of_the_event_writes(quito, secretariat, client_of, name):
    """The intruder's body is one that changes these tables: only the scoping stops it."""
    client = client_of(secretariat)
    before = everything()

    response = client.post(quito.url(name), quito.body(name))

    after = everything()
    changed = sorted(label for label in after if after[label] != before[label])
    assert (response.status_code, changed) == (PAGES[name].post_status, sorted(PAGES[name].writes))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_organiser_of_the_event_gets_the_page(quito, secretariat, client_of, name):
    page = PAGES[name]

    response = client_of(secretariat).get(quito.url(name))

    assert response.status_code == page.status
    if page.content_type:
        assert response["Content-Type"] == page.content_type
    if page.content_type == PDF:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.startswith(b"%PDF-")


# Pages that name one of the event's rows (a session, a room, a registration...) in their URL.
# An organisation is not one of them: the directory is shared by every event, and an event's
# organisers designate focal points for any organisation in it.
WITH_A_ROW = sorted(
    name
    for name, page in PAGES.items()
    if set(page.kwargs) - {"slug", "event_slug"} and name != "manage:organisation"
)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", WITH_A_ROW)
def test_a_row_of_another_event_is_404_under_this_event(
    quito, secretariat, organiser_of, client_of, name, method
):
    """Quito's organiser, on Quito's pages, naming Berlin's session, room, registration...

    A GET of a POST-only page is refused (405) before any row is looked up."""
    berlin = EventFactory(name="Mayoral Forum Berlin", slug="berlin", registration_open=True)
    berlin_rows = populate(berlin, organiser_of(berlin, **ALL_FLAGS), code="B")
    crossed = replace(berlin_rows, event=quito.event)
    client = client_of(secretariat)
    before = everything()

    response = getattr(client, method)(
        crossed.url(name), crossed.body(name) if method == "post" else {}
    )

    post_only = method == "get" and PAGES[name].status == 405
    assert response.status_code == (405 if post_only else 404)
    assert everything() == before


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_is_sent_to_log_in(quito, client, name):
    url = quito.url(name)

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (
        302,
        "/en/accounts/login/?" + urlencode({"next": url}, safe="/"),
    )
