"""Public statements, endorsements and pledges written with the ORM, as the pledge services
leave them: a pledge published with its approved revision, pending or rejected ones beside."""

from datetime import UTC, date, datetime

from outcomes.enums import EndorsementState, PledgeState, RevisionState
from outcomes.models import Endorsement, Pledge, PledgeRevision, Statement
from outcomes.services.statements import (
    statement_adopt,
    statement_create,
    statement_open_for_endorsement,
)
from tests.factories import OrganisationFactory

ADOPTED_ON = date(2024, 3, 5)
SECRET_EMAIL = "secret-signatory@private.example"
SECRET_REASON = "REJECTION-REASON-MARKER"
SECRET_PENDING = "PENDING-TEXT-MARKER"


def when(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def public_statement(event, user, *, slug="dakar-declaration", adopted_on=ADOPTED_ON):
    statement = statement_create(
        event=event,
        title="Dakar Mayors Declaration",
        slug=slug,
        texts={"en": "Cities declare.", "fr": "Les villes déclarent."},
        user=user,
    )
    statement = statement_adopt(
        statement=statement,
        version=statement.versions.get(number=1),
        adopted_on=adopted_on,
        user=user,
    )
    return statement_open_for_endorsement(statement=statement, user=user)


def draft_statement(event, user, *, slug="draft-declaration"):
    return statement_create(
        event=event, title="Draft", slug=slug, texts={"en": "Draft."}, user=user
    )


def endorse(statement, name, country, *, state=EndorsementState.PUBLISHED) -> Endorsement:
    organisation = OrganisationFactory(name=name, country=country)
    at = when(2024, 3, 6)
    return Endorsement.objects.create(
        statement=statement,
        organisation=organisation,
        state=state,
        method="domain",
        honorific="Mayor",
        signatory_name=f"Signatory of {name}",
        signatory_title=f"Mayor of {name}",
        email=SECRET_EMAIL,
        verified_at=at,
        published_at=at
        if state in (EndorsementState.PUBLISHED, EndorsementState.WITHDRAWN)
        else None,
        withdrawn_at=at if state == EndorsementState.WITHDRAWN else None,
    )


def withdraw_endorsement(endorsement: Endorsement, at: datetime) -> None:
    endorsement.state = EndorsementState.WITHDRAWN
    endorsement.withdrawn_at = at
    endorsement.save()


def revise(
    pledge: Pledge,
    *,
    state: str,
    titles: dict[str, str],
    status: str = "planned",
    decided_at: datetime | None = None,
    track=None,
    target_date: date | None = None,
    figure: int | None = None,
    figure_labels: dict[str, str] | None = None,
    descriptions: dict[str, str] | None = None,
    link: str = "",
    reason: str = "",
) -> PledgeRevision:
    """A new revision of ``pledge``; an approved one becomes its public text."""
    revision = PledgeRevision(
        pledge=pledge,
        number=pledge.revisions.count() + 1,
        status=status,
        track=track,
        target_date=target_date,
        figure=figure,
        link=link,
        state=state,
        decided_at=decided_at if state != RevisionState.PENDING else None,
        reason=reason,
    )
    for code, text in titles.items():
        setattr(revision, f"title_{code}", text)
    for code, text in (figure_labels or {}).items():
        setattr(revision, f"figure_label_{code}", text)
    for code, text in (descriptions or {}).items():
        setattr(revision, f"description_{code}", text)
    revision.save()
    if state == RevisionState.APPROVED:
        pledge.published_revision = revision
        pledge.state = PledgeState.PUBLISHED
        pledge.published_at = pledge.published_at or decided_at
        pledge.save()
    elif state == RevisionState.REJECTED and pledge.published_revision_id is None:
        pledge.state = PledgeState.REJECTED
        pledge.save()
    return revision


def pledge(
    endorsement: Endorsement,
    code: str,
    *,
    state: str = RevisionState.APPROVED,
    decided_at: datetime | None = None,
    **fields,
) -> Pledge:
    """A pledge with one revision in ``state`` (approved: public)."""
    created = Pledge.objects.create(
        statement=endorsement.statement,
        endorsement=endorsement,
        organisation=endorsement.organisation,
        code=code,
    )
    fields.setdefault("titles", {"en": f"Action {code}"})
    revise(created, state=state, decided_at=decided_at or when(2024, 4, 1), **fields)
    return Pledge.objects.get(pk=created.pk)


def withdraw_pledge(pledge: Pledge, at: datetime) -> None:
    pledge.state = PledgeState.WITHDRAWN
    pledge.withdrawn_at = at
    pledge.save()


def statement_of(pk: int) -> Statement:
    return Statement.objects.select_related("event").get(pk=pk)
