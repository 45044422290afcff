"""Shared by the programme endpoints: they all render from the latest snapshot."""

from api.selectors.programme import ApiProgramme, api_programme
from api.selectors.published import version_snapshot
from api.views.base import PublishedAPIView
from documents.enums import DocumentAudience
from documents.selectors.documents import documents_grouped, documents_readable
from events.models import Event
from forum.published import render_cached
from sessions.selectors.heads import EventHead


class ProgrammeAPIView(PublishedAPIView):
    fast_path = True  # schedule and the lists: validators from the event head alone
    # Sessions carry their public documents, read live: the render is named by the event's
    # documents revision as well as the version, and Last-Modified moves with them.
    with_documents = False

    def stamp(self, head: EventHead | None) -> tuple[int, int | None, str, object]:
        # Rendered from the version alone and cached by its number: Last-Modified is the
        # version's publication time, the same instant as the bodies' ``published_at``.
        if self.with_documents:
            return (
                head.id,
                head.number,
                f"documents:{head.documents_revision}",
                head.with_documents(head.published_at),
            )
        return head.id, head.number, "", head.published_at

    def documents_context(self, head: EventHead) -> dict:
        """What a serializer of sessions needs for their documents: {session code: [public
        documents]} (one read per response, whatever the number of sessions) and the base of
        their URLs."""
        reads = documents_readable(
            event=Event(pk=head.id, languages=list(head.languages)),
            lang=self.languages.content,
            audiences=[DocumentAudience.PUBLIC],
        )
        _edition, by_session = documents_grouped(reads)
        return {"documents": by_session, "base": self.url_base()}

    def exists(self, head: EventHead) -> bool:
        return head.number is not None

    def programme(self, head: EventHead) -> ApiProgramme:
        snapshot = version_snapshot(event_id=head.id, number=head.number)
        return api_programme(
            # The programme needs only the time zone: no need to load the event row.
            event=Event(pk=head.id, timezone=head.timezone),
            number=head.number,
            published_at=head.published_at,
            snapshot=snapshot,
            lang=self.languages.content,  # build() renders labels in the label language
        )


class ProgrammeDetailAPIView(ProgrammeAPIView):
    """A session or a speaker by code: existence is checked against a cached code index."""

    lookup = ""  # "sessions" or "speakers"
    fast_path = False  # exists() may read the snapshot to build its code index

    def exists(self, head: EventHead) -> bool:
        if head.number is None:
            return False

        def index() -> bytes:
            programme = self.programme(head)
            return "\n".join(e.code for e in getattr(programme, self.lookup)).encode()

        codes = render_cached(
            event_id=head.id, number=head.number, variant=f"codes:{self.lookup}", render=index
        )
        return self.kwargs["code"] in codes.decode().split("\n")
