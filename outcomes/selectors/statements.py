"""Reads of statements: public ones, organisers' ones, and a participant's view."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from events.models import Event
from outcomes.enums import PUBLIC_STATES, EndorsementState, StatementState
from outcomes.models import Comment, Statement, StatementVersion
from outcomes.text import Section, sections_split
from registrations.enums import ACTIVE_STATES
from registrations.models import Registration


def statement_list_public(*, event: Event) -> QuerySet[Statement]:
    """Adopted (and later) statements of an event with their public signatory counts."""
    return (
        Statement.objects.filter(event=event, state__in=PUBLIC_STATES)
        .annotate(
            signatories=Count("endorsements", filter=Q(endorsements__state="published")),
        )
        .order_by("-adopted_on", "title")
    )


def statement_get_public(*, event: Event, slug: str, user=None) -> Statement:
    """A public statement; organisers of the event may also preview drafts. Else 404."""
    from events.rules import organised_event_ids

    statement = (
        Statement.objects.select_related("adopted_version", "event")
        .filter(event=event, slug=slug)
        .first()
    )
    if statement is None:
        raise Http404
    if statement.is_public:
        return statement
    if user is not None and (user.is_superuser or event.pk in organised_event_ids(user)):
        return statement
    raise Http404


def statement_list_for_organiser(*, event: Event) -> QuerySet[Statement]:
    return (
        Statement.objects.filter(event=event)
        .annotate(
            version_count=Count("versions", distinct=True),
            open_comments=Count(
                "comments", filter=Q(comments__resolved_at__isnull=True), distinct=True
            ),
            pending=Count(
                "endorsements",
                filter=Q(endorsements__state=EndorsementState.PENDING_APPROVAL),
                distinct=True,
            ),
            published=Count(
                "endorsements",
                filter=Q(endorsements__state=EndorsementState.PUBLISHED),
                distinct=True,
            ),
        )
        .order_by("-created_at")
    )


def statement_latest_version(*, statement: Statement) -> StatementVersion | None:
    return statement.versions.order_by("-number").first()


def version_list(*, statement: Statement) -> list[StatementVersion]:
    return list(statement.versions.select_related("created_by").order_by("-number"))


@dataclass(frozen=True)
class ParticipantStatement:
    statement: Statement
    version: StatementVersion
    language: str
    sections: list[Section]
    comments: dict[str, list[Comment]]  # section anchor -> own comments

    @property
    def section_rows(self) -> list[tuple[Section, list[Comment]]]:
        return [(s, self.comments.get(s.anchor, [])) for s in self.sections]


def statement_list_for_participant(
    *, registration: Registration, language: str
) -> list[ParticipantStatement]:
    """What a participant may read through their link: statements in consultation (with
    their own comments by section) and those open for endorsement. Three queries."""
    if registration.state not in ACTIVE_STATES:
        return []
    statements = list(
        Statement.objects.filter(
            event_id=registration.event_id,
            state__in=[StatementState.CONSULTATION, StatementState.OPEN],
        )
        .select_related("adopted_version")
        .annotate(latest=Max("versions__number"))
        .order_by("title")
    )
    if not statements:
        return []
    latest = {
        (v.statement_id, v.number): v
        for v in StatementVersion.objects.filter(
            statement__in=statements,
        ).filter(Q(*[Q(statement=s, number=s.latest) for s in statements], _connector=Q.OR))
    }
    own: dict[int, dict[str, list[Comment]]] = {}
    for comment in (
        Comment.objects.filter(registration=registration, statement__in=statements)
        .select_related("version")
        .order_by("created_at", "pk")
    ):
        own.setdefault(comment.statement_id, {}).setdefault(comment.section, []).append(comment)
    result = []
    for statement in statements:
        version = (
            statement.adopted_version
            if statement.state == StatementState.OPEN
            else latest[(statement.pk, statement.latest)]
        )
        code, text = version.text_for(language, registration.event.languages)
        result.append(
            ParticipantStatement(
                statement=statement,
                version=version,
                language=code,
                sections=sections_split(text),
                comments=own.get(statement.pk, {}),
            )
        )
    return result
